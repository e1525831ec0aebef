from django.shortcuts import render

from doorstep.accounts import access
from doorstep.core.periods import ReportingYear, default_year
from doorstep.web.attention import needs_attention
from doorstep.web.forms import YearForm
from doorstep.web.htmx import is_htmx
from doorstep.web.navigation import destinations_for
from doorstep.web.year_figures import year_figures, year_note, years_with_records


def home(request):
    """Your Doorstep: what needs this person's attention in their work, what their role lets
    them do, and the year's measures."""
    years = years_with_records()
    year = default_year(years)
    form = YearForm(request.GET if "year" in request.GET else None, years=years,
                    initial={"year": year.label if year else None})
    if form.is_bound and form.is_valid():
        year = ReportingYear.parse(form.cleaned_data["year"])
    context = {
        "form": form,
        "year": year,
        "figures": year_figures(user=request.user, year=year) if year else [],
        "year_note": year_note(year),
        "sees_measures": access.can_see_measures(request.user),
        "sees_small_groups": access.sees_small_groups(request.user),
        "small_group": access.SMALL_GROUP,
        "areas": access.areas_for(request.user),
        "destinations": [link for link in destinations_for(request.user)
                         if link.url != request.path],
    }
    if is_htmx(request):  # another year's figures, swapped in: nothing else changes
        return render(request, "web/_year_figures.html", context)
    context["attention"] = needs_attention(user=request.user, year=year)
    return render(request, "web/home.html", context)
