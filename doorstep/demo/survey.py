"""The demo landlord's TSM perception survey: who is asked, when, how, and what they say.

Each year about the regulator's required sample is interviewed per tenure, in quarterly
waves, on several channels. Answers come from one underlying view of the landlord per
resident, shifted by what actually happened to them (late repairs, damp, complaints, ASB),
by the area and by the channel (postal respondents are kinder than online ones), so that
key-driver analysis has real relationships to find. Overall satisfaction lands near 70%.
"""

import math
import random
from dataclasses import dataclass

from doorstep.demo.activity import Followed, Year
from doorstep.demo.comments import compose_comment
from doorstep.demo.days import DemoCalendar
from doorstep.demo.stock import DemoHome, Stock

QUESTIONS = [f"tp{number:02d}" for number in range(1, 13)]
CHANNELS = {"telephone": 0.42, "online": 0.25, "postal": 0.15, "sms": 0.12, "face_to_face": 0.06}
CHANNEL_SHIFT = {
    "postal": 0.3, "face_to_face": 0.15, "telephone": 0.05, "sms": -0.1, "online": -0.25,
}  # fmt: skip
# How each question sits relative to overall satisfaction (complaint handling is always
# the lowest-scoring TSM, feeling safe and being treated fairly among the highest).
QUESTION_SHIFT = {
    "tp01": 0.0, "tp02": 0.05, "tp03": -0.1, "tp04": -0.02, "tp05": 0.22, "tp06": -0.3,
    "tp07": -0.06, "tp08": 0.25, "tp09": -0.85, "tp10": -0.15, "tp11": -0.25, "tp12": -0.4,
}  # fmt: skip
# Volunteered "don't know": rare on the home, common on the ASB question.
DONT_KNOW = {
    "tp01": 0.005, "tp02": 0.01, "tp03": 0.015, "tp04": 0.01, "tp05": 0.01, "tp06": 0.04,
    "tp07": 0.02, "tp08": 0.02, "tp09": 0.03, "tp10": 0.02, "tp11": 0.05, "tp12": 0.12,
}  # fmt: skip
SATISFACTION = ("very_satisfied", "fairly_satisfied", "neither", "fairly_dissatisfied",
                "very_dissatisfied")  # fmt: skip
AGREEMENT = ("strongly_agree", "agree", "neither", "disagree", "strongly_disagree")
QUESTION_TOPICS = {
    "tp01": None, "tp02": ("repairs",), "tp03": ("repairs",), "tp04": ("repairs", "damp_mould"),
    "tp05": ("safety",), "tp06": ("communication",), "tp07": ("communication",),
    "tp08": ("staff",), "tp09": ("communication", "staff"), "tp10": ("communal",),
    "tp11": ("neighbours", "general"), "tp12": ("neighbours",),
}  # fmt: skip
TOPIC_WEIGHTS = {
    "repairs": 0.28, "communication": 0.14, "staff": 0.1, "general": 0.16, "neighbours": 0.08,
    "communal": 0.07, "safety": 0.05, "rent": 0.05, "damp_mould": 0.07,
}  # fmt: skip
BASELINE = 0.98  # sets overall satisfaction (TP01) near 70%
YEAR = 365


@dataclass(slots=True)
class Interview:
    home: DemoHome
    day: int
    channel: str
    anonymous: bool = False


def required_sample(population: int) -> float:
    """The regulator's required sample for a population (see measures.md)."""
    margin = 5 if population < 2500 else 4 if population < 10000 else 3 if population < 25000 else 2
    first = 1.96**2 * 0.25 / (margin / 100) ** 2
    return first / (1 + first / population)


def plan_interviews(*, rng: random.Random, stock: Stock, year: Year) -> list:
    """Who is interviewed in a year and when: a little over the required sample per tenure.

    In the year in progress the whole year's waves are planned and only the interviews done
    by today are kept: the year so far has its early waves, short of the required sample."""
    interviews = []
    for tenure in ("LCRA", "LCHO"):
        frame = [
            home
            for home in stock.homes
            if home.tenure == tenure
            and home.owned
            and (home.acquired is None or home.acquired < year.first_day)
            and (home.disposed is None or home.disposed > year.last_day)
        ]
        if not frame:
            continue
        wanted = math.ceil(required_sample(len(frame)) * rng.uniform(1.02, 1.12))
        wanted = min(wanted, max(1, round(0.55 * len(frame))))
        for home in rng.sample(frame, wanted):
            interviews.append(_interview(rng=rng, home=home, year=year))
    for interview in list(interviews):
        if rng.random() < 0.012:
            # The household answered again (a reminder letter after a phone interview).
            later = min(year.ends, interview.day + rng.randint(3, 40))
            interviews.append(Interview(interview.home, later, rng.choice(("postal", "online"))))
    for interview in interviews:
        if interview.channel == "online" and rng.random() < 0.02:
            interview.anonymous = True  # an open web link, no home reference given
    interviews = [interview for interview in interviews if interview.day <= year.last_day]
    interviews.sort(key=lambda interview: (interview.day, interview.home.index))
    return interviews


def _interview(*, rng: random.Random, home: DemoHome, year: Year) -> Interview:
    # Quarterly waves, each in the fieldwork weeks of its quarter.
    quarter = rng.randrange(4)
    wave_start = year.first_day + quarter * 91 + 25
    day = min(year.ends, wave_start + rng.randrange(35))
    channel_weights = list(CHANNELS.values())
    if home.needs_type == "older_persons":
        channel_weights = [0.55, 0.08, 0.25, 0.02, 0.1]
    channel = rng.choices(list(CHANNELS), weights=channel_weights)[0]
    return Interview(home, day, channel)


def response_rows(
    *,
    rng: random.Random,
    calendar: DemoCalendar,
    stock: Stock,
    interviews: list,
    followed: dict,
    first_ref: int,
):
    """One CSV row per interview, in date order."""
    ref = first_ref
    for interview in interviews:
        ref += 1
        yield _response(
            rng=rng,
            calendar=calendar,
            stock=stock,
            interview=interview,
            history=followed.get(interview.home.index, Followed()),
            ref=f"S{ref:07d}",
        )


def _experience(*, history: Followed, day: int) -> dict:
    since = day - YEAR
    repairs = [repair for repair in history.repairs if since < repair[0] <= day and not repair[4]]
    late = sum(
        1
        for reported, target, done, _, _ in repairs
        if (done is not None and done <= day and done > target)
        or ((done is None or done > day) and target < day)
    )
    return {
        "repairs": len(repairs),
        "late": late,
        "damp": any(repair[3] == "damp_mould" for repair in repairs),
        "complained": any(since < received <= day for received in history.complaints),
        "asb": any(since < opened <= day for opened in history.asb_cases),
    }


def _response(*, rng, calendar, stock, interview, history, ref) -> list:
    home, channel = interview.home, interview.channel
    seen = _experience(history=history, day=interview.day)
    building = stock.buildings[home.building] if home.building is not None else None
    communal = building is not None and building.communal_areas
    lcra = home.tenure == "LCRA"
    had_repair = _filter(rng, truth=seen["repairs"] > 0, false_yes=0.05) if lcra else ""
    made_complaint = _filter(rng, truth=seen["complained"], false_yes=0.1)
    has_communal = _filter(rng, truth=communal, false_yes=0.0)
    view = (
        BASELINE
        + CHANNEL_SHIFT[channel]
        - 0.45 * (stock.areas[home.area].worse - 1)
        + (0.3 if home.needs_type == "older_persons" else 0.0)
        - (0.3 if not lcra else 0.0)
        - 0.5 * min(2, seen["late"])
        + (0.1 if seen["repairs"] and not seen["late"] else 0.0)
        - (0.35 if seen["damp"] else 0.0)
        - (0.5 if seen["complained"] else 0.0)
        - (0.3 if seen["asb"] else 0.0)
        + rng.gauss(0, 0.8)
    )
    particular = {
        "tp02": -0.4 * min(1, seen["late"]),
        "tp03": -0.7 * min(1, seen["late"]) + (0.3 if seen["repairs"] and not seen["late"] else 0),
        "tp04": -0.4 if seen["damp"] else 0.0,
        "tp10": -0.3 if building is not None and building.kind == "tower" else 0.0,
        "tp12": -0.3 if seen["asb"] else 0.0,
    }
    asked = {
        "tp01": True, "tp02": had_repair == "yes", "tp03": had_repair == "yes", "tp04": lcra,
        "tp05": True, "tp06": True, "tp07": True, "tp08": True, "tp09": made_complaint == "yes",
        "tp10": has_communal == "yes", "tp11": True, "tp12": True,
    }  # fmt: skip
    answers = {}
    for question in QUESTIONS:
        if not asked[question]:
            answers[question] = None
        elif rng.random() < DONT_KNOW[question]:
            answers[question] = 9
        else:
            leaning = view + QUESTION_SHIFT[question] + particular.get(question, 0.0)
            answers[question] = _scale_answer(leaning + rng.gauss(0, 0.6))
    comments = _comments(rng=rng, channel=channel, answers=answers, seen=seen, communal=communal)
    return [
        ref,
        "TSM",
        "" if interview.anonymous else home.ref,
        home.tenure,
        calendar.text(interview.day),
        channel,
        *(_answer_text(question, answers[question]) for question in QUESTIONS),
        had_repair,
        made_complaint,
        has_communal,
        "",
        comments.get("comment", ""),
        *(comments.get(f"comment_{question}", "") for question in QUESTIONS),
    ]


def _filter(rng: random.Random, *, truth: bool, false_yes: float) -> str:
    if rng.random() < 0.01:
        return "dont_know"
    if truth or rng.random() < false_yes:
        return "yes"
    return "no"


def _scale_answer(score: float) -> int:
    if score > 1.0:
        return 1
    if score > 0.0:
        return 2
    if score > -0.3:
        return 3
    if score > -0.9:
        return 4
    return 5


def _answer_text(question: str, answer: int | None) -> str:
    if answer is None:
        return ""
    if answer == 9:
        return "dont_know"
    return (AGREEMENT if question == "tp08" else SATISFACTION)[answer - 1]


def _mood(rng: random.Random, answer: int) -> str:
    mood = "positive" if answer <= 2 else "mixed" if answer == 3 else "negative"
    if rng.random() < 0.1:
        return "mixed"  # "satisfied, but..." is common
    return mood


def _comments(*, rng, channel, answers, seen, communal) -> dict:
    """The "why do you say that?" after TP01, a general comment, and some per question."""
    comments = {}
    overall = answers["tp01"]
    if overall not in (None, 9):
        chance = {"telephone": 0.6, "face_to_face": 0.55, "online": 0.35, "postal": 0.3,
                  "sms": 0.25}[channel]  # fmt: skip
        if rng.random() < chance:
            comments["comment_tp01"] = _comment(
                rng, topic=_topic(rng, seen=seen, communal=communal),
                mood=_mood(rng, overall), channel=channel,
            )  # fmt: skip
        if rng.random() < 0.18:
            comments["comment"] = _comment(
                rng, topic=_topic(rng, seen=seen, communal=communal),
                mood=_mood(rng, overall), channel=channel,
            )  # fmt: skip
    for question in QUESTIONS[1:]:
        answer = answers[question]
        if answer in (None, 9):
            continue
        if rng.random() < (0.25 if answer >= 4 else 0.04):
            topic = rng.choice(QUESTION_TOPICS[question])
            if topic == "damp_mould" and not seen["damp"]:
                topic = "repairs"
            comments[f"comment_{question}"] = _comment(
                rng, topic=topic, mood=_mood(rng, answer), channel=channel
            )
    return comments


def _comment(rng: random.Random, *, topic: str, mood: str, channel: str) -> str:
    return compose_comment(rng, topic=topic, mood=mood, channel=channel,
                           personal=rng.random() < 0.03)  # fmt: skip


def _topic(rng: random.Random, *, seen: dict, communal: bool) -> str:
    weights = dict(TOPIC_WEIGHTS)
    if seen["late"]:
        weights["repairs"] += 0.8
    if seen["damp"]:
        weights["damp_mould"] += 0.8
    if seen["asb"]:
        weights["neighbours"] += 0.6
    if seen["complained"]:
        weights["communication"] += 0.4
        weights["staff"] += 0.2
    if not communal:
        weights["communal"] = 0.0
    return rng.choices(list(weights), weights=list(weights.values()))[0]
