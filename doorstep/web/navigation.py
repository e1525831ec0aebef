"""The places a signed-in person can go, by role: the header's navigation and the home page.

A page joins the navigation by being listed here with the access rule that opens it. Pages
not built yet are listed by their URL name and appear by themselves once the URL exists.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from doorstep.accounts import access


@dataclass(frozen=True)
class Destination:
    label: str
    url_name: str
    description: str
    allowed: Callable[[object], bool]


def _signed_in(user) -> bool:
    return access.role_of(user) is not None


DESTINATIONS = [
    Destination("Your Doorstep", "home", "What you can do, and this year's measures.",
                _signed_in),
    Destination("Year at a glance", "measures:year",
                "All 22 measures for a year, against targets and last year.",
                access.can_see_measures),
    Destination("Complaints", "complaints:list",
                "Complaints and where each stands on the Complaint Handling Code clock.",
                lambda user: access.can(user, access.SEE_COMPLAINTS)),
    Destination("Hazard cases", "hazards:list",
                "Every HHSRS hazard on the Awaab's Law clocks, and repairs to check for one.",
                lambda user: access.can(user, access.SEE_REPAIRS)),
    Destination("Repairs", "repairs:list",
                "Repairs in your areas, by status, priority, date and block, and those past "
                "their target.",
                lambda user: access.can(user, access.SEE_REPAIRS)),
    Destination("Anti-social behaviour", "asb:list",
                "Anti-social behaviour cases in your areas, open and closed.",
                lambda user: access.can(user, access.SEE_ASB_CASES)),
    Destination("Building safety", "stock:safety",
                "Every safety check your homes and blocks must have, and those with no valid "
                "check.",
                lambda user: access.can(user, access.SEE_REPAIRS)),
    Destination("Action plan", "actions:plan",
                "What we are doing to improve, who owns it, by when, and whether it worked.",
                lambda user: access.can(user, access.SEE_ACTIONS)
                or access.can(user, access.SEE_ACTION_SUMMARIES)),
    Destination("Annual complaints report", "complaints:report-index",
                "The year's complaints performance and service-improvement report, as a "
                "page and a PDF.",
                access.can_see_measures),
    Destination("Hazard report", "hazards:report-index",
                "The year's hazard cases by hazard, on time and late under Awaab's Law, as a "
                "page and a PDF.",
                access.can_see_measures),
    Destination("What residents said", "voice:comments",
                "Residents' comments from the surveys, by question and theme.",
                lambda user: access.can(user, access.SEE_COMMENTS)
                or access.can(user, access.SEE_ANONYMISED_COMMENTS)),
    Destination("Benchmarks", "benchmarks:index",
                "How the landlord compares with others in the regulator's data.",
                access.can_see_measures),
    Destination("Scrutiny panel", "panel:measures",
                "The year's measures and what residents said, as the scrutiny panel sees them.",
                lambda user: access.can(user, access.SEE_ANONYMISED_COMMENTS)),
    Destination("Scrutiny reviews", "scrutiny:index",
                "The panel's reviews: scope, evidence packs, findings, recommendations, the "
                "landlord's answers and what came of them.",
                lambda user: access.can_see_scrutiny(user)
                or access.can(user, access.RESPOND_TO_RECOMMENDATIONS)),
    Destination("Involvement", "involvement:activities",
                "Involvement activities, who took part, what they said and what it led to.",
                lambda user: access.can(user, access.SEE_INVOLVEMENT)),
    Destination("Who is heard", "involvement:reach",
                "Who takes part, answers surveys and complains, against all residents; and "
                "whether involvement is associated with satisfaction.",
                lambda user: access.can(user, access.SEE_INVOLVEMENT_FIGURES)
                and not access.can(user, access.SEE_INVOLVEMENT)),
    Destination("Involvement: who is heard", "involvement:panel",
                "Who takes part in activities, with small groups hidden, and residents' stories.",
                lambda user: access.can(user, access.SEE_INVOLVEMENT_PANEL)),
    Destination("Surveys", "surveys:list",
                "Design a survey, draw its sample, send links, follow responses, weight them "
                "and publish the summary of approach.",
                lambda user: access.can(user, access.FOLLOW_SURVEY_PROGRESS)),
    Destination("Survey fieldwork", "fieldwork:index",
                "Enter phone, paper, face-to-face and doorstep survey answers; print "
                "questionnaires.",
                lambda user: access.can(user, access.ENTER_SURVEY_RESPONSES)),
    Destination("Published years", "publishing:list",
                "The figures published for each year (frozen), their corrections, the "
                "residents' report, open data and the regulator's return.",
                access.can_see_measures),
    Destination("Board pack", "publishing:board-index",
                "The quarter's or year's measures against target, with actions, complaints, "
                "hazards and data-quality warnings, on screen and as a PDF.",
                lambda user: access.can(user, access.SEE_BOARD_PACK)),
    Destination("Imports", "imports:index",
                "Upload files from the housing-management system and survey agency.",
                access.can_import),
    Destination("Administration", "admin:index",
                "Users and their roles, conventions and every record.",
                access.can_administer),
]


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    description: str
    current: bool


def destinations_for(user, *, path: str = "") -> list[Link]:
    links = []
    for destination in DESTINATIONS:
        if not destination.allowed(user):
            continue
        try:
            url = reverse(destination.url_name)
        except NoReverseMatch:
            continue  # not built yet
        current = path == url if url == "/" else path.startswith(url)
        links.append(Link(destination.label, url, destination.description, current))
    return links
