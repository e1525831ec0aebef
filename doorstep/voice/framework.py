"""The default theme framework: the 15 codes residents' comments are sorted into.

This is the version shipped with Doorstep. It is loaded into the database as version 1 by a
data migration so that an analyst can copy it to a new version and edit it in the admin; and
it is used as it stands where there is no database (``doorstep voice classify`` on a laptop).

Phrases are written in the coder's own small pattern language (see ``coder.py``): words are
matched after spelling variants are folded ("mold" → "mould"), ``word*`` matches any word
starting with ``word``, ``_`` stands for any one word, and ``A + B`` (hazard rules only)
means both A and B in the same sentence.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

FRAMEWORK_NAME = "Doorstep default"
FRAMEWORK_VERSION = 1


@dataclass(frozen=True)
class ThemeDefinition:
    code: str
    label: str
    description: str
    examples: tuple[str, ...]
    measures: tuple[str, ...]
    phrases: tuple[str, ...] = field(default=())


def _phrases(text: str) -> tuple[str, ...]:
    # One phrase per line keeps the lists readable and easy to diff in review.
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


DEFAULT_THEMES: tuple[ThemeDefinition, ...] = (
    ThemeDefinition(
        code="repairs",
        label="Repairs",
        description="The repairs service: reporting a repair, the work done, the operatives "
        "and contractors, missed appointments, jobs done badly or well.",
        examples=(
            "the plumber fixed it first time",
            "contractor never turned up",
            "the job was botched",
        ),
        measures=("TP02", "TP03", "RP02-1", "RP02-2"),
        phrases=_phrases("""
            repair*
            fix
            fixed
            fixing
            fixes
            mend*
            plumber*
            electrician*
            joiner*
            roofer*
            fitter*
            contractor*
            operative*
            workm*n
            engineer*
            tradesm*n
            surveyor*
            the work
            work done
            work itself
            botch*
            bodge*
            patch*
            cowboys
            turned up
            turn up
            never came
            nobody came
            no one came
            nobody turned
            didnt turn
            didnt come
            came out
            come out
            sent someone
            send someone
            someone to look
            part on order
            order a part
            order parts
            ordered a part
            new part
            replaced
            replace
            boarded
            fitted
            sorted the
            sorting out
            unblock*
            blocked drain
            missed appointment*
            marked as done
            signed off
            guy who came
            repair man
            drilled
            silicone
            come back to fix
            treated the
            mould treatment
            put a new
            damp proof course
            boiler service
            has been broken
            been broken
            still broken
            still not done
            not done
            not fixed
            wasnt fixed
            be fixed
            looked at
            to look at
            patched up
            half done
            job done
            the job
            a job
            jobs
            appointments for
            repair appointment*
            missed appointment
            booked me in
            first time
            lads who
            -the job was signed
            painted over
            knackered
            toilet seat
            new pump
            did my kitchen
            -cleaned up
        """),
    ),
    ThemeDefinition(
        code="repair_time",
        label="Time taken for repairs",
        description="How long repairs and other jobs take: waiting, delays, chasing, or "
        "praise for speed.",
        examples=("waited 11 weeks", "rang Monday fixed Wednesday", "takes forever"),
        measures=("TP03", "RP02-1", "RP02-2"),
        phrases=_phrases("""
            waiting
            waited
            wait
            still waiting
            over a year
            ages
            forever
            so long
            too long
            to long
            far too long
            took a while
            takes a while
            took ages
            takes ages
            took _ weeks
            took _ months
            taken _ weeks
            delay*
            slow
            slowly
            quick
            quicker
            quickly
            fast
            prompt*
            same day
            same night
            next day
            next morning
            that afternoon
            that night
            within _ hours
            within the week
            in days
            on time
            eventually
            in the end
            still not
            still no
            chase
            chasing
            chased
            working days
            28 days
            since the summer
            emergency repair*
            emergency line
            _ weeks
            _ months
            for weeks
            for months
            over a year
            for a year
            a year ago
            for a month
            since june
            since september
            since friday
            since christmas
            since august
            since the
            takes months
            took months
            months for
            weeks for
            still boarded
        """),
    ),
    ThemeDefinition(
        code="damp_mould",
        label="Damp and mould",
        description="Damp, mould, condensation and their effects on health and belongings.",
        examples=(
            "black mould on the bedroom ceiling",
            "condensation pouring down the windows",
            "the wall is wet through",
        ),
        measures=("TP04", "TP05", "RP01"),
        phrases=_phrases("""
            ~damp*
            ~mould*
            ~mildew
            ~condensation
            ~black spots
            ~wet through
            ~wet to touch
            ~walls are wet
            ~wall is wet
            ~musty
            damp proof
            rising damp
            mould wash
        """),
    ),
    ThemeDefinition(
        code="heating_hot_water",
        label="Heating and hot water",
        description="Boilers, radiators, heating systems and hot water: breakdowns, warmth, "
        "running costs.",
        examples=("no heating no hot water", "radiator never worked", "new boiler, really warm"),
        measures=("TP02", "TP04"),
        phrases=_phrases("""
            boiler*
            heating
            heater*
            radiator*
            hot water
            storage heater*
            immersion
            district heating
            warm
            warmer
            freezing
            boil kettles
            boiler pressure
            thermostat
        """),
    ),
    ThemeDefinition(
        code="home_condition",
        label="Condition of the home",
        description="The state of the home and its parts: kitchens, bathrooms, windows, doors, "
        "roofs, floors, gardens, pests, age and modernisation.",
        examples=(
            "kitchen is falling apart",
            "single glazed and rotten",
            "lovely home, well maintained",
        ),
        measures=("TP04", "RP01"),
        phrases=_phrases("""
            kitchen
            bathroom
            bath
            bath panel
            window*
            single glazed
            back door
            front door
            roof
            ceiling
            floor*
            tiles
            worktop
            cupboard*
            fence
            gutter*
            drainage
            draught*
            rotten
            rotting
            falling apart
            crumbling
            crack*
            old and tired
            modernis*
            updated
            well maintained
            lovely home
            the house
            house is
            rewiring
            electrics
            mice
            rats
            pests
            steps
            stairs in the house
            bannister
            waterlogged
            ceiling came down
            light fitting
            the state of this house
            -through the roof
            -roof over my head
            -window cleaning
            -open windows
            -open the windows
            -communal garden*
            back garden
            my garden
            the garden
            garden is
            front room
            toilet seat
            wall is
            the walls are
            this house
            the house needs
            the flat needs
            flat needs
            my front door
            the back door
            isnt damp
            not damp
        """),
    ),
    ThemeDefinition(
        code="safety_security",
        label="Safety and security",
        description="Feeling safe at home and in the building: locks, doors, entry systems, "
        "lighting, CCTV, fire and gas safety, electrical danger.",
        examples=(
            "anyone can walk in off the street",
            "the new fire doors make me feel safer",
            "sockets spark",
        ),
        measures=("TP05", "BS01", "BS02", "BS03", "BS04", "BS05"),
        phrases=_phrases("""
            safe
            safer
            safety
            unsafe
            scared
            frightened
            afraid
            lock
            locks
            latch
            restrictor
            break in
            broke in
            burgl*
            intruder*
            get in
            walk in
            security
            door entry
            entry system
            main door
            cctv
            fire door*
            fire exit
            fire alarm*
            smoke alarm*
            fire risk
            fire brigade
            set fire
            gas check
            gas safety
            smell of gas
            smell gas
            gas smell
            spark*
            shock
            wires
            wiring
            burning
            fuse box
            lights
            pitch black
            dark
            fall
            trip
            hurt themselves
            threatening
            threaten*
            tried to get in
        """),
    ),
    ThemeDefinition(
        code="communal_areas",
        label="Communal areas",
        description="Shared parts of buildings and estates: stairs, landings, lifts, bin "
        "stores, cleaning, caretakers, grounds and grass cutting.",
        examples=("stairwell stinks", "lift out of order for weeks", "caretaker keeps it spotless"),
        measures=("TP10",),
        phrases=_phrases("""
            communal*
            stairwell*
            stairs
            landing*
            corridor*
            lift
            lifts
            bin store*
            bin area
            bins
            caretaker*
            cleaner*
            cleaning
            grass
            grounds
            gardener*
            communal garden*
            the block
            our block
            car park
            window cleaning
            graffiti
            cobwebs
            spotless
            -cleaned up
            been cleaned
            not cleaned
            never cleaned
            communal door
        """),
    ),
    ThemeDefinition(
        code="neighbourhood_asb",
        label="Neighbourhood and anti-social behaviour",
        description="Neighbours, noise, anti-social behaviour, crime and the look and feel of "
        "the estate and area.",
        examples=("music till 3am", "drug dealing outside my block", "lovely quiet street"),
        measures=("TP11", "TP12", "NM01-1", "NM01-2"),
        phrases=_phrases("""
            neighbour*
            next door
            noise
            noisy
            music
            shouting
            asb
            anti social
            antisocial
            drug*
            dealing
            weed
            needles
            youths
            gangs
            gang
            estate
            round here
            fly tipping
            fly tip*
            dumped
            dumping
            dog mess
            dog fouling
            barks
            barking
            police
            troublemaker*
            community
            brothel
            abandoned cars
            racial*
            tenant below
            tenant above
            upstairs
            the flat opposite
            from hell
            play area
            the area is
            area has
            area is
            mixed area
            quiet street
            lovely street
            bikes
            someone tried
        """),
    ),
    ThemeDefinition(
        code="communication",
        label="Keeping residents informed",
        description="Being kept informed: letters, texts, emails, updates, notice of works, "
        "explanations, being told conflicting things.",
        examples=("not one letter to say why", "text the day before", "no updates"),
        measures=("TP07",),
        phrases=_phrases("""
            letter*
            text
            texts
            texted
            email*
            newsletter*
            update*
            informed
            inform
            told
            tell
            tells
            let me know
            let us know
            explain*
            notice
            communicat*
            call back
            ring back
            rings back
            rang back
            ring me back
            rings me back
            phone call
            heard nothing
            hear nothing
            never hear
            heard back
            hear back
            hear from
            heard from
            no call
            no response
            no reply
            found out
            keep us
            keeps me
            breakdown of
            small print
            jargon
            information
            timescales
            told me
            promised a call
            breakdown
            no notice
            a notice
            repair status
            explain it
            running late
            different things
            promise things
            cant deliver
            generic letter
        """),
    ),
    ThemeDefinition(
        code="listening",
        label="Listening and acting on views",
        description="Whether the landlord listens to residents and acts on what they say: "
        "surveys, meetings, panels, being ignored or taken seriously.",
        examples=("they never listen", "took on board what we said", "nothing ever changes"),
        measures=("TP06",),
        phrases=_phrases("""
            listen*
            ignor*
            views
            our ideas
            took on board
            taken seriously
            takes it seriously
            take it seriously
            nothing changes
            nothing ever changes
            never changes
            residents meeting*
            tenants panel
            consult*
            asked for my views
            what we think
            what we said
            what i said
            what we say
            act on
            acted on
            fobbed off
            dont care
            doesnt care
            nobody cares
            given up
            black hole
            without asking
            asked them
            blamed
            my fault
            lifestyle
            concerns
            these surveys
            the surveys
            nobody asked
            no one asked
            never asked
            without asking
            changed how
            took notice
            take notice
            for years
            keep a diary
            not right
        """),
    ),
    ThemeDefinition(
        code="staff_respect",
        label="Staff and respect",
        description="How staff treat residents: attitude, respect, fairness, kindness, "
        "rudeness, named staff members.",
        examples=(
            "spoke to me like I was stupid",
            "treated with respect",
            "Gary the caretaker is a legend",
        ),
        measures=("TP08",),
        phrases=_phrases("""
            staff
            housing officer
            neighbourhood officer
            officer
            rude
            polite
            respect*
            disrespect*
            friendly
            helpful
            unhelpful
            patient
            supportive
            dismissive
            condescending
            judgemental
            impatient
            spoke to me
            spoken down
            shouted
            hung up
            attitude
            manner*
            nice lady
            nice bloke
            nice man
            nice enough
            legend
            cheerful
            welcoming
            receptionist
            woman on the phone
            lady on the phone
            person on the phone
            someone_named
            mr
            mrs
            ms
            nuisance
            discriminat*
            the team
            manager
            above and beyond
            lovely lady
            lovely man
            was lovely
            is lovely
            are lovely
            were lovely
            so kind
            very kind
            kind and
            treated me
            treated us
            treat you
            treat tenants
            treat people
            treated with
            treated like
            treat me
            very understanding
            was understanding
            impatient
            sound
            deserves a medal
            promise things
            shoes off
        """),
    ),
    ThemeDefinition(
        code="complaints_handling",
        label="Complaints handling",
        description="Making a complaint and how it was handled: responses, stages, "
        "escalation, outcomes, compensation, the Ombudsman.",
        examples=(
            "complaint was closed without speaking to me",
            "escalated to stage 2",
            "got an apology and compensation",
        ),
        measures=("TP09", "CH01-1", "CH01-2", "CH02-1", "CH02-2"),
        phrases=_phrases("""
            complaint*
            complained
            complain
            stage 1
            stage 2
            escalat*
            ombudsman
            compensation
            apology
            upheld
            formal complaint
            complaints team
            complaints officer
            complaints process
            complaint handler
        """),
    ),
    ThemeDefinition(
        code="rent_charges",
        label="Rent and charges",
        description="Rent, service charges, value for money, arrears, and charges for "
        "repairs or services.",
        examples=("rent has gone up again", "service charge went up 20%", "good value for money"),
        measures=("TP01",),
        phrases=_phrases("""
            rent
            rents
            service charge*
            charge*
            charged
            value for money
            pay
            paying
            pay for
            rent rise
            £
            afford
            rip off
            arrears
            payment plan
            direct debit
            bills
            cheaper
            expensive
            costs
            steep
        """),
    ),
    ThemeDefinition(
        code="contact_access",
        label="Getting in touch",
        description="Ways to reach the landlord: phone lines, waiting on hold, the office, "
        "emails, online forms and apps, out-of-hours lines.",
        examples=(
            "on hold 45 minutes",
            "the online portal never works",
            "easy to get hold of someone",
        ),
        measures=("TP01", "TP07"),
        phrases=_phrases("""
            on hold
            phone line*
            the phone
            on the phone
            phone
            ring up
            rings out
            cant get through
            get through
            get thru
            got through
            get hold
            getting hold
            call centre
            portal
            online
            website
            app
            form
            receptionist
            out of hours
            emergency line
            answer emails
            dont answer
            pillar to post
            passed from
            options
            speak to
            open on
            opening hours
            quick replies
            email
            emails
            office has closed
            the office is
            office was
            office open
            open on a
            ring them
            ringing them
            ringing up
            rang 4 times
            rang _ times
            answer the phone
        """),
    ),
    ThemeDefinition(
        code="other",
        label="Other",
        description="Anything that does not fit another theme, including general praise or "
        "criticism and 'no comment'. Given only when no other theme applies.",
        examples=("happy with everything", "no comment", "could be better"),
        measures=("TP01",),
        phrases=(),
    ),
)

THEME_CODES = tuple(theme.code for theme in DEFAULT_THEMES)

# Sayings that hold a theme's word but are not about the theme: "no complaints" and "can't
# complain" are praise, not a complaint being handled (issue 17: they made the demo's
# complaints handling 202 positive, 0 negative). The coder applies them whatever phrases a
# framework version in the database has, so versions saved before this list get them too.
NOT_ABOUT_THEME: dict[str, tuple[str, ...]] = {
    "complaints_handling": _phrases("""
        cant complain
        cannot complain
        couldnt complain
        no complaint*
        nothing to complain
        not complaining
        never complain*
        hate complaining
        hate to complain
        dont like complaining
        dont like to complain
        dont want to complain
        not one to complain
        not one for complaining
        not the complaining type
        any complaints
    """),
}


# -- hazard and safeguarding flags -------------------------------------------------------
#
# A flag's kind is one of the 29 HHSRS hazard codes (the shared list in
# ``doorstep/hazards/data/hhsrs_hazards.csv``) or ``safeguarding`` with a sub-kind. The
# phrases that raise each flag are data, not code: ``data/hazard_phrases.csv``, one row per
# phrase, so that a person can add one without touching Python.

HHSRS_LIST = Path(__file__).resolve().parent.parent / "hazards" / "data" / "hhsrs_hazards.csv"
HAZARD_PHRASES = Path(__file__).resolve().parent / "data" / "hazard_phrases.csv"
SAFEGUARDING = "safeguarding"
HAZARD_GROUPS = ("physiological", "psychological", "infection", "accidents")
FLAG_GROUPS = (*HAZARD_GROUPS, SAFEGUARDING)
SAFEGUARDING_KINDS = {
    "self_harm": "Self-harm or suicidal thoughts",
    "abuse": "Abuse or domestic violence",
    "threats_harassment": "Threats or harassment",
    "vulnerable_resident": "Vulnerable resident (at risk from a hazard or not coping)",
    "unsecured_home": "Home cannot be secured",
}
# ``when`` in the phrases file: blank, the phrase flags on its own; ``with_hazard``, only
# when the same comment also raises a hazard flag ("at the end of my tether" + "no
# heating"); ``unhappy``, beside a hazard or in a comment that is unhappy overall ("I'm 84",
# "my baby": a vulnerable resident with a problem, not one writing to say thank you).
WITH_HAZARD = "with_hazard"
UNHAPPY = "unhappy"
WHEN = ("", WITH_HAZARD, UNHAPPY)


class HazardListError(ValueError):
    """A row of a hazard data file that cannot be used, said in plain English."""


@dataclass(frozen=True)
class HhsrsHazard:
    code: str
    name: str
    group: str


def read_hhsrs(path: Path = HHSRS_LIST) -> tuple[HhsrsHazard, ...]:
    with open(path, newline="", encoding="utf-8") as handle:
        return tuple(
            HhsrsHazard(row["code"], row["name"], row["group"]) for row in csv.DictReader(handle)
        )


HHSRS_HAZARDS = read_hhsrs()
HHSRS_CODES = tuple(hazard.code for hazard in HHSRS_HAZARDS)
_HHSRS_BY_CODE = {hazard.code: hazard for hazard in HHSRS_HAZARDS}


def group_of(kind: str) -> str:
    """The hazard group of a flag kind (``safeguarding`` is a group of its own)."""
    if kind == SAFEGUARDING:
        return SAFEGUARDING
    return _HHSRS_BY_CODE[kind].group


def flag_label(kind: str, sub_kind: str = "") -> str:
    """One human label for every flag: the HHSRS hazard's name, or what the safeguarding
    concern is."""
    if kind == SAFEGUARDING:
        return f"Safeguarding: {SAFEGUARDING_KINDS.get(sub_kind, 'a resident at risk').lower()}"
    hazard = _HHSRS_BY_CODE.get(kind)
    return hazard.name if hazard else kind


@dataclass(frozen=True)
class HazardDefinition:
    kind: str
    label: str
    phrases: tuple[str, ...]
    # Safeguarding words are never cancelled by a "not" nearby: a missed flag costs far more
    # than a false one, and "I don't want to be here" is itself a negated phrase.
    negatable: bool = True
    sub_kind: str = ""
    when: str = ""  # see WHEN

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.sub_kind}" if self.sub_kind else self.kind


def read_hazard_phrases(path: Path = HAZARD_PHRASES) -> tuple[HazardDefinition, ...]:
    """The hazard rules from the phrases file, in the order of the HHSRS list, then
    safeguarding. Columns: ``kind, sub_kind, phrase, when, note``.

    A row whose kind starts with ``@`` adds a phrase to a word list ("@broken, , packed
    in"); ``@broken`` in a phrase stands for each phrase of that list ("boiler* + @broken"
    is "boiler* + broken", "boiler* + packed in" and the rest)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(enumerate(csv.DictReader(handle), start=2))
    lists: dict[str, list[str]] = {}
    for _, row in rows:
        kind = (row.get("kind") or "").strip()
        if kind.startswith("@"):
            lists.setdefault(kind, []).append(" ".join((row.get("phrase") or "").split()))
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for line, row in rows:
        kind = (row.get("kind") or "").strip()
        sub_kind = (row.get("sub_kind") or "").strip()
        phrase = " ".join((row.get("phrase") or "").split())
        when = (row.get("when") or "").strip()
        if not phrase or kind.startswith("@"):
            continue
        if kind not in _HHSRS_BY_CODE and kind != SAFEGUARDING:
            raise HazardListError(
                f"{path.name} line {line}: {kind!r} is not an HHSRS hazard code or 'safeguarding'"
            )
        if (kind == SAFEGUARDING) != bool(sub_kind) or (
            sub_kind and sub_kind not in SAFEGUARDING_KINDS
        ):
            raise HazardListError(
                f"{path.name} line {line}: a safeguarding phrase needs a sub-kind (one of "
                f"{', '.join(SAFEGUARDING_KINDS)}), and only a safeguarding phrase has one"
            )
        if when not in WHEN:
            raise HazardListError(
                f"{path.name} line {line}: 'when' is blank, {WITH_HAZARD!r} or {UNHAPPY!r}, "
                f"not {when!r}"
            )
        grouped.setdefault((kind, sub_kind, when), []).extend(
            _expanded(phrase, lists, where=f"{path.name} line {line}")
        )
    order = {code: number for number, code in enumerate((*HHSRS_CODES, SAFEGUARDING))}
    subs = list(SAFEGUARDING_KINDS)
    return tuple(
        HazardDefinition(
            kind=kind,
            label=flag_label(kind, sub_kind),
            phrases=tuple(phrases),
            negatable=kind != SAFEGUARDING,
            sub_kind=sub_kind,
            when=when,
        )
        for (kind, sub_kind, when), phrases in sorted(
            grouped.items(),
            key=lambda item: (
                order[item[0][0]],
                subs.index(item[0][1]) if item[0][1] else -1,
                item[0][2],
            ),
        )
    )


def _expanded(phrase: str, lists: dict[str, list[str]], *, where: str) -> list[str]:
    words = phrase.split()
    for position, word in enumerate(words):
        if word.startswith("@"):
            if word not in lists:
                raise HazardListError(f"{where}: there is no word list {word}")
            return [
                expanded
                for member in lists[word]
                for expanded in _expanded(
                    " ".join([*words[:position], member, *words[position + 1 :]]),
                    lists,
                    where=where,
                )
            ]
    return [phrase]


HAZARDS: tuple[HazardDefinition, ...] = read_hazard_phrases()
# Every kind a flag may have: the HHSRS codes and safeguarding.
HAZARD_KINDS = (*HHSRS_CODES, SAFEGUARDING)
