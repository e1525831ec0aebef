"""Keep each repair's copy of its home's facts (``grouping.py``) in step with homes and
buildings saved one at a time (the admin, casework, tests). Imports refresh in bulk
themselves, because bulk writes send no signals."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from doorstep.repairs import grouping
from doorstep.stock.models import Building, Home


@receiver(pre_save, sender=Home)
def remember_building(sender, instance: Home, **kwargs):
    # A home moving building changes what its old building's homes share.
    old = Home.objects.filter(pk=instance.pk).values_list("building_id", flat=True).first()
    instance._building_before_save = old


@receiver(post_save, sender=Home)
def home_saved(sender, instance: Home, **kwargs):
    before = getattr(instance, "_building_before_save", None)
    grouping.refresh_for_homes([instance.pk], [instance.building_id, before])


@receiver(post_delete, sender=Home)
def home_deleted(sender, instance: Home, **kwargs):
    grouping.refresh_for_homes([], [instance.building_id])


@receiver(post_save, sender=Building)
def building_saved(sender, instance: Building, created: bool, **kwargs):
    if not created:  # a new building has no repairs yet
        grouping.refresh_for_buildings([instance.pk])
