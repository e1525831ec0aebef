"""Template helpers for showing survey questions (GOV.UK radios and text boxes), shared by
the online pages and the staff entry screens. Load with {% load resident %}."""

from django import template

register = template.Library()


@register.inclusion_tag("resident/includes/question.html")
def question_field(field, question, *, heading: bool = False):
    """One question: radios in a fieldset with the question as legend, or a text box with
    the question as label; with ``heading`` the question is also the page's <h1>."""
    described_by = [f"{field.auto_id}-hint"] if question.asks_for_words else []
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    text_box = ""
    if question.asks_for_words:
        classes = "textarea textarea--error" if field.errors else "textarea"
        text_box = field.as_widget(attrs={"class": classes,
                                          "aria-describedby": " ".join(described_by)})
    return {"field": field, "question": question, "heading": heading,
            "described_by": " ".join(described_by), "text_box": text_box}


@register.inclusion_tag("resident/includes/error_summary.html")
def answer_error_summary(form):
    """"There is a problem" at the top, each error a link to the first radio or the box."""
    errors = []
    for field in form:
        target = field.auto_id
        if getattr(field.field.widget, "input_type", "") == "radio":
            target = f"{field.auto_id}_0"  # the first radio, as GOV.UK links it
        errors.extend((f"#{target}", message) for message in field.errors)
    return {"errors": errors}
