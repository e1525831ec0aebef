"""The measures' screens: the year at a glance, a page per measure, the records behind a
figure (with downloads) and targets. Each view checks access, parses its input, calls one
service in ``doorstep.measures.targets`` and renders."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from doorstep.accounts import access
from doorstep.core.periods import PeriodError, ReportingYear, year_choices
from doorstep.measures import charts, exports, targets
from doorstep.measures.models import Direction, usual_direction
from doorstep.measures.names import TENURE_NAMES
from doorstep.measures.scope import TENURES
from doorstep.measures.targets import BREAKDOWN_NAMES, DashboardError

# Forms ---------------------------------------------------------------------------------


class YearField(forms.CharField):
    """A reporting year from a list; any year written like 2025/26 is understood."""

    widget = forms.Select

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return ReportingYear.parse(value)
        except PeriodError as problem:
            raise forms.ValidationError(
                "Choose a reporting year from the list", code="invalid"
            ) from problem


class FiguresForm(forms.Form):
    """The pickers above the figures: a GET form, so it works without JavaScript."""

    year = YearField(label="Reporting year", required=False, help_text="1 April to 31 March")
    tenure = forms.ChoiceField(
        label="Tenure",
        required=False,
        error_messages={"invalid_choice": "Choose a tenure from the list"},
    )

    def __init__(self, *args, tenures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenure"].choices = [(tenure, TENURE_NAMES.get(tenure, "Every tenure"))
                                         for tenure in tenures]

    def chosen(self, name: str):
        """The value chosen, or None when none was or it was not valid (the default then)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None

    def offer_years(self, years: list[ReportingYear], shown: ReportingYear) -> None:
        if shown not in years:
            years = [shown, *years]
        # A year still running reads "2026/27 year to date (provisional)".
        self.fields["year"].widget.choices = year_choices(years)
        self.initial["year"] = shown.label


class MeasureForm(FiguresForm):
    by = forms.ChoiceField(
        label="Break the figures down by",
        required=False,
        error_messages={"invalid_choice": "Choose a breakdown from the list"},
    )

    def __init__(self, *args, code, **kwargs):
        super().__init__(*args, tenures=targets.tenures_for(code), **kwargs)
        self.fields["by"].choices = [(name, BREAKDOWN_NAMES[name])
                                     for name in targets.breakdowns_for(code)]


class TargetForm(forms.Form):
    value = forms.DecimalField(
        label="Target",
        max_digits=7,
        decimal_places=1,
        error_messages={
            "required": "Enter a target",
            "invalid": "Enter the target as a number, like 85 or 85.5",
            "max_decimal_places": "Enter the target with no more than one decimal place",
            "max_digits": "Enter a target of no more than 99,999.9",
            "max_whole_digits": "Enter a target of no more than 99,999.9",
        },
    )
    direction = forms.ChoiceField(
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether a higher or a lower figure is better"},
    )

    def __init__(self, *args, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["value"].help_text = (
            "A percentage from 0 to 100, to one decimal place, like 85.5"
            if unit == "%"
            else "A number per 1,000 homes, to one decimal place, like 12.5"
        )

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError("Enter a target of 0 or more")
        if self.unit == "%" and value > 100:
            raise forms.ValidationError("Enter a target between 0 and 100")
        return value


# Pages ---------------------------------------------------------------------------------


def year_at_a_glance(request):
    access.require(request.user, access.SEE_MEASURES)
    form = FiguresForm(request.GET or None, tenures=("", *TENURES))
    glance = targets.year_at_a_glance(
        user=request.user, year=form.chosen("year"), tenure=form.chosen("tenure")
    )
    form.offer_years(glance.years, glance.year)
    return render(request, "measures/year.html", {
        "form": form,
        "glance": glance,
        "measures_url": reverse("measures:year"),
        "sets_targets": access.can_set_targets(request.user),
        "sees_small_groups": access.sees_small_groups(request.user),
        "small_group": access.SMALL_GROUP,
    })


def measure(request, code):
    access.require(request.user, access.SEE_MEASURES)
    code = _known_code(code)
    form = MeasureForm(request.GET or None, code=code)
    try:
        page = targets.measure_page(
            user=request.user,
            code=code,
            year=form.chosen("year"),
            tenure=form.chosen("tenure"),
            by=form.chosen("by"),
        )
    except DashboardError as problem:
        raise Http404(str(problem)) from problem
    form.offer_years(page.years, page.year)
    form.initial.update({"tenure": page.tenure, "by": page.by})
    return render(request, "measures/measure.html", {
        "form": form,
        "page": page,
        # Drawn only when the page's cached fragment has to be rendered afresh.
        "charts": charts.LazyCharts(page=page, by_name=BREAKDOWN_NAMES[page.by]),
        "sets_targets": access.can_set_targets(request.user),
        "small_group": access.SMALL_GROUP,
        "by_name": BREAKDOWN_NAMES[page.by],
    })


def _known_code(code: str) -> str:
    try:
        return targets.check_code(code)
    except DashboardError as problem:
        raise Http404(str(problem)) from problem


def _records(request, code):
    access.require(request.user, access.EXPLAIN_MEASURES)
    code = _known_code(code)
    form = FiguresForm(request.GET or None, tenures=targets.tenures_for(code))
    year = form.chosen("year") or targets.opening_year()
    try:
        return targets.records_behind(
            user=request.user, code=code, year=year, tenure=form.chosen("tenure")
        )
    except DashboardError as problem:
        raise Http404(str(problem)) from problem


def records(request, code):
    found = _records(request, code)
    query = request.GET.urlencode()
    return render(request, "measures/records.html", {
        "records": found,
        "query": query,
        "shown": found.shown,
    })


def records_download(request, code, kind):
    found = _records(request, code)
    name = f"{found.code}-{found.tenure}-{exports.year_in_name(found.year)}-records"
    columns, rows = exports.labelled(columns=found.columns, rows=found.rows, year=found.year)
    if kind == "csv":
        body = exports.as_csv(columns=columns, rows=rows)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    body = exports.as_xlsx(columns=columns, rows=rows, sheet=found.code)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# Targets -------------------------------------------------------------------------------


def target_list(request):
    access.require(request.user, access.SET_TARGETS)
    form = FiguresForm(request.GET or None, tenures=("",))
    sheet = targets.target_sheet(user=request.user, year=form.chosen("year"))
    form.offer_years(sheet.years, sheet.year)
    return render(request, "measures/targets.html", {"form": form, "year": sheet.year,
                                                     "lines": sheet.lines})


def target_edit(request, first_year, code, tenure):
    access.require(request.user, access.SET_TARGETS)
    code = _known_code(code)
    if tenure not in targets.tenures_for(code):
        raise Http404(f"{code} is not reported for {tenure}.")
    if not targets.target_year_allowed(first_year):
        raise Http404(f"Targets can be set for {targets.TARGET_YEARS_WORDS} only.")
    year = ReportingYear(first_year)
    existing = targets.targets_for(year=year).get((code, tenure))
    unit = "per 1,000" if targets.family_of(code) in ("CH01", "NM01") else "%"
    initial = {"direction": usual_direction(code)}
    if existing:
        initial = {"value": existing.value, "direction": existing.direction}
    form = TargetForm(request.POST or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        target = targets.set_target(
            user=request.user, code=code, year=year, tenure=tenure,
            value=form.cleaned_data["value"], direction=form.cleaned_data["direction"],
        )
        messages.success(request, (
            f"Target set: {code} ({TENURE_NAMES[tenure]}) in {year.label}, "
            f"{_target_words(target.value, unit)}, "
            f"{Direction(target.direction).label.lower()}."
        ))
        return redirect(reverse("measures:targets") + f"?year={year.label}")
    return render(request, "measures/target_form.html", {
        "form": form, "code": code, "name": targets.measure_name(code), "year": year,
        "tenure": tenure, "tenure_name": TENURE_NAMES[tenure], "existing": existing,
        "usual": Direction(usual_direction(code)).label,
    })


def _target_words(value: Decimal, unit: str) -> str:
    return f"{value}%" if unit == "%" else f"{value} per 1,000 homes"
