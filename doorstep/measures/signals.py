"""Say that the figures changed when a record they read is saved or deleted one at a time:
casework (a complaint acknowledged), a survey answer recorded or deleted, a home edited in the
admin. Imports and other bulk writes, which send no signals, call ``figures_changed``
themselves. The cached figures (``cache.py``) are then recomputed on the next visit, once the
change is committed."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from doorstep.asb.models import AsbCase
from doorstep.complaints.models import Complaint
from doorstep.core.models import ClosureDay
from doorstep.measures.cache import figures_changed
from doorstep.repairs.models import Repair
from doorstep.stock.models import (
    Building,
    Home,
    SafetyCheck,
    SafetyRequirement,
    StockConditionAssessment,
)
from doorstep.surveys.models import SurveyResponse

# Every model a measure or a data-quality warning reads (ClosureDay: CH02's working days).
READ_BY_THE_MEASURES = (
    Home, Building, StockConditionAssessment, SafetyRequirement, SafetyCheck, Repair,
    Complaint, AsbCase, SurveyResponse, ClosureDay,
)  # fmt: skip


def record_changed(sender, **kwargs):
    transaction.on_commit(figures_changed)


def connect() -> None:
    for model in READ_BY_THE_MEASURES:
        uid = f"measures-figures-{model._meta.label_lower}"
        post_save.connect(record_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(record_changed, sender=model, dispatch_uid=uid + "-delete")
