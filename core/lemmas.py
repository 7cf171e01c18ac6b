"""Lemmas and search keys for Czech and English text.

Search must match ``doprava`` with ``dopravy``/``dopravě`` and must not care whether the
user typed diacritics (``doprave``, ``skolstvi``). Every word therefore gets one *search
key*, computed the same way for document text and for queries::

    word → simplemma lemma → diacritics folded, lower case → light Czech stem

Equal keys mean a match, so the search backend only compares tokens. The Czech stem is
what rescues the cases simplemma cannot: words missing from its dictionary
("fotovoltaické", "elektromobilitou") and queries typed without diacritics, which the
dictionary does not know either ("doprave"). Stemming the *folded lemma* rather than the
raw word keeps the two paths consistent: a known word and its unknown, undiacritised
spelling end in the same stem.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

import simplemma

from core.language import CZECH, CZECH_STOPWORDS, ENGLISH, ENGLISH_STOPWORDS

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """One word of a text; ``start``/``end`` index the text it came from."""

    surface: str
    start: int
    end: int
    lemma: str
    key: str


def fold(text: str) -> str:
    """Lower case without diacritics: ``Žluťoučký`` → ``zlutoucky``."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokenize(text: str) -> list[tuple[str, int, int]]:
    return [(match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text)]


_WORD_CHARS = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The surfaces of ``tokenize(text)``, without offsets (one C-level regex pass)."""
    if "_" in text:
        return _TOKEN.findall(text)
    return _WORD_CHARS.findall(text)  # the same tokens when there is no "_"; faster


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str = CZECH) -> str:
    """Dictionary lemma from simplemma, lower case; the word itself when unknown."""
    lowered = word.lower()
    if lowered.isdigit():
        return lowered
    try:
        return simplemma.lemmatize(lowered, lang=lang).lower()
    except (ValueError, KeyError):  # unknown language code
        return lowered


# Czech case and adjective endings, on folded text, longest first. This is a light
# stemmer in the spirit of Dolamic & Savoy's: inflection only, plus the -ika/-ický pair
# that strategy vocabulary is full of (energetika/energetický, fotovoltaika/...).
_CZECH_ENDINGS = sorted(
    [
        "atech",
        "atum",
        "ata",
        "ami",
        "ech",
        "emi",
        "ich",
        "imi",
        "imu",
        "ove",
        "ovi",
        "eho",
        "emu",
        "ych",
        "ymi",
        "ymu",
        "ach",
        "ete",
        "eti",
        "iho",
        "ou",
        "um",
        "em",
        "am",
        "im",
        "ym",
        "ie",
        "ii",
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
    ],
    key=len,
    reverse=True,
)
_VOWELS = set("aeiouy")
MIN_STEM = 3
_DERIVATIONAL_SUFFIXES = (("ick", MIN_STEM + 3), ("ik", MIN_STEM + 2), ("ov", 6))


@lru_cache(maxsize=200_000)
def czech_stem(word: str) -> str:
    """Light stem of a Czech word (any case; diacritics are folded first)."""
    stem = fold(word)
    if len(stem) < 4 or not stem.isalpha():
        return stem
    for ending in _CZECH_ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) >= MIN_STEM:
            stem = stem[: -len(ending)]
            break
    # Mobile e: cyklostezek/cyklostezka, obec/obce, zastávek/zastávka.
    if len(stem) > 4 and stem[-2] == "e" and stem[-1] in "kc" and stem[-3] not in _VOWELS:
        stem = stem[:-2] + stem[-1]
    # Palatalised k before -e/-i: fotovoltaice (dat. of fotovoltaika) → fotovoltaik.
    if len(stem) > 5 and stem.endswith("ic"):
        stem = stem[:-1] + "k"
    # Derivation that search should see through: the noun in -ika and the adjective in
    # -ický (energetika / energetický → energet), and -ový adjectives after their noun
    # (kamerový → kamer, rozvojový → rozvoj). Only the first matching suffix is removed.
    for suffix, min_length in _DERIVATIONAL_SUFFIXES:
        if len(stem) >= min_length and stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return stem


@lru_cache(maxsize=200_000)
def search_key(word: str, lang: str = CZECH) -> str:
    """The token the search index stores for ``word`` (see the module docstring)."""
    base = lemma(word, lang)
    if lang == ENGLISH:
        return fold(base)
    return czech_stem(base)


def is_stopword(word: str, lang: str = CZECH) -> bool:
    # Exact match only: folded stopwords collide with content words ("být" → "byt").
    stopwords = ENGLISH_STOPWORDS if lang == ENGLISH else CZECH_STOPWORDS
    return word.lower() in stopwords


class WordInfo(NamedTuple):
    """What the pipeline needs of one surface word: ``lemma(word)``, ``search_key(word)``
    and ``is_stopword(word)``, computed once per distinct word and language."""

    lemma: str
    key: str
    stopword: bool


# Surface word → WordInfo, one dict per language. A document repeats its vocabulary, so
# after the first pages nearly every word is a single dict lookup. Bounded by clearing:
# a long-running worker's vocabulary cannot grow without limit.
WORD_CACHE_LIMIT = 100_000
_word_cache: dict[str, dict[str, WordInfo]] = {}


def _word_info(word: str, lang: str, cache: dict[str, WordInfo]) -> WordInfo:
    if len(cache) >= WORD_CACHE_LIMIT:
        cache.clear()
    info = cache[word] = WordInfo(
        lemma(word, lang), search_key(word, lang), is_stopword(word, lang)
    )
    return info


def word_infos(surfaces: list[str], lang: str = CZECH) -> list[WordInfo]:
    """``WordInfo`` of every surface word, in order (see ``words``)."""
    cache = _word_cache.get(lang)
    if cache is None:
        cache = _word_cache.setdefault(lang, {})
    try:
        return list(map(cache.__getitem__, surfaces))
    except KeyError:
        return [
            info if info is not None else _word_info(word, lang, cache)
            for info, word in zip(map(cache.get, surfaces), surfaces, strict=True)
        ]


_KEY = itemgetter(1)


def content_words(infos: list[WordInfo]) -> list[WordInfo]:
    """The ``infos`` that are not stopwords."""
    return [info for info in infos if not info.stopword]


def keys_of(infos: list[WordInfo]) -> list[str]:
    return list(map(_KEY, infos))


def clear_caches() -> None:
    """Forget every memoised lemma and key (used to measure cold-cache throughput)."""
    _word_cache.clear()
    lemma.cache_clear()
    search_key.cache_clear()
    czech_stem.cache_clear()


def lemmatize(text: str, lang: str = CZECH) -> list[Token]:
    """Every word of ``text`` with its lemma and search key (stopwords included)."""
    tokens = tokenize(text)
    infos = word_infos([surface for surface, _start, _end in tokens], lang)
    return [
        Token(surface, start, end, info.lemma, info.key)
        for (surface, start, end), info in zip(tokens, infos, strict=True)
    ]


def index_terms(text: str, lang: str = CZECH) -> list[str]:
    """Search keys of the words of ``text``, in order, without stopwords.

    Stored by the search index; a query word matches a text word when the keys are equal.
    """
    return keys_of(content_words(word_infos(words(text), lang)))


def query_terms(query: str, lang: str = CZECH) -> list[str]:
    """Search keys for the words of a query, deduplicated, in the order typed."""
    seen: dict[str, None] = {}
    for term in index_terms(query, lang):
        seen.setdefault(term, None)
    return list(seen)


def recall_on_pairs(pairs: list[tuple[str, str]], lang: str = CZECH) -> float:
    """Share of (query, text form) pairs whose search keys match: search recall on them."""
    if not pairs:
        return 0.0
    hits = sum(1 for query, form in pairs if pair_matches(query, form, lang))
    return hits / len(pairs)


def pair_matches(query: str, form: str, lang: str = CZECH) -> bool:
    return query_terms(query, lang) == index_terms(form, lang)


# Query → inflected form in a document. Queries typed without diacritics are included on
# purpose: that is how many people search. Used by the tests and measure_lemmas.py.
INFLECTION_PAIRS: list[tuple[str, str]] = [
    ("doprava", "dopravy"), ("doprava", "dopravě"), ("doprava", "dopravou"),
    ("doprave", "dopravě"), ("doprava", "dopravu"), ("zelen", "zeleň"), ("zeleň", "zeleně"),
    ("zelen", "zeleni"), ("cyklostezky", "cyklostezka"), ("cyklostezka", "cyklostezek"),
    ("cyklostezka", "cyklostezkách"), ("skolstvi", "školství"), ("školství", "školstvím"),
    ("fotovoltaika", "fotovoltaické"), ("fotovoltaika", "fotovoltaiky"),
    ("fotovoltaický", "fotovoltaika"), ("elektromobilita", "elektromobilitou"),
    ("elektromobilita", "elektromobility"), ("odpad", "odpadů"), ("odpady", "odpadech"),
    ("voda", "vodou"), ("voda", "vody"), ("sucho", "suchu"), ("obec", "obcí"),
    ("obec", "obce"), ("obce", "obcích"), ("mesto", "městech"), ("město", "města"),
    ("energetika", "energetické"), ("energie", "energií"), ("digitalizace", "digitalizací"),
    ("digitalizace", "digitalizaci"), ("sluzby", "službách"), ("sociální", "sociálních"),
    ("skola", "školy"), ("škola", "školách"), ("parkovani", "parkování"),
    ("parkoviště", "parkovišť"), ("zastávka", "zastávek"), ("zastavka", "zastávkách"),
    ("mobilita", "mobility"), ("senior", "seniorů"), ("senioři", "seniorům"),
    ("bydleni", "bydlení"), ("byt", "bytů"), ("strategie", "strategií"),
    ("participace", "participaci"), ("rozpočet", "rozpočtu"), ("krajina", "krajině"),
    ("retence", "retenci"), ("dešťová", "dešťové"), ("kanalizace", "kanalizací"),
    ("vodovod", "vodovodu"), ("osvětlení", "osvětlením"), ("teplarna", "teplárny"),
    ("recyklace", "recyklaci"), ("kompostárna", "kompostárny"), ("bioodpad", "bioodpadu"),
    ("cestovni ruch", "cestovního ruchu"), ("turista", "turistů"), ("podnikatel", "podnikatelé"),
    ("inovace", "inovacím"), ("nemocnice", "nemocnici"), ("lékař", "lékařů"),
    ("bezpečnost", "bezpečnosti"), ("kamera", "kamerový"), ("povoden", "povodní"),
    ("optika", "optické"), ("síť", "sítě"), ("internet", "internetu"), ("úřad", "úřadu"),
    ("urad", "úřadech"), ("portál", "portálu"), ("data", "dat"), ("vzdělávání", "vzdělávacích"),
    ("zahrada", "zahrady"), ("strom", "stromů"), ("park", "parcích"), ("chodník", "chodníků"),
    ("silnice", "silnic"), ("autobus", "autobusy"), ("vlak", "vlaků"), ("nádraží", "nádražím"),
]  # fmt: skip
