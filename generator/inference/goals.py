"""What a dataset is for: the column to predict and the columns that plausibly drive it.

A goal is matched by the target column's name; each driver by a column name (and, for a
category, one of its values). Effects are log-odds per standard deviation (binary, multiclass)
or a fraction of the target's mean per standard deviation (numeric)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    key: str
    column: str  # regex over the target column's words
    task: str
    rate: float  # binary: usual share of true; numeric: usual mean (0: from the column)
    drivers: tuple[tuple[str, float, str], ...]  # (column regex, effect, value regex or "")


def g(key: str, column: str, task: str, rate: float, *drivers: tuple[str, float, str]) -> Goal:
    return Goal(key, column, task, rate, drivers)


GOALS = [
    g("churn", r"churn|exited|attrited|cancel+ed|left", "binary", 0.26,
      (r"tenure|months? (?:as|with)|account (?:age|length)", -1.0, ""), (r"contract", 1.2, r"month"), (r"monthly (?:charges?|bill|fee)|charges?$", 0.5, ""),
      (r"support calls?|complaints?|tickets?|service calls?|customer service", 0.4, ""), (r"senior", 0.3, "")),
    g("attrition", r"attrition|left (?:the )?company|resigned|quit", "binary", 0.16,
      (r"over ?time", 1.0, ""), (r"monthly income|salary|income", -0.6, ""), (r"years (?:at|with) (?:the )?company|tenure", -0.6, ""),
      (r"satisfaction", -0.5, ""), (r"distance", 0.3, "")),
    g("survived", r"surviv", "binary", 0.38,
      (r"^(?:sex|gender)$", 1.3, r"^f"), (r"p ?class|passenger class|ticket class|^class$", 1.0, r"^1|first"), (r"^age$", -0.4, ""), (r"fare", 0.3, "")),
    g("approved", r"approv|accepted|granted", "binary", 0.6,
      (r"credit score|fico", 1.0, ""), (r"income", 0.7, ""), (r"debt|dti", -0.8, ""), (r"loan amount|amount requested", -0.4, ""), (r"employ", 0.3, "")),
    g("default", r"default|delinquen|charged off|bad loan", "binary", 0.2,
      (r"debt|dti|utili[sz]ation|balance", 0.8, ""), (r"credit score|fico", -0.9, ""), (r"income|salary", -0.6, ""), (r"late|missed|past due", 0.7, ""), (r"loan amount|credit limit", 0.3, "")),
    g("fraud", r"fraud", "binary", 0.02,
      (r"amount", 1.0, ""), (r"foreign|international|abroad|online|card not present", 0.9, r"online|foreign|international|yes"), (r"distance", 0.6, ""), (r"hour|night", 0.3, "")),
    g("diabetes", r"diabet|outcome", "binary", 0.35,
      (r"glucose", 1.2, ""), (r"bmi|body mass", 0.7, ""), (r"^age$", 0.5, ""), (r"pregnanc", 0.3, ""), (r"insulin", 0.2, "")),
    g("heart", r"heart disease|heartdisease|^target$|has disease|disease", "binary", 0.46,
      (r"^age$", 0.6, ""), (r"cholesterol|chol", 0.5, ""), (r"max(?:imum)? heart rate|thalach", -0.6, ""), (r"chest pain|cp", 0.8, r"asympt"),
      (r"angina", 0.9, r"yes|true"), (r"^(?:sex|gender)$", 0.5, r"^m")),
    g("stroke", r"stroke", "binary", 0.05,
      (r"^age$", 1.5, ""), (r"hypertension", 0.5, ""), (r"heart disease", 0.5, ""), (r"glucose", 0.4, ""), (r"bmi", 0.2, "")),
    g("passed", r"pass|passed|graduat|admitted", "binary", 0.7,
      (r"stud(?:y|ied) (?:hours|time)|hours studied|study", 1.0, ""), (r"attendance", 0.8, ""), (r"previous|prior|gpa|mid ?term", 0.7, ""), (r"absence", -0.6, "")),
    g("subscribed", r"subscri|deposit|^y$|converted|conversion|purchased|clicked", "binary", 0.12,
      (r"duration|time on (?:site|page)", 1.0, ""), (r"previous|visits?|pages", 0.5, ""), (r"^age$", 0.2, ""), (r"campaign|contacts", -0.3, "")),
    g("income", r"income (?:bracket|class|band|level|group)|^income$|^class$|salary (?:bracket|band|class)", "multiclass", 0.0,
      (r"education (?:num|years)|years of education|education", 0.8, r"master|doctor|phd|bachelor|prof"), (r"^age$", 0.5, ""), (r"hours", 0.5, ""),
      (r"capital gain", 0.6, "")),
    g("price", r"price|sale ?price|value$", "numeric", 350_000,
      (r"area|sq ?ft|square (?:feet|footage|metres|meters)|living|size|footage", 0.2, ""), (r"bedrooms?|beds", 0.06, ""), (r"bathrooms?|baths", 0.05, ""),
      (r"(?:house|home|building|property) age|^age$", -0.06, ""), (r"year built", 0.06, ""), (r"garage", 0.04, ""), (r"quality|condition", 0.08, "")),
    g("salary", r"salary|income|wage|pay$", "numeric", 60_000,
      (r"experience", 0.2, ""), (r"education|degree", 0.15, r"master|phd|doctor"), (r"^age$", 0.05, ""), (r"hours", 0.05, "")),
]
# Well-known teaching datasets whose target is understood without saying so.
FAMOUS = {"titanic": "survived", "telco": "churn", "adult": "income", "pima": "diabetes", "heart": "heart", "stroke": "stroke",
          "hr_attrition": "attrition", "bank_marketing": "subscribed"}
