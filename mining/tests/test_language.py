import pytest

from core.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Město bude podporovat veřejnou dopravu a cyklistiku, aby se zlepšilo ovzduší.", "cs"),
        ("Mesto bude podporovat verejnou dopravu, aby se zlepsilo ovzdusi a je to tak.", "cs"),
        (
            "The city will support public transport and cycling in order to improve air quality.",
            "en",
        ),
        ("The strategy of Plzeň and Ústí nad Labem is focused on the energy transition.", "en"),
        ("Příliš žluťoučký kůň", "cs"),
        ("", "cs"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Město bude podporovat veřejnou dopravu a cyklistiku, aby se zlepšilo ovzduší.",
        "The city will support public transport and cycling in order to improve air quality.",
        "The strategy of Plzeň and Ústí nad Labem is focused on the energy transition.",
        "H2O a m² ½ Ⅻ İstanbul THE AND OF 2021the a_b the_city",
        "",
    ],
)
def test_detect_language_words_agrees_with_detect_language(text):
    from core.language import detect_language_words
    from core.lemmas import words

    assert detect_language_words(text, words(text)) == detect_language(text)
