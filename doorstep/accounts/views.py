from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from doorstep.accounts import sign_in as attempts
from doorstep.accounts.forms import SignInForm

# Say how many tries are left once this few remain, not from the first mistake.
WARN_WHEN_LEFT = 2


def _next_page(request) -> str:
    """Where to go after signing in: a path on this site, else the home page. Anything else
    (another site, ``foo``, ``//evil.example``) is ignored rather than followed."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def _paused_page(request, *, form, next_page, username: str):
    until = attempts.locked_until(username=username,
                                  address=attempts.client_address(request))  # fmt: skip
    context = {"form": form, "next": next_page, "paused": True, "until": until,
               "pause_minutes": settings.SIGN_IN_LOCKOUT_MINUTES}  # fmt: skip
    return render(request, "accounts/sign_in.html", context, status=429)


def paused(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the answer to any paused way in (this page, Django's admin):
    the sign-in page saying when to try again, with 429. An unbound form: a bound one would
    check the password when its errors are read."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return _paused_page(request, form=SignInForm(request, initial={"username": username}),
                        next_page=_next_page(request), username=username)  # fmt: skip


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    next_page = _next_page(request)
    if request.user.is_authenticated and request.method == "GET":
        return HttpResponseRedirect(next_page)
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    attempts_left = None
    if request.method == "POST":
        username = request.POST.get("username", "")
        if form.is_valid():
            login(request, form.get_user())
            return HttpResponseRedirect(next_page)
        if getattr(request, "axes_locked_out", False):
            # Refused before the password was checked, or this failure used the last try.
            return paused(request, credentials={"username": username})
        if username and request.POST.get("password"):
            attempts_left = attempts.attempts_left(username=username,
                                                   address=attempts.client_address(request))
    context = {
        "form": form,
        "next": next_page,
        "paused": False,
        "pause_minutes": settings.SIGN_IN_LOCKOUT_MINUTES,
        "attempts_left": attempts_left if attempts_left and attempts_left <= WARN_WHEN_LEFT
        else None,
    }
    return render(request, "accounts/sign_in.html", context)


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)
