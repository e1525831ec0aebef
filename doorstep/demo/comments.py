"""Residents' comments for the demo landlord, in their own voice.

Comments are put together from fragments (an opening, one or two things said about a topic,
sometimes a detail and a sign-off), with the slips real free text has: missing apostrophes,
"should of", text-speak on SMS, capitals for emphasis. A few carry personal data (a name, a
phone number in Ofcom's drama range 07700 900xxx, an example.com address) so that redaction
has something to find. Everything here is fictional.
"""

import random

TOPICS = (
    "repairs",
    "damp_mould",
    "communication",
    "staff",
    "neighbours",
    "communal",
    "safety",
    "rent",
    "general",
)

ROOMS = ("kitchen", "bathroom", "back bedroom", "front bedroom", "hallway", "living room", "loft")
THINGS = (
    "boiler", "radiator", "extractor fan", "front door", "back door", "window", "toilet",
    "shower", "kitchen cupboards", "back gate", "fence", "guttering", "bath panel",
    "door entry system", "light in the hall", "sink", "ceiling", "skirting boards",
)
TRADES = ("plumber", "electrician", "joiner", "roofer", "contractor", "repairs team", "surveyor")
WAITS = (
    "two weeks", "three weeks", "a month", "six weeks", "two months", "three months",
    "nearly a year", "since Christmas", "since the summer", "over 6 weeks", "8 weeks",
    "4 months", "ages",
)
FIRST_NAMES = (
    "Sharon", "Dave", "Karen", "Gary", "Julie", "Steve", "Tracey", "Mark", "Lisa", "Paul",
    "Michelle", "Darren", "Donna", "Lee", "Joanne", "Craig", "Amir", "Priya", "Tomasz",
    "Agnieszka", "Mohammed", "Fatima", "Kelly", "Wayne", "Sandra", "Ian", "Bernadette",
    "Kwame", "Chloe", "Jordan",
)
SURNAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Khan", "Nowak", "Hughes", "Clarke", "Lewis", "Begum", "Okafor", "Murphy", "Kelly",
)

OPENINGS = {
    "positive": (
        "", "", "", "Honestly ", "To be fair ", "Overall ", "Cant complain really, ",
        "I have to say ", "No complaints, ", "Generally ",
    ),
    "negative": (
        "", "", "", "Honestly ", "To be honest ", "Where do I start. ", "Im fed up. ",
        "Sorry but ", "Not being funny but ", "Same as last year, ", "Really disappointed. ",
    ),
    "mixed": (
        "", "", "Its ok but ", "Some good some bad. ", "Mixed really. ", "Hit and miss. ",
        "Up and down. ",
    ),
}

TOPIC_FRAGMENTS = {
    ("repairs", "positive"): (
        "the {trade} came out the next day and sorted my {thing}",
        "repairs get done quick when I ring up",
        "they fixed the {thing} in the {room} first time, spot on",
        "the repairs service has got a lot better this year",
        "the workmen were polite and cleaned up after themselves",
        "my {thing} was replaced within the week, really pleased",
        "the {trade} was brilliant, explained everything",
        "they come when they say they will",
        "emergency repair was done same night, cant fault them",
        "booked the repair online and it was done in days",
    ),
    ("repairs", "negative"): (
        "I have been waiting {wait} for my {thing} to be fixed",
        "the {trade} never turned up and nobody rang to say",
        "they keep sending people out to look at the {thing} but nothing gets done",
        "took 3 visits to fix a simple leak in the {room}",
        "repairs take far too long",
        "my {thing} has been broken {wait} and I have chased it {times} times",
        "the job was marked as done but it wasnt",
        "contractors turn up without the right parts so have to come back",
        "I had to take a day off work and nobody came",
        "the {thing} was patched up not fixed properly and its broken again",
        "they came out, made a mess and left it half done",
        "still no hot water after {wait}, I have kids",
        "reported the {thing} online and heard nothing",
    ),
    ("repairs", "mixed"): (
        "repairs get done in the end but you have to keep chasing",
        "the {trade} was nice enough but it took {wait} to get an appointment",
        "small jobs are fine, anything bigger takes forever",
        "the work itself is good, its the waiting thats the problem",
        "emergency repairs are quick, the routine ones not so much",
    ),
    ("damp_mould", "positive"): (
        "they treated the mould in the {room} and put a new fan in, no problems since",
        "the damp surveyor came quickly and explained what they were doing",
        "new windows have stopped the condensation",
        "they sorted the damp in the {room} straight away",
    ),
    ("damp_mould", "negative"): (
        "there is black mould in the {room} and it keeps coming back",
        "the damp is making my kids poorly and nobody cares",
        "they just paint over the mould and it comes back in a month",
        "I was told to open the windows and put the heating on, I cant afford to",
        "clothes in the wardrobe are ruined with mould",
        "the {room} wall is wet through every winter",
        "mould all round the windows, my daughter has asthma",
        "damp has been reported {times} times and still not fixed",
        "the ceiling in the {room} is stained and smells damp",
    ),
    ("damp_mould", "mixed"): (
        "they did come about the damp but it hasnt really solved it",
        "mould wash helped for a bit but its back now",
        "the new fan helps but the {room} is still damp",
    ),
    ("communication", "positive"): (
        "they always let me know whats happening",
        "I get a text the day before the appointment which is handy",
        "the newsletter is useful and easy to read",
        "when I ring up I get through quite quick",
        "they ring back when they say they will",
    ),
    ("communication", "negative"): (
        "you can never get through on the phone, on hold for {minutes} minutes",
        "nobody ever rings you back",
        "emails just get ignored",
        "they dont tell you anything until its too late",
        "I had to explain the same thing to {times} different people",
        "letters are full of jargon",
        "they say they listen but nothing changes",
        "the online portal never works",
    ),
    ("communication", "mixed"): (
        "communication is ok when you get hold of someone",
        "the texts are good but the phone line is awful",
        "they ask for our views but I dont know what they do with them",
    ),
    ("staff", "positive"): (
        "my housing officer {staff} is lovely and really helpful",
        "the staff are friendly and treat you with respect",
        "the lady on the phone was really kind when my husband passed",
        "{staff} from the office went above and beyond",
        "the caretaker is brilliant, keeps everything tidy",
        "the staff at the scheme are great",
    ),
    ("staff", "negative"): (
        "the housing officer never returns calls",
        "staff can be rude and talk down to you",
        "I dont even know who my housing officer is anymore",
        "they change the housing officer every few months",
        "felt like I was treated like a number",
        "the man who came out was really rude",
    ),
    ("staff", "mixed"): (
        "some staff are brilliant, others couldnt care less",
        "the people are nice but they dont have the power to do anything",
    ),
    ("neighbours", "positive"): (
        "they sorted out the problem with the neighbours quickly",
        "its a nice quiet area",
        "the ASB officer was really supportive",
        "love living here, good neighbours",
    ),
    ("neighbours", "negative"): (
        "the neighbours are noisy all hours and nothing gets done",
        "there is drug dealing on the estate and everyone knows",
        "I reported the noise from {neighbour} loads of times, nothing happens",
        "I dont feel safe going out at night",
        "they told me to keep a diary but then nothing happened",
        "kids hanging round the stairs smoking weed",
        "the people at number {number} have made my life hell",
        "cars racing round the estate at night",
    ),
    ("neighbours", "mixed"): (
        "most neighbours are fine but one family causes problems",
        "the estate has got better but there are still issues",
    ),
    ("communal", "positive"): (
        "the cleaners do a good job of the stairs",
        "communal areas are kept nice and clean",
        "the gardens look lovely in the summer",
        "the new lighting in the hallways is much better",
    ),
    ("communal", "negative"): (
        "the bin area is disgusting and full of rubbish",
        "the lift is always broken and I live on the {floor} floor",
        "the stairwell stinks and never gets cleaned",
        "we pay a service charge for cleaning but it never gets done",
        "the grass never gets cut",
        "fly tipping by the garages has been there {wait}",
        "lights on the landing have been out {wait}",
        "the door entry system has been broken {wait}",
    ),
    ("communal", "mixed"): (
        "cleaning is ok but the gardens are neglected",
        "the block is cleaner than it was but the lift is still a problem",
    ),
    ("safety", "positive"): (
        "I feel safe in my home",
        "the gas safety check is always done on time",
        "new fire doors make me feel much safer",
        "they fitted smoke alarms and a carbon monoxide alarm",
    ),
    ("safety", "negative"): (
        "the fire door on our landing doesnt shut properly",
        "the front door lock is broken and I dont feel safe",
        "after Grenfell I worry about the cladding and nobody tells us anything",
        "the gas man turned up with no notice",
        "there are loose wires in the {room}",
        "the back gate doesnt lock so anyone can get in",
    ),
    ("safety", "mixed"): (
        "the home is safe enough but the area isnt",
        "safety checks happen but they never fix what they find",
    ),
    ("rent", "positive"): (
        "the rent is fair for what you get",
        "the income officer helped me sort out a payment plan",
        "they helped me with my universal credit",
    ),
    ("rent", "negative"): (
        "the rent keeps going up but the service gets worse",
        "service charges are a rip off",
        "why am I paying more when nothing gets fixed",
        "I cant afford the rent and the heating",
    ),
    ("rent", "mixed"): (
        "rent is ok but the service charge is too much",
    ),
    ("general", "positive"): (
        "very happy with my home",
        "they are a good landlord",
        "I have lived here {years} years and never had a problem",
        "they do their best",
        "better than private renting by a mile",
        "cracking service all round",
        "no problems at all",
    ),
    ("general", "negative"): (
        "they dont care about tenants",
        "it feels like they only care about money",
        "the service has gone downhill",
        "I wouldnt recommend them to anyone",
        "they just dont listen",
        "its a joke",
        "absolute shambles",
    ),
    ("general", "mixed"): (
        "not bad not great",
        "they are alright I suppose",
        "could be better could be worse",
        "some things are good some need work",
    ),
}

DETAILS = {
    "positive": (
        "", "", "", " Keep it up.", " Thank you.", " Cheers.", " Really pleased.",
        " Couldnt ask for more.", " Well done to the team.",
    ),
    "negative": (
        "", "", "", " Its not good enough.", " Sick of it.", " Please sort it out.",
        " Im at the end of my tether.", " Something needs to change.", " Absolutely fed up.",
        " Bloody ridiculous.", " Its a nightmare.",
    ),
    "mixed": ("", "", " Could do better.", " Room for improvement.", " Its alright."),
}

CONTACT_LINES = (
    " Please ring me on {phone}.",
    " My number is {phone} if anyone wants to call.",
    " You can contact me on {phone} or {email}.",
    " Email me at {email}.",
    " I spoke to {full_name} about it.",
    " My name is {full_name}, flat {number}.",
    " Ask for {full_name}.",
    " {full_name} at the office knows all about it.",
)

SLIPS = (
    ("don't", "dont"),
    ("can't", "cant"),
    ("I'm", "im"),
    ("a lot", "alot"),
    ("should have", "should of"),
    ("definitely", "definately"),
    ("received", "recieved"),
    ("because", "cos"),
    ("going to", "gonna"),
    ("really", "realy"),
)

TEXT_SPEAK = (
    (" you ", " u "),
    (" your ", " ur "),
    (" are ", " r "),
    (" great", " gr8"),
    (" thanks", " thx"),
    (" please", " pls"),
    (" to be honest", " tbh"),
)

FLOORS = ("4th", "5th", "7th", "9th", "11th", "14th")
EMPHASIS = ("NOTHING", "NEVER", "STILL", "AGAIN", "EVERY")


def compose_comment(
    rng: random.Random, *, topic: str, mood: str, channel: str, personal: bool = False
) -> str:
    """One resident's comment about ``topic`` in the given ``mood``."""
    first = rng.choice(TOPIC_FRAGMENTS[(topic, mood)])
    parts = [_fill(rng, first)]
    if rng.random() < 0.35:
        # A second remark, often about something else: people rarely stick to one subject.
        other = topic if rng.random() < 0.4 else rng.choice(TOPICS)
        second = rng.choice(TOPIC_FRAGMENTS[(other, mood)])
        if second != first:
            parts.append(_fill(rng, second))
    joiner = rng.choice((". ", ", and ", ". Also ", " and ", ". "))
    body = joiner.join(parts)
    text = rng.choice(OPENINGS[mood]) + body
    text = text[0].upper() + text[1:]
    text = text.rstrip(". ") + rng.choice((".", ".", ".", "", "!", "!!", "..."))
    text += rng.choice(DETAILS[mood])
    if personal:
        text += _fill(rng, rng.choice(CONTACT_LINES))
    return _in_own_voice(rng, text, channel=channel, mood=mood)


def _fill(rng: random.Random, fragment: str) -> str:
    if "{" not in fragment:
        return fragment
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    return fragment.format(
        room=rng.choice(ROOMS),
        thing=rng.choice(THINGS),
        trade=rng.choice(TRADES),
        wait=rng.choice(WAITS),
        times=rng.choice(("3", "4", "5", "6", "three", "four", "loads of", "countless")),
        minutes=rng.choice(("20", "30", "40", "45", "over 50", "an hour and")),
        staff=rng.choice(FIRST_NAMES),
        neighbour=rng.choice(("next door", "the flat above", "upstairs", "the house opposite")),
        number=rng.randint(1, 120),
        floor=rng.choice(FLOORS),
        years=rng.choice(("5", "10", "15", "20", "30", "over 25")),
        phone=f"07700 900{rng.randint(0, 999):03d}",
        email=f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@example.com",
        full_name=f"{first} {last}",
    )


def _in_own_voice(rng: random.Random, text: str, *, channel: str, mood: str) -> str:
    """Add the slips and habits of real free text; interviewers write more tidily."""
    if channel in ("telephone", "face_to_face"):
        if rng.random() < 0.3:
            # Interviewers often write the answer down as a report, not a quote.
            lead = rng.choice(("Resident said ", "Tenant says ", "Customer stated ", "Said "))
            return lead + text[0].lower() + text[1:]
        return text
    for proper, slip in SLIPS:
        if proper in text and rng.random() < 0.5:
            text = text.replace(proper, slip)
    if channel == "sms":
        padded = f" {text} "
        for proper, short in TEXT_SPEAK:
            padded = padded.replace(proper, short)
        text = padded.strip()
        if rng.random() < 0.6:
            text = text.lower()
    if mood == "negative" and rng.random() < 0.15:
        word = rng.choice(EMPHASIS)
        text = text.replace(word.lower(), word, 1) if word.lower() in text else text + " " + word
    if rng.random() < 0.12:
        text = text[0].lower() + text[1:]
    return text
