"""Flag kinds become the HHSRS hazard codes (and safeguarding, with a sub-kind): the data
(0003 changed the schema; 0005 adds the new unique constraint, apart, because PostgreSQL
cannot alter a table in the transaction that has just changed its rows).

The eight kinds the comment coder had are mapped to the hazard list
(``doorstep/hazards/data/hhsrs_hazards.csv``):

- damp_mould -> damp_mould
- leak -> damp_mould (HHSRS puts water coming into the home under damp and mould growth;
  a ceiling that is coming down is structural_collapse, which the coder now flags itself)
- gas_smell -> uncombusted_fuel_gas
- electrical -> electrical
- fire_risk -> fire
- self_harm -> safeguarding / self_harm
- abuse -> safeguarding / abuse
- vulnerability -> safeguarding / vulnerable_resident

A comment flagged for both damp_mould and leak keeps one damp_mould flag: the words of both,
the earlier follow-up date, a hazard case if either had one, and followed up only if both were.
"""

from django.db import migrations

OLD_TO_NEW = {
    "damp_mould": ("damp_mould", ""),
    "leak": ("damp_mould", ""),
    "gas_smell": ("uncombusted_fuel_gas", ""),
    "electrical": ("electrical", ""),
    "fire_risk": ("fire", ""),
    "self_harm": ("safeguarding", "self_harm"),
    "abuse": ("safeguarding", "abuse"),
    "vulnerability": ("safeguarding", "vulnerable_resident"),
}

def _merge(kept, extra):
    words = [w for w in kept.matched_words.split("; ") if w]
    words += [w for w in extra.matched_words.split("; ") if w and w not in words]
    kept.matched_words = "; ".join(words)[:500]
    kept.flagged_on = min(kept.flagged_on, extra.flagged_on)
    kept.follow_up_by = min(kept.follow_up_by, extra.follow_up_by)
    kept.hazard_case_ref = kept.hazard_case_ref or extra.hazard_case_ref
    if kept.followed_up_at is None or extra.followed_up_at is None:
        kept.followed_up_at = None
    else:
        kept.followed_up_at = max(kept.followed_up_at, extra.followed_up_at)


def forwards(apps, schema_editor):
    HazardFlag = apps.get_model("voice", "HazardFlag")
    kept = {}
    for flag in HazardFlag.objects.order_by("pk"):
        kind, sub_kind = OLD_TO_NEW.get(flag.kind, (flag.kind, flag.sub_kind))
        flag.kind, flag.sub_kind = kind, sub_kind
        key = (flag.coded_comment_id, kind, sub_kind)
        if key in kept:
            _merge(kept[key], flag)
            kept[key].save()
            flag.delete()
        else:
            kept[key] = flag
            flag.save()


def backwards(apps, schema_editor):
    HazardFlag = apps.get_model("voice", "HazardFlag")
    new_to_old = {new: old for old, new in OLD_TO_NEW.items() if old != "leak"}
    for flag in HazardFlag.objects.all():
        old = new_to_old.get((flag.kind, flag.sub_kind))
        if old is None:
            flag.delete()  # a hazard the old coder had no kind for
        else:
            flag.kind, flag.sub_kind = old, ""
            flag.save()


class Migration(migrations.Migration):
    dependencies = [("voice", "0003_hazard_flag_kinds")]

    operations = [migrations.RunPython(forwards, backwards)]
