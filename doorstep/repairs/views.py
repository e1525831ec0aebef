"""Repairs screens for the people who manage them: the list of their areas' repairs, with
filters, and one repair's page.

Who sees what: ``access.repairs_visible_to`` (a service manager limited to some areas sees
those areas' repairs, communal ones included). A role with no business with repairs is
refused (403); a repair outside the person's areas is not found (404).
"""

from django.shortcuts import render

from doorstep.accounts import access
from doorstep.repairs import forms, services
from doorstep.web.paging import page_of


def repair_list(request):
    access.require(request.user, access.SEE_REPAIRS)
    form = forms.RepairFilterForm(request.GET or None)
    repairs = services.repair_list(among=access.repairs_visible_to(request.user),
                                   **form.as_filters())
    return render(request, "repairs/list.html", {
        "form": form, "filtered": form.filtered, "page": page_of(request, repairs),
        "areas": access.areas_for(request.user),
    })


def repair_page(request, repair_ref):
    access.require(request.user, access.SEE_REPAIRS)
    repair = access.repair_for(request.user, repair_ref)
    return render(request, "repairs/repair.html", {"repair": repair})
