"""The sections of the Housing Ombudsman's Complaint Handling Code (2024), for the yearly
self-assessment. An administrator records the evidence against each one."""

from django.db import migrations

SECTIONS = [
    (1, "Definition of a complaint"),
    (2, "Exclusions"),
    (3, "Accessibility and awareness"),
    (4, "Complaint handling staff"),
    (5, "The complaint handling process"),
    (6, "Complaints stages"),
    (7, "Putting things right"),
    (8, "Self-assessment, reporting and compliance"),
    (9, "Scrutiny and oversight: continuous learning and improvement"),
]


def seed(apps, schema_editor):
    CodeSection = apps.get_model("complaints", "CodeSection")
    for number, heading in SECTIONS:
        CodeSection.objects.update_or_create(number=number, defaults={"heading": heading})


def unseed(apps, schema_editor):
    apps.get_model("complaints", "CodeSection").objects.filter(
        number__in=[number for number, _ in SECTIONS], assessments__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_casework"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
