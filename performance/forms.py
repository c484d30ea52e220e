from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from .ingest import ALIASES, COLUMN_LABELS, COLUMNS
from .ingest.columns import reason
from .models import Metric
from .services import mapping_problems


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Observations file (CSV or XLSX)"),
        help_text=_(
            "One row per observation: employee number (or team or store code), "
            "metric code, date or period start and end, value, or numerator and "
            "denominator for rates, optional sample size. You map the columns next."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    source = forms.SlugField(
        label=_("Source"),
        max_length=60,
        initial="spreadsheet",
        help_text=_(
            "Where the data comes from, e.g. call-centre, store-system. Importing "
            "the same period from the same source again updates it."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if Path(uploaded.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return uploaded


class MappingForm(forms.Form):
    """One choice per canonical column: which header of the file feeds it."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)"))] + [(h, h) for h in headers]
        guessed = {}
        for header in headers:
            column = ALIASES.get(header.strip().lower())
            if column and column not in guessed:
                guessed[column] = header
        for column in COLUMNS:
            self.fields[column] = forms.ChoiceField(
                label=COLUMN_LABELS[column],
                choices=choices,
                required=False,
                initial=guessed.get(column, ""),
            )

    def clean(self):
        data = super().clean()
        for column in mapping_problems(data):
            self.add_error(
                None, reason("missing_column", value=str(COLUMN_LABELS[column]))
            )
        return data


# What HR edits on a metric; the API shows the same fields (plus id).
METRIC_FIELDS = [
    "code",
    "name",
    "name_en",
    "unit",
    "direction",
    "aggregation",
    "rate_scale",
    "target",
    "threshold_warning",
    "threshold_critical",
    "value_min",
    "value_max",
    "level",
    "source",
    "min_sample_size",
    "is_active",
]


class MetricForm(forms.ModelForm):
    class Meta:
        model = Metric
        fields = METRIC_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Files and integrations refer to the code: it does not change.
            self.fields["code"].disabled = True
