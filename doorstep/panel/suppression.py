"""Small-number protection for what scrutiny panels and residents see. Pure functions.

A figure resting on fewer than ``SMALL_GROUP`` respondents or cases could point to a person,
so it is not shown (primary suppression). Hiding it alone is not enough when the figure is
one part of a total that is shown: the hidden part is the total less the parts shown. So
wherever a total is shown, the hidden parts of it must be at least two and hold at least
``SMALL_GROUP`` between them; when they do not, the next-smallest part shown is hidden too
(secondary suppression) and, when no part is left to hide, the total itself.

Totals can overlap (a complaint figure by area and by tenure: every area's "combined" is
the sum of its LCRA and LCHO, and every tenure's total the sum of its areas), so the rule
is applied to every total again until nothing changes.

Keys are anything hashable that names a figure, e.g. ``("CH01-1", "LCRA", "North")``.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from doorstep.accounts.access import SMALL_GROUP

Key = Hashable


@dataclass(frozen=True)
class Total:
    """A figure that is the sum of others: ``whole`` = sum of ``parts``."""

    whole: Key
    parts: tuple[Key, ...]


def too_small(base: float, *, threshold: int = SMALL_GROUP) -> bool:
    """True when a figure rests on fewer than ``threshold`` respondents or cases."""
    return base < threshold


def suppress(
    bases: Mapping[Key, float],
    *,
    totals: Iterable[Total] = (),
    threshold: int = SMALL_GROUP,
) -> frozenset:
    """The keys of the figures not to show, given each figure's base (respondents or cases).

    Parts missing from ``bases`` count as empty (a group with no records has no figure).
    """
    hidden = {key for key, base in bases.items() if too_small(base, threshold=threshold)}
    totals = list(totals)
    changed = True
    while changed:
        changed = False
        for total in totals:
            changed |= _protect(total, bases=bases, hidden=hidden, threshold=threshold)
    return frozenset(hidden)


def _protect(total: Total, *, bases, hidden: set, threshold: int) -> bool:
    """Hide one more figure if the hidden parts of a shown total could be worked out."""
    if total.whole in hidden:
        return False  # nothing to subtract from
    parts = [part for part in total.parts if part in bases]
    hidden_parts = [part for part in parts if part in hidden]
    if not hidden_parts:
        return False
    # One hidden part is the total less the others; two or more small ones together are
    # still a small group.
    if len(hidden_parts) >= 2 and sum(bases[part] for part in hidden_parts) >= threshold:
        return False
    shown = [part for part in parts if part not in hidden]
    if shown:
        # The next-smallest, so that as little as possible is lost; ties go to the first.
        hidden.add(min(shown, key=lambda part: bases[part]))
    else:
        hidden.add(total.whole)
    return True
