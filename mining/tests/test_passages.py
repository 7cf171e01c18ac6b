from mining.extract import Page
from mining.passages import MAX_CHARS, cut_passages, find_running_lines

SENTENCE = "Město bude rozvíjet veřejnou dopravu a podporovat cyklistiku v celém území. "


def page_with_running_lines(number: int, body: str) -> Page:
    return Page(number, f"Strategický plán města Kolína 2030\n{body}\nStrana {number} z 5\n")


def test_running_headers_footers_and_page_numbers_are_dropped():
    topics = ["dopravě", "zeleni", "školství", "energetice", "odpadech"]
    pages = [
        page_with_running_lines(n, f"Obsah strany {n} pojednává o {topic}. " + SENTENCE)
        for n, topic in enumerate(topics, start=1)
    ]
    assert "strategický plán města kolína #" in find_running_lines(pages)
    passages = cut_passages(pages)
    assert len(passages) == 5
    for passage in passages:
        assert "Strategický plán" not in passage.text
        assert "Strana" not in passage.text
        assert passage.text.startswith("Obsah strany")


def test_a_bare_page_number_line_is_dropped_even_on_short_documents():
    passages = cut_passages([Page(1, "Úvod do strategie obce.\n\n– 3 –")])
    assert [passage.text for passage in passages] == ["Úvod do strategie obce."]


def test_hyphenated_words_are_joined_and_offsets_point_into_the_page():
    text = "Úvodní odstavec.\n\nRozvo-\njové priority obce jsou tři.\nDruhý řádek odstavce."
    passages = cut_passages([Page(1, text)], min_chars=10)
    joined = " ".join(passage.text for passage in passages)
    assert "Rozvojové priority obce jsou tři. Druhý řádek odstavce." in joined
    last = passages[-1]
    assert text[last.start : last.end].startswith("Rozvo-\njové")
    assert text[last.start : last.end].endswith("odstavce.")


def test_real_hyphen_before_capital_letter_is_kept():
    passages = cut_passages([Page(1, "Spolupráce s městem Frýdek-\nMístek pokračuje.")])
    assert passages[0].text == "Spolupráce s městem Frýdek- Místek pokračuje."


def test_short_paragraphs_are_merged_and_long_ones_split_at_sentences():
    short = "\n\n".join(f"Odstavec {n}: krátký text o zeleni." for n in range(30))
    long_paragraph = SENTENCE * 40  # ~3000 characters in one paragraph
    passages = cut_passages([Page(1, short), Page(2, long_paragraph)])
    first_page = [p for p in passages if p.page == 1]
    second_page = [p for p in passages if p.page == 2]
    assert len(first_page) < 30  # merged
    assert all(len(p.text) <= MAX_CHARS for p in passages)
    assert all(len(p.text) >= 300 for p in first_page[:-1])
    assert len(second_page) >= 3
    # Split at sentence ends: every piece ends with a full stop.
    assert all(p.text.endswith(".") for p in second_page)
    for passage in second_page:
        source = long_paragraph[passage.start : passage.end]
        assert source.strip() == passage.text


def test_pdf_style_lines_without_blank_lines_are_split_into_paragraphs():
    lines = [
        "Priorita 1: Doprava",
        "Město bude podporovat veřejnou dopravu a cyklistiku. Autobusy budou jezdit častěji a",
        "zastávky budou bezbariérové, aby je mohli využít všichni obyvatelé města bez rozdílu.",
        "Cíl je splněn.",
        "Priorita 2: Energetika",
    ]
    passages = cut_passages([Page(1, "\n".join(lines))], min_chars=1)
    texts = [passage.text for passage in passages]
    assert any(text.endswith("Cíl je splněn.") for text in texts)
    assert texts[-1] == "Priorita 2: Energetika"


def test_passages_never_cross_pages_and_are_numbered_by_page():
    pages = [Page(1, "Krátká první strana."), Page(2, "Krátká druhá strana.")]
    passages = cut_passages(pages)
    assert [(p.page, p.text) for p in passages] == [
        (1, "Krátká první strana."),
        (2, "Krátká druhá strana."),
    ]


def test_empty_pages_give_no_passages():
    assert cut_passages([Page(1, ""), Page(2, "  \n \n")]) == []


def test_irregular_whitespace_is_collapsed_and_offsets_kept():
    text = "Úvod\tdo  strategie\u00a0obce a\n  jejích   cílů. Rozvo-\njové plá\u00ad\nny obce."
    passages = cut_passages([Page(1, text)], min_chars=1)
    assert [p.text for p in passages] == [
        "Úvod do strategie obce a jejích cílů. Rozvojové plány obce."
    ]
    assert text[passages[0].start : passages[0].end] == text.strip()


def test_long_paragraph_pieces_map_back_to_the_page():
    lines = [f"Věta  číslo {n}\tobsahuje text o dopravě a zeleni ve městě." for n in range(60)]
    text = "\n".join(lines)
    passages = cut_passages([Page(1, text)], max_chars=200)
    assert len(passages) > 5
    for passage in passages:
        source = " ".join(text[passage.start : passage.end].split())
        assert source == passage.text
