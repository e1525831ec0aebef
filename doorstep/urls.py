"""Doorstep's URLs. Each app brings its own urls.py, included here under its own prefix.

Every view needs a signed-in user (LoginRequiredMiddleware) unless it is decorated with
``@login_not_required``; see docs/web.md.
"""

from django.contrib import admin
from django.urls import include, path

from doorstep.web import views as web

admin.site.site_header = "Doorstep administration"
admin.site.site_title = "Doorstep"

urlpatterns = [
    path("", web.home, name="home"),
    path("", include("doorstep.accounts.urls")),
    path("admin/", admin.site.urls),
    path("imports/", include("doorstep.imports.urls")),
    path("measures/", include("doorstep.measures.urls")),
    path("panel/", include("doorstep.panel.urls")),
    path("complaints/", include("doorstep.complaints.urls")),
    path("hazards/", include("doorstep.hazards.urls")),
    path("benchmarks/", include("doorstep.benchmarks.urls")),
    path("voice/", include("doorstep.voice.urls")),
    # Residents' single-use survey links: open without sign-in, the token is the key.
    path("s/", include("doorstep.resident.urls")),
    path("fieldwork/", include("doorstep.fieldwork.urls")),
    path("surveys/", include("doorstep.surveys.urls")),
]
