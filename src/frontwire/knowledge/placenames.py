"""Place-name folding: one key for every spelling of a name, in the gazetteer and in running text.

Transliterations of Arabic (and other) names vary endlessly: Deir ez-Zor, Deir Ezzor, Dayr az Zawr and
Deir al-Zour are one town. Rather than listing every variant, names and text are folded to the same
*key*, token by token:

- case, diacritics, apostrophes and ayn/hamza marks go; hyphens split tokens;
- Arabic article tokens (al-, el-, ad-, ash-, as-, ar-, at-, az-, ...) are dropped when a word follows;
  the Abu/Albu/Abou prefix becomes "bu" (Abu Kamal = Albu Kamal; the build adds the glued Bukamal);
- digraphs are simplified (q/k, dh/z, kh/k, sh/ch/s, th/t, gh/g, ph/f, ck/k), doubled letters single;
- every run of vowels (with y/w next to a vowel) becomes one "a", so ou/u, ei/ay, Tell/Tal/Tel and
  Deir/Dayr/Der fold together; a final h after a vowel goes (Raqqah = Raqqa, Hasakeh = Hasaka).

An "al"/"el" glued to its word without a hyphen ("Maaret Alnouman", "Albab", "Deir Alzour") is not
indexed: a text word starting so also carries the key of the word without it (`Token.unglued`), which
the gazetteer tries only where the word as written names nothing, and only for places whose indexed
spelling has an article (`spelled_with_article`), so Albany, Aleppo and Elgin stay themselves.

The key is deliberately loose (it finds candidates); resolution then prefers candidates whose light
fold (`light_fold`: case and diacritics only) matches the text exactly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Tokens that are transliterated Arabic articles ("al-", the sun-letter forms, Persian/Turkish "ul").
ARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "adh",
        "ag",
        "ah",
        "an",
        "ar",
        "as",
        "ash",
        "at",
        "ath",
        "az",
        "ed",
        "en",
        "er",
        "es",
        "esh",
        "et",
        "ez",
        "ud",
        "ur",
        "us",
        "ush",
        "uz",
        "ed-",
        "l",
    }
)
ABU = frozenset({"abu", "abou", "abo", "albu", "alabu", "bu", "aboo"})
GLUED_ARTICLES = ("al", "el")  # written glued to the word without a hyphen: "Albab", "Elhasakeh"
_MIN_UNGLUED = 3  # letters left after a glued article ("Albab" -> "bab"; not "Also" -> "so")
# Generic words UCDP and others append to names ("Kokab village"); stripped before lookup.
FEATURE_WORDS = frozenset(
    {
        "village",
        "town",
        "city",
        "camp",
        "refugee",
        "idp",
        "hamlet",
        "farm",
        "farms",
        "neighbourhood",
        "neighborhood",
        "district",
        "area",
        "quarter",
        "suburb",
        "checkpoint",
        "base",
        "airbase",
        "airport",
        "governorate",
        "province",
        "tower",
        "crossing",
        "settlement",
        "subdistrict",
        "sub-district",
        "countryside",
        "outskirts",
    }
)
APOSTROPHES = "'’‘`´ʿʾʻʼ′"
_TOKEN = re.compile(r"[^\W_]+(?:[" + APOSTROPHES + r"][^\W_]+)*", re.UNICODE)
_APOS = re.compile("[" + APOSTROPHES + "]")
_DIGRAPHS = (
    ("sch", "s"),
    ("ck", "k"),
    ("dh", "z"),
    ("kh", "k"),
    ("sh", "s"),
    ("ch", "s"),
    ("th", "t"),
    ("gh", "g"),
    ("ph", "f"),
    ("dj", "j"),
    ("q", "k"),
    ("x", "ks"),
    ("zh", "j"),
)
_VOWELS = "aeiou"
# Letters with no decomposition that NFKD leaves alone.
_SPECIAL = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ħ": "h",
        "ŧ": "t",
    }
)


def strip_accents(text: str) -> str:
    """Lower-case text without diacritics (á -> a, Ḩ -> h); keeps the length only for ASCII input."""
    if text.isascii():  # nothing to decompose (most words of English news)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def light_fold(name: str) -> str:
    """Case, diacritics and punctuation folded, spelling kept: the 'exact match' form of a name."""
    words = _TOKEN.findall(strip_accents(name))
    return " ".join(_APOS.sub("", w) for w in words)


@lru_cache(maxsize=200_000)
def token_key(token: str) -> str:
    """The loose phonetic key of one word (see the module docstring)."""
    t = _APOS.sub("", strip_accents(token))
    if t in ABU:
        return "ba"
    if t.isdigit():
        return t
    for src, dst in _DIGRAPHS:
        t = t.replace(src, dst)
    out: list[str] = []
    n = len(t)
    i = 0
    while i < n:
        c = t[i]
        is_vowel = c in _VOWELS or (c in "yw" and i > 0)
        if is_vowel:
            if not out or out[-1] != "a":
                out.append("a")
        elif c == "h" and i == n - 1 and out and out[-1] == "a":
            pass
        elif not out or out[-1] != c:
            out.append(c)
        i += 1
    return "".join(out)


def _keys_of_words(words: list[str]) -> list[str]:
    keys: list[str] = []
    for i, w in enumerate(words):
        low = _APOS.sub("", w)
        if low in ARTICLES and i + 1 < len(words):
            continue
        keys.append(token_key(w))
    return keys


def name_key(name: str) -> str:
    """The folded key of a place name ("Deir ez-Zor" -> "dar zar")."""
    return " ".join(_keys_of_words(_TOKEN.findall(strip_accents(name))))


def name_keys(name: str) -> set[str]:
    """All keys the gazetteer indexes a name under: the key plus glued variants.

    Abu Kamal is also indexed as Bukamal, and a sun-letter article glued to its word (Deir ez-Zor
    written Deir Ezzor, ar-Raqqa written Arraqqa) as the glued form.
    """
    words = _TOKEN.findall(strip_accents(name))
    base = _keys_of_words(words)
    keys = {" ".join(base)}
    for i, tok in enumerate(base[:-1]):
        if tok == "ba":  # Abu Kamal -> also Bukamal
            keys.add(" ".join([*base[:i], "ba" + base[i + 1].removeprefix("a"), *base[i + 2 :]]))
    for i, w in enumerate(words[:-1]):
        art = _APOS.sub("", w)
        nxt = words[i + 1]
        if art in ARTICLES and len(art) > 1 and nxt[:1] == art[-1]:
            glued = [*words[:i], "a" + nxt, *words[i + 2 :]]
            keys.add(" ".join(_keys_of_words(glued)))
    keys.discard("")
    return keys


@lru_cache(maxsize=65536)
def unglue(word: str) -> str:
    """The word without an "al"/"el" glued to it ("Alnouman" -> "nouman"), or "" when it has none.

    Only a candidate form: "Albany" gives "bany" too; the caller decides (see the module docstring).
    """
    low = _APOS.sub("", strip_accents(word))
    if not low.startswith(GLUED_ARTICLES) or len(low) - 2 < _MIN_UNGLUED or not low[2].isalpha():
        return ""
    rest = low[2:]
    return "" if rest in ARTICLES or rest in ABU else rest


def spelled_with_article(folded: str) -> bool:
    """Whether a light-folded name has an article or Abu word before its last word ("al bab",
    "marrat an numan", "abu kamal"): the places a glued "Al..." in text may name."""
    return any(w in ARTICLES or w in ABU for w in folded.split()[:-1])


def strip_feature_words(name: str) -> str:
    """Drop trailing generic words ("Kokab village" -> "Kokab"), keeping at least one word."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(".,") in FEATURE_WORDS:
        words.pop()
    return " ".join(words)


class Token(NamedTuple):
    """One word of a text for gazetteer matching (a tuple: made for every word of every article)."""

    start: int
    end: int
    key: str
    dropped: bool
    unglued: str = ""  # key of the word without a glued "al"/"el" ("Alnouman" -> key of "nouman")


@lru_cache(maxsize=65536)
def _is_article(word: str) -> bool:
    """Whether the word folds to an article ("al", "Al-", "el"); remembered, as words recur."""
    return _APOS.sub("", strip_accents(word)) in ARTICLES


def tokens(text: str) -> list[Token]:
    """Word tokens of `text` with their keys; article tokens followed by a word are marked dropped."""
    out: list[Token] = []
    matches = list(_TOKEN.finditer(text))
    for i, m in enumerate(matches):
        word = m.group()
        end = m.end()
        if len(word) > 3 and word[-2] in APOSTROPHES and word[-1] in "sS":  # possessive: "Sudan's"
            word, end = word[:-2], end - 2
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        # An article only counts when it is glued or next to the following word (al-Bab, al Bab).
        dropped = (
            _is_article(word)
            and nxt is not None
            and nxt.start() - m.end() <= 1
            and not (word.isupper() and len(word) > 1)  # "US forces": a name, not "as"
            and text[m.end() : nxt.start()] in ("-", " ", "")
        )
        if dropped:
            out.append(Token(m.start(), end, "", True))
            continue
        bare = unglue(word)
        out.append(Token(m.start(), end, token_key(word), False, bare and token_key(bare)))
    return out
