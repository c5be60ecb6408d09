"""Text that agrees with its row: a bag-of-words model recovers the label beside the text (the
planted signal), the `noise` knob weakens it, and texts rarely repeat."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from generator.schema import DatasetSchema
from generator.writers.cells import rows_as_dicts

LABELS = {
    "review_text": ("rating", {"type": "integer", "min": 1, "max": 5}),
    "ticket_text": ("category", {"type": "category", "values": ["Billing", "Technical issue", "Account access", "Shipping", "Refund", "Feature request", "Other"]}),
    "post_text": ("sentiment", {"type": "category", "values": ["positive", "neutral", "negative"], "weights": [0.4, 0.3, 0.3]}),
    "email_text": ("spam", {"type": "boolean", "true_rate": 0.3}),
}


def _rows(text_type: str, rows: int, seed: int = 11, **params) -> tuple[list[str], list]:
    label, column = LABELS[text_type]
    columns = [{"name": label, **column}, {"name": "text", "type": text_type, f"{label}_column": label, **params}]
    if text_type == "ticket_text":
        columns.insert(1, {"name": "priority", "type": "category", "values": ["low", "medium", "high", "urgent"]})
        columns[-1]["priority_column"] = "priority"
    data = rows_as_dicts(DatasetSchema.from_dict({"title": "t", "columns": columns}), rows=rows, seed=seed)
    return [row["text"] for row in data], [row[label] for row in data]


def held_out_auc(text_type: str, **params) -> float:
    """AUC of TF-IDF + logistic regression trained on 3,000 rows, scored on 1,000 held-out rows
    (macro one-vs-rest for more than two labels)."""
    texts, labels = _rows(text_type, 4000, **params)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2)
    train, test = vectorizer.fit_transform(texts[:3000]), vectorizer.transform(texts[3000:])
    model = LogisticRegression(max_iter=2000).fit(train, labels[:3000])
    probabilities = model.predict_proba(test)
    if len(model.classes_) == 2:
        return roc_auc_score(np.array(labels[3000:]) == model.classes_[1], probabilities[:, 1])
    return roc_auc_score(labels[3000:], probabilities, multi_class="ovr", average="macro", labels=model.classes_)


@pytest.mark.parametrize("text_type", list(LABELS))
def test_a_bag_of_words_model_recovers_the_label_and_noise_weakens_it(text_type):
    default, noisy = held_out_auc(text_type), held_out_auc(text_type, noise=0.6)
    print(f"{text_type}: AUC {default:.3f} at default noise, {noisy:.3f} at noise 0.6")
    assert default >= 0.85
    assert noisy < default - 0.1


@pytest.mark.parametrize("text_type", list(LABELS))
def test_texts_rarely_repeat_at_ten_thousand_rows(text_type):
    texts, _ = _rows(text_type, 10_000)
    print(f"{text_type}: {len(set(texts)) / len(texts):.4f} distinct")
    assert len(set(texts)) / len(texts) >= 0.95
