"""/api/v1/: the read API (doorstep.api.v1), and /api/tokens/: a person's own tokens.

The API's views are marked ``login_not_required``: they need no sign-in page, because
every endpoint asks for a token or a signed-in session itself (401 without either). The
OpenAPI document and the documentation page describe the API and hold no figures.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from doorstep.api import views
from doorstep.api.v1 import api

app_name = "api"

_v1_patterns, _v1_app, _v1_namespace = api.urls
for _pattern in _v1_patterns:
    _pattern.callback = login_not_required(_pattern.callback)

v1 = (_v1_patterns, _v1_app, _v1_namespace)

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke, name="revoke"),
]
