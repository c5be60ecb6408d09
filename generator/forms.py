"""Input parsing for the page, the JSON API and the download links. Messages name what is allowed."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings

from generator.options import DownloadOptions, MessyError, parse_messy
from generator.schema import LOCALE_NAMES, LOCALES, MAX_TITLE
from generator.seeds import MAX_SEED
from generator.textcheck import text_problem
from generator.writers import FORMATS


class RowsField(forms.IntegerField):
    """Rows, 1 to SYNTH_MAX_ROWS; left empty it means SYNTH_DEFAULT_ROWS."""

    def clean(self, value):
        return super().clean(value) or settings.SYNTH_DEFAULT_ROWS


def rows_field() -> forms.IntegerField:
    limit = settings.SYNTH_MAX_ROWS
    message = f"Rows must be a whole number from 1 to {limit:,}."
    return RowsField(
        min_value=1,
        max_value=limit,
        required=False,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        help_text=f"1 to {limit:,}",
    )


def seed_field() -> forms.IntegerField:
    message = f"Seed must be a whole number from 0 up ({len(str(MAX_SEED))} digits at most), or left empty for a random seed."
    return forms.IntegerField(
        min_value=0,
        max_value=MAX_SEED,
        required=False,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        help_text="optional: the same seed gives the same file",
    )


def format_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[(name, fmt.label) for name, fmt in FORMATS.items()],
        required=False,
        error_messages={"invalid_choice": f"Format must be one of: {', '.join(FORMATS)}."},
    )


def locale_choices() -> list[tuple[str, str]]:
    return [(code, f"{LOCALE_NAMES.get(code, code)} · {code}") for code in LOCALES]


def locale_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", "As the schema says (English, US by default)"), *locale_choices()],
        required=False,
        error_messages={"invalid_choice": f"Locale must be one of: {', '.join(LOCALES)}."},
        help_text="optional: language and country of names, addresses and phone numbers",
    )


def student_field() -> forms.RegexField:
    message = "Student must be 1 to 64 letters, digits, dots, dashes, underscores or @ (e.g. s1234 or ana@uni.edu)."
    return forms.RegexField(
        regex=r"^[A-Za-z0-9._@-]{1,64}$",
        required=False,
        error_messages={"invalid": message},
        help_text="optional: a student id gives that student's own variant of the dataset (with the seed)",
    )


def messy_field() -> forms.CharField:
    return forms.CharField(
        max_length=300,
        required=False,
        help_text="optional: inject logged defects for cleaning practice, e.g. all, or missing,typos:0.1",
    )


def table_field() -> forms.RegexField:
    return forms.RegexField(
        regex=r"^[a-z][a-z0-9_]{0,62}$",
        required=False,
        error_messages={"invalid": "Table must be the snake_case name of one table of the dataset."},
    )


class DatasetParamsForm(forms.Form):
    """rows, seed, format, student, messy and table: the query of a download link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"] = rows_field()
        self.fields["seed"] = seed_field()
        self.fields["format"] = format_field()
        self.fields["student"] = student_field()
        self.fields["messy"] = messy_field()
        self.fields["table"] = table_field()

    def clean_messy(self) -> dict[str, float] | None:
        text = self.cleaned_data.get("messy") or ""
        try:
            return parse_messy(text) or None
        except MessyError as exc:
            raise forms.ValidationError(str(exc)) from None

    def download_options(self) -> DownloadOptions:
        """The cleaned options, for the service to check against the schema and build with."""
        data = self.cleaned_data
        return DownloadOptions(
            rows=data["rows"], fmt=data["format"], seed=data.get("seed"), student=data.get("student") or "",
            messy=data.get("messy"), table=data.get("table") or "",
        )

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or "csv"

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        if problem := self.download_options().problem():
            self.add_error(problem.field, str(problem))
        return data


def safe_text(*, line_breaks: bool) -> Callable[[str], None]:
    """A validator refusing NUL, other control characters and lone surrogates (generator.textcheck)."""

    def validate(value: str) -> None:
        if found := text_problem(value, line_breaks=line_breaks):
            raise forms.ValidationError(f"The text {found}.")

    return validate


def description_field() -> forms.CharField:
    limit = settings.SYNTH_MAX_DESCRIPTION_CHARS
    return forms.CharField(
        validators=[safe_text(line_breaks=True)],
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
    """Description plus rows, seed, format and an optional locale: POST/GET /generate."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"] = locale_field()


class PreviewForm(DescriptionForm):
    """The form on the home page: description, rows, seed and locale → a preview."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"] = rows_field()
        self.fields["seed"] = seed_field()
        self.fields["locale"] = locale_field()


class EditForm(forms.Form):
    """The settings beside the schema editor on the preview page (the columns are parsed by
    generator.editor). `apply` says which part was submitted: the column table or the JSON box."""

    apply = forms.ChoiceField(choices=[("columns", "columns"), ("json", "json")], required=False)
    base = forms.RegexField(regex=r"^[0-9a-f]{16}$", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"] = rows_field()
        self.fields["seed"] = seed_field()
        self.fields["locale"] = locale_field()
        self.fields["title"] = forms.CharField(
            max_length=MAX_TITLE,
            required=False,
            validators=[safe_text(line_breaks=False)],
            error_messages={"max_length": f"The title must be at most {MAX_TITLE} characters."},
        )

    def clean_apply(self) -> str:
        return self.cleaned_data.get("apply") or "columns"


class ClassForm(forms.Form):
    """POST /api/class: a class list and the dataset (schema id, rows, seed, messy) → each student's links."""

    schema_id = forms.RegexField(regex=r"^[0-9a-f]{16}$", error_messages={"invalid": "schema_id must be the 16-character id of a stored schema.", "required": "Give the schema_id of a stored schema."})
    students = forms.CharField(required=False, max_length=100_000, strip=False)
    key = forms.CharField(required=False, max_length=64)
    format = forms.ChoiceField(choices=[("csv", "csv"), ("html", "html"), ("json", "json")], required=False,
                               error_messages={"invalid_choice": "format must be csv, html or json."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"] = rows_field()
        self.fields["seed"] = seed_field()
        self.fields["seed"].required = True
        self.fields["seed"].error_messages["required"] = "Give the seed: every student's file is made from it."
        self.fields["messy"] = messy_field()

    def clean_messy(self) -> str:
        text = self.cleaned_data.get("messy") or ""
        try:
            parse_messy(text)
        except MessyError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or "csv"
