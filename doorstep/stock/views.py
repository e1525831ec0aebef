"""Stock screens: building-safety compliance for the people who manage it.

Who sees what: ``access.requirements_visible_to`` (safety checks are repairs work: a
service manager limited to some areas sees their homes' requirements and their blocks').
A role with no business with repairs is refused (403).
"""

from django.shortcuts import render

from doorstep.accounts import access
from doorstep.stock import compliance, forms
from doorstep.web.paging import page_of


def safety_list(request):
    access.require(request.user, access.SEE_REPAIRS)
    form = forms.ComplianceFilterForm(request.GET or None)
    filters = form.as_filters()
    rows = compliance.compliance_list(
        requirements=access.requirements_visible_to(request.user), **filters)
    return render(request, "stock/safety.html", {
        "form": form, "filtered": form.filtered, "page": page_of(request, rows),
        "on": filters["on"], "areas": access.areas_for(request.user),
    })
