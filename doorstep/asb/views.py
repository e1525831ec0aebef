"""Anti-social behaviour screens for the people who manage the cases: the list of their
areas' cases, with filters, and one case's page.

Who sees what: ``access.asb_cases_visible_to``. A role with no business with ASB cases is
refused (403); a case outside the person's areas is not found (404). A case's description
is about neighbours: only the staff roles that see personal data reach these pages.
"""

from django.shortcuts import render

from doorstep.accounts import access
from doorstep.asb import forms, services
from doorstep.web.paging import page_of


def case_list(request):
    access.require(request.user, access.SEE_ASB_CASES)
    form = forms.AsbFilterForm(request.GET or None)
    cases = services.asb_case_list(among=access.asb_cases_visible_to(request.user),
                                   **form.as_filters())
    return render(request, "asb/list.html", {
        "form": form, "filtered": form.filtered, "page": page_of(request, cases),
        "areas": access.areas_for(request.user),
    })


def case_page(request, case_ref):
    access.require(request.user, access.SEE_ASB_CASES)
    case = access.asb_case_for(request.user, case_ref)
    return render(request, "asb/case.html", {"case": case})
