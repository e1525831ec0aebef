"""Residents' voice: the services screens and commands call.

- ``build_coder``: the coder for the active framework (with phrases learned from staff
  corrections), or the default framework in code when there is no database to read.
- ``code_everything``: codes every survey comment and complaint, repair and ASB description
  (or, ``only_new``, those never coded), keeping staff corrections;
  ``code_arrivals_in_background`` queues that for comments as they arrive.
- ``record_correction`` / ``learn_from_corrections`` / ``correction_counts``.
- ``for_audience``: what panels and the public may see (no flagged comments, redacted text).
- ``queued_flags`` / ``historical_flags`` / ``follow_up``: the flags queue (one per
  household and hazard, dated from the comment's arrival) and following a flag up.
- ``flags_needing_case`` / ``mark_case_opened``: for the hazards app to open cases.
- ``themes_for_measure`` / ``theme_summary``: comments beside each measure.
"""

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from doorstep.measures.cache import figures_changed
from doorstep.voice.coder import OTHER, Coding, RuleCoder
from doorstep.voice.framework import (
    DEFAULT_THEMES,
    FRAMEWORK_NAME,
    FRAMEWORK_VERSION,
    HHSRS_CODES,
    SAFEGUARDING,
    THEME_CODES,
)
from doorstep.voice.redact import redact


def _words(text: str) -> list[str]:
    # Word lists are kept as blocks of text: easier to read and extend than quoted lists.
    return text.split()


log = logging.getLogger(__name__)

STAFF, PANEL, PUBLIC = "staff", "panel", "public"
AUDIENCES = (STAFF, PANEL, PUBLIC)
# Physical hazards (every HHSRS hazard) lead to a hazard case; safeguarding flags (a resident
# at risk) go to the safeguarding lead.
CASE_KINDS = HHSRS_CODES
SAFEGUARDING_KINDS = (SAFEGUARDING,)
# A repair description is a defect already reported, and ``doorstep hazards-from-repairs``
# routes its hazards (with the repair's own category, priority and dates). Flagging them here
# too would put most repairs in the flags queue twice over, so a repair description raises
# safeguarding flags only: a resident at risk named in it still goes to the safeguarding lead
# (but not "home cannot be secured": a broken lock reported as a repair is that repair).
HAZARD_FLAGS_FROM = ("survey", "complaint", "asb")
REPAIR_SAFEGUARDING = ("self_harm", "abuse", "threats_harassment", "vulnerable_resident")
BATCH = 500


class VoiceError(ValueError):
    """Something a user asked for that cannot be done, said in plain English."""


# -- the framework ---------------------------------------------------------------------


def load_default_framework(*, framework_model=None, theme_model=None):
    """Create version 1 of the framework from ``framework.py`` (idempotent)."""
    if framework_model is None:
        from doorstep.voice.models import Theme, ThemeFramework

        framework_model, theme_model = ThemeFramework, Theme
    framework, created = framework_model.objects.get_or_create(
        version=FRAMEWORK_VERSION,
        defaults={
            "name": FRAMEWORK_NAME,
            "is_active": not framework_model.objects.filter(is_active=True).exists(),
            "notes": "Shipped with Doorstep.",
        },
    )
    if created:
        theme_model.objects.bulk_create(
            theme_model(
                framework=framework,
                code=theme.code,
                label=theme.label,
                description=theme.description,
                example_phrases="\n".join(theme.examples),
                related_measures=", ".join(theme.measures),
                phrases="\n".join(theme.phrases),
                position=position,
            )
            for position, theme in enumerate(DEFAULT_THEMES)
        )
    return framework


def active_framework():
    from doorstep.voice.models import ThemeFramework

    return ThemeFramework.objects.filter(is_active=True).prefetch_related("themes").first()


def new_framework_version(*, based_on, name: str = "", notes: str = ""):
    """Copy a framework to the next version number (inactive) for an analyst to edit."""
    from doorstep.voice.models import Theme, ThemeFramework

    with transaction.atomic():
        latest = ThemeFramework.objects.order_by("-version").first()
        copy = ThemeFramework.objects.create(
            name=name or based_on.name, version=latest.version + 1, notes=notes
        )
        Theme.objects.bulk_create(
            Theme(
                framework=copy,
                code=t.code,
                label=t.label,
                description=t.description,
                example_phrases=t.example_phrases,
                related_measures=t.related_measures,
                phrases=t.phrases,
                position=t.position,
            )
            for t in based_on.themes.all()
        )
    return copy


def activate_framework(*, framework) -> None:
    from doorstep.voice.models import ThemeFramework

    with transaction.atomic():
        ThemeFramework.objects.filter(is_active=True).update(is_active=False)
        ThemeFramework.objects.filter(pk=framework.pk).update(is_active=True)


def default_theme_phrases() -> dict[str, tuple[str, ...]]:
    return {theme.code: theme.phrases for theme in DEFAULT_THEMES}


@dataclass(frozen=True)
class CoderChoice:
    coder: RuleCoder
    framework_id: int | None
    where: str  # a sentence for command output: which framework is in use


def build_coder() -> CoderChoice:
    """The rules coder for the active framework, or the default one when there is no
    database (not configured, not reachable, or not migrated): coding never needs one."""
    try:
        framework = active_framework()
        if framework is None:
            raise LookupError("no active framework")
        phrases = {theme.code: _lines(theme.phrases) for theme in framework.themes.all()}
        from doorstep.voice.models import LearnedPhrase

        learned = LearnedPhrase.objects.filter(
            theme__framework=framework, is_active=True
        ).values_list("theme__code", "phrase")
        for code, phrase in learned:
            phrases.setdefault(code, []).append(phrase)
        where = f"framework {framework} from the database ({len(learned)} learned phrases)"
        return CoderChoice(RuleCoder(theme_phrases=phrases), framework.pk, where)
    except (DatabaseError, LookupError) as problem:
        log.info("Using the default theme framework: %s", problem)
        where = (
            f"default framework v{FRAMEWORK_VERSION} from code (no database framework: "
            f"{_first_line(problem)})"
        )
        return CoderChoice(RuleCoder(theme_phrases=default_theme_phrases()), None, where)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _first_line(problem: Exception) -> str:
    return (str(problem).splitlines() or [type(problem).__name__])[0][:120]


# -- coding everything in the database -------------------------------------------------


@dataclass
class CodingRun:
    coded: int = 0
    created: int = 0
    kept_corrections: int = 0
    flags_raised: int = 0
    by_source: Counter | None = None


def _sources():
    """(source, queryset, link field, text of, home id of, date of, question of)."""
    from doorstep.asb.models import AsbCase
    from doorstep.complaints.models import Complaint
    from doorstep.repairs.models import Repair
    from doorstep.surveys.models import Comment

    return (
        (
            "survey",
            Comment.objects.select_related("response").exclude(text=""),
            "survey_comment",
            lambda c: c.text,
            lambda c: c.response.home_id,
            lambda c: c.response.completed_on,
            lambda c: c.question,
        ),
        (
            "complaint",
            Complaint.objects.exclude(description=""),
            "complaint",
            lambda c: c.description,
            lambda c: c.home_id,
            lambda c: c.received_on,
            lambda c: "",
        ),
        (
            "repair",
            Repair.objects.exclude(description=""),
            "repair",
            lambda r: r.description,
            lambda r: r.home_id,
            lambda r: timezone.localdate(r.reported_at),
            lambda r: "",
        ),
        (
            "asb",
            AsbCase.objects.exclude(description=""),
            "asb_case",
            lambda a: a.description,
            lambda a: a.home_id,
            lambda a: a.opened_on,
            lambda a: "",
        ),
    )


def code_everything(*, choice: CoderChoice | None = None, today: date | None = None,
                    only_new: bool = False, progress=None) -> CodingRun:
    """Code (or re-code) every comment; with ``only_new``, only those never coded (what has
    arrived since). Themes or sentiment that staff corrected are kept. ``progress(done,
    total)`` is told after each batch."""
    from doorstep.core.workdays import england_calendar

    choice = choice or build_coder()
    calendar = england_calendar()
    today = today or timezone.localdate()
    run = CodingRun(by_source=Counter())
    sources = [(source, queryset.filter(coding__isnull=True) if only_new else queryset, *rest)
               for source, queryset, *rest in _sources()]
    total = sum(queryset.count() for _, queryset, *_ in sources)
    for source, queryset, link, text_of, home_of, date_of, question_of in sources:
        for batch in _in_batches(queryset.order_by("pk").iterator(chunk_size=2000)):
            _code_batch(
                run,
                source,
                link,
                batch,
                text_of,
                home_of,
                date_of,
                question_of,
                choice=choice,
                calendar=calendar,
                today=today,
            )
            if progress:
                progress(run.coded, total)
    # The measure pages show comment counts: cached figures must not outlive a re-coding.
    if run.coded:
        figures_changed()
    return run


def code_arrivals_in_background():
    """Queue "code the comments that have arrived" for the worker, unless one is already
    waiting to start (it will find these too): a thousand paper forms entered one by one
    make one job, not a thousand."""
    from django.conf import settings

    from doorstep.ops.jobs import start_job_once
    from doorstep.ops.tasks import code_new_comments

    if not settings.VOICE_CODE_ON_ARRIVAL:
        return None
    return start_job_once(code_new_comments, label="Code the comments that have arrived")


def latest_coding_job():
    """The newest job coding comments (new arrivals or everything), for the voice pages to
    say how far it has got."""
    from doorstep.ops.models import Job
    from doorstep.ops.tasks import code_comments, code_new_comments

    return Job.objects.filter(
        task_name__in=[code_comments.module_path, code_new_comments.module_path]
    ).first()


def _in_batches(items):
    """Lists of up to BATCH items, so each is coded and written in one transaction."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _code_batch(
    run, source, link, items, text_of, home_of, date_of, question_of, *, choice, calendar, today
):
    from doorstep.voice.models import CodedComment, ThemeMention

    with transaction.atomic():
        existing = {
            getattr(coded, f"{link}_id"): coded
            for coded in CodedComment.objects.filter(**{f"{link}__in": items})
        }
        to_create, to_update, codings = [], [], {}
        now = timezone.now()
        for item in items:
            text = text_of(item)
            coding = choice.coder.code(text)
            coded = existing.get(item.pk)
            if coded is None:
                coded = CodedComment(source=source, **{link: item})
                to_create.append(coded)
            else:
                to_update.append(coded)
            coded.text = text
            coded.redacted_text = redact(text)
            coded.home_id = home_of(item)
            coded.received_on = date_of(item)
            coded.question = question_of(item)
            coded.framework_id = choice.framework_id
            coded.coder = choice.coder.name
            coded.coded_at = now
            if not coded.sentiment_corrected:
                coded.sentiment = coding.sentiment
                coded.sentiment_score = coding.score
            codings[item.pk] = coding
        CodedComment.objects.bulk_create(to_create)
        CodedComment.objects.bulk_update(
            to_update,
            [
                "text",
                "redacted_text",
                "home",
                "received_on",
                "question",
                "framework",
                "coder",
                "sentiment",
                "sentiment_score",
                "coded_at",
            ],
        )
        coded_comments = to_create + to_update
        if not all(c.pk for c in to_create):
            # Databases that do not return ids from bulk inserts: read them back.
            ids = dict(
                CodedComment.objects.filter(**{f"{link}__in": items}).values_list(
                    f"{link}_id", "pk"
                )
            )
            for coded in to_create:
                coded.pk = ids[getattr(coded, f"{link}_id")]
        recoded = [c for c in coded_comments if not c.themes_corrected]
        run.kept_corrections += sum(
            1 for c in coded_comments if c.themes_corrected or c.sentiment_corrected
        )
        ThemeMention.objects.filter(coded_comment__in=recoded).delete()
        ThemeMention.objects.bulk_create(
            ThemeMention(
                coded_comment=coded,
                theme_code=mention.code,
                sentiment=mention.sentiment,
                matched_words="; ".join(mention.matched)[:500],
            )
            for coded in recoded
            for mention in codings[getattr(coded, f"{link}_id")].themes
        )
        flags_raised = _raise_flags(
            source, coded_comments, lambda coded: codings[getattr(coded, f"{link}_id")],
            calendar=calendar, today=today,
        )
    run.coded += len(items)
    run.created += len(to_create)
    run.flags_raised += flags_raised
    run.by_source[source] += len(items)


def _raise_flags(source, coded_comments, coding_of, *, calendar, today) -> int:
    """The hazard and safeguarding flags the comments raise, each dated from the day its
    comment reached the landlord (follow up within one working day of that), not from the
    day it was coded.

    A comment that reached the landlord before the look-back window (imported history, a
    comment from before Doorstep) is marked historical: listed for review, not put in today's
    queue. And one flag per household per hazard: a further comment from the same home about
    the same hazard, while its flag is open, is joined to that flag instead of queued again.
    Each comment keeps a flag row of its own, so it is still never shown to panels."""
    from django.conf import settings

    from doorstep.voice.models import HazardFlag

    flagged = set(
        HazardFlag.objects.filter(coded_comment__in=coded_comments).values_list(
            "coded_comment_id", "kind", "sub_kind"
        )
    )
    window_opens = today - timedelta(days=settings.VOICE_FLAG_LOOKBACK_DAYS)
    wanted = sorted(
        ((coded, hazard) for coded in coded_comments for hazard in coding_of(coded).hazards
         if (coded.pk, hazard.kind, hazard.sub_kind) not in flagged
         and (source in HAZARD_FLAGS_FROM or hazard.sub_kind in REPAIR_SAFEGUARDING)),
        key=lambda pair: (pair[0].received_on or today, pair[0].pk),
    )  # fmt: skip
    if not wanted:
        return 0
    open_flags = _open_flag_per_household({coded.home_id for coded, _ in wanted})
    first, joined = [], []
    for coded, hazard in wanted:
        reached = min(coded.received_on or today, today)
        flag = HazardFlag(
            coded_comment=coded, kind=hazard.kind, sub_kind=hazard.sub_kind,
            matched_words="; ".join(hazard.matched)[:500], flagged_on=reached,
            follow_up_by=calendar.add_working_days(reached, 1),
            historical=reached < window_opens,
        )  # fmt: skip
        household = (coded.home_id, flag.kind, flag.sub_kind, flag.historical)
        if coded.home_id is None or household not in open_flags:
            open_flags[household] = flag
            first.append(flag)
        else:
            joined.append((flag, open_flags[household]))
    HazardFlag.objects.bulk_create(first)
    if not all(flag.pk for flag in first):
        # Databases that do not return ids from bulk inserts: read them back.
        ids = {(f.coded_comment_id, f.kind, f.sub_kind): f.pk for f in HazardFlag.objects.filter(
            coded_comment__in=[flag.coded_comment for flag in first])}
        for flag in first:
            flag.pk = ids[(flag.coded_comment_id, flag.kind, flag.sub_kind)]
    for flag, open_flag in joined:
        flag.joined_to = open_flag
    HazardFlag.objects.bulk_create(flag for flag, _ in joined)
    return len(first) + len(joined)


def _open_flag_per_household(home_ids: set) -> dict:
    """{(home, kind, sub_kind, historical): its open flag} for the homes given."""
    from doorstep.voice.models import HazardFlag

    found = {}
    for flag in (HazardFlag.objects.filter(coded_comment__home_id__in=home_ids - {None},
                                           joined_to__isnull=True, followed_up_at__isnull=True)
                 .select_related("coded_comment").order_by("flagged_on", "pk")):  # fmt: skip
        key = (flag.coded_comment.home_id, flag.kind, flag.sub_kind, flag.historical)
        found.setdefault(key, flag)
    return found


# -- corrections ------------------------------------------------------------------------


def record_correction(*, coded_comment, user=None, themes=None, sentiment=None, note="", phrase=""):
    """Staff change the themes and/or sentiment of a comment. Kept across re-coding.

    ``phrase`` (optional): the words that show the added theme; the coder learns it at once.
    """
    from doorstep.voice.models import Correction, LearnedPhrase, Sentiment, ThemeMention

    corrections = []
    with transaction.atomic():
        if themes is not None:
            themes = _checked_themes(themes)
            before = sorted(coded_comment.mentions.values_list("theme_code", flat=True))
            if sorted(themes) != before:
                corrections.append(
                    Correction.objects.create(
                        coded_comment=coded_comment,
                        corrected_by=user,
                        field="themes",
                        before=";".join(before),
                        after=";".join(sorted(themes)),
                        note=note,
                    )
                )
                kept = {m.theme_code: m for m in coded_comment.mentions.all()}
                coded_comment.mentions.exclude(theme_code__in=themes).delete()
                ThemeMention.objects.bulk_create(
                    ThemeMention(
                        coded_comment=coded_comment,
                        theme_code=code,
                        sentiment=coded_comment.sentiment,
                        by_staff=True,
                    )
                    for code in themes
                    if code not in kept
                )
            coded_comment.themes_corrected = True
        if sentiment is not None:
            if sentiment not in Sentiment.values:
                raise VoiceError(
                    f"{sentiment!r} is not a sentiment: choose positive, neutral or negative"
                )
            if sentiment != coded_comment.sentiment:
                corrections.append(
                    Correction.objects.create(
                        coded_comment=coded_comment,
                        corrected_by=user,
                        field="sentiment",
                        before=coded_comment.sentiment,
                        after=sentiment,
                        note=note,
                    )
                )
                coded_comment.sentiment = sentiment
            coded_comment.sentiment_corrected = True
        coded_comment.save(update_fields=["themes_corrected", "sentiment_corrected", "sentiment"])
        if phrase.strip() and themes:
            added = set(themes) - set(corrections[0].before.split(";")) if corrections else set()
            theme = _theme_in_active_framework(next(iter(sorted(added or set(themes)))))
            if theme is not None:
                LearnedPhrase.objects.get_or_create(
                    theme=theme,
                    phrase=phrase.strip().lower(),
                    defaults={"correction": corrections[0] if corrections else None},
                )
    return corrections


def _checked_themes(themes) -> list[str]:
    known = _known_theme_codes()
    unknown = [code for code in themes if code not in known]
    if unknown:
        raise VoiceError(
            f"Unknown theme {', '.join(map(repr, unknown))}: the themes are "
            f"{', '.join(sorted(known))}"
        )
    return list(dict.fromkeys(themes)) or [OTHER]


def _known_theme_codes() -> set[str]:
    framework = active_framework()
    if framework is None:
        return set(THEME_CODES)
    return {theme.code for theme in framework.themes.all()}


def _theme_in_active_framework(code):
    framework = active_framework()
    if framework is None:
        return None
    return framework.themes.filter(code=code).first()


_STOPWORDS = frozenset(
    _words("""
    a an the and or but if of to in on at for with from by is are was were be been being it
    its this that these those i im ive me my we our you your they them their he she his her
    have has had do does did not no so very just really all any some there here what when
    who how about up out as than then too can cant could would should will wont get got
    """)
)


def learn_from_corrections(*, min_comments: int = 2) -> list:
    """Learn phrases for themes that staff keep adding by hand.

    A word or two-word phrase is learned for a theme when it appears in at least
    ``min_comments`` comments that staff gave that theme (and the coder had missed), and in
    none that staff took the theme away from. The analyst can switch any of them off.
    """
    from doorstep.voice.models import Correction, LearnedPhrase

    framework = active_framework()
    if framework is None:
        return []
    added: dict[str, Counter] = defaultdict(Counter)
    removed: dict[str, set[str]] = defaultdict(set)
    corrections = Correction.objects.filter(field="themes").select_related("coded_comment")
    for correction in corrections:
        before = set(filter(None, correction.before.split(";")))
        after = set(filter(None, correction.after.split(";")))
        grams = _grams(correction.coded_comment.text)
        for code in after - before:
            added[code].update(grams)
        for code in before - after:
            removed[code].update(grams)
    themes = {theme.code: theme for theme in framework.themes.all()}
    learned = []
    for code, counts in added.items():
        if code not in themes or code == OTHER:
            continue
        for phrase, seen in counts.items():
            if seen >= min_comments and phrase not in removed[code]:
                item, created = LearnedPhrase.objects.update_or_create(
                    theme=themes[code], phrase=phrase, defaults={"comments_seen": seen}
                )
                learned.append(item)
    return learned


def _grams(text: str) -> set[str]:
    words = [w for w in re.findall(r"[a-z]+", (text or "").lower().replace("'", ""))]
    content = [w for w in words if w not in _STOPWORDS and len(w) > 2]
    pairs = {
        f"{a} {b}"
        for a, b in zip(words, words[1:], strict=False)
        if a not in _STOPWORDS and b not in _STOPWORDS and len(a) > 2 and len(b) > 2
    }
    return set(content) | pairs


def correction_counts() -> dict:
    """How often staff corrected the coder: in total, by field, and per theme added/removed."""
    from doorstep.voice.models import CodedComment, Correction

    by_field = Counter(Correction.objects.values_list("field", flat=True))
    added, removed = Counter(), Counter()
    for before, after in Correction.objects.filter(field="themes").values_list("before", "after"):
        b, a = set(filter(None, before.split(";"))), set(filter(None, after.split(";")))
        added.update(a - b)
        removed.update(b - a)
    return {
        "corrections": sum(by_field.values()),
        "themes": by_field.get("themes", 0),
        "sentiment": by_field.get("sentiment", 0),
        "comments_corrected": CodedComment.objects.filter(corrections__isnull=False)
        .distinct()
        .count(),
        "themes_added": dict(added),
        "themes_removed": dict(removed),
    }


# -- who may see what -----------------------------------------------------------------


def for_audience(queryset, *, audience: str):
    """Coded comments that the audience may see.

    Staff see everything. Panels and the public never see a comment with a hazard or
    safeguarding flag, and must be shown ``redacted_text`` only (see ``shown_text``).
    """
    if audience not in AUDIENCES:
        raise VoiceError(f"Unknown audience {audience!r}: use staff, panel or public")
    if audience == STAFF:
        return queryset
    return queryset.filter(hazard_flags__isnull=True)


def shown_text(coded_comment, *, audience: str) -> str:
    if audience not in AUDIENCES:
        raise VoiceError(f"Unknown audience {audience!r}: use staff, panel or public")
    return coded_comment.text if audience == STAFF else coded_comment.redacted_text


# -- hazards -------------------------------------------------------------------------


def queued_flags():
    """Flags in today's follow-up queue: not followed up, not historical, and each the first
    for its household and hazard (comments joined to it are followed up with it)."""
    from doorstep.voice.models import HazardFlag

    return HazardFlag.objects.filter(followed_up_at__isnull=True, historical=False,
                                     joined_to__isnull=True)  # fmt: skip


def historical_flags():
    """Flags on comments that reached the landlord before the look-back window: to review."""
    from doorstep.voice.models import HazardFlag

    return HazardFlag.objects.filter(followed_up_at__isnull=True, historical=True,
                                     joined_to__isnull=True)  # fmt: skip


def flags_needing_case():
    """Physical hazard flags in the queue with no hazard case yet, soonest follow-up first."""
    return (
        queued_flags().filter(kind__in=CASE_KINDS, hazard_case_ref="")
        .select_related("coded_comment", "coded_comment__home")
        .order_by("follow_up_by", "pk")
    )


def safeguarding_flags_open():
    """Resident-at-risk flags in the queue."""
    return (
        queued_flags().filter(kind__in=SAFEGUARDING_KINDS)
        .select_related("coded_comment")
        .order_by("follow_up_by", "pk")
    )


def mark_case_opened(*, flag, case_ref: str, user=None) -> None:
    """A hazard case opened for a flag follows it up, and the comments joined to it."""

    if flag.followed_up_at is None:
        follow_up(flag=flag, user=user, note=f"Hazard case {case_ref} opened", case_ref=case_ref)
    else:
        _with_joined(flag).update(hazard_case_ref=case_ref)
        flag.hazard_case_ref = case_ref


def follow_up(*, flag, user=None, note: str, case_ref: str = "") -> int:
    """Mark a flag followed up, with what was done, and the comments joined to it; returns
    how many flags that closed."""

    note = note.strip()
    if not note:
        raise VoiceError("Say what was done: for example “Rang the resident, surveyor "
                         "booked” or “No hazard: the mould was treated last week”.")
    if flag.followed_up_at is not None:
        raise VoiceError("This flag has already been followed up.")
    fields = {"followed_up_at": timezone.now(), "followed_up_by": user, "follow_up_note": note}
    if case_ref:
        fields["hazard_case_ref"] = case_ref
    closed = _with_joined(flag).filter(followed_up_at__isnull=True).update(**fields)
    for name, value in fields.items():
        setattr(flag, name, value)
    return closed


def _with_joined(flag):
    """The flag and the flags of the comments joined to it: they are followed up together."""
    from doorstep.voice.models import HazardFlag

    return HazardFlag.objects.filter(Q(pk=flag.pk) | Q(joined_to=flag))


def overdue_flags(*, today: date):
    """Flags in the queue past their follow-up day."""
    return queued_flags().filter(follow_up_by__lt=today)


# -- beside the measures -------------------------------------------------------------


def themes_for_measure(code: str) -> list[str]:
    """Theme codes related to a measure (e.g. TP02 → repairs, repair_time, heating...)."""
    code = code.upper()
    try:
        framework = active_framework()
    except DatabaseError:
        framework = None
    if framework is None:
        return [t.code for t in DEFAULT_THEMES if code in t.measures]
    return [t.code for t in framework.themes.all() if code in t.measure_codes]


def theme_summary(*, measure: str | None = None, audience: str = STAFF, start=None, end=None):
    """Counts of residents' comments per theme and sentiment, optionally for one measure's
    themes (repair job descriptions are not residents' words: see RESIDENTS_VOICE)."""
    from doorstep.voice.models import RESIDENTS_VOICE, CodedComment, ThemeMention

    comments = for_audience(CodedComment.objects.filter(source__in=RESIDENTS_VOICE),
                            audience=audience)
    if start:
        comments = comments.filter(received_on__gte=start)
    if end:
        comments = comments.filter(received_on__lte=end)
    mentions = ThemeMention.objects.filter(coded_comment__in=comments)
    if measure:
        mentions = mentions.filter(theme_code__in=themes_for_measure(measure))
    summary: dict[str, Counter] = defaultdict(Counter)
    for theme, sentiment in mentions.values_list("theme_code", "sentiment"):
        summary[theme][sentiment] += 1
    return {theme: dict(counts) for theme, counts in summary.items()}


def coding_as_row(comment_id: str, text: str, coding: Coding) -> dict:
    """One row of ``doorstep voice classify`` output."""
    return {
        "comment_id": comment_id,
        "themes": ";".join(coding.theme_codes),
        "sentiment": coding.sentiment,
        "hazard": "yes" if coding.hazards else "no",
        # which hazards (HHSRS codes) and safeguarding concerns, and the words that raised them
        "flags": ";".join(coding.hazard_keys),
        "flag_words": " | ".join(
            f"{mention.key}: {', '.join(mention.matched)}" for mention in coding.hazards
        ),
        "redacted_text": redact(text),
    }
