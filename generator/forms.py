"""Input parsing for the page, the JSON API and the download links. Messages name what is allowed."""

from __future__ import annotations

from django import forms
from django.conf import settings

from generator.engine import MAX_SEED
from generator.writers import FORMATS


def rows_field() -> forms.IntegerField:
    limit = settings.SYNTH_MAX_ROWS
    message = f"Rows must be a whole number from 1 to {limit:,}."
    return forms.IntegerField(
        min_value=1,
        max_value=limit,
        required=False,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        help_text=f"1 to {limit:,}",
    )


def seed_field() -> forms.IntegerField:
    message = f"Seed must be a whole number from 0 to {MAX_SEED}, or left empty for a random seed."
    return forms.IntegerField(
        min_value=0,
        max_value=MAX_SEED,
        required=False,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        help_text="optional: the same seed gives the same file",
    )


def format_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[(fmt, fmt.upper()) for fmt in FORMATS],
        required=False,
        error_messages={"invalid_choice": f"Format must be one of: {', '.join(FORMATS)}."},
    )


class DatasetParamsForm(forms.Form):
    """rows, seed and format: the query of a download link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"] = rows_field()
        self.fields["seed"] = seed_field()
        self.fields["format"] = format_field()

    def clean_rows(self) -> int:
        return self.cleaned_data.get("rows") or settings.SYNTH_DEFAULT_ROWS

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or "csv"


def description_field() -> forms.CharField:
    limit = settings.SYNTH_MAX_DESCRIPTION_CHARS
    return forms.CharField(
        max_length=limit,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Plain English, up to {limit:,} characters.",
        error_messages={
            "required": "Describe the dataset you want, e.g. “customers with name, email, age and country”.",
            "max_length": f"The description must be at most {limit:,} characters (it has %(show_value)d).",
        },
    )


class DescriptionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"] = description_field()


class GenerateForm(DescriptionForm, DatasetParamsForm):
    """Description plus rows, seed and format: the form on the page and POST/GET /generate."""
