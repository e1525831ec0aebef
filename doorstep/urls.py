"""Doorstep's URLs. Each app brings its own urls.py, included here under its own prefix.

Every view needs a signed-in user (LoginRequiredMiddleware) unless it is decorated with
``@login_not_required``; see docs/web.md.
"""

from django.contrib import admin
from django.urls import include, path

from doorstep.actions import public_views as public_actions
from doorstep.api.urls import v1 as api_v1
from doorstep.involvement import views as involvement
from doorstep.scrutiny import public_views as scrutiny_public
from doorstep.web import views as web

admin.site.site_header = "Doorstep administration"
admin.site.site_title = "Doorstep"

urlpatterns = [
    path("", web.home, name="home"),
    path("", include("doorstep.accounts.urls")),
    # The health check (/healthz) and background jobs' progress (/jobs/<id>/).
    path("", include("doorstep.ops.urls")),
    path("admin/", admin.site.urls),
    path("imports/", include("doorstep.imports.urls")),
    path("measures/", include("doorstep.measures.urls")),
    path("panel/", include("doorstep.panel.urls")),
    path("complaints/", include("doorstep.complaints.urls")),
    path("hazards/", include("doorstep.hazards.urls")),
    # A service manager's lists of their areas' repairs, ASB cases and safety checks.
    path("repairs/", include("doorstep.repairs.urls")),
    path("asb/", include("doorstep.asb.urls")),
    path("stock/", include("doorstep.stock.urls")),
    path("benchmarks/", include("doorstep.benchmarks.urls")),
    path("voice/", include("doorstep.voice.urls")),
    # Residents' single-use survey links: open without sign-in, the token is the key.
    path("s/", include("doorstep.resident.urls")),
    path("fieldwork/", include("doorstep.fieldwork.urls")),
    path("surveys/", include("doorstep.surveys.urls")),
    path("actions/", include("doorstep.actions.urls")),
    path("involvement/", include("doorstep.involvement.urls")),
    path("scrutiny/", include("doorstep.scrutiny.urls")),
    # Residents ask the scrutiny panel for a review: public, no sign-in, rate-limited.
    path("ask-for-a-review/", scrutiny_public.request_form, name="scrutiny-request"),
    path("ask-for-a-review/sent/", scrutiny_public.request_sent, name="scrutiny-request-sent"),
    # Participants' feedback on an involvement activity: a single-use link, no sign-in.
    path("f/<str:token>/", involvement.feedback, name="involvement-feedback"),
    # Published years (/published/), the board pack (/board/), and in public the residents'
    # report (/report/2025-26/) and open data (/open/tsm/2025-26.csv): published figures only.
    path("", include("doorstep.publishing.urls")),
    # "You said, we did": public, no sign-in; counts and approved redacted quotes only.
    path("you-said-we-did/", public_actions.you_said_we_did_page, name="you-said-we-did"),
    # The read API (docs/api.md): a token or a signed-in session on every endpoint.
    path("api/v1/", api_v1),
    path("api/", include("doorstep.api.urls")),
]
