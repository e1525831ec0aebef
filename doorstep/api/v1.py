"""The read API, version 1 (/api/v1/): django-ninja (ADR 0009, docs/api.md).

Every endpoint reads; none changes anything. A request carries a person's API token
(``Authorization: Bearer dst_...``) or, from the interactive documentation, their signed-in
session. Either way it acts as that person with their role now: one access rule from
``doorstep.accounts.access`` first thing in each service called, 403 for what the role may
not see, 404 for what does not exist or is not theirs. Each token may make
``API_REQUESTS_PER_MINUTE`` requests a minute; the next answers 429 with Retry-After.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI, Path, Query, Router
from ninja.openapi.docs import Swagger
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer, SessionAuth

from doorstep.api import reading, schemas, services
from doorstep.api.models import ApiToken
from doorstep.core.periods import PeriodError
from doorstep.measures.engine import ALL_CODES
from doorstep.measures.scope import MeasureError
from doorstep.measures.targets import DashboardError
from doorstep.publishing.services import PublishingError

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# A reporting year as 2025-26 or 2025/26; in a path, 2025-26 only (a slash, even as %2F,
# would split the path).
YEAR_PATTERN = r"^\d{4}[/-]\d{2}(\d{2})?$"
YEAR_IN_PATH = r"^\d{4}-\d{2}(\d{2})?$"
YEAR_HELP = "A reporting year: 2025-26 (or 2025/26). Leave out for the latest year."


class RateLimited(Exception):
    def __init__(self, allowance: services.Allowance):
        self.allowance = allowance


class TokenAuth(HttpBearer):
    """``Authorization: Bearer dst_...``: a person's token (docs/api.md, "Getting a token")."""

    def authenticate(self, request, token):
        record = services.user_for_token(token)
        if record is None:
            return None
        allowance = services.take_request(token=record)
        request.api_allowance = allowance
        if not allowance.allowed:
            raise RateLimited(allowance)
        return record


class SignedIn(SessionAuth):
    """The signed-in session: the interactive documentation tries requests with it."""

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


class Documentation(Swagger):
    """Swagger UI from django-ninja's own static files (no CDN), started by
    api/swagger-init.js from a data attribute: no inline script, so the strict policy holds."""

    template = "api/swagger.html"


class DoorstepAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # Figures for one person's role: never kept by a browser or a proxy.
        response["Cache-Control"] = "private, no-store"
        allowance = getattr(request, "api_allowance", None)
        if allowance is not None:
            response["X-RateLimit-Limit"] = str(allowance.limit)
            response["X-RateLimit-Remaining"] = str(allowance.remaining)
        return response


api = DoorstepAPI(
    title="Doorstep read API",
    version="1",
    description=(
        "Read-only figures for the landlord's other tools (Power BI, Excel, the housing "
        "management system). Send `Authorization: Bearer <token>`; make a token on "
        "Doorstep's [API tokens](/api/tokens/) page. A token sees what its person's role "
        "may see; a scrutiny panel member's never shows a group of fewer than 10. Lists are "
        "in pages "
        f"of {PAGE_SIZE} (`page`, `page_size` up to {MAX_PAGE_SIZE}). See docs/api.md."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), SignedIn()],
    docs=Documentation(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

ERRORS = {400: schemas.Problem, 401: schemas.Problem, 403: schemas.Problem,
          404: schemas.Problem, 422: schemas.Invalid, 429: schemas.Problem}


def _problem(request, status: int, detail: str):
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(RateLimited)
def rate_limited(request, exc: RateLimited):
    response = _problem(
        request, 429,
        f"Too many requests: this token may make {exc.allowance.limit} a minute. Try again "
        f"in {exc.allowance.retry_after} seconds.",
    )
    response["Retry-After"] = str(exc.allowance.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def refused(request, exc):
    return _problem(request, 403, str(exc) or "Your role does not include this.")


@api.exception_handler(Http404)
def not_found(request, exc):
    return _problem(request, 404, str(exc) or "There is no such record.")


@api.exception_handler(PublishingError)
def not_published(request, exc):
    return _problem(request, 404, str(exc))


@api.exception_handler(PeriodError)
@api.exception_handler(DashboardError)
@api.exception_handler(MeasureError)
def bad_request(request, exc):
    return _problem(request, 400, str(exc))


def person(request):
    """The person the request acts as: the token's, or the signed-in session's."""
    return request.auth.user if isinstance(request.auth, ApiToken) else request.auth


def _year(text: str | None):
    return reading.year_or_none(text)


class Pages(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


you = Router(tags=["You"])
figures = Router(tags=["Measures"])
published = Router(tags=["Published years"])
plan = Router(tags=["Improvement actions"])
casework = Router(tags=["Complaints and hazards"])
fieldwork = Router(tags=["Surveys"])


@you.get("/me", response={200: schemas.Me, **ERRORS}, summary="Who the token acts as")
def me(request):
    token = request.auth if isinstance(request.auth, ApiToken) else None
    return reading.me(user=person(request), token=token)


@figures.get("/measures", response={200: list[schemas.MeasureRow], **ERRORS},
             summary="Every measure for a year, against target")
@paginate(Pages)
def measures(request, year: str | None = Query(None, pattern=YEAR_PATTERN, description=YEAR_HELP),
             tenure: schemas.Tenure | None = None):
    return reading.measures(user=person(request), year=_year(year), tenure=tenure)


@figures.get("/measures/{code}", response={200: schemas.MeasureDetail, **ERRORS},
             summary="One measure: headline, breakdown by a group, trend")
def measure(request, code: str = Path(..., max_length=8),
            year: str | None = Query(None, pattern=YEAR_PATTERN, description=YEAR_HELP),
            tenure: schemas.Tenure | None = None, by: schemas.Breakdown | None = None):
    if code.strip().upper() not in ALL_CODES:
        raise Http404(f"{code} is not one of the Tenant Satisfaction Measures.")
    return reading.measure(user=person(request), code=code, year=_year(year), tenure=tenure,
                           by=by)


@figures.get("/targets", response={200: list[schemas.TargetOut], **ERRORS},
             summary="Targets, by measure, year and tenure")
@paginate(Pages)
def targets(request, year: str | None = Query(None, pattern=YEAR_PATTERN,
                                              description="A reporting year; leave out for all")):
    return reading.targets(user=person(request), year=_year(year))


@published.get("/published-years", response={200: list[schemas.PublishedYearOut], **ERRORS},
               summary="The years published, with their versions")
@paginate(Pages)
def published_years(request):
    return reading.published_years(user=person(request))


@published.get("/published-years/{year}", response={200: schemas.PublishedYearDetail, **ERRORS},
               summary="One published year: versions, note, timescales")
def published_year(request, year: str = Path(..., pattern=YEAR_IN_PATH),
                   version: int | None = Query(None, ge=1, le=1000)):
    return reading.published_year(user=person(request), year=_year(year), number=version)


@published.get("/published-years/{year}/figures",
               response={200: list[schemas.PublishedFigure], **ERRORS},
               summary="A published year's frozen figures (latest version, or `version`)")
@paginate(Pages)
def published_figures(request, year: str = Path(..., pattern=YEAR_IN_PATH),
                      version: int | None = Query(None, ge=1, le=1000)):
    return reading.published_figures(user=person(request), year=_year(year), number=version)


@plan.get("/actions", response={200: list[schemas.ActionOut], **ERRORS},
          summary="Improvement actions (a panel member: residents' summaries only)")
@paginate(Pages)
def actions(request, status: schemas.ActionStatusCode | None = None,
            measure: str | None = Query(None, max_length=8)):
    return reading.actions(user=person(request), status=status, measure=measure)


@casework.get("/complaints/summary", response={200: schemas.ComplaintSummary, **ERRORS},
              summary="Complaints counted by stage and tenure (no personal data)")
def complaint_summary(request, year: str | None = Query(None, pattern=YEAR_PATTERN,
                                                        description=YEAR_HELP)):
    return reading.complaint_summary(user=person(request), year=_year(year))


@casework.get("/hazards/summary", response={200: schemas.HazardSummary, **ERRORS},
              summary="Hazard cases counted by hazard, kind and Awaab's Law outcome")
def hazard_summary(request, year: str | None = Query(None, pattern=YEAR_PATTERN,
                                                     description=YEAR_HELP)):
    return reading.hazard_summary(user=person(request), year=_year(year))


@fieldwork.get("/surveys", response={200: list[schemas.SurveyOut], **ERRORS},
               summary="Surveys and how many residents have answered")
@paginate(Pages)
def surveys(request):
    return reading.surveys(user=person(request))


@fieldwork.get("/surveys/{survey_id}/progress", response={200: schemas.SurveyProgress, **ERRORS},
               summary="One survey's progress: counts by tenure, area and channel")
def survey_progress(request, survey_id: int = Path(..., ge=1, le=2**31 - 1)):
    return reading.survey_progress(user=person(request), survey_id=survey_id)


for router in (you, figures, published, plan, casework, fieldwork):
    api.add_router("/", router)
