"""Personal data removal for anything shown outside staff (panels, residents, reports).

Replaces emails, UK phone numbers, postcodes, street addresses and flat numbers, Doorstep
and HMS references, and people's names with placeholders: ``[email]``, ``[phone]``,
``[postcode]``, ``[address]``, ``[reference]``, ``[name]``. It errs on the side of removing:
a panel member reading "[name] the caretaker" loses little; a named neighbour in a public
report is a data breach.

Names are found in any casing ("michelle clarke", "SARAH") from name lists (Faker's, with a
supplement) and from the way people introduce a name: after a title ("Mr Okafor"), after a
phrase that introduces a person ("my name is", "spoke to", "ask for", "thanks to", "housing
officer"), before an occupation ("Gary the caretaker"). A capitalised word that is no English
word is taken as a name too. Names that are also ordinary words ("Will", "May", "Mark",
"Grace") are taken only where context says they are names. How well this works, measured
on a labelled set of comments, is in docs/voice-quality.md ("Names in comments").
"""

import re
from pathlib import Path


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
# --- names -----------------------------------------------------------------------------
#
# The name lists are Faker's (PyPI "Faker", MIT licence): first names and surnames of the
# locales whose names are common among residents in England (British, Irish, American,
# South Asian, Nigerian and Ghanaian English, Polish, Romanian, Lithuanian, Portuguese,
# Italian, Spanish, French, Turkish, Irish and Hindi in Latin script). Names that are also
# ordinary words ("will", "may", "green") are found with data/english_words.txt.gz.

_LOCALES = ("en_GB", "en_US", "en_IE", "en_IN", "en_PK", "en_NG", "pl_PL", "ro_RO", "lt_LT",
            "yo_NG", "ig_NG", "tw_GH", "pt_PT", "it_IT", "es_ES", "fr_FR", "tr_TR", "ga_IE",
            "hi_IN")  # fmt: skip
# Added in December 2026 for wider coverage (Kenyan, New Zealand, Hausa, Zulu, Czech, Slovak,
# Hungarian, Croatian, Latvian): only their names that are no English word are used, so
# that "said" or "made" (Kenyan and Balinese names) stay words.
_MORE_LOCALES = ("en_KE", "en_NZ", "ha_NG", "zu_ZA", "cs_CZ", "sk_SK", "hu_HU", "hr_HR",
                 "lv_LV")
_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-žȘșȚț"
_NAME_SHAPE = re.compile(rf"^[{_LETTERS}'\-]+$")
_TOKEN = re.compile(rf"[{_LETTERS}]+(?:['’\-][{_LETTERS}]+)*")

# Taken as ordinary words even though a list has them as names: the calendar, nationalities
# and languages, and words residents use about their home.
_NOT_NAMES = frozenset(_words("""
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas easter eid diwali
    english british welsh scottish irish polish romanian somali urdu arabic african asian
    god lord council housing estate block tower flat home repairs landlord association
    okay ok hi hello dear sir madam bathroom kitchen bedroom boiler window door roof
    pls plz ur thx ty tbh lol omg cos coz cuz bc innit dunno asap fyi btw msg txt ppl
    probs tmrw tmw luv idk wat tht nd bk aint summat owt nowt hiya yeah yep nope yh ta
    """))


# First names common in England that Faker's lists lack (Arabic, Somali, Bengali, Urdu,
# Punjabi, Yoruba, Igbo, Akan, Shona, Polish and Romanian diminutives, British short forms),
# written for Doorstep from general knowledge of names; not a list of real people.
_MORE_FIRST_NAMES = frozenset(_words("""
    aisha ayesha aysha fatima fatimah fatma khadija khadijah maryam mariam zainab zaynab
    amina aminah hafsa hamza yusuf yousef yusuf ibrahim ismail ismael idris ilyas omar umar
    osman usman uthman bilal hassan hussain hussein husna hana hanna hina farah fareeha sadia
    saima salma samina shazia shabana nasreen nazia nadia rukhsana rubina tahira tasneem
    tanvir tariq asif arif imran irfan kamran faisal fahad zubair zahid zaheer junaid javed
    waqas wasim naveed nadeem shahid sajid rashid rizwan adnan anwar akbar aslam ayub yasmin
    yasmeen yasmine sumaya sumaiya safiya sana sanaa iqra alisha anisa anisah halima abdi
    abdullahi abdirahman abdulahi mohamud mohamed mohammad muhammad mahamed hodan hibo
    ifrah ikram ilhan sagal sahra warsame liban nasra ubah deqa ayaan farhan rahim rahima
    shirin shireen parveen rehana sunita sunil suresh rajesh ramesh rakesh mahesh dinesh
    ganesh harpreet gurpreet manpreet jaspreet kuldeep navdeep sukhwinder baljit harjit
    jaswinder kamaljit parminder rupinder amrit simran priti preeti pooja puja neha nisha
    anjali anita asha geeta gita kavita lata meena rekha seema shanti usha vandana ravi
    vijay ajay sanjay arjun rohan rahul vikram anil ashok deepak pradeep sandeep kiran
    tunde tunji tope tobi tolu toyin funmi funke bukola bukky bisi bola dayo dapo ade
    adeola ademola adebayo ayo ayodele yemi yewande kemi kehinde taiwo femi folake
    chioma chinedu chidi chika chinwe ngozi nkechi obinna ifeanyi emeka uche nnamdi
    kwame kwabena kwaku kwasi kofi kojo kobina yaw akosua abena afia efua esi ama adwoa
    akua yaa tendai tatenda farai chipo rutendo blessing precious
    kasia gosia basia ania ola ela magda marta zosia kuba bartek wojtek piotrek tomek
    ionut ionela florin mihai andrei alina bianca raluca
    amir amira amina jamal jamila karim karima latif laila leila layla malik nabil nour
    rami rania reem samir samira tarek walid yasin yassin zara zahra zaid zak zack
    bev debs deb jax kaz baz daz gaz shaz maz lou mo mags becks bex
    andy tony rob bob mike mick steve stevie chris dave davey jim jimmy tom tommy ben sam
    dan danny matt nick pete phil tim ed eddie joe jon ken kenny ron ronnie ray roy sue
    pat viv val liz lizzie beth kate katie jen jenny jess jo kim meg pam sal tess di ali
    alf bert fred freddie harry charlie alfie archie stan vic reg sid les ted terry gerry
    jackie jacqui jacky mandy sandy cath cathy kath kathy trish tricia sharon shaz nicky
    vicky becky bec em emmy ellie millie molly polly sadie rosie josie jodie jody
    surinder narinder mohinder davinder balwinder harvinder jasbir jagdish kulwant gurdeep
    harjinder inderjit paramjit sukhdev amarjit ranjit satnam gurmeet jaswant daljit
    sukhjinder manjit rajvinder jatinder tarsem balbir lakhbir karamjit kulbir
    abdul shamim rubel shapla nazmul mizanur habib runa rokeya shahana jahanara
    bhavesh hitesh jignesh nilesh kalpesh mitesh paresh rupal hetal bhavna nimisha
    dipesh yogesh mukesh hemant pravin bharat jayesh sangita smita hema jyoti
    senthil murugan karthik lakshmi priya thilak niroshan tharshan kajan
    tesfaye yonas selam haile mulu tsegay ermias abebe almaz meron
    chukwuma chinonso ikenna kelechi oluwaseun seun segun sola wale kunle lanre gbenga
    adaeze amaka ebere nneka ifeoma olamide tomiwa temitope busola abimbola
    kofi yaw nana kojo ekow fiifi kwesi akwasi ama esi
    georgi dimitar stoyan petar boyan svetlana desislava tsvetelina yordan hristo
    jiri lukas zuzana laszlo zoltan istvan gabor zsofia erzsebet arben besnik drita
    fatos ermal dritan blerta valbona gjergj
    siobhan niamh aoife saoirse ciaran eoin oisin padraig seamus sinead grainne roisin
    caoimhe cathal donal fionnuala orla aisling clodagh deirdre dervla mairead oonagh
    """))


def _english_words() -> frozenset:
    import gzip

    with gzip.open(Path(__file__).parent / "data" / "english_words.txt.gz", "rt") as file:
        return frozenset(line.strip() for line in file if line.strip())


# Ordinary English words (SCOWL's British English list, lower-case entries only; see
# data/english_words.LICENCE.txt): what a capitalised word is checked against.
ENGLISH_WORDS = _english_words()


def _load_names() -> tuple[frozenset, frozenset, frozenset]:
    import importlib

    first, last = set(), set()
    for locale in _LOCALES + _MORE_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female",
                          "first_names_nonbinary"):
            first |= {n.casefold() for n in getattr(provider, attribute, ()) if
                      _NAME_SHAPE.match(n)}
        last |= {n.casefold() for n in getattr(provider, "last_names", ()) if
                 _NAME_SHAPE.match(n)}
        if locale in _LOCALES:
            known_first, known_last = set(first), set(last)
    first = known_first | (first - ENGLISH_WORDS)
    last = known_last | (last - ENGLISH_WORDS)
    names = first | _MORE_FIRST_NAMES | last
    return frozenset(first | _MORE_FIRST_NAMES), frozenset(last), frozenset(
        (names & ENGLISH_WORDS) | _NOT_NAMES)


FIRST_NAMES, SURNAMES, NAME_WORDS = _load_names()
_NAMES = FIRST_NAMES | SURNAMES

_TITLES = frozenset(_words("mr mrs ms miss mx dr"))
# Words after which a person's name is expected ("spoke to Sarah", "ask for Dave", "housing
# officer Mr Patel", "thanks to Jo"): a name here is taken in any casing, even one that is
# also a word ("spoke to mark").
_STRONG_CUES = [tuple(cue.split()) for cue in """
    my name is|name is|names are|thank you so much|thanks so much|thank you very much|
    thanks very much|thanks a lot|i am called|ask for|asked for|asking for|spoke to|spoke with|
    speak to|speak with|speaking to|spoken to|talked to|talk to|talking to|thanks to|thank you|
    thanks|cheers|regards|many thanks|officer|caretaker|manager|contractor|neighbour|engineer|
    plumber|electrician|surveyor|operative|cleaner|handyman|gardener|worker|advisor|adviser|
    agent|warden|coordinator|co-ordinator|lady called|man called|guy called|bloke called|
    someone called|somebody called|woman called|girl called|boy called|lad called|chap called|
    fella called|lady named|man named|thank u|thanku|ask|tell|told|thank|
    emailed|email|phoned|rang|
    son|daughter|husband|wife|partner|mum|dad|brother|sister|grandson|granddaughter|carer|
    dealt with|helped by|visited by|seen by|sent by|sorted by|signed|love
    """.replace("\n", " ").split("|")]
_STRONG_CUES = sorted({cue for cue in _STRONG_CUES if cue}, key=len, reverse=True)
# Words after which a name is likely but an ordinary word as likely ("I am Sarah", "I am
# disabled"): only a name that is not also a word is taken.
_WEAK_CUES = [tuple(cue.split()) for cue in ("called", "named", "i am", "i'm", "im",
                                               "this is", "it's", "its", "and", "with")]
# Requests and addresses ("please can X", "can X call me", "get X to", "hi X", "ring X",
# "passed to X", "was X who"): a name there is often lower case and on no list, so here a
# word that is no English word is taken too, as after the weak cues.
_WEAK_CUES += [tuple(cue.split()) for cue in """
    can|could|please|get|let|contact|call|ring|phone|text|message|chase|remind|from|to|by|
    via|cc|met|saw|see|hi|hello|hiya|dear|hey|morning|afternoon|evening|ta|thx|for|
    asked|asking|tell|telling|told|informed|promised|wait for|waiting for|or
    """.replace("\n", " ").split("|") if cue.strip()]
_WEAK_CUES = sorted(set(_WEAK_CUES), key=len, reverse=True)
# What a person does or where they work, after a name ("rajinder said", "X from the office",
# "it was X who"): a word that is no English word before these is taken as a name.
_AFTER_A_PERSON = frozenset(_words("""
    said says told came rang called phoned promised emailed texted sent fixed visited turned
    never who keeps kept left sorted helped arrived explained agreed asked wrote replied
    responded reckons reckoned mentioned insisted refused knows knew
    """))
_WORKS_AT = [tuple(cue.split()) for cue in """
    from the office|from the council|from repairs|from housing|from customer|from the repairs|
    from the housing|from the contractor|from the team|from the landlord|from the association|
    at the office|in the office|in repairs|in housing|at the council|from the call centre|
    from the estate|on reception|at reception
    """.replace("\n", " ").split("|") if cue.strip()]
# Never a name after a cue: "spoke to someone", "ask for help", "thanks to the team".
_STOP = frozenset(_words("""
    the a an my your his her their our its this that these those them him he she they we us
    me you i it someone somebody anyone anybody everyone everybody nobody noone no one help
    advice again back more some any all every each other another about for to from at in on
    of and or but so very much many lot lots today yesterday tomorrow now then there here
    what when where who which how why if not please sorry yes be been was is are were had
    has have do did does done get got can could would should will just also too as by up
    out over after before being still never ever always even only really well good great
    """))


# Verbs that follow a name and are never one here, though a list has some ("Said" is a
# Turkish and Arabic name, "Ring" a surname): "the engineer said", "can jo ring me".
_STOP = _STOP | _AFTER_A_PERSON | frozenset(_words("ring call phone text come email"))


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


_CUES_BY_LAST_WORD: dict = {}  # the cues of each list by their last word, for speed


def _after_cue(tokens, i, text, cues) -> bool:
    """Whether tokens[i] follows one of ``cues``, with only spaces, a comma or a colon
    between (``thanks, Dave``; ``officer: Mr Patel``)."""
    if i == 0:
        return False
    by_last = _CUES_BY_LAST_WORD.get(id(cues))
    if by_last is None:
        by_last = _CUES_BY_LAST_WORD[id(cues)] = {}
        for cue in cues:
            by_last.setdefault(cue[-1], []).append(cue)
    for cue in by_last.get(tokens[i - 1].group(0).casefold().replace("’", "'"), ()):
        n = len(cue)
        if i < n:
            continue
        before = [t.group(0).casefold().replace("’", "'") for t in tokens[i - n:i]]
        if tuple(before) != cue:
            continue
        gaps = [text[tokens[k].end():tokens[k + 1].start()] for k in range(i - n, i)]
        if all(re.fullmatch(r"\s*[,:]?\s*", gap) for gap in gaps[:-1]) and re.fullmatch(
                r"[\s,:\-]*", gaps[-1]):
            return True
    return False


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


_STREETS = frozenset(_STREET_WORDS.split("|"))
_PLACES = frozenset(_words("""
    depot yard centre center offices school college surgery station shop shops store stores
    market library church mosque temple lodge industrial retail
    """))


def _names_a_place(tokens, i, text) -> bool:
    """ "Curtis Street", "Sutton depot", "Fletcher's yard": a name-like word before a word
    for a place (a street's when capitalised: "Gillian close" is not a street) names the
    place, not a person. A street address with a number is removed as [address] anyway."""
    if i + 1 >= len(tokens) or not re.fullmatch(r"\s+", text[tokens[i].end():
                                                              tokens[i + 1].start()]):
        return False
    after = tokens[i + 1].group(0)
    return after.casefold() in _PLACES or (_capitalised(after) and after.casefold() in _STREETS)


def _unknown(key: str) -> bool:
    """Not an English word, nor one of the words never taken as names ("there's" is
    "there" with a contraction)."""
    base = re.split(r"['’]", key)[0]
    return len(base) > 1 and base not in ENGLISH_WORDS and base not in _NOT_NAMES


# First names that are English words too, but far more often names when capitalised:
# "Carol", "Martin", "Jasmine", "Roger" (unlike "Grace", "Hope", "Mark" or "Will").
_MOSTLY_NAMES = frozenset(_words("""
    amir becks billy bobby bola bonnie brad brogan cal carol colleen deb debs derrick ed em
    ester felicity flora florin hector harry jasmine jimmy john josh ken lee maria margarita
    martin meg mike mo nadir paschal patty peter phoebe rick roger terry tom tony yaw
    """))


def _is_name_start(tokens, i, text) -> bool:
    word = tokens[i].group(0)
    key = word.casefold()
    if key in _STOP or key in _NOT_NAMES:
        return False
    gap = text[tokens[i - 1].end():tokens[i].start()] if i > 0 else ""
    if i > 0 and tokens[i - 1].group(0).casefold() in _TITLES and re.fullmatch(r"\.?\s+", gap):
        return _capitalised(word) or key in _NAMES or _unknown(key)
    if _after_cue(tokens, i, text, _STRONG_CUES):
        if key in _NAMES and key not in NAME_WORDS:
            return True
        if key in FIRST_NAMES:
            # "spoke to mark"; but not "the surveyor, said it was..."
            return bool(re.fullmatch(r"\s+", gap))
        if _capitalised(word) and not word.isupper():
            # "my daughter Precious": after "my son", a capitalised word is a name.
            return key not in ENGLISH_WORDS or _after_cue(tokens, i, text, _FAMILY)
        return _unknown(key)  # "thanks elif"
    if _after_cue(tokens, i, text, _WEAK_CUES) and (
            (key in _NAMES and key not in NAME_WORDS) or _unknown(key)):
        return True
    if _names_a_place(tokens, i, text):
        return False
    if _signs_off(tokens, i, text) and (key in FIRST_NAMES or (key in _NAMES and key not in
                                                                NAME_WORDS) or _unknown(key)):
        return True
    if _works_at(tokens, i, text) and (key in FIRST_NAMES or _unknown(key)):
        return True
    if key in NAME_WORDS:
        if key in _MOSTLY_NAMES and _capitalised(word) and not word.isupper():
            return True
        return key in FIRST_NAMES and _word_that_is_a_name(tokens, i, text)
    if key in FIRST_NAMES:
        return True
    if key in SURNAMES and _capitalised(word):
        return True
    # A capitalised word that is no English word is a proper noun, most often a person
    # ("Jayden", "Okonkwo"); a place ("Leeds") is removed too: better than a name left in.
    if _capitalised(word) and not word.isupper() and _unknown(key):
        return True
    # "rajinder said", "it was mehmet who": a word on no list and in no dictionary, before
    # what a person does.
    if not _unknown(key):
        return False
    if _before(tokens, i, text, _AFTER_A_PERSON):
        return True
    # "jadwiga kowalczyk in flat 9": before a surname or another word on no list.
    if i + 1 < len(tokens) and re.fullmatch(r"[ \t]+", text[tokens[i].end():
                                                             tokens[i + 1].start()]):
        nxt = tokens[i + 1].group(0).casefold()
        if (nxt in SURNAMES and nxt not in NAME_WORDS) or (_unknown(nxt) and
                                                           nxt not in FIRST_NAMES):
            return True
    # "nadezhda is the best", "adaobi and her team": at the start of a sentence, before a
    # word that follows a person; "the man who came, deshawn, was": between commas.
    before = text[:tokens[i].start()].rstrip()
    if (not before or before[-1] in ".!?\n") and _before(tokens, i, text, _AT_START_BEFORE):
        return True
    return before.endswith(",") and text[tokens[i].end():tokens[i].end() + 1] == ","


_FAMILY = [tuple(cue.split()) for cue in """
    my son|my daughter|my husband|my wife|my partner|my mum|my dad|my brother|my sister|
    my grandson|my granddaughter|my neighbour|our son|our daughter|our neighbour
    """.replace("\n", " ").split("|") if cue.strip()]
_AT_START_BEFORE = frozenset(_words("""
    is was has had and dealt did does will can could would always really has hasn't isn't
    wasn't didn't doesn't
    """))


def _before(tokens, i, text, words) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].group(0).casefold() in words and re.fullmatch(
        r"\s+", text[tokens[i].end():tokens[i + 1].start()]) is not None


def _works_at(tokens, i, text) -> bool:
    """ "rosemary from the office", "X in repairs": the words after say it is a person."""
    if i + 1 >= len(tokens) or tokens[i + 1].group(0).casefold() not in ("from", "at", "in",
                                                                        "on"):
        return False
    following = tuple(t.group(0).casefold() for t in tokens[i + 1:i + 5])
    if not re.fullmatch(r"\s+", text[tokens[i].end():
                                                               tokens[i + 1].start()]):
        return False
    return any(following[:len(cue)] == cue for cue in _WORKS_AT)


def _signs_off(tokens, i, text) -> bool:
    """A sign-off at the end: "... - rajinder", "-- Mary Jones x", or a name on a line of
    its own at the end."""
    if len(tokens) - i > 3 or i == 0:
        return False
    gap = text[tokens[i - 1].end():tokens[i].start()]
    if not re.fullmatch(r"[\s.,!]*(?:[-–—~]+|\n)\s*", gap):
        return False
    rest = [t.group(0).casefold() for t in tokens[i + 1:]]
    return len(rest) <= 1 or all(w in _NAMES or _unknown(w) or w in ("x", "xx", "xxx")
                                 for w in rest)


_OCCUPATIONS = frozenset(_words("""
    caretaker officer manager contractor engineer plumber electrician surveyor operative
    cleaner handyman gardener worker advisor adviser agent warden coordinator receptionist
    joiner carpenter roofer painter decorator builder fitter inspector
    """))


def _word_that_is_a_name(tokens, i, text) -> bool:
    """A first name that is also a word ("Will", "Grace", "rob") is taken as a name when:
    a surname that is not a word follows ("Mark Davies", "tony mitchell"); an occupation
    follows ("Grace the gas engineer"); or it is capitalised mid-sentence, where a word
    would not be ("thank Martin for", "Debbie and Grace")."""
    word = tokens[i].group(0)
    nxt = tokens[i + 1].group(0).casefold() if i + 1 < len(tokens) else ""
    if nxt in SURNAMES and nxt not in NAME_WORDS and re.fullmatch(
            r"\s+", text[tokens[i].end():tokens[i + 1].start()]):
        return True
    following = [t.group(0).casefold() for t in tokens[i + 1:i + 5]]
    if following[:1] == ["the"] and any(w in _OCCUPATIONS for w in following[1:]):
        return True
    if not _capitalised(word) or word.isupper():
        return False
    before = text[:tokens[i].start()].rstrip()
    sentence_start = not before or before[-1] in ".!?:;\n\"(-" or before.endswith("...")
    return not sentence_start


def _continues_name(tokens, i, text) -> bool:
    """Whether tokens[i] carries on the name just before it ("michelle clarke")."""
    if not re.fullmatch(r"[ \t]+|-", text[tokens[i - 1].end():tokens[i].start()]):
        return False
    word = tokens[i].group(0)
    key = word.casefold()
    if key in _STOP or key in _NOT_NAMES:
        return False
    if _capitalised(word):
        return key in _NAMES or key not in NAME_WORDS
    if key in _NAMES and key not in NAME_WORDS:
        return True
    # "michelle clarke", "fatima brown", "elif grabowski": in a name written all in lower
    # case, a surname even when it is a word, or any word that is not English; after
    # "Tracey", "ring" is a word ("Can Tracey ring me back").
    if _capitalised(tokens[i - 1].group(0)):
        return False
    return key in SURNAMES or _unknown(key)


def name_spans(text: str) -> list[tuple[int, int]]:
    """Where people's names are in ``text``: (start, end) of each, a full name as one."""
    tokens = _tokens(text)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].group(0).casefold()
        if word in _TITLES and i + 1 < len(tokens) and _is_name_start(tokens, i + 1, text):
            start, i = tokens[i].start(), i + 1
        elif _is_name_start(tokens, i, text):
            start = tokens[i].start()
        else:
            i += 1
            continue
        end = tokens[i].end()
        i += 1
        while i < len(tokens) and _continues_name(tokens, i, text):
            end = tokens[i].end()
            i += 1
        spans.append((start, end))
    return spans


def redact_names(text: str) -> str:
    out, last = [], 0
    for start, end in name_spans(text):
        if text[max(start - 1, 0):start] == "[" and text[end:end + 1] == "]":
            continue  # a placeholder already there: "[address]"
        out.append(text[last:start])
        out.append("[name]")
        last = end
    out.append(text[last:])
    return "".join(out)


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
    return redact_names(text)


def looks_like_named_person(text: str) -> bool:
    """Whether the comment names someone (used by the coder: named staff are praised or blamed)."""
    return bool(name_spans(text or ""))


# --- measuring name redaction (docs/voice-quality.md, "Names in comments") ----------------

LABELLED_SET = Path(__file__).parent / "data" / "redaction_comments_labelled.csv"
_MARKED = re.compile(r"\{\{(.+?)\}\}")


def labelled_comments(split: str | None = None) -> list[tuple[str, list[tuple[int, int]]]]:
    """(comment, where its planted names are) from the labelled set; ``split`` "tune" or
    "held_out" (decided before the redaction was tuned), or None for both."""
    import csv

    found = []
    with LABELLED_SET.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if split and row["split"] != split:
                continue
            text, spans, last = "", [], 0
            for match in _MARKED.finditer(row["comment"]):
                text += row["comment"][last:match.start()]
                spans.append((len(text), len(text) + len(match.group(1))))
                text += match.group(1)
                last = match.end()
            found.append((text + row["comment"][last:], spans))
    return found


def measure_names(comments) -> dict:
    """Recall of planted names, word by word (a word of a name counts as found when it is
    inside a span taken as a name), and the share of other words wrongly taken as names."""
    name_words = found = other_words = wrongly = 0
    missed: list[str] = []
    for text, planted in comments:
        taken = name_spans(text)
        for token in _tokens(text):
            inside_taken = any(s <= token.start() and token.end() <= e for s, e in taken)
            if any(s <= token.start() and token.end() <= e for s, e in planted):
                name_words += 1
                found += inside_taken
                if not inside_taken:
                    missed.append(f"{token.group(0)!r} in {text!r}")
            else:
                other_words += 1
                wrongly += inside_taken
    return {"comments": len(comments), "name_words": name_words, "found": found,
            "recall": found / name_words if name_words else 1.0, "other_words": other_words,
            "wrongly_taken": wrongly,
            "false_rate": wrongly / other_words if other_words else 0.0, "missed": missed}
