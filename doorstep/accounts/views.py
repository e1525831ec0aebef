from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
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
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    next_page = _next_page(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_page)
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    paused = False
    attempts_left = None
    if request.method == "POST":
        who = {"username": request.POST.get("username", ""),
               "address": attempts.client_address(request)}
        if attempts.is_paused(**who):
            # Not even checked: a right guess now must look the same as a wrong one. An
            # unbound form, because a bound one checks the password when its errors are read.
            paused = True
            form = SignInForm(request, initial={"username": who["username"]})
        elif form.is_valid():
            attempts.clear_failures(**who)
            login(request, form.get_user())
            return redirect(next_page)
        elif who["username"] and request.POST.get("password"):
            attempts.record_failure(**who)
            paused = attempts.is_paused(**who)
            attempts_left = attempts.attempts_left(**who)
    context = {
        "form": form,
        "next": next_page,
        "paused": paused,
        "pause_minutes": settings.SIGN_IN_LOCKOUT_MINUTES,
        "attempts_left": attempts_left if attempts_left and attempts_left <= WARN_WHEN_LEFT
        else None,
    }
    return render(request, "accounts/sign_in.html", context, status=429 if paused else 200)


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)
