"""The household reference printed on a paper questionnaire and sent in an SMS.

It links a returned paper (or a text reply) to the household without printing the home or
its address on every page. It is derived from the pseudonymous household key and the survey,
so the same household has a different reference in each survey and a paper kept from last
year's survey is refused for this year's.

Form: eight characters and a check character, shown as ``K7M2-9QX4-Z``. The characters are
Crockford's base 32 (digits and capitals without I, L, O and U, which are misread for 1, 1,
0 and V). The check character is Luhn mod 32, which catches every single mistyped character
and most swaps of two neighbouring characters, so a mistyped reference is refused at entry
instead of filing the answers against another household.
"""

import hashlib

from doorstep.stock.models import Home
from doorstep.surveys.models import Survey
from doorstep.surveys.services import household_key

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 8
# What people write for the letters Crockford's alphabet leaves out.
READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class WrongReference(ValueError):
    """A household reference that cannot be right, in plain English."""


def check_character(body: str) -> str:
    """Luhn mod 32 over ``body``: double every second value from the right, add the base-32
    digits of each product, and pick the character that brings the total to a multiple of 32."""
    total = 0
    for position, char in enumerate(reversed(body)):
        value = ALPHABET.index(char)
        if position % 2 == 0:
            value *= 2
            value = value // 32 + value % 32
        total += value
    return ALPHABET[(32 - total % 32) % 32]


def formatted(reference: str) -> str:
    return f"{reference[:4]}-{reference[4:8]}-{reference[8:]}"


def household_reference(*, survey: Survey, home: Home) -> str:
    digest = hashlib.sha256(f"{survey.pk}:{household_key(home=home)}".encode()).digest()
    number = int.from_bytes(digest[:5], "big")  # 40 bits: 8 characters of 5 bits
    body = "".join(ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))
    return formatted(body + check_character(body))


def looks_like_reference(text: str) -> bool:
    """Nine characters of the alphabet once spaces and hyphens are taken out."""
    squeezed = _squeezed(text)
    return len(squeezed) == BODY_LENGTH + 1 and all(char in ALPHABET for char in squeezed)


def checked(text: str) -> str:
    """The reference as printed, or WrongReference when it cannot be one of ours."""
    squeezed = _squeezed(text)
    if len(squeezed) != BODY_LENGTH + 1 or any(char not in ALPHABET for char in squeezed):
        raise WrongReference(
            "A household reference has 9 letters and numbers, like K7M2-9QX4-Z: check the "
            "reference on the questionnaire"
        )
    if check_character(squeezed[:BODY_LENGTH]) != squeezed[BODY_LENGTH]:
        raise WrongReference(
            f"{formatted(squeezed)} is not a household reference: a character may be "
            "mistyped. Check it against the questionnaire"
        )
    return formatted(squeezed)


def _squeezed(text: str) -> str:
    return "".join((text or "").upper().split()).replace("-", "").translate(READ_AS)
