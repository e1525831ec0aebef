"""The HHSRS hazard list, and the old cases mapped onto it.

Before the list a case was "emergency" or "damp_mould". A damp and mould case becomes a
significant hazard case for damp and mould growth; an emergency case stays an emergency case
with its hazard not recorded (nothing on the old case says which hazard it was; guessing from
its free text would write a guess into the record as a fact: a handler records it with the
case's "Record the hazard" step). Each case is given the rule that applied on the day the
landlord became aware, from the list's dates.
"""

import django.db.models.deletion
from django.db import migrations, models

from doorstep.hazards.clocks import uk_date
from doorstep.hazards.hazard_list import load_hazard_list, rule_for


def load_hazards(apps, schema_editor):
    load_hazard_list(hazard_model=apps.get_model("hazards", "Hazard"))


def map_old_cases(apps, schema_editor):
    Hazard = apps.get_model("hazards", "Hazard")
    HazardCase = apps.get_model("hazards", "HazardCase")
    damp = Hazard.objects.get(code="damp_mould")
    for case in HazardCase.objects.all():
        if case.kind == "damp_mould":
            case.kind, case.hazard = "significant", damp
        rule = rule_for(kind=case.kind, hazard=case.hazard, aware_on=uk_date(case.aware_at))
        case.timescales_apply, case.rule = rule.timescales_apply, rule.text
        case.save(update_fields=["kind", "hazard", "timescales_apply", "rule"])


def unmap_old_cases(apps, schema_editor):
    HazardCase = apps.get_model("hazards", "HazardCase")
    others = HazardCase.objects.filter(kind="significant").exclude(hazard_id="damp_mould")
    if others.exists():
        raise RuntimeError("Cannot go back before the hazard list: there are significant hazard "
                           "cases for hazards other than damp and mould")
    HazardCase.objects.filter(kind="significant").update(kind="damp_mould")


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Hazard',
            fields=[
                ('code', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('name', models.CharField(max_length=100)),
                ('group', models.CharField(choices=[('physiological', 'Physiological requirements'), ('psychological', 'Psychological requirements'), ('infection', 'Protection against infection'), ('accidents', 'Protection against accidents')], max_length=13)),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Order in lists')),
                ('significant_in_scope_from', models.DateField(blank=True, help_text="From this date a significant hazard of this kind is on Awaab's Law's timescales (blank: never, as for crowding and space)", null=True)),
                ('emergency_in_scope_from', models.DateField(blank=True, help_text='From this date an emergency hazard of this kind is on the 24-hour clock (blank: it cannot be an emergency hazard)', null=True)),
            ],
            options={
                'ordering': ['position', 'code'],
            },
        ),
        migrations.AddField(
            model_name='hazardcase',
            name='rule',
            field=models.CharField(blank=True, help_text='The rule that applied when it was opened, in words', max_length=300),
        ),
        migrations.AddField(
            model_name='hazardcase',
            name='timescales_apply',
            field=models.BooleanField(default=True, help_text="Whether Awaab's Law's timescales applied when it was opened"),
        ),
        migrations.AlterField(
            model_name='hazardcase',
            name='kind',
            field=models.CharField(choices=[('emergency', 'Emergency hazard'), ('significant', 'Significant hazard')], max_length=12),
        ),
        migrations.AddField(
            model_name='hazardcase',
            name='hazard',
            field=models.ForeignKey(blank=True, help_text='Blank: an emergency hazard whose HHSRS hazard is not recorded yet', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='hazards.hazard'),
        ),
        migrations.RunPython(load_hazards, migrations.RunPython.noop),
        migrations.RunPython(map_old_cases, unmap_old_cases),
    ]
