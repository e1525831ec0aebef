"""The default root causes (an administrator adds more in the admin), and the free-text root
causes recorded before there was a list, matched to it by code or label, or else kept as new
entries of the list so that nothing recorded is lost."""

from django.db import migrations
from django.utils.text import slugify

# (code, label, voice theme, when to choose it)
ROOT_CAUSES = [
    ("missed_appointment", "Missed or late appointment", "repairs",
     "An operative, surveyor or officer did not come when agreed"),
    ("repair_delay", "Repair took too long", "repair_time",
     "The repair was done, but later than our timescale"),
    ("repair_not_right", "Repair not put right first time", "repairs",
     "The repair failed or had to be redone"),
    ("damp_mould_response", "Damp and mould not dealt with properly", "damp_mould",
     "Slow or poor response to damp, mould or condensation"),
    ("heating_hot_water", "Heating or hot water left broken", "heating_hot_water", ""),
    ("not_kept_informed", "Not kept informed", "communication",
     "We did not tell the resident what was happening or when"),
    ("hard_to_reach", "Hard to get hold of us", "contact_access",
     "Calls, emails or messages not answered or returned"),
    ("staff_attitude", "Staff or contractor attitude", "staff_respect",
     "Rudeness, lack of respect or care"),
    ("views_not_heard", "Resident not listened to", "listening", ""),
    ("asb_handling", "Anti-social behaviour case not handled well", "neighbourhood_asb", ""),
    ("communal_areas", "Communal areas not cleaned or maintained", "communal_areas", ""),
    ("charges_error", "Rent or service charge mistake", "rent_charges", ""),
    ("process_not_followed", "Our policy or process was not followed", "",
     "The policy was right but we did not follow it"),
    ("process_at_fault", "Our policy or process was at fault", "",
     "We followed the policy, and the policy let the resident down"),
    ("records_wrong", "Wrong or missing information in our records", "", ""),
    ("other", "Other", "", "Say what in the learning"),
]


def seed(apps, schema_editor):
    RootCause = apps.get_model("complaints", "RootCause")
    Complaint = apps.get_model("complaints", "Complaint")
    for position, (code, label, theme, description) in enumerate(ROOT_CAUSES, start=1):
        RootCause.objects.update_or_create(code=code, defaults={
            "label": label, "theme_code": theme, "description": description,
            "position": position,
        })
    known = {}
    for cause in RootCause.objects.all():
        known[cause.code.lower()] = cause
        known[cause.label.lower()] = cause
    recorded = (Complaint.objects.exclude(root_cause_text="")
                .values_list("root_cause_text", flat=True).distinct())
    for text in sorted(set(recorded)):
        cause = known.get(text.strip().lower()) or known.get(slugify(text).replace("-", "_"))
        if cause is None:
            code = base = (slugify(text).replace("-", "_") or "cause")[:36]
            number = 1
            while RootCause.objects.filter(code=code).exists():
                number += 1
                code = f"{base}_{number}"
            cause = RootCause.objects.create(code=code, label=text.strip()[:100], position=100)
            known[text.strip().lower()] = cause
        Complaint.objects.filter(root_cause_text=text).update(root_cause=cause)


def unseed(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    for complaint in Complaint.objects.exclude(root_cause=None).select_related("root_cause"):
        complaint.root_cause_text = complaint.root_cause.label[:200]
        complaint.save(update_fields=["root_cause_text"])
    Complaint.objects.update(root_cause=None)
    apps.get_model("complaints", "RootCause").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_root_causes_and_public_pages")]

    operations = [migrations.RunPython(seed, unseed)]
