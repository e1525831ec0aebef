"""Peer groups: which of the regulator's landlords a landlord is compared with.

A ``PeerFilter`` is all landlords, or those of some types, size bands, regions, supported
housing share or predominant survey method, or a hand-picked list of landlord codes (the
other filters still narrow a list). Filters rather than fixed lists, so one group works for
every year the regulator publishes. An analyst saves a filter under a name (``PeerGroup``).

Filter values are matched without regard to case, against the spellings of the year's
release, and a value no landlord of that year has is an error naming the values there are,
so a typing slip never silently gives an empty or a whole-sector group.
"""

from dataclasses import asdict, dataclass, fields

from django.db.models import QuerySet

from doorstep.benchmarks import rsh
from doorstep.benchmarks.importing import landlord_type, size_band
from doorstep.benchmarks.models import PeerGroup, PeerLandlord, PeerSurvey, Release

# What the filters match on: the landlord's own field, or its survey's for the method.
FILTER_FIELDS = {
    "landlord_types": "landlord_type",
    "size_bands": "size_band",
    "regions": "region",
    "survey_methods": "predominant_method",
}


class PeerError(ValueError):
    """A peer group that cannot be used, in plain English."""


@dataclass(frozen=True)
class PeerFilter:
    landlord_types: tuple = ()
    size_bands: tuple = ()
    regions: tuple = ()
    supported_housing: str = ""  # "", "Yes" or "No"
    survey_methods: tuple = ()
    landlord_codes: tuple = ()
    group_name: str = ""  # the saved group it came from, if any

    @property
    def is_everyone(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self) if f.name != "group_name")

    def describe(self) -> str:
        if self.group_name:
            return f"peer group {self.group_name!r}"
        return self.describe_filters()

    def describe_filters(self) -> str:
        if self.is_everyone:
            return "all landlords"
        parts = [
            f"{name.replace('_', ' ')}: {', '.join(getattr(self, name))}"
            for name in (*FILTER_FIELDS, "landlord_codes")
            if getattr(self, name)
        ]
        if self.supported_housing:
            parts.append(f"over 30% supported housing: {self.supported_housing}")
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in asdict(self).items()}  # fmt: skip


EVERYONE = PeerFilter()


def peer_filter(
    *,
    landlord_types=(),
    size_bands=(),
    regions=(),
    supported_housing: str | None = "",
    survey_methods=(),
    landlord_codes=(),
    group_name: str = "",
) -> PeerFilter:
    """A filter from what a person typed: spellings tidied, empty entries dropped."""
    return PeerFilter(
        landlord_types=_tidy(landlord_types, landlord_type),
        size_bands=_tidy(size_bands, size_band),
        regions=_tidy(regions),
        supported_housing=_yes_no(supported_housing),
        survey_methods=_tidy(survey_methods, _method),
        landlord_codes=_tidy(landlord_codes, str.upper),
        group_name=group_name,
    )


def _tidy(values, spelling=None) -> tuple:
    tidied = (str(value).strip() for value in values or ())
    return tuple(spelling(value) if spelling else value for value in tidied if value)


def _method(text: str) -> str:
    # "post", "paper", "internet" and the like mean the channels the reader names.
    key = "".join(ch for ch in text.lower() if ch.isalpha())
    return rsh.CHANNELS.get(key, text)


def _yes_no(text: str | None) -> str:
    answer = (text or "").strip().lower()
    if answer in ("", "any"):
        return ""
    if answer in ("yes", "y", "true"):
        return "Yes"
    if answer in ("no", "n", "false"):
        return "No"
    raise PeerError(f"Supported housing must be yes or no, not {text!r}")


def from_group(group: PeerGroup) -> PeerFilter:
    return peer_filter(
        landlord_types=group.landlord_types,
        size_bands=group.size_bands,
        regions=group.regions,
        supported_housing=group.supported_housing,
        survey_methods=group.survey_methods,
        landlord_codes=group.landlord_codes,
        group_name=group.name,
    )


def saved_group(*, name: str) -> PeerFilter:
    group = PeerGroup.objects.filter(name__iexact=(name or "").strip()).first()
    if group is None:
        names = ", ".join(PeerGroup.objects.values_list("name", flat=True)) or "none yet"
        raise PeerError(f"There is no peer group called {name!r}. Saved groups: {names}.")
    return from_group(group)


def save_group(*, name: str, peers: PeerFilter, description: str = "") -> PeerGroup:
    """Save (or change) a named group. Its values are kept as tidied, not checked against a
    year, so a group can name a landlord or region before it appears."""
    name = (name or "").strip()
    if not name:
        raise PeerError("A peer group needs a name")
    values = peers.as_dict()
    values.pop("group_name")
    group, _ = PeerGroup.objects.update_or_create(
        name=name, defaults={**values, "description": description}
    )
    return group


def peer_landlords(*, release: Release, peers: PeerFilter, survey_tenure: str) -> QuerySet:
    """The landlords of the release in the group. ``survey_tenure`` says whose survey's
    predominant method the method filter reads (the measure's tenure, LCRA otherwise)."""
    landlords = PeerLandlord.objects.filter(release=release)
    for name in ("landlord_types", "size_bands", "regions"):
        wanted = _known(release=release, name=name, wanted=getattr(peers, name))
        if wanted:
            landlords = landlords.filter(**{f"{FILTER_FIELDS[name]}__in": wanted})
    if peers.supported_housing:
        landlords = landlords.filter(supported_housing=peers.supported_housing)
    if peers.survey_methods:
        methods = _known(release=release, name="survey_methods", wanted=peers.survey_methods)
        surveyed = PeerSurvey.objects.filter(
            release=release, tenure=survey_tenure, predominant_method__in=methods
        )
        landlords = landlords.filter(pk__in=surveyed.values("landlord_id"))
    if peers.landlord_codes:
        landlords = landlords.filter(code__in=_known_codes(release=release, codes=peers))
    return landlords


def _known(*, release: Release, name: str, wanted: tuple) -> list:
    """The release's own spellings of the wanted values; an error for one it does not have."""
    if not wanted:
        return []
    field = FILTER_FIELDS[name]
    model = PeerSurvey if name == "survey_methods" else PeerLandlord
    there = set(model.objects.filter(release=release).values_list(field, flat=True)) - {""}
    spelled = {value.lower(): value for value in there}
    unknown = [value for value in wanted if value.lower() not in spelled]
    if unknown:
        raise PeerError(
            f"No landlord in the {release.year} data has {name.replace('_', ' ')[:-1]} "
            f"{', '.join(repr(v) for v in unknown)}: choose from {', '.join(sorted(there))}."
        )
    return [spelled[value.lower()] for value in wanted]


def _known_codes(*, release: Release, codes: PeerFilter) -> list:
    wanted = list(codes.landlord_codes)
    there = set(
        PeerLandlord.objects.filter(release=release, code__in=wanted).values_list("code", flat=True)
    )
    unknown = [code for code in wanted if code not in there]
    if unknown:
        raise PeerError(
            f"The {release.year} data has no landlord with the code "
            f"{', '.join(unknown)}: codes look like L4240 or 00AE."
        )
    return wanted
