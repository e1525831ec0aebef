"""Personal data removal for anything shown outside staff (panels, residents, reports).

Replaces emails, UK phone numbers, postcodes, street addresses and flat numbers, Doorstep
and HMS references, and people's names with placeholders: ``[email]``, ``[phone]``,
``[postcode]``, ``[address]``, ``[reference]``, ``[name]``. It errs on the side of removing:
a panel member reading "[name] the caretaker" loses little; a named neighbour in a public
report is a data breach.

Names are found three ways: after a title ("Mr Okafor"), after words that introduce a name
("my name is", "called", "officer"), and as a capitalised common first name (with the
capitalised word after it taken as a surname). Names that are also ordinary words ("Will",
"May", "Mark") are only taken after a title or an introducing phrase.
"""

import re


def _words(text: str) -> list[str]:
    # Word lists are kept as blocks of text: easier to read and extend than quoted lists.
    return text.split()


PLACEHOLDERS = ("[name]", "[phone]", "[email]", "[postcode]", "[address]", "[reference]")

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers: 07xxx mobiles, 01/02/03 landlines, 0800 and the like, with +44 or (0) forms and
# any spacing or dashes residents use.
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)(?:\d[\s\-)]{0,2}){8,9}\d(?!\d)")
_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_STREET_WORDS = (
    "road|rd|street|st|avenue|ave|close|court|ct|lane|ln|drive|dr|way|crescent|cres|place|"
    "pl|gardens|gdns|terrace|grove|walk|rise|view|square|sq|mews|row|hill|park|house|"
    "estate|green|parade|gate|heights|tower|towers|mansions|wharf|fields|vale"
)
_ADDRESS = re.compile(
    r"\b(?:(?:flat|apartment|apt|unit)\s*\d+[a-z]?\s*,?\s*)?\d{1,4}[a-z]?,?\s+"
    r"(?:[A-Z][\w'-]*\s+){1,3}(?i:" + _STREET_WORDS + r")\b\.?"
)
_FLAT_NUMBER = re.compile(r"\b(?:[Ff]lat|[Aa]partment|No\.?|[Nn]umber)\s?\d{1,4}[A-Za-z]?\b")
# References: letters then digits (H000123, R00001234, C-2024-0412, ASB/2291), or a number
# written straight after "ref".
_REFERENCE = re.compile(
    r"\b[A-Za-z]{1,4}[-/]?\d{4,}(?:[-/]\d+)*\b"
    r"|(?i:\b(?:ref(?:erence)?|job|case|tenancy|account)\s*(?:no\.?|number)?\s*[:#]?\s*)"
    r"\d{4,}\b"
)
_TITLE_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?")
_INTRODUCED_NAME = re.compile(
    r"(?i:\b(?:my name is|i am called|called|named|officer|caretaker|manager|"
    r"contractor|neighbour|regards|thanks|thank you|cheers|from)\s+)"
    r"([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
)

FIRST_NAMES = frozenset(
    _words("""
    Aaron Abdul Abigail Adam Adrian Agnieszka Ahmed Aisha Alan Albert Alex Alexander Ali
    Alice Alison Amanda Amir Amy Andrea Andrew Andy Angela Ann Anna Anne Anthony Antony
    Barbara Barry Ben Benjamin Bernadette Beverley Brian Bridget Carl Carol Caroline
    Catherine Charlie Charlotte Chelsea Chloe Chris Christine Christopher Claire Colin
    Connor Craig Dan Daniel Danielle Darren Dave David Dawn Dean Debbie Deborah Denise
    Dennis Derek Diane Donna Doreen Dorothy Edward Elaine Eleanor Elizabeth Ellie Emily
    Emma Eric Fatima Fiona Frances Gail Gareth Gary Gemma Geoff Geoffrey George Georgia
    Gillian Glenn Gordon Graham Hannah Harry Hayley Heather Helen Ian Irene Jack Jacqueline
    Jade James Jamie Jane Janet Janice Jason Jean Jeff Jennifer Jenny Jessica Jill Jo Joan
    Joanne John Jon Jonathan Jordan Joseph Josh Joshua Joyce Julie Julia Justin Karen
    Kate Katie Kathleen Kayleigh Keith Kelly Kerry Kevin Kieran Kirsty Kwame Laura Lauren
    Lee Leanne Lesley Leslie Lewis Liam Linda Lisa Louise Lucy Luke Lynn Lynne Maria
    Marie Margaret Martin Mary Matt Matthew Maureen Michael Michelle Mike Mohammed
    Mohammad Muhammad Natalie Neil Nicola Nicholas Nick Nigel Noreen Olivia Oliver Pamela
    Patricia Paul Pauline Peter Phil Philip Priya Rachel Raj Rebecca Richard Rob Robert
    Ryan Sadie Sally Samantha Sam Sandra Sarah Scott Sean Shannon Sharon Shaun Sheila
    Simon Sophie Stacey Stephen Steve Steven Stuart Susan Suzanne Tanya Terry Theresa
    Thomas Tina Tom Tomasz Tony Tracey Tracy Trevor Vicky Victoria Wayne Wendy William
    Yvonne Zoe Zara Zainab Kemi Tunde Olu Siobhan Declan Aoife Niamh Callum Kyle Jake
    """)
)

# Names that are also everyday words: only taken after a title or an introducing phrase.
_AMBIGUOUS = frozenset(
    {
        "Will",
        "May",
        "Mark",
        "Grace",
        "Hope",
        "Joy",
        "Rose",
        "June",
        "April",
        "Summer",
        "Dawn",
        "Faith",
        "Bill",
        "Pat",
        "Frank",
        "Jack",
        "Sue",
        "Rob",
        "Jo",
        "Raj",
        "Sam",
        "Lee",
        "Dean",
        "Jade",
    }
)
_CAPITALISED = re.compile(r"\b([A-Z][a-z'-]+)(\s+[A-Z][a-z'-]+)?")
_SURNAME_STOP = frozenset(
    {
        "The",
        "From",
        "At",
        "In",
        "On",
        "And",
        "Is",
        "Was",
        "Has",
        "Said",
        "I",
        "It",
        "My",
        "He",
        "She",
        "They",
        "We",
        "But",
        "Thank",
        "Thanks",
        "Who",
        "Came",
        "Did",
        "Does",
    }
)


def redact(text: str) -> str:
    """The comment with personal data replaced by placeholders."""
    if not text:
        return text or ""
    text = _EMAIL.sub("[email]", text)
    text = _ADDRESS.sub("[address]", text)
    text = _POSTCODE.sub("[postcode]", text)
    text = _REFERENCE.sub("[reference]", text)
    text = _PHONE.sub("[phone]", text)
    text = _FLAT_NUMBER.sub("[address]", text)
    text = _TITLE_NAME.sub("[name]", text)
    text = _INTRODUCED_NAME.sub(_keep_intro, text)
    return _CAPITALISED.sub(_first_name, text)


def _keep_intro(match: re.Match) -> str:
    name = match.group(1)
    first = name.split()[0]
    if first not in FIRST_NAMES and first not in _AMBIGUOUS and " " not in name:
        # "from Leeds", "thanks Doorstep": a capitalised word after these is not always
        # a person; a two-word name or a known first name is.
        return match.group(0)
    return match.group(0)[: match.start(1) - match.start(0)] + "[name]"


def _first_name(match: re.Match) -> str:
    first, rest = match.group(1), match.group(2)
    if first not in FIRST_NAMES or first in _AMBIGUOUS:
        return match.group(0)
    if rest and rest.strip() not in _SURNAME_STOP:
        return "[name]"
    return "[name]" + (rest or "")


def looks_like_named_person(text: str) -> bool:
    """Whether the comment names someone (used by the coder: named staff are praised or blamed)."""
    if _TITLE_NAME.search(text):
        return True
    return any(
        word in FIRST_NAMES and word not in _AMBIGUOUS
        for word in re.findall(r"\b[A-Z][a-z]+\b", text)
    )
