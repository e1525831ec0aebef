"""The default complaint categories (after the Housing Ombudsman's; an administrator adds more
in the admin), and the free-text categories recorded before there was a list, matched to it by
code or label in any case. Text that matches nothing becomes "other", and the text itself is kept
in ``category_note`` so that nothing recorded is lost."""

from django.db import migrations
from django.utils.text import slugify

# (code, label). The codes are the ones the demo data and earlier imports already used.
CATEGORIES = [
    ("repairs", "Repairs"),
    ("damp_mould", "Damp and mould"),
    ("asb", "Anti-social behaviour"),
    ("staff_conduct", "Staff conduct"),
    ("communication", "Communication"),
    ("neighbourhood", "Estate and neighbourhood services"),
    ("rent_charges", "Rent and charges"),
    ("tenancy_management", "Tenancy management"),
    ("lettings", "Lettings"),
    ("adaptations", "Adaptations"),
    ("other", "Other"),
]


def _key(text: str) -> str:
    return slugify(text.strip()).replace("-", "_")


def seed(apps, schema_editor):
    ComplaintCategory = apps.get_model("complaints", "ComplaintCategory")
    Complaint = apps.get_model("complaints", "Complaint")
    for position, (code, label) in enumerate(CATEGORIES, start=1):
        ComplaintCategory.objects.update_or_create(
            code=code, defaults={"label": label, "position": position})
    known = {}
    for category in ComplaintCategory.objects.all():
        known[_key(category.code)] = category.code
        known[_key(category.label)] = category.code
    recorded = (Complaint.objects.exclude(category="")
                .values_list("category", flat=True).distinct())
    for text in sorted(set(recorded)):
        code = known.get(_key(text))
        if code == text:
            continue
        if code is None:
            Complaint.objects.filter(category=text).update(
                category="other", category_note=text.strip()[:200])
        else:
            Complaint.objects.filter(category=text).update(category=code)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0007_complaint_categories")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
