"""Flag kinds become the HHSRS hazard codes (and safeguarding, with a sub-kind): the schema.

The old kinds are mapped in 0004; the new unique constraint is added in 0005.

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

from django.db import migrations, models

KIND_CHOICES = [
    ('damp_mould', 'Damp and mould growth'),
    ('excess_cold', 'Excess cold'),
    ('excess_heat', 'Excess heat'),
    ('asbestos_mmf', 'Asbestos and manufactured mineral fibres'),
    ('biocides', 'Biocides'),
    ('carbon_monoxide', 'Carbon monoxide and fuel combustion products'),
    ('lead', 'Lead'),
    ('radiation', 'Radiation'),
    ('uncombusted_fuel_gas', 'Uncombusted fuel gas'),
    ('volatile_organic_compounds', 'Volatile organic compounds'),
    ('crowding_space', 'Crowding and space'),
    ('entry_by_intruders', 'Entry by intruders'),
    ('lighting', 'Lighting'),
    ('noise', 'Noise'),
    ('domestic_hygiene', 'Domestic hygiene, pests and refuse'),
    ('food_safety', 'Food safety'),
    ('personal_hygiene', 'Personal hygiene, sanitation and drainage'),
    ('water_supply', 'Water supply'),
    ('falls_baths', 'Falls associated with baths etc.'),
    ('falls_level', 'Falling on level surfaces'),
    ('falls_stairs', 'Falling on stairs etc.'),
    ('falls_between_levels', 'Falling between levels'),
    ('electrical', 'Electrical hazards'),
    ('fire', 'Fire'),
    ('flames_hot_surfaces', 'Flames, hot surfaces etc.'),
    ('collision_entrapment', 'Collision and entrapment'),
    ('explosions', 'Explosions'),
    ('amenities', 'Position and operability of amenities etc.'),
    ('structural_collapse', 'Structural collapse and falling elements'),
    ('safeguarding', 'Safeguarding: a resident at risk'),
]

SUB_KIND_CHOICES = [
    ('self_harm', 'Self-harm or suicidal thoughts'),
    ('abuse', 'Abuse or domestic violence'),
    ('threats_harassment', 'Threats or harassment'),
    ('vulnerable_resident', 'Vulnerable resident (at risk from a hazard or not coping)'),
    ('unsecured_home', 'Home cannot be secured'),
]


class Migration(migrations.Migration):
    dependencies = [("voice", "0002_default_framework")]

    operations = [
        migrations.RemoveConstraint(model_name="hazardflag", name="one_flag_per_kind"),
        migrations.AddField(
            model_name="hazardflag",
            name="sub_kind",
            field=models.CharField(
                blank=True,
                choices=SUB_KIND_CHOICES,
                help_text="Safeguarding flags only: what the concern is",
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="hazardflag",
            name="kind",
            field=models.CharField(choices=KIND_CHOICES, max_length=40),
        ),
    ]
