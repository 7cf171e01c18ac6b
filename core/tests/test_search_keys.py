"""Search keys are a function of the word without its diacritics (issue 13)."""

from __future__ import annotations

import pytest

from core.lemmas import (
    fold,
    folded_lemma_keys,
    index_terms,
    is_stopword,
    may_be_stopword,
    search_key,
)

# Words whose undiacritised spelling simplemma lemmatised differently (issue 13), and a
# sample of common strategy vocabulary.
WORDS = ["komunitní", "Komunitní", "bydlení", "povodně", "povodní", "chytré", "parkování",
         "energetika", "dopravě", "školství", "obcí", "zeleň", "cyklostezkách", "síť",
         "vzdělávací", "úřadu", "osvětlení", "fotovoltaické", "dešťové", "ovzduší"]


@pytest.mark.parametrize("word", WORDS)
def test_a_word_without_diacritics_has_the_same_key(word):
    assert search_key(fold(word)) == search_key(word)
    assert search_key(fold(word), "en") == search_key(word, "en")


def test_the_cases_of_issue_13_meet_their_inflected_forms():
    assert index_terms("komunitni energetika") == index_terms("Komunitní energetika")
    assert search_key("bydleni") == search_key("bydlení") != search_key("bydlet")
    assert search_key("povodne") == search_key("povodeň") == search_key("povodních")
    assert search_key("parkovani") == search_key("parkovací") == search_key("parkování")
    assert search_key("doprava") == search_key("dopravy") == search_key("doprave")


def test_the_folded_dictionary_is_keyed_by_folded_forms():
    table = folded_lemma_keys()
    assert len(table) > 10_000
    assert all(form == fold(form) for form in list(table)[:5000])
    assert table["obci"] == search_key("obec")


def test_stop_words_typed_without_diacritics_are_stop_words():
    assert is_stopword("při") and is_stopword("pri") and is_stopword("Uz")
    assert index_terms("ochrana pri povodnich") == index_terms("ochrana při povodních")
    # "byt" (a flat) stays searchable; "být" is a stop word, and its forms do not meet flats.
    assert is_stopword("být") and not is_stopword("byt")
    assert may_be_stopword("byt") and not may_be_stopword("být")
    assert not may_be_stopword("doprava")
    assert search_key("byly") != search_key("byt") == search_key("bytů")
