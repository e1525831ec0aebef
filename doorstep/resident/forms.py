"""One question per form, and the language choice: GOV.UK patterns, messages translated."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

from doorstep.resident.languages import LANGUAGES
from doorstep.resident.rendering import ShownQuestion

WORDS_LIMIT = 2000


def answer_field(question: ShownQuestion) -> forms.Field:
    """The form field for one question: radios, or a text box that may be left empty."""
    if question.asks_for_words:
        return forms.CharField(
            required=False, max_length=WORDS_LIMIT, widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"max_length": gettext(
                "Your answer must be 2,000 characters or fewer")},
        )
    # TSM answers are numbers (1-5), filter and own answers words: keep each as its kind.
    kind = type(question.options[0][0])
    return forms.TypedChoiceField(
        choices=[(str(value), label) for value, label in question.options],
        coerce=int if issubclass(kind, int) else str,
        widget=forms.RadioSelect(attrs={"class": "radios__input"}),
        error_messages={"required": question.missing, "invalid_choice": question.missing},
    )


class AnswerForm(forms.Form):
    def __init__(self, *args, question: ShownQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"] = answer_field(question)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        choices=[(language.code, language.own_name) for language in LANGUAGES],
        widget=forms.RadioSelect(attrs={"class": "radios__input"}),
        error_messages={
            "required": gettext_lazy("Select the language you want to use"),
            "invalid_choice": gettext_lazy("Select the language you want to use"),
        },
    )
