"""The public form residents use to ask the scrutiny panel for a review: no sign-in, no
CAPTCHA (a puzzle shuts out the residents least confident online), limited to a few
requests an hour from one address. Supporters' household references are checked against
the homes and never shown: the panel sees only how many households were found."""

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from doorstep.scrutiny import forms, services
from doorstep.scrutiny.models import ScrutinySettings


def _client_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(address.encode()).hexdigest()


@login_not_required
def request_form(request):
    form = forms.ResidentRequestForm(request.POST or None)
    key = _client_key(request)
    limited = services.too_many_requests(client_key=key)
    if request.method == "POST" and not limited and form.is_valid():
        services.receive_resident_request(client_key=key, **form.cleaned_data)
        return redirect("scrutiny-request-sent")
    return render(request, "scrutiny/public_request.html", {
        "form": form, "limited": limited,
        "needed": ScrutinySettings.current().supporters_needed},
        status=429 if limited and request.method == "POST" else 200)


@login_not_required
def request_sent(request):
    return render(request, "scrutiny/public_request_sent.html")
