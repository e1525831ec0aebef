from django.apps import AppConfig

# The datasets whose records carry comments to code (survey comments, complaint, repair and
# ASB descriptions).
DATASETS_WITH_COMMENTS = {"survey_responses", "complaints", "repairs", "asb_cases"}


class VoiceConfig(AppConfig):
    name = "doorstep.voice"
    label = "voice"
    verbose_name = "Residents' voice: comments and themes"

    def ready(self):
        from doorstep.core.signals import records_arrived

        records_arrived.connect(_comments_arrived, dispatch_uid="voice-code-on-arrival")


def _comments_arrived(sender, *, dataset: str, **kwargs):
    if dataset in DATASETS_WITH_COMMENTS:
        from doorstep.voice.services import code_arrivals_in_background

        code_arrivals_in_background()
