"""Forms of the benchmarks pages: choosing a measure and peers, saving peers as a group, and
uploading the regulator's workbook. GOV.UK patterns: every error message says what to do."""

from pathlib import Path

from django import forms

from doorstep.benchmarks.models import PeerGroup, PeerLandlord, PeerSurvey, Release
from doorstep.benchmarks.peers import PeerError, peer_filter
from doorstep.benchmarks.services import MEASURE_CODES, BenchmarkError, check_measure
from doorstep.measures.names import MEASURE_NAMES, TENURE_NAMES

# The workbooks are about 0.7 MB; anything far bigger is not one of them.
LARGEST_WORKBOOK = 20 * 1024 * 1024
SURVEY_METHOD_NAMES = {
    "telephone": "Telephone",
    "online": "Online",
    "postal": "Post",
    "face_to_face": "Face to face",
    "sms": "Text message (SMS)",
    "other": "Other",
}
FILTERS = ("landlord_types", "size_bands", "regions", "supported_housing", "survey_methods",
           "landlord_codes")  # fmt: skip


def _codes(text: str) -> list[str]:
    # People paste lists with commas, spaces or one per line.
    return [code for code in text.replace(",", " ").upper().split() if code]


def _distinct(model, field: str) -> list[str]:
    return sorted(set(model.objects.values_list(field, flat=True)) - {""})


class PeerFiltersForm(forms.Form):
    """Which of the regulator's landlords to compare with; blank filters mean any."""

    landlord_types = forms.MultipleChoiceField(
        label="Type of landlord", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("PRP", "Housing association (private registered provider)"),
                 ("LA", "Local authority")],
    )  # fmt: skip
    size_bands = forms.MultipleChoiceField(
        label="Size of the landlord's group", required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    regions = forms.MultipleChoiceField(
        label="Region", required=False, widget=forms.CheckboxSelectMultiple
    )
    supported_housing = forms.ChoiceField(
        label="More than 30% supported housing", required=False, widget=forms.RadioSelect,
        choices=[("", "Any"), ("Yes", "Yes"), ("No", "No")],
    )  # fmt: skip
    survey_methods = forms.MultipleChoiceField(
        label="Predominant survey method", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="For a survey measure, the method of the survey of its tenure; for the other "
        "measures, the renters' survey.",
    )  # fmt: skip
    landlord_codes = forms.CharField(
        label="Hand-picked landlords (optional)", required=False, max_length=4000,
        help_text="The regulator's codes, separated by commas or spaces, for example "
        "L4240, L4172. The filters above still narrow the list.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size_bands"].choices = [
            (band, band.replace("-", " to ")) for band in _distinct(PeerLandlord, "size_band")
        ]
        self.fields["regions"].choices = [(r, r) for r in _distinct(PeerLandlord, "region")]
        self.fields["survey_methods"].choices = [
            (method, SURVEY_METHOD_NAMES.get(method, method))
            for method in _distinct(PeerSurvey, "predominant_method")
        ]

    def clean_landlord_codes(self) -> list[str]:
        return _codes(self.cleaned_data["landlord_codes"])

    def peers(self, *, group_name: str = ""):
        """The cleaned filters as a ``PeerFilter``."""
        data = self.cleaned_data
        return peer_filter(**{name: data.get(name) or () for name in FILTERS
                              if name != "supported_housing"},
                           supported_housing=data.get("supported_housing") or "",
                           group_name=group_name)  # fmt: skip


class BenchmarkForm(PeerFiltersForm):
    """What to benchmark: a year's release, a measure and tenure, and the peers."""

    year = forms.ChoiceField(
        label="Year the regulator published",
        error_messages={"invalid_choice": "Choose a year that has been imported",
                        "required": "Choose a year that has been imported"},
    )  # fmt: skip
    measure = forms.ChoiceField(
        label="Measure",
        choices=[(code, f"{code} {MEASURE_NAMES.get(code, '')}") for code in MEASURE_CODES],
        error_messages={"invalid_choice": "Choose a measure from the list",
                        "required": "Choose a measure from the list"},
    )  # fmt: skip
    tenure = forms.ChoiceField(
        label="Tenure", choices=list(TENURE_NAMES.items()),
        help_text="TP02 to TP04, RP01 and RP02 are published for rented homes (LCRA) only.",
        error_messages={"invalid_choice": "Choose a tenure from the list"},
    )  # fmt: skip
    group = forms.ChoiceField(
        label="Saved peer group", required=False,
        help_text="A saved group replaces the filters below.",
        error_messages={"invalid_choice": "Choose a saved peer group from the list"},
    )  # fmt: skip
    own_code = forms.CharField(
        label="Place a published landlord as yours (optional)", required=False, max_length=20,
        help_text="Leave blank to place your own figure from Doorstep. A code such as L4240 "
        "places that landlord's published figure instead.",
    )  # fmt: skip
    compare_with = forms.CharField(
        label="Compare with one landlord (optional)", required=False, max_length=20,
        help_text="A landlord's code, for a survey measure: is the difference larger than "
        "both surveys' margins of error allow?",
    )  # fmt: skip

    field_order = ["year", "measure", "tenure", "group"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = list(Release.objects.order_by("-year").values_list("year", flat=True))
        self.fields["year"].choices = [(year, year) for year in years]
        self.fields["group"].choices = [("", "None: use the filters")] + [
            (name, name) for name in PeerGroup.objects.values_list("name", flat=True)
        ]

    def clean_own_code(self) -> str:
        return self.cleaned_data["own_code"].strip().upper()

    def clean_compare_with(self) -> str:
        return self.cleaned_data["compare_with"].strip().upper()

    def clean(self):
        data = super().clean()
        if data.get("measure") and data.get("tenure"):
            try:
                data["measure"], data["tenure"] = check_measure(
                    code=data["measure"], tenure=data["tenure"]
                )
            except BenchmarkError as problem:
                self.add_error("tenure", str(problem))
        try:
            data["peer_filter"] = self.peers()
        except PeerError as problem:
            self.add_error(None, str(problem))
        return data


class PeerGroupForm(PeerFiltersForm):
    """Save the filters in use under a name. The filters travel as hidden fields."""

    name = forms.CharField(
        label="Name of the peer group", max_length=100,
        help_text="For example, London housing associations. Saving under a name already in "
        "use replaces that group.",
        error_messages={"required": "Enter a name for the peer group",
                        "max_length": "Name must be 100 characters or fewer"},
    )  # fmt: skip
    description = forms.CharField(
        label="Why these peers (optional)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FILTERS:
            self.fields[name].widget = self.fields[name].hidden_widget()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the peer group")
        return name


class WorkbookForm(forms.Form):
    workbook = forms.FileField(
        label="The regulator's TSM full data workbook",
        help_text="The .xlsx file from GOV.UK, for example 2025_TSM_Full_Data_v1.0_FINAL.xlsx. "
        "Importing a year again replaces that year's figures.",
        error_messages={"required": "Choose the workbook to upload",
                        "empty": "The file is empty: choose the workbook again"},
    )  # fmt: skip

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        if Path(workbook.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(
                "The workbook must be an Excel file ending .xlsx, as published on GOV.UK"
            )
        if workbook.size > LARGEST_WORKBOOK:
            raise forms.ValidationError("The file must be smaller than 20 MB")
        return workbook
