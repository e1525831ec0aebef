"""Builders for the kinds of column the import formats share."""

from django.db import models

from doorstep.imports.framework import Column
from doorstep.imports.values import (
    Invalid,
    code_parser,
    parse_date,
    parse_datetime,
    parse_money,
    parse_yes_no,
    text_parser,
)

REF_MAX = 64


def reference(name: str, **extra) -> Column:
    return Column(name, text_parser(max_length=REF_MAX), required=True, **extra)


def date_column(name: str, *, required: bool = False, **extra) -> Column:
    return Column(name, parse_date, required=required, **extra)


def datetime_column(name: str, *, required: bool = False, **extra) -> Column:
    return Column(name, parse_datetime, required=required, **extra)


def yes_no(name: str, *, default: bool | None = None, **extra) -> Column:
    return Column(name, parse_yes_no, default=default, **extra)


def money(name: str, **extra) -> Column:
    return Column(name, parse_money, **extra)


def free_text(name: str, **extra) -> Column:
    return Column(name, str, default="", free_text=True, **extra)


def short_text(name: str, *, max_length: int, default: str = "", **extra) -> Column:
    return Column(name, text_parser(max_length=max_length), default=default, **extra)


def choices(
    name: str,
    choice_class: type[models.Choices],
    *,
    what: str,
    required: bool = False,
    default=None,
    extra_spellings: dict | None = None,
    **extra,
) -> Column:
    """A column of codes from a model's choices; the labels are accepted as spellings too."""
    spellings = {str(label): value for value, label in choice_class.choices}
    spellings.update({str(value): value for value in choice_class.values})
    spellings.update(extra_spellings or {})
    return Column(
        name,
        code_parser(spellings, what=what),
        required=required,
        default=default,
        **extra,
    )


def category(name: str = "category", **extra) -> Column:
    """Categories are the landlord's own list (the formats give examples, not a closed
    list), kept as lower-case codes so "Damp mould" and "damp_mould" group together."""
    return Column(name, _category_code, default="", **extra)


def _category_code(text: str) -> str:
    code = "_".join(text.lower().replace("-", " ").split())
    if len(code) > 40:
        raise Invalid(f"{text!r} is too long for a category (40 characters at most)")
    return code
