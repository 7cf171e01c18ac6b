"""Lemmas and search keys for Czech and English text.

Search must match ``doprava`` with ``dopravy``/``dopravě`` and must not care whether the
user typed diacritics (``doprave``, ``skolstvi``). Every word therefore gets one *search
key*, computed the same way for document text and for queries, and computed from the
word *without its diacritics* only::

    word → diacritics folded, lower case → the folded lemma, if the dictionary knows the
    folded form → light Czech stem

Because the key depends on the folded word alone, a word typed without diacritics has
exactly the key of the same word typed with them: ``komunitni`` finds whatever
``komunitní`` finds, for single words, phrases and prefixes alike. (Looking the typed word
up in simplemma first, as this module once did, broke that: simplemma knows ``komunitní``
but maps the unknown ``komunitni`` to ``komunita``, and ``bydleni`` to ``bydlet``.)

The folded lemma comes from simplemma's Czech dictionary folded once per process
(``folded_lemma_keys``): every dictionary form, folded, points to the stem of its folded
lemma (``obci`` → ``obec``, ``povodne`` → ``povoden``). When forms of different lemmas
fold to the same spelling, the form's own stem wins if it is one of them (``bydleni``:
the noun ``bydlení``, not the verb ``bydlet``), otherwise the lemma most forms agree on.
The Czech stem rescues what the dictionary does not know ("fotovoltaické",
"elektromobilitou") and makes derived forms meet (energetika / energetický).

Stop words are recognised with or without diacritics too (``pri`` like ``při``), except
where the folded spelling is a content word of its own: ``byt`` (a flat) is searchable,
``být`` is not.

``KEY_VERSION`` names the key function: stored keys made by an older one are recomputed
(the passages' keys by a mining migration, the search index after ``migrate``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

import simplemma

from core.language import CZECH, CZECH_STOPWORDS, ENGLISH, ENGLISH_STOPWORDS

# Bumped whenever search_key (or index_terms) gives other keys for the same text.
KEY_VERSION = 2

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
# The endings by length, longest first: at most one ending of each length can match.
_ENDINGS_BY_LENGTH = [
    (length, frozenset(e for e in _CZECH_ENDINGS if len(e) == length))
    for length in sorted({len(e) for e in _CZECH_ENDINGS}, reverse=True)
]
_DERIVATIONAL_SUFFIXES = (("ick", MIN_STEM + 3), ("ik", MIN_STEM + 2), ("ov", 6))


@lru_cache(maxsize=200_000)
def czech_stem(word: str) -> str:
    """Light stem of a Czech word (any case; diacritics are folded first)."""
    return _stem_folded(fold(word))


def _stem_folded(stem: str) -> str:
    if len(stem) < 4 or not stem.isalpha():
        return stem
    # The longest ending that leaves at least MIN_STEM letters.
    for length, endings in _ENDINGS_BY_LENGTH:
        if len(stem) - length >= MIN_STEM and stem[-length:] in endings:
            stem = stem[:-length]
            break
    # Mobile e: cyklostezek/cyklostezka, obec/obce, zastávek/zastávka.
    if len(stem) > 4 and stem[-2] == "e" and stem[-1] in "kc" and stem[-3] not in _VOWELS:
        stem = stem[:-2] + stem[-1]
    # Palatalised k before -e/-i: fotovoltaice (dat. of fotovoltaika) → fotovoltaik.
    if len(stem) > 5 and stem.endswith("ic"):
        stem = stem[:-1] + "k"
    # The verbal noun and the adjective of one verb: parkování / parkovací, vzdělávání /
    # vzdělávací (→ parkov, vzdelav); nothing further is removed from them.
    if len(stem) >= 7 and stem[-3] == "v" and stem[-2:] in ("an", "ac"):
        return stem[:-2]
    # Derivation that search should see through: the noun in -ika and the adjective in
    # -ický (energetika / energetický → energet), and -ový adjectives after their noun
    # (kamerový → kamer, rozvojový → rozvoj). Only the first matching suffix is removed.
    for suffix, min_length in _DERIVATIONAL_SUFFIXES:
        if len(stem) >= min_length and stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return stem


# Lemmas whose forms keep their own stems: their folded lemma is another word ("být" →
# "byt", a flat), and "byly" or "bylo" must not find flats.
_NOT_A_LEMMA = frozenset({"být"})


def _dictionary_items(lang: str) -> Iterator[tuple[str, str]]:
    """(form, lemma) pairs of simplemma's dictionary for ``lang``."""
    from simplemma.strategies.dictionaries.dictionary_factory import (
        DEFAULT_DICTIONARY_FACTORY,
    )

    dictionary = DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)
    raw = getattr(dictionary, "_dict", None)  # bytes → bytes underneath: decoded here
    if isinstance(raw, dict) and raw and isinstance(next(iter(raw)), bytes):
        for form, base in raw.items():
            yield form.decode(), base.decode()
    else:
        yield from dictionary.items()


@lru_cache(maxsize=2)
def folded_lemma_keys(lang: str = CZECH) -> dict[str, str]:
    """Folded word form → key, for the forms of simplemma's dictionary whose key is not
    simply their own stem (see the module docstring). Built once per process from the
    dictionary simplemma loads anyway (one pass over it, no copy of it kept: about a
    second and a few megabytes for Czech)."""
    stems: dict[str, str] = {}  # lemma → stem of the folded lemma
    first: dict[str, str] = {}  # folded form → the key of its first dictionary form
    repeated: dict[str, int] = {}  # folded form → forms agreeing on that key, when > 1
    several: dict[str, dict[str, int]] = {}  # folded forms with several keys → counts
    try:
        for form, base in _dictionary_items(lang):
            if base in _NOT_A_LEMMA:
                continue
            key = stems.get(base)
            if key is None:
                key = stems[base] = _stem_folded(fold(base))
            folded = form.lower() if form.isascii() else fold(form)
            known = first.get(folded)
            if known is None:
                first[folded] = key
                continue
            counts = several.get(folded)
            if counts is None:
                if known == key:
                    repeated[folded] = repeated.get(folded, 1) + 1
                    continue
                counts = several[folded] = {known: repeated.pop(folded, 1)}
            counts[key] = counts.get(key, 0) + 1
    except ValueError:  # a language simplemma has no dictionary for
        return {}
    table: dict[str, str] = {}
    for folded, key in first.items():
        counts = several.get(folded)
        own = _stem_folded(folded)
        if counts is None:
            if key != own:
                table[folded] = key
        elif own not in counts:
            # The key most forms agree on; ties to the shorter, then alphabetically first.
            table[folded] = min(counts, key=lambda key: (-counts[key], len(key), key))
    return table


@lru_cache(maxsize=200_000)
def search_key(word: str, lang: str = CZECH) -> str:
    """The token the search index stores for ``word`` (see the module docstring): a
    function of the word without its diacritics."""
    folded = fold(word)
    if lang == ENGLISH:
        return fold(lemma(folded, lang))
    if folded.isdigit():
        return folded
    key = folded_lemma_keys(CZECH).get(folded)
    return key if key is not None else _stem_folded(folded)


# Stop words typed without diacritics ("pri", "uz", "kdyz"), except spellings that are
# content words of their own.
_CONTENT_SPELLINGS = frozenset({"byt"})
_FOLDED_STOPWORDS = {
    CZECH: frozenset(fold(word) for word in CZECH_STOPWORDS) - _CONTENT_SPELLINGS,
    ENGLISH: frozenset(fold(word) for word in ENGLISH_STOPWORDS) - _CONTENT_SPELLINGS,
}


# Spellings without diacritics of a stop word and of a content word alike ("byt": a flat,
# or "být"): typed in a phrase, the search also tries the phrase without them.
_AMBIGUOUS_SPELLINGS = {
    lang: frozenset(fold(word) for word in stopwords) & _CONTENT_SPELLINGS
    for lang, stopwords in ((CZECH, CZECH_STOPWORDS), (ENGLISH, ENGLISH_STOPWORDS))
}


def may_be_stopword(word: str, lang: str = CZECH) -> bool:
    """Whether ``word``, typed as it is, may be a stop word without its diacritics."""
    return word.lower() in _AMBIGUOUS_SPELLINGS[ENGLISH if lang == ENGLISH else CZECH]


def is_stopword(word: str, lang: str = CZECH) -> bool:
    lowered = word.lower()
    stopwords = ENGLISH_STOPWORDS if lang == ENGLISH else CZECH_STOPWORDS
    if lowered in stopwords:
        return True
    folded = _FOLDED_STOPWORDS[ENGLISH if lang == ENGLISH else CZECH]
    return (lowered if lowered.isascii() else fold(lowered)) in folded


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
