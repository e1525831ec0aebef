"""The resident's online survey: a single-use link, one question per page, in four languages.

These pages are open without a sign-in (@login_not_required): the link's token is the
resident's only key, and it opens its own household's invitation and nothing else
(``services.invitation_for``). Pages are never cached, as residents may share a computer.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from doorstep.resident import languages, services
from doorstep.resident.forms import AnswerForm, LanguageForm
from doorstep.resident.rendering import shown
from doorstep.surveys.services import SurveyError, question_list

# What the resident is told when a link cannot be used, and the status each gets.
PROBLEMS = {
    "unknown": 404,
    services.USED: 410,
    services.ANSWERED: 410,
    services.EXPIRED: 410,
}


def resident_page(*, open_only: bool = True, any_link: bool = False):
    """Find the link's invitation, speak the resident's language, and stop at a link that
    cannot be used (unknown, used, answered another way, expired) with a polite page.
    ``any_link``: the page works for every link, even one that does not exist (the
    language page, so that the "link does not work" page can be read in every language)."""

    def decorate(view):
        @wraps(view)
        def page(request, token, **kwargs):
            invitation = services.invitation_for(token)
            with translation.override(languages.language_for(request, invitation)):
                if invitation is None and not any_link:
                    return _problem(request, token, "unknown")
                state = services.state_of(invitation) if invitation else "unknown"
                if open_only and state != services.OPEN:
                    return _problem(request, token, state, invitation=invitation)
                return view(request, invitation, token=token, state=state, **kwargs)

        return login_not_required(never_cache(require_http_methods(["GET", "POST"])(page)))

    return decorate


def _render(request, template, context, *, token, status=200):
    language = translation.get_language()
    return render(request, template, {
        "page_language": language,
        "right_to_left": languages.BY_CODE[language].right_to_left,
        "languages": languages.LANGUAGES,
        "language_url": reverse("resident:language", args=[token])
        + "?" + urlencode({"next": request.path}),
        "landlord_name": settings.LANDLORD_NAME,
        "token": token,
        **context,
    }, status=status)


def _problem(request, token, kind, *, invitation=None):
    return _render(request, "resident/problem.html", {
        "kind": kind, "expires_at": getattr(invitation, "expires_at", None),
    }, token=token, status=PROBLEMS[kind])


def _carry_on(invitation, token):
    """To the first question not yet answered, or to check the answers when all are."""
    code = services.first_unanswered(invitation)
    if code is None:
        return redirect("resident:check", token=token)
    return redirect("resident:question", token=token, code=code)


@resident_page()
def start(request, invitation, *, token, state):
    # The first visit starts with the choice of language; a return visit carries on.
    if not invitation.language and not invitation.answers:
        return _language_page(request, invitation, token=token, first=True)
    return _carry_on(invitation, token)


@resident_page(open_only=False, any_link=True)
def language(request, invitation, *, token, state):
    return _language_page(request, invitation, token=token, first=False)


def _language_page(request, invitation, *, token, first):
    form = LanguageForm(request.POST if request.method == "POST" else None,
                        initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["language"]
        if invitation is not None:
            services.choose_language(invitation=invitation, language=chosen)
        response = redirect(_back_to(request, token))
        languages.remember(response, chosen)
        return response
    return _render(request, "resident/language.html", {
        "form": form, "first": first, "action": reverse("resident:language", args=[token])
        + ("?" + urlencode({"next": request.GET["next"]}) if request.GET.get("next") else ""),
    }, token=token)


def _back_to(request, token):
    """After a change of language, back to the page the resident was on (one of this
    link's own pages), else on with the survey."""
    start_url = reverse("resident:start", args=[token])
    wanted = request.GET.get("next", "")
    own_page = wanted.startswith(start_url) and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()})
    return wanted if own_page and not wanted.startswith(
        reverse("resident:language", args=[token])) else start_url


@resident_page()
def question(request, invitation, *, token, state, code):
    asked = services.questions_for(invitation)
    codes = [q.code for q in asked]
    if code not in codes:
        if code in {q.code for q in question_list(survey=invitation.survey)}:
            return _carry_on(invitation, token)  # a filter answer closed it: carry on
        return _problem(request, token, "unknown")
    current = shown(asked[codes.index(code)])
    form = AnswerForm(request.POST if request.method == "POST" else None, question=current,
                      initial={"answer": invitation.answers.get(code)})
    if request.method == "POST" and form.is_valid():
        services.save_answer(invitation=invitation, code=code, value=form.cleaned_data["answer"])
        return _carry_on(invitation, token)
    position = codes.index(code)
    back = (reverse("resident:question", args=[token, codes[position - 1]]) if position
            else reverse("resident:language", args=[token]))
    return _render(request, "resident/question.html", {
        "form": form, "question": current, "back_url": back,
    }, token=token)


@resident_page()
def check(request, invitation, *, token, state):
    if services.first_unanswered(invitation) is not None:
        return _carry_on(invitation, token)
    if request.method == "POST":
        try:
            services.submit(invitation=invitation)
        except services.AlreadyAnswered:
            return _problem(request, token, services.ANSWERED, invitation=invitation)
        except SurveyError:
            return _carry_on(invitation, token)  # an answer went missing: ask it again
        return redirect("resident:done", token=token)
    rows = []
    for asked in services.questions_for(invitation):
        question_shown = shown(asked)
        rows.append({
            "question": question_shown,
            "answer": question_shown.label_of(invitation.answers[asked.code]),
            "change_url": reverse("resident:question", args=[token, asked.code]),
        })
    last = rows[-1]["change_url"] if rows else reverse("resident:language", args=[token])
    return _render(request, "resident/check.html", {"rows": rows, "back_url": last},
                   token=token)


@resident_page(open_only=False)
def done(request, invitation, *, token, state):
    if state == services.OPEN:
        return _carry_on(invitation, token)
    if state != services.USED:
        return _problem(request, token, state, invitation=invitation)
    return _render(request, "resident/done.html", {}, token=token)
