from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("complaints", "0005_seed_root_causes")]

    operations = [migrations.RemoveField(model_name="complaint", name="root_cause_text")]
