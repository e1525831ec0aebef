import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Root causes become a list (an administrator extends it); the free-text root causes
    already recorded are kept aside until 0005 has matched them to the list."""

    dependencies = [
        ("complaints", "0003_seed_code_sections"),
        ("voice", "0002_default_framework"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RootCause",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=40, unique=True)),
                ("label", models.CharField(max_length=100, unique=True)),
                ("description", models.CharField(blank=True, help_text="When to choose it, for complaints staff", max_length=300)),
                ("theme_code", models.SlugField(blank=True, help_text='The voice theme it belongs to (e.g. repair_time), for "you said, we did"', max_length=40)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("in_use", models.BooleanField(default=True, help_text="Offered on the casework form")),
            ],
            options={"ordering": ["position", "label"]},
        ),
        migrations.CreateModel(
            name="PublicPages",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("you_said_we_did", models.BooleanField(default=True, help_text='Off: /you-said-we-did/ answers "page not found" to everyone', verbose_name='show "you said, we did"')),
                ("changed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "public pages", "verbose_name_plural": "public pages"},
        ),
        migrations.CreateModel(
            name="ApprovedQuote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("theme_code", models.SlugField(help_text="The theme it is quoted under", max_length=40)),
                ("text", models.TextField(help_text="The words quoted, with personal details removed")),
                ("approved_at", models.DateTimeField(auto_now_add=True)),
                ("approved_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("coded_comment", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="approved_quote", to="voice.codedcomment")),
            ],
            options={"ordering": ["theme_code", "approved_at"]},
        ),
        migrations.RenameField(model_name="complaint", old_name="root_cause", new_name="root_cause_text"),
        migrations.AddField(
            model_name="complaint",
            name="root_cause",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="complaints", to="complaints.rootcause"),
        ),
    ]
