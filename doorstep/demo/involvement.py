"""The demo landlord's resident involvement: household profiles with consent, two years of
activities, who took part, their feedback, two case studies and links to the demo's
actions (and scrutiny recommendations, when the scrutiny demo has made some).

Written as ``household_profiles.csv``, ``involvement.csv`` and ``participants.csv`` in the
import formats and loaded through the importer (``load_involvement``, called by
``generator.load_into_database`` after the action plan). Participants are drawn the way
real ones are: older and more often online than the stock, so the reach page names the
younger age bands (and households not online) as under-represented.
"""

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from doorstep.core.periods import ReportingYear

DATASETS = ("household_profiles", "involvement", "participants")
SEED = 2027
CONSENTED_SHARE = 0.7  # households that gave a profile

AGE_BANDS = {"16-24": 8, "25-34": 17, "35-44": 18, "45-54": 18, "55-64": 16, "65-74": 12,
             "75+": 11}
# How much more (or less) likely a household of each kind is to take part.
AGE_PULL = {"16-24": 0.15, "25-34": 0.35, "35-44": 0.7, "45-54": 1.0, "55-64": 1.6,
            "65-74": 2.6, "75+": 2.2}
DIGITAL = {"online": 60, "with_help": 20, "offline": 20}
DIGITAL_PULL = {"online": 1.5, "with_help": 1.0, "offline": 0.35}
ETHNICITY = {"White British": 70, "White other": 8, "Asian or Asian British": 9,
             "Black or Black British": 7, "Mixed": 3, "Other": 3}
LANGUAGES = {"English": 88, "Polish": 5, "Urdu": 4, "Welsh": 3}
KINDS = [("panel", "Residents' panel meeting", "mixed", "interpreter;online_offline;travel"),
         ("walkabout", "Estate walkabout", "in_person", "accessible_venue"),
         ("focus_group", "Repairs focus group", "in_person", "childcare;vouchers"),
         ("digital_panel", "Digital panel survey", "online", "translated"),
         ("inspection", "Resident inspection of communal cleaning", "in_person", "travel"),
         ("consultation", "Service charges consultation", "post", "translated;online_offline"),
         ("community_event", "Community fun day", "in_person", "accessible_venue;childcare"),
         ("co_design", "Co-design: the new complaints letter", "mixed", "vouchers;interpreter"),
         ("mystery_shopping", "Mystery shopping of the repairs line", "phone", "vouchers")]
MEASURES = {"panel": "TP01;TP06", "walkabout": "TP10", "focus_group": "TP02;TP03",
            "digital_panel": "TP07", "inspection": "TP10", "consultation": "TP07",
            "community_event": "TP06", "co_design": "TP09", "mystery_shopping": "TP02"}


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def load_involvement(*, run_by: str, today: date) -> dict:
    """Write and import the involvement files for the two complete years before ``today``;
    then feedback, case studies and links through the services. Returns rows made per
    dataset."""
    from doorstep.demo.generator import DemoDataError, last_complete_year
    from doorstep.imports.services import import_file
    from doorstep.repairs.models import Repair

    if not Repair.objects.exists():
        return {}
    end = last_complete_year(today)
    created = {}
    with tempfile.TemporaryDirectory(prefix="doorstep-demo-involvement-") as folder:
        out = Path(folder)
        write_involvement(out_dir=out, end_year=end)
        for dataset in DATASETS:
            report = import_file(dataset=dataset, path=out / f"{dataset}.csv", run_by=run_by)
            if not report.ok:
                problems = "; ".join(str(error) for error in list(report.errors)[:5])
                raise DemoDataError(f"The importer rejected the demo {dataset} file: "
                                    f"{problems}")
            created[dataset] = report.created
    _after_the_activities(end)
    return created


def write_involvement(*, out_dir: Path, end_year: ReportingYear) -> None:
    from doorstep.stock.models import Home

    rng = random.Random(SEED)
    homes = list(Home.objects.order_by("home_ref").values_list("home_ref", "area"))
    profiles = {}
    with (out_dir / "household_profiles.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["home_ref", "age_band", "ethnicity", "disability",
                         "preferred_language", "digital_access", "consent_on",
                         "consent_source"])
        first = end_year.previous.start
        for home_ref, _ in homes:
            if rng.random() > CONSENTED_SHARE:
                continue
            age, digital = _pick(rng, AGE_BANDS), _pick(rng, DIGITAL)
            profiles[home_ref] = (age, digital)
            writer.writerow([home_ref, age, _pick(rng, ETHNICITY),
                             "yes" if rng.random() < 0.3 else "no", _pick(rng, LANGUAGES),
                             digital, (first - timedelta(days=rng.randrange(30, 900))).isoformat(),
                             rng.choice(["tenancy sign-up", "tenancy audit", "survey"])])
    areas = sorted({area for _, area in homes})
    by_area = {area: [ref for ref, a in homes if a == area] for area in areas}
    pull = {ref: AGE_PULL[age] * DIGITAL_PULL[digital] for ref, (age, digital) in
            profiles.items()}
    activity_rows, participant_rows = [], []
    start = end_year.previous.start
    for month in range(24):
        kind, title, channel, supports = KINDS[month % len(KINDS)]
        area = areas[month % len(areas)] if kind in ("walkabout", "inspection") else ""
        held_on = start + timedelta(days=month * 30 + rng.randrange(0, 20))
        ref = f"INV-{held_on.year}-{month + 1:02d}"
        activity_rows.append([
            ref, title + (f", {area}" if area else ""), kind, held_on.isoformat(), channel,
            area or ("Online" if channel == "online" else "Civic Centre"), area,
            "Repairs" if "repairs" in title.lower() else "Housing management",
            MEASURES[kind], rng.choice(["Aisha Begum", "Dan Price", "Mei Chen"]), supports,
            f"{rng.randrange(80, 900)}.00", _outcome(kind)])
        pool = by_area[area] if area else [ref for ref, _ in homes]
        candidates = [home for home in pool if home in pull] + [
            home for home in rng.sample(pool, min(len(pool), 40)) if home not in pull]
        weights = [pull.get(home, 0.6) for home in candidates]
        size = rng.randrange(10, 30)
        chosen = set()
        while candidates and len(chosen) < min(size, len(candidates)):
            chosen.add(rng.choices(candidates, weights=weights)[0])
        for n, home in enumerate(sorted(chosen)):
            participant_rows.append([f"{ref}-P{n + 1}", ref, home,
                                     rng.choice(["1", "1.5", "2", "3"])])
        for n in range(rng.randrange(0, 3)):  # residents who are not tenants
            participant_rows.append([f"{ref}-A{n + 1}", ref, "", "1"])
    with (out_dir / "involvement.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["activity_ref", "title", "kind", "held_on", "channel", "place",
                         "area", "service", "measures", "staff", "support_offered", "cost",
                         "outcome"])
        writer.writerows(activity_rows)
    with (out_dir / "participants.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["participant_ref", "activity_ref", "home_ref", "hours"])
        writer.writerows(participant_rows)


def _outcome(kind: str) -> str:
    return {
        "walkabout": "Bin stores to be moved; two broken lights reported and fixed.",
        "inspection": "Cleaning contractor given a list of missed tasks to put right.",
        "panel": "Panel asked for a review of how repairs are booked.",
        "focus_group": "Residents want a text the day before a repair visit.",
        "co_design": "The new complaints letter was rewritten in plain English.",
    }.get(kind, "")


def _after_the_activities(end_year: ReportingYear) -> None:
    """Feedback, case studies, links to actions and recommendations, one withdrawal."""
    from doorstep.actions.models import Action
    from doorstep.involvement import services
    from doorstep.involvement.models import Activity
    from doorstep.surveys.models import HouseholdProfile

    rng = random.Random(SEED + 1)
    activities = list(Activity.objects.order_by("held_on"))
    for activity in activities:
        if activity.feedback.exists():
            continue
        for _ in range(rng.randrange(3, 8)):
            services.record_feedback(
                activity=activity, channel=rng.choice(["online", "paper", "staff"]),
                listened=rng.choices(["yes", "partly", "no"], weights=[6, 3, 1])[0],
                changed=rng.choices(["yes", "not_yet", "no", "dont_know"],
                                    weights=[3, 3, 2, 2])[0],
                again=rng.choices(["yes", "maybe", "no"], weights=[6, 3, 1])[0],
                received_on=activity.held_on + timedelta(days=7))
    actions = {action.action_ref: action for action in Action.objects.all()}
    for activity in activities:
        if activity.kind == "panel" and "A-6" in actions:
            services.link_action(activity=activity, action=actions["A-6"], by=None)
        if activity.kind == "focus_group" and "A-1" in actions:
            services.link_action(activity=activity, action=actions["A-1"], by=None)
        if activity.kind == "inspection" and "A-3" in actions:
            services.link_action(activity=activity, action=actions["A-3"], by=None)
    try:
        from doorstep.scrutiny.models import Recommendation
    except ImportError:  # pragma: no cover - the scrutiny app is optional here
        Recommendation = None
    if Recommendation is not None:
        panels = [a for a in activities if a.kind == "panel"]
        for panel, recommendation in zip(panels, Recommendation.objects.order_by("pk"),
                                         strict=False):
            services.link_recommendation(activity=panel, recommendation=recommendation, by=None)
    walkabout = next((a for a in activities if a.kind == "walkabout"), None)
    co_design = next((a for a in activities if a.kind == "co_design"), None)
    stories = [
        (walkabout, "The bin store moved", "I'm Margaret Jones from 14 Elm Court. On the "
         "walkabout I showed them where the bins block the path for my mobility scooter. "
         "Two months later the bin store was moved and I can get out on my own again."),
        (co_design, "A letter people can read", "My name is Tariq Ahmed. English is my "
         "second language and the old complaint letters confused me. In the co-design "
         "session we rewrote the letter together; now my neighbours understand it too."),
    ]
    for activity, title, story in stories:
        if activity is None or activity.case_studies.exists():
            continue
        case = services.add_case_study(activity=activity, by=None, title=title, story=story,
                                       consent_on=activity.held_on + timedelta(days=14),
                                       consent_source="signed consent form")
        services.approve_case_study(case_study=case, by=None)
    withdrawn = HouseholdProfile.objects.filter(consent_on__isnull=False,
                                                consent_withdrawn_on__isnull=True).order_by(
        "home__home_ref").first()
    if withdrawn is not None:
        services.withdraw_consent(home=withdrawn.home, by=None,
                                  on=end_year.end - timedelta(days=40))
