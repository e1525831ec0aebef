"""What goes into an evidence pack: the panel's view of the evidence the scope asks for,
worked out once and written down, so a later import does not change it.

Everything here is what a panel member may see, whoever takes the pack: figures through the
panel's own small-number protection (``doorstep.panel.figures``: a figure resting on fewer
than 10 is hidden, and so is any figure that would give it away by subtraction), residents'
comments only as the panel reads them (flagged ones left out, personal details removed),
theme counts small-group protected, and of the improvement actions only their residents'
summaries. A hidden figure is written into the pack as hidden, with no value and no base,
so neither the screen nor the PDF can show it.
"""

from doorstep.accounts.access import SMALL_GROUP
from doorstep.actions.models import OPEN_STATUSES, Action
from doorstep.core.periods import ReportingYear, default_year
from doorstep.measures.models import Target
from doorstep.measures.targets import change_since
from doorstep.panel.comments import as_shown, theme_labels, what_residents_said
from doorstep.panel.figures import panel_figures
from doorstep.web.year_figures import years_with_records

# Enough comments to read at a meeting; the pack says how many there were in all.
COMMENTS_IN_PACK = 30


def _change(figure, before_figure) -> dict | None:
    """The change from last year by the dashboard's own test (``measures.targets``): only
    between two figures that are both shown, so a hidden one gives nothing away."""
    if figure.hidden or before_figure is None or before_figure.hidden:
        return None
    change = change_since(result=figure.result, previous=before_figure.result)
    if change is None:
        return None
    return {"words": change.words, "better": change.better, "significant": change.significant}


def _figure_row(figure, *, previous: dict, targets: dict, previous_figures: dict) -> dict:
    key = (figure.code, figure.tenure_name, figure.group)
    before = previous.get(key)
    return {
        "change": _change(figure, previous_figures.get(key)),
        "code": figure.code,
        "name": figure.name,
        "tenure": figure.tenure_name,
        "group": figure.group_name,
        "hidden": figure.hidden,
        "value": None if figure.hidden else _rounded(figure.result.value),
        "unit": figure.result.unit,
        "base": None if figure.hidden else int(figure.base),
        "counted": figure.counted,
        "previous": before,
        "target": targets.get((figure.code, figure.result.tenure)) if figure.group is None
        else None,
    }


def _rounded(value):
    return None if value is None else round(value, 1)


def complaints_learning(*, year: ReportingYear) -> dict:
    """The year's complaints learning (``complaints.annual_report``): root causes resting
    on at least 10 complaints (smaller ones are not listed, as small theme counts are not),
    and the improvements made from it by their residents' summary, with the number of
    complaints each answers only when that is 10 or more."""
    from doorstep.complaints.annual_report import annual_report

    report = annual_report(year=year)
    causes = [{"label": label, "complaints": count} for label, count in report.root_causes
              if count >= SMALL_GROUP]
    improvements = [
        {"ref": item.action_ref, "summary": item.summary_for_residents,
         "status": item.status_label,
         "complaints": item.complaints if item.complaints >= SMALL_GROUP else None,
         "causes": [c for c in item.root_causes if c in {x["label"] for x in causes}]}
        for item in report.improvements if item.summary_for_residents]
    return {"root_causes": causes, "improvements": improvements}


NO_PEERS = "No peer figures loaded"


def peer_comparison(*, year: ReportingYear, figures) -> dict:
    """Where the landlord stands among its peers on each measure in the scope
    (``benchmarks.services``): the regulator's release for the pack's year, or the latest
    before it; for each shown all-homes figure, the peers' median and quartiles and the
    landlord's rank and quartile. Written into the pack, so a later peer import changes
    nothing. Hidden figures are not placed (a place would give the figure away)."""
    from doorstep.benchmarks import services as benchmarks
    from doorstep.benchmarks.models import Release

    release = Release.objects.filter(year__lte=year.label).order_by("-year").first()
    if release is None:
        return {"year": None, "rows": [], "note": NO_PEERS}
    rows = []
    for figure in figures:
        if figure.group is not None or figure.hidden or figure.result.value is None:
            continue
        try:
            spread = benchmarks.distribution(year=release.year, measure=figure.code,
                                             tenure=figure.result.tenure)
        except benchmarks.BenchmarkError:
            continue
        if not spread.values:
            continue
        stand = benchmarks.where_you_stand(distribution=spread, value=figure.result.value)
        rows.append({
            "code": figure.code, "name": figure.name, "tenure": figure.tenure_name,
            "unit": spread.unit, "value": _rounded(figure.result.value),
            "landlords": spread.summary.count, "median": _rounded(spread.summary.median),
            "q1": _rounded(spread.summary.q1), "q3": _rounded(spread.summary.q3),
            "rank": stand.get("rank"), "of": stand.get("of"),
            "quartile": stand.get("quartile"),
        })
    return {"year": release.year, "rows": rows,
            "note": "" if rows else "No peer figures loaded for these measures"}


def build_pack(*, measure_codes: list[str], by_area: bool) -> dict:
    """The pack's content for the latest complete year with records (JSON-ready): a year
    barely begun is provisional, not what a panel reviews (periods.default_year)."""
    years = years_with_records()
    year: ReportingYear | None = default_year(years)
    if year is None:
        return {"year": None, "figures": [], "themes": [], "comments": [], "actions": []}
    wanted = set(measure_codes)

    def chosen(figures):
        return [f for f in figures if not wanted or f.code in wanted]

    by = "area" if by_area else None
    figures = chosen(panel_figures(year=year, by=by))
    previous_year = year.previous
    previous = {}
    previous_figures = {}
    if previous_year in years:
        for figure in chosen(panel_figures(year=previous_year, by=by)):
            previous_figures[(figure.code, figure.tenure_name, figure.group)] = figure
            if not figure.hidden:
                previous[(figure.code, figure.tenure_name, figure.group)] = _rounded(
                    figure.result.value)
    targets = {(t.code, t.tenure): float(t.value)
               for t in Target.objects.filter(first_year=year.start.year)}
    said = what_residents_said(year=year)
    labels = theme_labels()
    comments = []
    total_comments = 0
    if said.comments is not None:
        total_comments = said.comments.count()
        comments = [
            {"text": shown.text, "question": shown.question, "sentiment": shown.sentiment,
             "themes": shown.themes}
            for shown in (as_shown(c, labels=labels, hidden=said.hidden)
                          for c in said.comments[:COMMENTS_IN_PACK])
        ]
    actions = Action.objects.filter(status__in=OPEN_STATUSES).exclude(summary_for_residents="")
    if wanted:
        actions = actions.filter(measure_code__in=wanted)
    return {
        "year": year.label,
        "previous_year": previous_year.label if previous_year in years else None,
        "figures": [_figure_row(f, previous=previous, targets=targets,
                                previous_figures=previous_figures) for f in figures],
        "peers": peer_comparison(year=year, figures=figures),
        "complaints_learning": complaints_learning(year=year),
        "themes": [{"label": t.label, "comments": t.comments} for t in said.themes if t.listed],
        "comments": comments,
        "comments_in_all": total_comments,
        "actions": [{"ref": a.action_ref, "measure": a.measure_code,
                     "summary": a.summary_for_residents,
                     "status": a.get_status_display()} for a in actions.order_by("action_ref")],
    }
