"""The default coder: transparent phrase rules that say which words made each theme.

How a comment is read:

1. Its words are folded to one spelling (``text.words_of`` and ``text.SpellingFolder``).
2. Every theme phrase, sentiment phrase and hazard phrase is looked for in one pass.
   Pattern language: words separated by spaces; ``word*`` matches any word starting with
   ``word``; ``_`` matches any one word; in hazard rules ``A + B`` means A and B both in one
   sentence.
3. A theme or hazard phrase just after a negator ("not damp", "never had any mould") is
   cancelled; the sentiment of a word after a negator within the clause is turned round
   ("not good" is negative, "no problems" positive).
4. Sentiment is scored per clause; what follows "but" weighs double. Each theme mention
   takes the sentiment of the clauses it was found in (or of its sentence when those are
   neutral).
5. Hazard flags: every HHSRS hazard and safeguarding, from the phrases file
   (``data/hazard_phrases.csv``, read by ``framework.read_hazard_phrases``). A hazard in a
   sentence that says it has been put right ("sorted", "made safe", "hasn't come back")
   is not flagged, unless it also says it is back ("still", "again") or the putting right
   comes before a "but"; "needs to be fixed" is not put right. Safeguarding phrases are
   never cancelled by a negator. Some safeguarding phrases ("I'm 84", "my baby") flag only
   beside a hazard or in an unhappy comment.

Nothing here touches the database: ``RuleCoder`` is built from plain theme definitions
(the default framework in code, or the active version in the database, see
``services.build_coder``).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from doorstep.voice.framework import (
    DEFAULT_THEMES,
    HAZARDS,
    NOT_ABOUT_THEME,
    SAFEGUARDING,
    UNHAPPY,
    HazardDefinition,
    flag_label,
)
from doorstep.voice.redact import looks_like_named_person
from doorstep.voice.sentiment import (
    AFTER_BUT_WEIGHT,
    COMMENT_THRESHOLD,
    NEGATION_FILLERS,
    NEGATIVE,
    NEGATORS,
    POSITIVE,
    PROBLEM_WORDS,
)
from doorstep.voice.text import (
    CLAUSE_BREAKS,
    FUZZY_KEYWORDS,
    SENTENCE_BREAKS,
    SpellingFolder,
    words_of,
)


def _words(text: str) -> list[str]:
    # Word lists are kept as blocks of text: easier to read and extend than quoted lists.
    return text.split()


POSITIVE_LABEL, NEUTRAL_LABEL, NEGATIVE_LABEL = "positive", "neutral", "negative"
OTHER = "other"
NAMED_PERSON = "someone_named"
NEGATION_WINDOW = 5
CONTRASTS = frozenset({"but", "however", "although", "though", "whereas", "except", "apart"})
SENTIMENT_NEGATION_WINDOW = 3

RESOLVED = (
    "sorted",
    "fixed",
    "resolved",
    "treated",
    "cured",
    "gone now",
    "all gone",
    "gone away",
    "stopped leaking",
    "solved",
    "no problems since",
    "no problem since",
    "not come back",
    "hasnt come back",
    "havent come back",
    "not returned",
    "no longer a problem",
    "no longer an issue",
    "dealt with",
    "made safe",
    "was repaired",
    "were repaired",
    "been repaired",
    "repaired within",
    "repaired the",
    "cleared",
    "unblocked",
    "got rid of",
    "replaced them",
    "replaced it",
    "reconnected",
    "dried out",
    "came back clear",
    "all good now",
    "fine now",
    "working again",
    "works again",
    "was changed",
    "been fine",
    "cleaned it",
    "replaced the",
    "stopped the",
    "there used to be",
    "we used to have",
    "i used to have",
    "we used to get",
    "i used to get",
    "not anymore",
    "gone since",
    "stopped since",
    "fine since",
    "has stopped",
    "have stopped",
    "stopped now",
    "dry now",
)
# "Has stopped working" is a breakdown, not a putting right: a word of putting right that
# ends in "stopped" does not count before a word ending in -ing ("stopped leaking" is its
# own phrase above).
STOPPED = "stopped"
# Before a word of putting right, these say it has not been put right yet.
NOT_YET = frozenset(
    _words("""
    need needs needed to want wants wanted waiting wait asked ask asking please pls if
    until unless get getting supposed should meant promised tried trying
    """)
)
RESOLVED_WINDOW = 3
# The look-back for "not yet" stops at the subject of the putting right: in "I have to say
# they sorted the damp" the "to" belongs to "have to say", not to "sorted".
SUBJECTS = frozenset(_words("i we they he she you"))
# The landlord came or acted ("the damp surveyor came quickly, thank you", "engineer was
# here in an hour"). In a sentence with one of these, in a comment that gives thanks or
# praise and says nothing bad beside the hazard's own words, the hazard is one dealt with,
# not one to follow up; see RuleCoder._thanked_for.
RESPONDED = (
    "came",
    "come out",
    "came out",
    "came round",
    "coming out",
    "coming round",
    "coming about",
    "visited",
    "attended",
    "sent",
    "sending",
    "sprayed",
    "inspected",
    "surveyed",
    "was here",
    "were here",
    "arrived",
    "turned up",
    "responded",
    "fitted",
    "installed",
    "put in",
)
# Words that say the hazard is there now ("there is mould", "it is spreading"): a thank-you
# does not cancel it.
PRESENT = (
    "theres",
    "there is",
    "there are",
    "spreading",
    "everywhere",
    "all over",
    "getting",
    "growing",
    "keeps",
)
RECURRING = (
    "its back",
    "is back",
    "back again",
    "came back",
    "comes back",
    "coming back",
    "come back",
    "again",
    "still",
    "returned",
    "returning",
    "keeps",
    "every winter",
)


@dataclass(frozen=True)
class ThemeMention:
    code: str
    sentiment: str
    matched: tuple[str, ...]


@dataclass(frozen=True)
class HazardMention:
    """One flag: an HHSRS hazard code or ``safeguarding`` (with a sub-kind), and why."""

    kind: str
    matched: tuple[str, ...]
    sub_kind: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.sub_kind}" if self.sub_kind else self.kind

    @property
    def label(self) -> str:
        return flag_label(self.kind, self.sub_kind)


@dataclass(frozen=True)
class Coding:
    """What the coder made of one comment."""

    themes: tuple[ThemeMention, ...]
    sentiment: str
    score: float
    hazards: tuple[HazardMention, ...] = field(default=())

    @property
    def theme_codes(self) -> tuple[str, ...]:
        return tuple(mention.code for mention in self.themes)

    @property
    def hazard_kinds(self) -> tuple[str, ...]:
        """The flags' kinds, each once (HHSRS codes and ``safeguarding``)."""
        return tuple(dict.fromkeys(mention.kind for mention in self.hazards))

    @property
    def hazard_keys(self) -> tuple[str, ...]:
        """Kinds with the safeguarding sub-kind: ``fire``, ``safeguarding:self_harm``."""
        return tuple(mention.key for mention in self.hazards)


@dataclass(frozen=True)
class _Pattern:
    elements: tuple[str, ...]
    what: str  # "theme", "sentiment", "hazard", "resolved", "recurring"
    name: str = ""
    weight: float = 0.0
    # hazard phrases: every (rule, part of an "A + B" rule, flag key) the words stand for;
    # the same words in many rules are matched once.
    targets: tuple[tuple[int, int, str], ...] = ()
    negatable: bool = False


def _elements(phrase: str) -> tuple[str, ...]:
    return tuple(words_of_pattern(phrase))


def _theme_pattern(code: str, phrase: str) -> _Pattern:
    """``~phrase``: cancelled by a negator before it; ``-phrase``: stops the theme's other
    phrases from counting where it matches ("-through the roof" for home_condition)."""
    phrase = phrase.strip()
    if phrase.startswith("-"):
        return _Pattern(_elements(phrase[1:]), "theme_block", code)
    if phrase.startswith("~"):
        return _Pattern(_elements(phrase[1:]), "theme", code, negatable=True)
    return _Pattern(_elements(phrase), "theme", code)


def words_of_pattern(phrase: str) -> list[str]:
    # Patterns go through the same folding as comments, keeping * and _ as written.
    out = []
    for raw in phrase.lower().split():
        if raw in ("_", "£") or raw.endswith("*"):
            out.append(raw.replace("'", ""))
        else:
            out.extend(words_of(raw) or [raw])
    return out


class RuleCoder:
    name = "rules"

    def __init__(
        self,
        *,
        theme_phrases: Mapping[str, Iterable[str]] | None = None,
        hazards: Iterable[HazardDefinition] = HAZARDS,
    ):
        if theme_phrases is None:
            theme_phrases = {theme.code: theme.phrases for theme in DEFAULT_THEMES}
        self.theme_codes = tuple(code for code in theme_phrases if code != OTHER)
        self.hazards = tuple(hazards)
        self._hazard_rules: list[tuple[HazardDefinition, int]] = []  # definition, parts
        patterns: list[_Pattern] = []
        for code, phrases in theme_phrases.items():
            patterns += [_theme_pattern(code, phrase) for phrase in phrases if phrase.strip()]
        for phrase, weight in POSITIVE.items():
            patterns.append(_Pattern(_elements(phrase), "sentiment", weight=weight))
        for phrase, weight in NEGATIVE.items():
            patterns.append(_Pattern(_elements(phrase), "sentiment", weight=-weight))
        merged: dict[tuple[tuple[str, ...], bool], list[tuple[int, int, str]]] = {}
        for hazard in self.hazards:
            for phrase in hazard.phrases:
                if phrase.startswith("-"):
                    # "-damp surveyor": where it matches, the hazard's phrases do not count.
                    patterns.append(_Pattern(_elements(phrase[1:]), "hazard_block", hazard.key))
                    continue
                parts = [part for part in phrase.split("+") if part.strip()]
                rule = len(self._hazard_rules)
                self._hazard_rules.append((hazard, len(parts)))
                for number, part in enumerate(parts):
                    merged.setdefault((_elements(part), hazard.negatable), []).append(
                        (rule, number, hazard.key)
                    )
        for (elements, negatable), targets in merged.items():
            patterns.append(
                _Pattern(elements, "hazard", negatable=negatable, targets=tuple(targets))
            )
        patterns += [_Pattern(_elements(p), "resolved") for p in RESOLVED]
        patterns += [_Pattern(_elements(p), "recurring") for p in RECURRING]
        patterns += [_Pattern(_elements(p), "responded") for p in RESPONDED]
        patterns += [_Pattern(_elements(p), "present") for p in PRESENT]
        patterns += [
            _Pattern(_elements(phrase), "theme_block", code)
            for code, phrases in NOT_ABOUT_THEME.items()
            for phrase in phrases
        ]
        self._index_patterns(patterns)

    def _index_patterns(self, patterns: list[_Pattern]) -> None:
        # One-word patterns by their word; longer ones by their first two words (most
        # comments share few word pairs with the rules, so few candidates are checked).
        self._singles: dict[str, list[_Pattern]] = defaultdict(list)
        self._pairs: dict[tuple[str, str], list[_Pattern]] = defaultdict(list)
        self._wild_second: dict[str, list[_Pattern]] = defaultdict(list)
        self._prefixes: set[str] = set()
        keywords: set[str] = set()
        for pattern in patterns:
            elements = pattern.elements
            if not elements:
                continue
            if len(elements) == 1:
                self._singles[elements[0]].append(pattern)
            elif elements[1] == "_":
                self._wild_second[elements[0]].append(pattern)
            else:
                self._pairs[(elements[0], elements[1])].append(pattern)
            for element in pattern.elements:
                if element.endswith("*"):
                    self._prefixes.add(element[:-1])
                elif element != "_":
                    keywords.add(element)
        self._folder = SpellingFolder(keywords & FUZZY_KEYWORDS)
        self._keys_cache: dict[str, tuple[str, frozenset[str]]] = {}

    def _read(self, text: str) -> tuple[list[str], list[frozenset[str]]]:
        """The comment's folded words, and the pattern elements each one matches."""
        cache = self._keys_cache
        words, keys = [], []
        for raw in words_of(text):
            known = cache.get(raw)
            if known is None:
                word = self._folder.fold(raw)
                known = cache[raw] = (word, self._keys(word))
            words.append(known[0])
            keys.append(known[1])
        if looks_like_named_person(text):
            words += [".", NAMED_PERSON]
            keys += [frozenset(["."]), self._keys(NAMED_PERSON)]
        return words, keys

    def _keys(self, word: str) -> frozenset[str]:
        """The pattern elements a word matches: itself and every prefix pattern it starts."""
        # "_" too, so that patterns that start with "any word" ("_ weeks") are found.
        wildcard = [] if word in CLAUSE_BREAKS else ["_"]
        return frozenset(
            [word, *wildcard]
            + [prefix + "*" for prefix in self._prefixes if word.startswith(prefix)]
        )

    # -- reading one comment -----------------------------------------------------------

    def code(self, text: str) -> Coding:
        words, keys = self._read(text or "")
        clause_of, sentence_of, weight_of, sentence_of_clause = _structure(words)
        matches = self._matches(words, keys)

        scored = self._sentiment(words, matches, clause_of)
        candidates, put_right = self._hazards(words, matches, sentence_of, scored)
        # A hazard said to be put right is what the sentence is about, not a complaint:
        # "mould sorted now, thanks" is praise, so "mould" counts for nothing there; nor
        # does "damp" in the name of a job or a team ("the damp surveyor").
        scored = [
            (start, end, weight)
            for start, end, weight in scored
            if weight > 0 or put_right.isdisjoint(range(start, end))
        ]
        clause_scores: dict[int, float] = defaultdict(float)
        for start, _, weight in scored:
            clause_scores[clause_of[start]] += weight * weight_of[start]
        score = sum(clause_scores.values())
        sentence_scores: dict[int, float] = defaultdict(float)
        for clause, clause_score in clause_scores.items():
            sentence_scores[sentence_of_clause[clause]] += clause_score
        themes = self._themes(
            words, matches, clause_of, sentence_of_clause, clause_scores, sentence_scores
        )
        hazards = self._flags(*candidates, unhappy=_label(score) == NEGATIVE_LABEL)
        return Coding(
            themes=themes, sentiment=_label(score), score=round(score, 2), hazards=hazards
        )

    def _matches(self, words: list[str], keys: list[frozenset[str]]) -> list[tuple]:
        found = []
        count = len(words)
        singles, pairs, wild = self._singles, self._pairs, self._wild_second
        for start in range(count):
            here = keys[start]
            candidates = []
            for key in here:
                if key in singles:
                    found.extend((start, start + 1, pattern) for pattern in singles[key])
                if key in wild:
                    candidates += wild[key]
                if start + 1 < count:
                    for second in keys[start + 1]:
                        pair = pairs.get((key, second))
                        if pair:
                            candidates += pair
            for pattern in candidates:
                elements = pattern.elements
                end = start + len(elements)
                if end <= count and all(
                    element == "_" or element in keys[start + offset]
                    for offset, element in enumerate(elements[2:], 2)
                ):
                    found.append((start, end, pattern))
        return found

    def _sentiment(self, words, matches, clause_of) -> list[tuple[int, int, float]]:
        """Every sentiment phrase kept, with its weight after negation (before "but")."""
        sentiment = [(s, e, p) for s, e, p in matches if p.what == "sentiment"]
        # The longest phrase wins: "no problems" is one positive, not "no" and "problems".
        sentiment.sort(key=lambda match: (match[0] - match[1], match[0]))
        taken: set[int] = set()
        kept = []
        for start, end, pattern in sentiment:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                kept.append((start, end, pattern))
        used_negators: set[int] = set()
        scored = []
        # A negator turns round the nearest sentiment word after it only: in "didnt
        # understand the problem" it is "understand" that is negated, not "problem".
        sentiment_words = {
            position
            for start, end, _ in kept
            if words[start] not in NEGATORS  # "no one", "never": negators themselves
            for position in range(start, end)
        }
        for start, end, pattern in kept:
            weight = pattern.weight
            if words[start] not in NEGATORS:
                negator = _negator_before(
                    words, start, clause_of, SENTIMENT_NEGATION_WINDOW, sentiment_words
                )
                if negator is not None:
                    used_negators.add(negator)
                    # "not bad" is faint praise; "not good" or "never listen" is plain
                    # criticism, however mild the word that was turned round; "never any
                    # trouble" is plain praise.
                    if weight > 0:
                        weight = -max(weight, 1.0)
                    elif words[start] in PROBLEM_WORDS:
                        weight = max(-weight, 1.0)
                    else:
                        weight = -weight / 2
            scored.append((start, end, weight))
        return [
            (start, end, weight)
            for start, end, weight in scored
            if not (end - start == 1 and start in used_negators)
        ]

    def _themes(
        self, words, matches, clause_of, sentence_of_clause, clause_scores, sentence_scores
    ):
        clauses: dict[str, set[int]] = defaultdict(set)
        matched: dict[str, list[str]] = defaultdict(list)
        blocked = {
            (pattern.name, position)
            for start, end, pattern in matches
            if pattern.what == "theme_block"
            for position in range(start, end)
        }
        for start, end, pattern in matches:
            if pattern.what != "theme":
                continue
            if pattern.negatable and _negated(words, start, clause_of):
                continue
            if any((pattern.name, position) in blocked for position in range(start, end)):
                continue
            clauses[pattern.name].add(clause_of[start])
            phrase = " ".join(words[start:end])
            if phrase not in matched[pattern.name]:
                matched[pattern.name].append(phrase)
        if not clauses:
            return (ThemeMention(OTHER, _label(sum(clause_scores.values())), ()),)
        mentions = []
        for code in self.theme_codes:
            if code not in clauses:
                continue
            score = sum(clause_scores.get(clause, 0.0) for clause in clauses[code])
            if not score:
                sentences = {sentence_of_clause[clause] for clause in clauses[code]}
                score = sum(sentence_scores.get(sentence, 0.0) for sentence in sentences)
            mentions.append(ThemeMention(code, _label(score, threshold=0.5), tuple(matched[code])))
        return tuple(mentions)

    def _hazards(self, words, matches, sentence_of, scored):
        """The flags before the ``when`` rules (see ``_flags``), and the words that name a
        hazard without complaining of one: hazards found to be put right, and the names of
        jobs and teams ("damp surveyor", the hazard phrases file's ``-`` rows)."""
        parts: dict[tuple[int, int], set[int]] = defaultdict(set)  # (rule, sentence) -> parts
        phrases: dict[tuple[int, int], list[str]] = defaultdict(list)
        starts: dict[tuple[int, int], list[int]] = defaultdict(list)
        spans: dict[tuple[int, int], list[range]] = defaultdict(list)
        resolved: dict[int, list[int]] = defaultdict(list)  # sentence -> where it says so
        recurring: set[int] = set()
        responded: set[int] = set()  # sentences saying the landlord came or acted
        present: set[int] = set()  # clauses saying a hazard is there now
        hazard_words: set[int] = set()
        clause_of = _clauses_only(words)
        contrast = _contrast_marks(words)
        blocked = {
            (pattern.name, position)
            for start, end, pattern in matches
            if pattern.what == "hazard_block"
            for position in range(start, end)
        }
        for start, end, pattern in matches:
            sentence = sentence_of[start]
            if pattern.what == "resolved" and not _still_to_do(words, start, clause_of):
                if not _breaks_down(words, end, pattern):
                    resolved[sentence].append(start)
            elif pattern.what == "recurring" and not _negated(words, start, clause_of):
                recurring.add(sentence)
            elif pattern.what == "responded" and not _still_to_do(words, start, clause_of):
                if not _negated(words, start, clause_of):
                    responded.add(sentence)
            elif pattern.what == "present":
                present.add(clause_of[start])
            elif pattern.what == "hazard":
                if pattern.negatable and _negated(words, start, clause_of):
                    continue
                phrase = " ".join(words[start:end])
                for rule, part, key in pattern.targets:
                    if blocked and any((key, at) in blocked for at in range(start, end)):
                        continue
                    parts[(rule, sentence)].add(part)
                    phrases[(rule, sentence)].append(phrase)
                    starts[(rule, sentence)].append(start)
                    spans[(rule, sentence)].append(range(start, end))
                    hazard_words.update(range(start, end))
        thanked = self._thanked_for(
            scored,
            sentence_of,
            hazard_words,
            responded - recurring,
            safeguarding=any(self._hazard_rules[rule][0].kind == SAFEGUARDING for rule, _ in parts),
        )
        put_right: set[int] = set()
        flagged: set[int] = set()
        found: dict[str, list[str]] = {}
        waiting: dict[tuple[str, str], list[str]] = {}  # (key, when): only beside a hazard
        definitions: dict[str, HazardDefinition] = {}
        for (rule, sentence), seen in parts.items():
            hazard, needed = self._hazard_rules[rule]
            if len(seen) < needed:
                continue
            # "They fixed the leak" and "the boiler broke but was repaired the same day" are
            # not hazards now; "they fixed the door but the roof leaks" is: words saying it
            # was put right count for what follows them only up to a "but".
            if hazard.negatable and (
                (
                    sentence not in recurring
                    and any(
                        done > at or contrast[done] == contrast[at]
                        for at in starts[(rule, sentence)]
                        for done in resolved.get(sentence, ())
                    )
                )
                or (
                    sentence in thanked
                    and not any(clause_of[at] in present for at in starts[(rule, sentence)])
                )
            ):
                for span in spans[(rule, sentence)]:
                    put_right.update(span)
                continue
            definitions[hazard.key] = hazard
            for span in spans[(rule, sentence)]:
                flagged.update(span)
            into = (
                waiting.setdefault((hazard.key, hazard.when), [])
                if hazard.when
                else (found.setdefault(hazard.key, []))
            )
            for phrase in phrases[(rule, sentence)]:
                if phrase not in into:
                    into.append(phrase)
        named = {at for _, at in blocked} - flagged
        return (found, waiting, definitions), put_right | named

    def _thanked_for(self, scored, sentence_of, hazard_words, responded, *, safeguarding):
        """The sentences where a hazard is one the landlord came about and was thanked or
        praised for: the comment is positive without the hazard's own words, and nothing
        bad is said in the sentence beside them. Never where a safeguarding phrase is
        found (a thank-you from a resident at risk is still looked at)."""
        if safeguarding or not responded:
            return set()
        outside = [
            (start, weight)
            for start, end, weight in scored
            if hazard_words.isdisjoint(range(start, end))
        ]
        # Positive without the hazard's words, and not unhappy with them: a comment about a
        # hazard still there is unhappy however politely it ends.
        if sum(weight for _, weight in outside) < COMMENT_THRESHOLD or (
            sum(weight for _, _, weight in scored) < 0
        ):
            return set()
        unhappy = {sentence_of[start] for start, weight in outside if weight < 0}
        return responded - unhappy

    def _flags(self, found, waiting, definitions, *, unhappy=False) -> tuple[HazardMention, ...]:
        """Phrases whose ``when`` is ``with_hazard`` flag only beside a hazard flag;
        ``unhappy`` ones ("I'm 84", "my baby") beside a hazard or in a comment that is
        unhappy overall: a vulnerable resident with a problem, not one saying thank you."""
        beside_hazard = any(definitions[key].kind != SAFEGUARDING for key in found)
        for (key, when), words_found in waiting.items():
            if beside_hazard or (unhappy and when == UNHAPPY):
                found.setdefault(key, [])
                found[key] += [w for w in words_found if w not in found[key]]
        order = list(dict.fromkeys(hazard.key for hazard in self.hazards))
        return tuple(
            HazardMention(definitions[key].kind, tuple(found[key]), definitions[key].sub_kind)
            for key in sorted(found, key=order.index)
        )


def _contrast_marks(words: list[str]) -> list[int]:
    """For each word, how many contrast words ("but", "however") came before it."""
    count, out = 0, []
    for word in words:
        if word in CONTRASTS:
            count += 1
        out.append(count)
    return out


def _structure(words: list[str]) -> tuple[list[int], list[int], list[float], dict[int, int]]:
    """Clause and sentence number of every word, and how much its sentiment weighs."""
    clause_of, sentence_of, weight_of = [], [], []
    sentence_of_clause = {0: 0}
    clause = sentence = 0
    weight = 1.0
    for word in words:
        if word in SENTENCE_BREAKS:
            sentence += 1
            clause += 1
            weight = 1.0
        elif word in CLAUSE_BREAKS:
            clause += 1
            if word in ("but", "however"):
                weight = AFTER_BUT_WEIGHT
        clause_of.append(clause)
        sentence_of.append(sentence)
        weight_of.append(weight)
        sentence_of_clause[clause] = sentence
    return clause_of, sentence_of, weight_of, sentence_of_clause


def _clauses_only(words: list[str]) -> list[int]:
    clause, out = 0, []
    for word in words:
        if word in CLAUSE_BREAKS:
            clause += 1
        out.append(clause)
    return out


def _negator_before(words, start, clause_of, window, sentiment_words=frozenset()):
    for position in range(start - 1, max(start - window, 0) - 1, -1):
        if clause_of[position] != clause_of[start]:
            return None
        if words[position] in NEGATORS:
            return position
        if position in sentiment_words:
            return None
    return None


def _breaks_down(words: list[str], end: int, pattern: _Pattern) -> bool:
    """ "Has stopped working": a word of putting right that is a breakdown."""
    return pattern.elements[-1] == STOPPED and end < len(words) and words[end].endswith("ing")


def _still_to_do(words: list[str], start: int, clause_of: list[int]) -> bool:
    """ "Needs to be fixed", "never sorted", "waiting for it to be repaired": words of putting
    right that say it has not been."""
    for position in range(start - 1, max(start - RESOLVED_WINDOW, 0) - 1, -1):
        if clause_of[position] != clause_of[start] or words[position] in SUBJECTS:
            return False
        if words[position] in NOT_YET or words[position] in NEGATORS:
            return True
    return False


def _negated(words: list[str], start: int, clause_of: list[int]) -> bool:
    """A theme or hazard word cancelled by a negator just before it ("no sign of damp")."""
    for position in range(start - 1, max(start - NEGATION_WINDOW, 0) - 1, -1):
        word = words[position]
        if clause_of[position] != clause_of[start]:
            return False
        if word in NEGATORS:
            return True
        if word not in NEGATION_FILLERS:
            return False
    return False


def _label(score: float, *, threshold: float = COMMENT_THRESHOLD) -> str:
    if score >= threshold:
        return POSITIVE_LABEL
    if score <= -threshold:
        return NEGATIVE_LABEL
    return NEUTRAL_LABEL


def code_many(coder, texts: Iterable[str]) -> list[Coding]:
    return [coder.code(text) for text in texts]
