"""Template helpers for GOV.UK-style forms and for figures. Load with {% load doorstep %}."""

from django import template

from doorstep.core import labels
from doorstep.core.survey_stats import points_text

register = template.Library()


@register.inclusion_tag("web/includes/field.html")
def form_field(field, *, width: str = ""):
    """A label, hint, error message and input, tied together with aria-describedby."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(filter(None, ["input", width and f"input--{width}",
                                             field.errors and "input--error"]))}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return {"field": field, "input": field.as_widget(attrs=attrs)}


@register.inclusion_tag("web/includes/error_summary.html")
def error_summary(form):
    """The box at the top of a form listing every error, each a link to its field."""
    errors = []
    first_field = next(iter(form), None)
    for message in form.non_field_errors():
        errors.append((f"#{first_field.auto_id}" if first_field else "", message))
    for field in form:
        for message in field.errors:
            errors.append((f"#{field.auto_id}", message))
    return {"errors": errors}


@register.filter
def figure(number) -> str:
    """A count as a whole number, a weighted count to one decimal place: 1,204 or 531.7."""
    if number is None:
        return ""
    number = float(number)
    return f"{number:,.0f}" if number == round(number) else f"{number:,.1f}"


@register.filter
def points(margin, places=1) -> str:
    """``{{ row.margin|points }}`` -> "± 9.8 points"; ``|points:0`` for a whole number."""
    if margin in (None, ""):  # no margin (not a survey measure), or a missing variable
        return ""
    return points_text(margin, int(places))


@register.filter
def measure_value(result) -> str:
    """A measure's value as the regulator publishes it, to one decimal place."""
    value = result.value
    if value is None:
        return "No figure: nothing to count"
    if result.unit == "%":
        return f"{value:.1f}%"
    return f"{value:,.1f} {result.unit}"


@register.filter(name="label")
def label_filter(code, within: str = "") -> str:
    """``{{ repair.category|label }}`` -> "Doors and windows": the code's one plain label.

    ``{{ value|label:key }}`` for a convention's value, which reads differently under each
    convention. See ``doorstep.core.labels``.
    """
    return labels.label(code, within=within)


@register.filter
def in_sentence(text: str) -> str:
    """A label inside a sentence: ``{{ "Homes"|in_sentence }}`` -> "homes", but "ASB cases"
    stays "ASB cases" (``|lower`` would write "asb cases")."""
    first = text.split(" ", 1)[0] if text else ""
    if not first or first.isupper() or (len(first) > 1 and first[1:2].isupper()):
        return text
    return text[:1].lower() + text[1:]


@register.filter
def heading(column_name: str) -> str:
    """An import column's name as a heading people write: ``home_ref`` -> "Home ref".

    Not its label: an import matches headings whatever their case, spaces or underscores,
    so this form is still the heading it reads.
    """
    return labels.readable(column_name)
