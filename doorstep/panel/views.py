"""The scrutiny panel's pages: the year's measures and what residents said.

What is shown here is what a panel member may see, whoever is looking: every figure is
small-number protected and comments are shown with personal details removed. Staff open
these pages to see what their panel sees.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from doorstep.accounts import access
from doorstep.core.periods import ReportingYear, default_year, year_choices
from doorstep.measures.provisional import provisional_note
from doorstep.panel.comments import as_shown, theme_labels, what_residents_said
from doorstep.panel.figures import PANEL_BREAKDOWNS, panel_chart, panel_figures
from doorstep.panel.forms import CommentsForm, PanelYearForm
from doorstep.web.htmx import is_htmx
from doorstep.web.year_figures import years_with_records

COMMENTS_PER_PAGE = 20


def _chosen_year(form, years) -> ReportingYear | None:
    """The year asked for, or the latest complete one (never a year barely begun)."""
    # A year still running is offered as "2026/27 year to date (provisional)".
    form.fields["year"].choices = year_choices(years)
    if form.is_bound and form.is_valid():
        return ReportingYear.parse(form.cleaned_data["year"])
    return default_year(years)


def measures(request):
    """The year's measures for the panel, whole and (if asked) by area or needs type."""
    access.require(request.user, access.SEE_MEASURES)
    years = years_with_records()
    bound = "year" in request.GET
    shown = default_year(years)
    form = PanelYearForm(request.GET if bound else None, years=years,
                         initial={"year": shown.label if shown else None})
    year = _chosen_year(form, years)
    by = (form.cleaned_data.get("by") or None) if bound and form.is_valid() else None
    figures = panel_figures(year=year, by=by) if year else []
    context = {
        "form": form,
        "year": year,
        "by": by,
        "by_name": PANEL_BREAKDOWNS.get(by, ""),
        "figures": figures,
        "chart": panel_chart(figures=figures, year=year) if year else None,
        "provisional_note": provisional_note(year) if year and year.in_progress else "",
    }
    template = "panel/_figures.html" if is_htmx(request) else "panel/measures.html"
    return render(request, template, context)


def comments(request):
    """What residents said in the year's surveys, personal details removed."""
    if not (access.can(request.user, access.SEE_ANONYMISED_COMMENTS)
            or access.can(request.user, access.SEE_COMMENTS)):
        access.require(request.user, access.SEE_ANONYMISED_COMMENTS)
    years = years_with_records()
    year_form = PanelYearForm({"year": request.GET.get("year")} if "year" in request.GET
                              else None, years=years)
    year = _chosen_year(year_form, years)
    said = what_residents_said(year=year, theme=request.GET.get("theme") or None) if year \
        else None
    form = CommentsForm(request.GET if "year" in request.GET else None, years=years,
                        themes=said.theme_choices if said else [],
                        initial={"year": year.label if year else None})
    form.fields["year"].choices = year_choices(years)
    form.is_valid()
    page = None
    if said and said.comments is not None:
        page = Paginator(said.comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
        labels = theme_labels()
        page.shown = [as_shown(comment, labels=labels, hidden=said.hidden, theme=said.theme)
                      for comment in page.object_list]
    return render(request, "panel/comments.html",
                  {"form": form, "year": year, "said": said, "page": page})
