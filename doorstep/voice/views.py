"""Residents' voice on screen: comments with their themes, staff corrections, the hazard and
safeguarding flags queue, and the key drivers panel.

Who reads what: staff with SEE_COMMENTS read comments as written, each only if they may see
its source (a survey comment, a complaint, a repair or an ASB case, through the access
rules, so a service manager sees their areas); board and panel members read the redacted
text of comments with no hazard or safeguarding flag, and never correct them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from doorstep.accounts import access
from doorstep.core.periods import ReportingYear, default_year
from doorstep.voice import drivers, services
from doorstep.voice.forms import CommentFilterForm, CorrectionForm, FollowUpForm, theme_choices
from doorstep.voice.models import CodedComment, HazardFlag, Source
from doorstep.web.htmx import is_htmx
from doorstep.web.year_figures import years_with_records

PER_PAGE = 25
FLAGS_PER_PAGE = 50

# --- what a person may read ---------------------------------------------------------------


def _require_readers(user) -> None:
    if not (
        access.can(user, access.SEE_COMMENTS) or access.can(user, access.SEE_ANONYMISED_COMMENTS)
    ):
        access.require(user, access.SEE_ANONYMISED_COMMENTS)  # refuses, saying why


def comment_for(user, pk: int, *, write: bool = False) -> tuple[CodedComment, str]:
    """One coded comment: 404 when the user may not read it, 403 when they may only read."""
    comments, audience = access.coded_comments_visible_to(user)
    if audience == services.STAFF:
        # A repair description is not residents' voice, but one that raised a flag is opened
        # from the flags queue.
        flagged = access.flags_visible_to(user).values("coded_comment_id")
        comments = CodedComment.objects.filter(Q(pk__in=comments.values("pk"))
                                               | Q(pk__in=flagged))  # fmt: skip
    found = comments.filter(pk=pk).prefetch_related("mentions", "hazard_flags").first()
    if found is None:
        raise Http404("There is no such comment, or it is not one you can see.")
    if write and audience != services.STAFF:
        raise PermissionDenied(
            f"Your role ({access.role_label(user)}) can read residents' comments but not "
            "correct how they were coded. Ask a performance analyst or engagement officer."
        )
    return found, audience


# --- what the pages show ------------------------------------------------------------------


@dataclass
class ShownComment:
    """A comment as one person may see it."""

    comment: CodedComment
    text: str
    themes: list  # [{"code", "label", "matched", "by_staff"}]
    flags: list  # hazard kinds, staff only
    can_correct: bool


def shown(comment: CodedComment, *, audience: str, labels: dict) -> ShownComment:
    staff = audience == services.STAFF
    themes = [
        {"code": m.theme_code, "label": labels.get(m.theme_code, m.theme_code),
         "matched": m.matched_words if staff else "", "by_staff": m.by_staff}
        for m in sorted(comment.mentions.all(), key=lambda m: m.theme_code)
    ]  # fmt: skip
    flags = [flag.label for flag in comment.hazard_flags.all()] if staff else []
    return ShownComment(comment=comment, text=services.shown_text(comment, audience=audience),
                        themes=themes, flags=flags, can_correct=staff)  # fmt: skip


def theme_labels(framework) -> dict:
    return dict(theme_choices(framework))


def comments_page(*, user, query, page_number) -> dict:
    """The comments list: filtered, newest first, a page at a time."""
    framework = services.active_framework()
    visible, audience = access.coded_comments_visible_to(user)
    form = CommentFilterForm(query, framework=framework)
    comments = form.filter(visible) if form.is_valid() else visible
    page = Paginator(
        comments.order_by("-received_on", "-pk").prefetch_related("mentions", "hazard_flags"),
        PER_PAGE,
    ).get_page(page_number)
    labels = theme_labels(framework)
    staff = audience == services.STAFF
    context = {
        "form": form,
        "page": page,
        "comments": [shown(c, audience=audience, labels=labels) for c in page.object_list],
        "staff": staff,
        "corrections": services.correction_counts() if staff else None,
        "open_flags": _queued_flags(user).count() if staff else 0,
        "by_source": _by_source(visible),
        "filtered": form.is_valid() and any(form.cleaned_data.values()),
    }  # fmt: skip
    if staff:
        context["not_yet_coded"] = not_yet_coded(user)
        context["coding_job"] = services.latest_coding_job()
    return context


# How the pages name each source in a sentence ("survey comments 1,204; ...").
SOURCE_WORDS = {Source.SURVEY: "survey comments", Source.COMPLAINT: "complaint descriptions",
                Source.ASB: "anti-social behaviour case descriptions"}


def _by_source(comments) -> list[tuple[str, int]]:
    """(where the words came from, how many comments) for the words above the list."""
    counts = dict(comments.values_list("source").annotate(n=Count("pk")).order_by())
    return [(words, counts[source]) for source, words in SOURCE_WORDS.items()
            if counts.get(source)]


def not_yet_coded(user) -> int:
    """Residents' comments the user may see that have arrived but are not coded yet."""
    return (
        access.comments_visible_to(user).exclude(text="").filter(coding__isnull=True).count()
        + access.complaints_visible_to(user).exclude(description="")
        .filter(coding__isnull=True).count()
        + access.asb_cases_visible_to(user).exclude(description="")
        .filter(coding__isnull=True).count()
    )


def _queued_flags(user):
    return access.flags_visible_to(user) & services.queued_flags()


@dataclass
class QueuedFlag:
    flag: HazardFlag
    status: str  # "Overdue", "Due today", "Due tomorrow"...
    overdue: bool
    open_url: str | None
    case_url: str | None
    safeguarding: bool


def _url(name: str, *args) -> str | None:
    """A URL of another app's page, or None while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def hazard_case_urls(flag: HazardFlag) -> tuple[str | None, str | None]:
    """(the hazards app's page to open a case for the flag, the page of its case)."""
    if flag.hazard_case_ref:
        return None, _url("hazards:case", flag.hazard_case_ref)
    if flag.kind not in services.CASE_KINDS:
        return None, None
    return _url("hazards:open-from-comment", flag.pk), None


def flags_queue(*, user, today, historical: bool = False, page_number=None):
    """Open flags, one per household and hazard, soonest follow-up first, a page at a time,
    each with its due date in words; or the historical ones, oldest first, to review."""
    flags = access.flags_visible_to(user) & (
        services.historical_flags() if historical else services.queued_flags())
    flags = (flags.select_related("coded_comment", "coded_comment__home")
             .annotate(joined_comments=Count("joined", distinct=True))
             .order_by("follow_up_by", "pk"))  # fmt: skip
    page = Paginator(flags, FLAGS_PER_PAGE).get_page(page_number)
    return page, [_queued(flag, today=today) for flag in page.object_list]


def _queued(flag: HazardFlag, *, today) -> QueuedFlag:
    days = (flag.follow_up_by - today).days
    if flag.historical:
        status = "Historical"
    else:
        status = ("Overdue" if days < 0 else "Due today" if days == 0
                  else "Due tomorrow" if days == 1 else "Due")  # fmt: skip
    open_url, case_url = hazard_case_urls(flag)
    return QueuedFlag(flag=flag, status=status, overdue=days < 0 and not flag.historical,
                      open_url=open_url, case_url=case_url,
                      safeguarding=flag.is_safeguarding)  # fmt: skip


def key_drivers_panel(*, user, year) -> dict:
    """The context of ``voice/_key_drivers.html``: which answers and household facts went
    with lower overall satisfaction in the year, with 95% intervals."""
    panel = {"can_see": access.can_see_measures(user), "year": year}
    if not panel["can_see"] or year is None:
        return panel
    year = year if isinstance(year, ReportingYear) else ReportingYear.parse(str(year))
    panel["year"] = year
    rows = drivers.household_table(year=year)
    try:
        found = drivers.drivers_from_table(rows)
    except drivers.DriversError as problem:
        return {**panel, "problem": str(problem)}
    small_shown = access.sees_small_groups(user)
    panel.update(
        residents=len(rows),
        drivers=[d for d in found if small_shown or d.residents_with >= access.SMALL_GROUP],
        hidden=0 if small_shown else sum(d.residents_with < access.SMALL_GROUP for d in found),
        small_group=access.SMALL_GROUP,
    )
    return panel


# --- the views ------------------------------------------------------------------------------


def _panel_list(request):
    """Board and panel members read comments on the panel's page, where every list keeps to
    the small-group rule of the counts above it. Here each comment shows its source, date,
    sentiment and themes, so paging through a filter would count what the panel's table
    hides (issue 19): they are sent there, with the theme they asked for."""
    wanted = {name: request.GET[name] for name in ("year", "theme") if request.GET.get(name)}
    query = f"?{urlencode(wanted)}" if wanted else ""
    return redirect(reverse("panel:comments") + query)


def comments(request):
    """Residents' comments with their themes, sentiment and the words that matched."""
    _require_readers(request.user)
    if not access.can(request.user, access.SEE_COMMENTS):
        return _panel_list(request)
    context = comments_page(user=request.user, query=request.GET,
                            page_number=request.GET.get("page"))  # fmt: skip
    context["next"] = request.get_full_path()
    return render(request, "voice/comments.html", context)


def comment(request, pk: int):
    """One comment: a page of its own, or its card alone for htmx (after "Cancel")."""
    _require_readers(request.user)
    found, audience = comment_for(request.user, pk)
    if audience != services.STAFF:
        # One comment's page names its date, source, sentiment and themes: opened id by id,
        # they would count every group the panel's table hides.
        raise Http404("Comments are read on the panel's page, not one at a time.")
    context = {"item": shown(found, audience=audience,
                             labels=theme_labels(services.active_framework())),
               "next": _next(request)}  # fmt: skip
    template = "voice/_comment.html" if is_htmx(request) else "voice/comment.html"
    return render(request, template, context)


@require_POST
def code_now(request):
    """"Code comments now": code every comment in the background; its page shows progress.
    For staff who read comments as written (the roles that correct the coding)."""
    from doorstep.ops.jobs import start_job
    from doorstep.ops.tasks import code_comments

    access.require(request.user, access.SEE_COMMENTS)
    job = start_job(code_comments, label="Code every comment into themes", user=request.user)
    return redirect(job)


@require_http_methods(["GET", "POST"])
def correct(request, pk: int):
    """Correct a comment's themes and sentiment: inline with htmx, a page of its own without."""
    found, audience = comment_for(request.user, pk, write=True)
    framework = services.active_framework()
    current = {"themes": [m.theme_code for m in found.mentions.all()],
               "sentiment": found.sentiment}  # fmt: skip
    form = CorrectionForm(request.POST or None, framework=framework, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.record_correction(
                coded_comment=found, user=request.user, themes=form.cleaned_data["themes"],
                sentiment=form.cleaned_data["sentiment"], note=form.cleaned_data["note"],
                phrase=form.cleaned_data["phrase"],
            )  # fmt: skip
        except services.VoiceError as problem:
            form.add_error(None, str(problem))
        else:
            said = _saved_message(saved)
            if is_htmx(request):
                found, audience = comment_for(request.user, pk)
                item = shown(found, audience=audience, labels=theme_labels(framework))
                return render(request, "voice/_comment.html",
                              {"item": item, "saved": said, "next": _next(request)})  # fmt: skip
            messages.success(request, said)
            return redirect(f"{_next(request)}#comment-{pk}")
    context = {"form": form, "item": shown(found, audience=audience,
                                           labels=theme_labels(framework)),
               "next": _next(request)}  # fmt: skip
    template = "voice/_correction_form.html" if is_htmx(request) else "voice/correct.html"
    return render(request, template, context)


def _saved_message(saved: list) -> str:
    if not saved:
        return "Saved: the coding was already as you chose, and is now kept as checked."
    fields = " and ".join(sorted({correction.get_field_display().lower()
                                  for correction in saved}))  # fmt: skip
    return f"Saved your correction of the {fields}. Re-coding will keep it."


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("voice:comments")


def flags(request):
    """Comments that suggest a hazard or a resident at risk, to follow up in a working day;
    ``?show=historical`` lists those on comments from before the look-back window."""
    access.require(request.user, access.SEE_COMMENTS)
    today = timezone.localdate()
    historical = request.GET.get("show") == "historical"
    page, queue = flags_queue(user=request.user, today=today, historical=historical,
                              page_number=request.GET.get("page"))  # fmt: skip
    other = access.flags_visible_to(request.user) & (
        services.queued_flags() if historical else services.historical_flags())
    return render(request, "voice/flags.html", {
        "page": page, "queue": queue, "today": today, "historical": historical,
        "other_count": other.count(), "lookback_days": settings.VOICE_FLAG_LOOKBACK_DAYS,
    })


def _flag_for(user, pk: int) -> HazardFlag:
    found = (access.flags_visible_to(user).filter(pk=pk)
             .select_related("coded_comment", "coded_comment__home", "followed_up_by").first())
    if found is None:
        raise Http404("There is no such flag, or it is not one you can see.")
    return found


@require_http_methods(["GET", "POST"])
def flag(request, pk: int):
    """One flag: the comments that raised it (the first and any joined to it), and marking it
    followed up with what was done."""
    access.require(request.user, access.SEE_COMMENTS)
    found = _flag_for(request.user, pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closed = services.follow_up(flag=found, user=request.user,
                                        note=form.cleaned_data["note"])  # fmt: skip
        except services.VoiceError as problem:
            form.add_error(None, str(problem))
        else:
            also = f" and {closed - 1:,} joined to it" if closed > 1 else ""
            messages.success(request, f"Marked followed up: {found.label}{also}.")
            return redirect("voice:flags")
    joined = found.joined.select_related("coded_comment").order_by("flagged_on", "pk")
    return render(request, "voice/flag.html", {
        "entry": _queued(found, today=timezone.localdate()), "joined": joined, "form": form,
    })


def key_drivers(request):
    """The key drivers panel alone (for htmx or a link), for ``?year=2024/25``."""
    access.require(request.user, access.SEE_MEASURES)
    years = years_with_records()
    try:
        year = (
            ReportingYear.parse(request.GET["year"])
            if request.GET.get("year")
            else default_year(years)
        )
    except ValueError as problem:
        panel = {"can_see": True, "problem": str(problem)}
    else:
        panel = key_drivers_panel(user=request.user, year=year)
    template = "voice/_key_drivers.html" if is_htmx(request) else "voice/key_drivers.html"
    return render(request, template, {"panel": panel})
