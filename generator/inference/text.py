"""Text helpers for the offline inferrer: normalising, words, numbers and snake_case names."""

from __future__ import annotations

import re
import unicodedata

_REPLACEMENTS = {
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u3001": ",", "\u3002": ". ", "\u00a0": " ", "\u2022": "\n- ", "\u25cf": "\n- ", "\u25aa": "\n- ",
    "\u2264": "<=", "\u2265": ">=", "\u2192": "->", "\u21d2": "=>", "\u00b0": " deg ", "\u00d7": "x",
}
# Words whose trailing "s" is not a plural.
_NOT_PLURAL = {
    "species", "series", "news", "diabetes", "analysis", "status", "gas", "bus", "bonus", "census",
    "class", "address", "business", "glasses", "physics", "mathematics", "economics", "yes", "previous",
    "various", "lens", "mass", "loss", "gross", "less", "process", "access", "success", "progress",
    "plus", "minus", "always", "canvas", "alias", "bias", "chess", "dress", "express", "fitness",
    "sales", "this", "its", "his", "has", "was", "is", "us", "thus", "ms", "kms", "lbs", "gps",
    "aids", "os", "ios", "covid", "wellness", "illness", "sickness", "happiness", "thickness", "brightness",
    "loudness", "danceability", "liveness", "speechiness", "acousticness", "instrumentalness", "genus",
    "campus", "virus", "radius", "corpus", "apparatus", "nucleus", "stimulus", "focus", "whereas",
    "pancreas", "atlas", "iris", "tennis", "axis", "basis", "thesis", "diagnosis", "prognosis", "ssn",
}
_IRREGULAR = {
    "canoes": "canoe", "shoes": "shoe", "toes": "toe", "oboes": "oboe", "floes": "floe", "movies": "movie", "clinics": "clinic", "calories": "calorie", "cookies": "cookie", "children": "child", "people": "person",
    "men": "man", "women": "woman", "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
    "indices": "index", "criteria": "criterion", "data": "data", "media": "media", "fares": "fare",
    "employees": "employee", "sizes": "size", "prices": "price", "rates": "rate", "types": "type",
    "dates": "date", "names": "name", "scores": "score", "values": "value",
    "zombies": "zombie", "rookies": "rookie", "ties": "tie", "pies": "pie", "lies": "lie",
    "purchases": "purchase", "houses": "house", "courses": "course", "licenses": "license",
    "responses": "response", "cases": "case", "expenses": "expense", "phases": "phase", "releases": "release",
    "databases": "database", "nurses": "nurse", "horses": "horse", "uses": "use", "causes": "cause",
    "genres": "genre", "leaves": "leave", "times": "times", "lives": "life", "wives": "wife", "knives": "knife",
    "calves": "calf", "halves": "half", "loaves": "loaf", "shelves": "shelf", "wolves": "wolf", "hooves": "hoof",
    "taxis": "taxi", "skis": "ski", "mandis": "mandi", "kiwis": "kiwi", "safaris": "safari",
}
# 'calf' → 'calves', 'loaf' → 'loaves': the plurals in -ves of the words above (build/things.py plural).
VES_PLURALS = {one: many for many, one in _IRREGULAR.items() if many.endswith("ves")}
# Tokens that look like camelCase but are one word.
_JOINED = {"sibsp": "SibSp", "parch": "Parch", "pclass": "Pclass", "ph": "pH", "iphone": "iPhone", "ipad": "iPad", "macos": "macOS", "ios": "iOS", "youtube": "YouTube", "linkedin": "LinkedIn", "tiktok": "TikTok", "paypal": "PayPal", "github": "GitHub"}
NUMBER_WORDS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "couple": 2, "few": 3, "several": 5, "handful": 5,
}
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
NUM = r"[-+]?[$€£¥]?\s?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s?(?:k|K|M|mn|mln|bn|B)\b|\s(?:thousand|million|billion)\b)?"
WORD_NUM = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundred|a dozen|dozen|a couple|couple|a few|few|several|a handful of|a handful|handful)"
ANY_NUM = rf"(?:{NUM}|\b{WORD_NUM}\b)"
_CAPITAL = re.compile(r"[A-Z]")
_EMAIL = re.compile(r"(?i)\be-mail")
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_PLAIN = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def normalize(text: str) -> str:
    """NFKC, plain ASCII punctuation and single spaces; newlines are kept."""
    text = unicodedata.normalize("NFKC", text)
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = re.sub(r"[ \t\f\v]+", " ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def has_content(text: str) -> bool:
    """True when the text holds a letter, a digit or a symbol such as an emoji."""
    return any(unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "So" for ch in text)


def fold(text: str) -> str:
    """Accents removed, non-ASCII letters dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def split_camel(text: str) -> str:
    """'customerID' → 'customer ID', 'MonthlyCharges' → 'Monthly Charges'; known joined words kept."""
    if not _CAPITAL.search(text):
        return text  # every split is before or after a capital (most names, every data file phrase)

    def one(match: re.Match) -> str:
        word = match.group(0)
        if word.lower() in _JOINED or not re.search(r"[a-z]", word):
            return word
        return re.sub(r"(?<=[a-z]{2})(?=[A-Z])|(?<=[a-z])(?=[A-Z]{2})|(?<=[A-Z])(?=[A-Z][a-z]{2})", " ", word)

    return re.sub(r"[A-Za-z][A-Za-z0-9]*", one, text)


def words(text: str) -> list[str]:
    """Lowercase ASCII words of a phrase: camelCase, snake_case and hyphens split."""
    text = _EMAIL.sub("email", split_camel(text if text.isascii() else fold(text))).replace("%", " percent ").replace("#", " number ").replace("&", " and ")
    return _WORD.findall(text.lower().replace("_", " "))


def singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _NOT_PLURAL or word.endswith(("ss", "us", "is", "ics", "ness")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes", "oes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("'s") else word


def key_text(text: str) -> str:
    """The phrase as singular lowercase words separated by single spaces, for matching."""
    if _PLAIN.fullmatch(text):  # already lowercase words and single spaces (most data phrases): words() would split at the spaces
        return " ".join([singular(w) for w in text.split(" ")])
    return " ".join([singular(w) for w in words(text)])


def stem(word: str) -> str:
    """A crude stem so that churn / churned / churning and cancel / cancelled compare equal."""
    word = singular(word)
    for suffix in ("ation", "ing", "ed", "er", "al", "ly", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word[-1] == word[-2] else word


def parse_number(text: str) -> float | None:
    """'$1,200.50' → 1200.5, '50k' → 50000, '2 million' → 2e6, 'twelve' → 12; None if not a number."""
    raw = text.strip().lower().replace("a hundred", "hundred").replace("a dozen", "dozen").replace("a couple", "couple").replace("a few", "few").replace("a handful of", "handful").replace("a handful", "handful")
    if raw in NUMBER_WORDS:
        return float(NUMBER_WORDS[raw])
    match = re.fullmatch(r"([-+]?)[$€£¥]?\s?(\d[\d,]*(?:\.\d+)?|\.\d+)\s?([a-z]*)", raw)
    if not match:
        return None
    sign, digits, scale = match.groups()
    if scale and scale not in _SCALES:
        return None
    if "," in digits and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", digits):
        digits = digits.replace(",", ".") if digits.count(",") == 1 and "." not in digits else digits.replace(",", "")
    value = float(digits.replace(",", "")) * _SCALES.get(scale, 1.0)
    return -value if sign == "-" else value


def snake(text: str, limit: int = 63) -> str:
    """A column name: lowercase ASCII words joined by _, at most `limit` characters."""
    tokens = words(text)
    name = ""
    for token in tokens:
        token = token.replace(".", "_")
        candidate = f"{name}_{token}" if name else token
        if len(candidate) > limit:
            break
        name = candidate
    if name and name[0].isdigit():
        name = ("col_" + name)[:limit].rstrip("_")
    return name


def title_case_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
