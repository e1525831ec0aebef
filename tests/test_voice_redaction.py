"""Personal data removal for anything shown outside staff."""

import pytest

from doorstep.voice.redact import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call me on 07700 900461 please", "Call me on [phone] please"),
        ("ring 07700900461", "ring [phone]"),
        ("landline (0113) 496 0000 after 5", "landline [phone] after 5"),
        ("or +44 7700 900123", "or [phone]"),
        ("office 020 7946 0018.", "office [phone]."),
    ],
)
def test_it_removes_uk_phone_numbers(text, expected):
    assert redact(text) == expected


def test_it_removes_emails():
    assert redact("email jo.bloggs@example.com today") == "email [email] today"


@pytest.mark.parametrize("postcode", ["LS6 2QT", "ls6 2qt", "SW1A 1AA", "M1 1AE", "B331HH"])
def test_it_removes_postcodes(postcode):
    assert redact(f"I live at {postcode} now") == "I live at [postcode] now"


def test_it_removes_street_addresses_and_flat_numbers():
    assert redact("the mould in flat 3, 14 Elm Court is bad") == "the mould in [address] is bad"
    assert redact("noise from 22 Station Road every night") == "noise from [address] every night"
    assert redact("the man at No 14 is shouting") == "the man at [address] is shouting"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("repair ref R00012345 is late", "repair ref [reference] is late"),
        ("my home H000123", "my home [reference]"),
        ("complaint C-2024-0412 not answered", "complaint [reference] not answered"),
        ("job number 5566778", "[reference]"),
    ],
)
def test_it_removes_references(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Karen Hughes at the office was great", "[name] at the office was great"),
        ("Gary the caretaker is a legend", "[name] the caretaker is a legend"),
        ("Mr Okafor the cleaner", "[name] the cleaner"),
        ("my housing officer Julie left", "my housing officer [name] left"),
        ("My name is Tomasz Nowak", "My name is [name]"),
    ],
)
def test_it_removes_names(text, expected):
    assert redact(text) == expected


def test_it_leaves_ordinary_words_that_are_also_names():
    text = "Will they fix it in May? Mark my words, the repair is late"
    assert redact(text) == text


def test_it_leaves_a_comment_without_personal_data_alone():
    text = "Black mould in the bathroom for 3 months, reported it 4 times"
    assert redact(text) == text
