"""Load the default theme framework (version 1) so that a new installation can code at once."""

from django.db import migrations


def load(apps, schema_editor):
    from doorstep.voice.services import load_default_framework

    load_default_framework(
        framework_model=apps.get_model("voice", "ThemeFramework"),
        theme_model=apps.get_model("voice", "Theme"),
    )


def unload(apps, schema_editor):
    from doorstep.voice.framework import FRAMEWORK_VERSION

    apps.get_model("voice", "ThemeFramework").objects.filter(version=FRAMEWORK_VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("voice", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
