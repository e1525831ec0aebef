"""One flag per comment, kind and safeguarding sub-kind (after the old kinds were mapped)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("voice", "0004_map_old_flag_kinds")]

    operations = [
        migrations.AddConstraint(
            model_name="hazardflag",
            constraint=models.UniqueConstraint(
                fields=("coded_comment", "kind", "sub_kind"), name="one_flag_per_kind"
            ),
        ),
    ]
