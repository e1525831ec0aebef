"""A person's own API tokens: list them with their last use, make one (shown once), revoke."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from doorstep.accounts import access
from doorstep.api import services
from doorstep.api.forms import TokenForm


def tokens(request):
    if access.role_of(request.user) is None:
        access.require(request.user, access.SEE_MEASURES)  # 403: a role comes first
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            record, new_token = services.create_token(user=request.user,
                                                      name=form.cleaned_data["name"])
        except services.TokenError as error:
            form.add_error("name", str(error))
        else:
            form = TokenForm()
            messages.success(request, f"Token “{record.name}” is made. Copy it now: Doorstep "
                             "keeps only a fingerprint of it and cannot show it again.")
    return render(request, "api/tokens.html", {
        "form": form,
        "new_token": new_token,
        "tokens": services.tokens_of(user=request.user),
        "per_minute": services.requests_per_minute(),
    })


def revoke(request, token_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    token = services.token_of(user=request.user, token_id=token_id)
    services.revoke_token(token=token, by=request.user)
    messages.success(request, f"Token “{token.name}” is revoked: it no longer opens the API.")
    return redirect("api:tokens")
