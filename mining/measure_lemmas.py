"""Measure lemmatiser throughput and search recall; prints the figures (not a test).

Run: ``.venv/bin/python -m mining.measure_lemmas``. Throughput is measured twice: on a
cold cache (every distinct word lemmatised for the first time) and warm (repeated text,
as in a long document where vocabulary repeats), because ``lemma``/``search_key`` cache
their results.
"""

from __future__ import annotations

import time

from core import lemmas
from mining.evaluation import load_examples


def _corpus() -> str:
    return "\n".join(example.text for example in load_examples())


def measure(rounds: int = 5) -> dict[str, float]:
    text = _corpus()
    tokens = len(lemmas.tokenize(text))
    started = time.perf_counter()
    lemmas.lemma("doprava")  # loads simplemma's Czech dictionary once per process
    lemmas.search_key("doprava")  # and builds the folded one the search keys use
    dictionary_load = time.perf_counter() - started
    lemmas.clear_caches()
    started = time.perf_counter()
    lemmas.index_terms(text)
    cold = tokens / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(rounds):
        lemmas.lemmatize(text)
    warm = tokens * rounds / (time.perf_counter() - started)
    return {
        "tokens": tokens,
        "dictionary_load_seconds": dictionary_load,
        "cold_tokens_per_second": cold,
        "warm_tokens_per_second": warm,
        "recall_on_inflected_forms": lemmas.recall_on_pairs(lemmas.INFLECTION_PAIRS),
        "pairs": len(lemmas.INFLECTION_PAIRS),
    }


def main() -> None:
    figures = measure()
    print(f"corpus: {figures['tokens']:.0f} tokens (evaluation set)")
    print(f"simplemma Czech dictionary load (and folding): "
          f"{figures['dictionary_load_seconds']:.2f} s")
    print(f"lemmatiser, cold cache: {figures['cold_tokens_per_second']:,.0f} tokens/s")
    print(f"lemmatiser, warm cache: {figures['warm_tokens_per_second']:,.0f} tokens/s")
    print(
        f"search recall on {figures['pairs']:.0f} query/inflected-form pairs: "
        f"{figures['recall_on_inflected_forms']:.3f}"
    )
    misses = [
        (query, form)
        for query, form in lemmas.INFLECTION_PAIRS
        if not lemmas.pair_matches(query, form)
    ]
    if misses:
        print("misses: " + ", ".join(f"{query}→{form}" for query, form in misses))


if __name__ == "__main__":
    main()
