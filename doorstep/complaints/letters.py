"""Acknowledgement and response letters, carrying what the Complaint Handling Code asks of
them. The acknowledgement (within 5 working days) states our understanding of the complaint and
the outcomes the resident seeks; a stage 1 or stage 2 response states the decision, the reasons,
what will be done and by when, and how to take it further. A letter whose required parts are
missing is not made: ``LetterIncomplete`` names each one."""

from dataclasses import dataclass

from django.conf import settings

from doorstep.complaints.models import Complaint

KINDS = {
    "acknowledgement": "Acknowledgement",
    "stage1": "Stage 1 response",
    "stage2": "Stage 2 (final) response",
}

# The Housing Ombudsman's published contact details, for the route after stage 2.
OMBUDSMAN = ("Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET. "
             "Telephone 0300 111 3000. Email info@housing-ombudsman.org.uk. "
             "Website www.housing-ombudsman.org.uk")


class LetterIncomplete(Exception):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("The letter cannot be made until these are recorded: "
                         + "; ".join(missing))


@dataclass(frozen=True)
class Letter:
    kind: str
    title: str
    complaint: Complaint
    landlord: str
    contact: str
    parts: list[tuple[str, str]]  # (heading, text), in the letter's order


def contact_details() -> str:
    """How a resident reaches the complaints team: the setting where there is one."""
    return settings.COMPLAINTS_CONTACT or (
        f"the complaints team at {settings.LANDLORD_NAME}")


def make_letter(complaint: Complaint, kind: str) -> Letter:
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not a kind of letter")
    parts, missing = _PARTS[kind](complaint)
    if missing:
        raise LetterIncomplete(missing)
    return Letter(kind=kind, title=KINDS[kind], complaint=complaint,
                  landlord=settings.LANDLORD_NAME, contact=contact_details(), parts=parts)


def _needed(pairs) -> tuple[list[tuple[str, str]], list[str]]:
    """(heading, text, what is missing when blank) -> the parts, and what is missing."""
    parts, missing = [], []
    for heading, text, what in pairs:
        text = (text or "").strip()
        if text:
            parts.append((heading, text))
        else:
            missing.append(what)
    return parts, missing


def _acknowledgement(complaint: Complaint):
    return _needed([
        ("Your complaint", complaint.understanding,
         "our understanding of the complaint"),
        ("What you would like to happen", complaint.outcomes_sought,
         "the outcomes the resident seeks"),
        ("What happens next",
         "We will send you our stage 1 response within 10 working days of this letter. If we "
         "need longer we will tell you why, and it will be no more than 10 working days more.",
         ""),
    ])


def _response(complaint: Complaint, stage: int):
    outcome = getattr(complaint, f"get_stage{stage}_outcome_display")()
    due = complaint.remedy_due_on
    remedy = complaint.remedies.strip()
    if remedy and due:
        remedy = f"{remedy}\nThis will be done by {due:%A %-d %B %Y}."
    elif remedy:
        remedy = ""  # a remedy with no date is not a promise the resident can hold us to
    if stage == 1:
        further = (
            "If you are not satisfied with this response, you can ask us to look at your "
            "complaint again at stage 2. Contact " + contact_details() + " and tell us why. "
            "You can also contact the Housing Ombudsman for advice at any time: " + OMBUDSMAN)
    else:
        further = (
            "This is our final response. If you are not satisfied, you can refer your "
            "complaint to the Housing Ombudsman: " + OMBUDSMAN)
    return _needed([
        ("Our decision", outcome and f"Your complaint is {outcome.lower()}.",
         f"the stage {stage} decision (outcome)"),
        ("Why we decided this", getattr(complaint, f"stage{stage}_reasons"),
         f"the reasons for the stage {stage} decision"),
        ("What we will do, and by when", remedy,
         "what will be done (the remedy) and the date it will be done by"),
        ("If you are not satisfied", further, ""),
    ])


_PARTS = {
    "acknowledgement": _acknowledgement,
    "stage1": lambda complaint: _response(complaint, 1),
    "stage2": lambda complaint: _response(complaint, 2),
}
