"""Turning a resident's comment into words the coder can match.

Residents write quickly and on phones: "mold", "bathrom", "repiar", "cant", "thru". Every
word is folded to one spelling before matching, first through a curated list of variants
and then, for longer words the lists do not know, by allowing one slip of the keyboard
(one letter missing, extra, wrong, or two swapped) against the coder's own keywords.
Folding a word is remembered, so a word costs its look-up once per process, not per comment.
"""

import re
from functools import lru_cache


def _words(text: str) -> list[str]:
    # Word lists are kept as blocks of text: easier to read and extend than quoted lists.
    return text.split()


# Sentence and clause breaks are kept as tokens: negation and sentiment do not cross them.
_TOKEN = re.compile(r"£|[a-z0-9]+(?:'[a-z]+)?|[.!?;]|,")
SENTENCE_BREAKS = frozenset({".", "!", "?", ";"})
CLAUSE_BREAKS = SENTENCE_BREAKS | {",", "but", "however", "although", "though", "whereas"}

# Spellings residents use for the same word, folded to the one the rules are written in.
VARIANTS = {
    "mold": "mould",
    "molds": "moulds",
    "moldy": "mouldy",
    "mouldey": "mouldy",
    "moulding": "mould",
    "mouldd": "mould",
    "mowld": "mould",
    "dampness": "damp",
    "dampe": "damp",
    "dampp": "damp",
    "disrepare": "disrepair",
    "disrepar": "disrepair",
    "repiar": "repair",
    "repiars": "repairs",
    "reapir": "repair",
    "reapirs": "repairs",
    "repaires": "repairs",
    "repare": "repair",
    "repares": "repairs",
    "repir": "repair",
    "boilor": "boiler",
    "bioler": "boiler",
    "boilers": "boiler",
    "raditor": "radiator",
    "radiater": "radiator",
    "radiators": "radiator",
    "rads": "radiator",
    "cieling": "ceiling",
    "celing": "ceiling",
    "seiling": "ceiling",
    "neighbor": "neighbour",
    "neighbors": "neighbours",
    "nieghbour": "neighbour",
    "nieghbours": "neighbours",
    "neighbour's": "neighbours",
    "neigbour": "neighbour",
    "neigbours": "neighbours",
    "bathrom": "bathroom",
    "bathroon": "bathroom",
    "kitchin": "kitchen",
    "windo": "window",
    "winow": "window",
    "appt": "appointment",
    "appts": "appointments",
    "apointment": "appointment",
    "appoinment": "appointment",
    "comunication": "communication",
    "communcation": "communication",
    "complant": "complaint",
    "complaine": "complain",
    "compliant": "complaint",
    "thru": "through",
    "tho": "though",
    "cos": "because",
    "coz": "because",
    "gr8": "great",
    "ta": "thanks",
    "thx": "thanks",
    "pls": "please",
    "plz": "please",
    "u": "you",
    "ur": "your",
    "asap": "urgently",
    "tbh": "honestly",
    "absolutly": "absolutely",
    "definately": "definitely",
    "recieve": "receive",
    "recieved": "received",
    "comming": "coming",
    "monthes": "months",
    "anti-social": "antisocial",
    "emails": "email",
    "texted": "texts",
    "flooded": "flooding",
    "floods": "flooding",
    "flood": "flooding",
    "i'm": "im",
    "im": "im",
    # hazard words as residents spell them
    "moudl": "mould",
    "moold": "mould",
    "heatin": "heating",
    "heatting": "heating",
    "boiller": "boiler",
    "radiaters": "radiator",
    "leccy": "electric",
    "lecky": "electric",
    "sokets": "sockets",
    "sockit": "socket",
    "toliet": "toilet",
    "blockd": "blocked",
    "warter": "water",
    "watter": "water",
    "gass": "gas",
    "smel": "smell",
    "frezing": "freezing",
    "freezin": "freezing",
    "leeking": "leaking",
    "leeks": "leaks",
    "dor": "door",
    "violance": "violence",
    "harrasing": "harassing",
    "harrassing": "harassing",
    "harrassment": "harassment",
    "sucidal": "suicidal",
    "suicidle": "suicidal",
    "bannister": "banister",
    "bannisters": "banisters",
    "asbestoss": "asbestos",
    "cockroachs": "cockroaches",
    "cockroches": "cockroaches",
    "stairwel": "stairwell",
    "wokring": "working",
    "trippin": "tripping",
}

# Apostrophes are dropped so that "isn't", "isnt" and "isn t" all read the same.
_APOSTROPHES = str.maketrans({"'": "", "\u2019": "", "\u2018": ""})

# The words worth catching when misspelt: long, specific to housing, and not one slip away
# from an everyday word. A slip is only folded when its first letter is right.
FUZZY_KEYWORDS = frozenset(
    _words("""
    mould mouldy damp disrepair condensation repair repairs repaired boiler radiator
    radiators ceiling neighbour neighbours neighbourhood contractor contractors
    appointment appointments communication complaint complaints plumber electrician
    bathroom kitchen window windows caretaker communal stairwell surveyor landlord
    maintenance emergency engineer housing rubbish respect dismissive disgusting
    absolutely terrible horrible excellent brilliant extractor guttering heating
    antisocial behaviour cockroaches electrics electrical sockets asbestos leaking
    flooding smoke alarm scaffolding compensation ombudsman escalated disgrace
    freezing sewage cockroach monoxide banister handrail suicidal harassing harassment
    violence threatening intercom wiring plaster collapsed overflowing blocked toilet
    restrictor radiators leaking
    """)
)

# Common English words one slip away from a keyword: never "corrected" into it.
_REAL_WORDS = frozenset(
    _words("""
    eating heading beating seating seated heated heater heaters hearing wearing bearing
    leading reading pleading repaid repairs repaint prepare prepared compare compared
    would could should mould world bould molten holder bolder colder folder older boiled
    boiling toilet toilets coiled spoiled spoiler soiled ceilings sealing selling telling
    feeling failing filling falling wailing hailing dealing mailing railing sailing
    neighbourly neighbourhood neighbourhoods computer complaint complain complaints
    compliant complained windows widow window winding wonder windy sundown dampen damper
    stamp stump tramp cramp camp lamp ramp dump dumped clamp plumb plumber plumbers
    plumbing number numbers lumber slumber summer hammer letter letters better bitter
    latter matter butter setter litter utter hotter rotten bitten kitten mitten written
    ceiling sealed stairs stars chairs chair hairs pairs repair fairs years tears bears
    months mouths moths mother bother brother heating waiting writing wasting hating
    rating dating gating mating lasting casting posting pasting hosting tasting
    """)
)


def words_of(text: str) -> list[str]:
    """The comment's words and break marks, lower case, apostrophes dropped, variants folded."""
    tokens = _TOKEN.findall(text.lower().replace("\u2019", "'"))
    variants = VARIANTS
    return [
        variants.get(token, token).replace("'", "") if "'" in token else variants.get(token, token)
        for token in tokens
    ]


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class SpellingFolder:
    """Folds a word one slip away from a keyword onto that keyword (a SymSpell-style index)."""

    def __init__(self, keywords: set[str], *, min_length: int = 5):
        self.keywords = frozenset(keywords)
        self.min_length = min_length
        self._index: dict[str, str] = {}
        for keyword in sorted(keywords):
            if len(keyword) < min_length or not keyword.isalpha():
                continue
            for variant in deletions(keyword):
                # A deletion shared by two keywords is ambiguous: keep neither.
                if self._index.get(variant, keyword) != keyword:
                    self._index[variant] = ""
                else:
                    self._index[variant] = keyword
            self._index[keyword] = keyword
        self.fold = lru_cache(maxsize=200_000)(self._fold)

    def _fold(self, word: str) -> str:
        if (
            word in self.keywords
            or len(word) < self.min_length
            or word in _REAL_WORDS
            or not word.isalpha()
        ):
            return word
        for variant in (word, *deletions(word)):
            found = self._index.get(variant)
            if found and found[0] == word[0]:
                return found
        return word
