"""Ingest benchmark: full mining pipeline vs raw PDF text extraction on a generated corpus.

    .venv/bin/python bench/ingest.py                      # 200 documents x 100 pages
    .venv/bin/python bench/ingest.py --documents 10 --pages 40 --big-pages 0   # quick
    .venv/bin/python bench/ingest.py --documents 20 --profile 25               # + cProfile

The corpus is Czech strategy-like PDFs generated with reportlab (DejaVuSans, so real
diacritics): running header and "Strana N z M" footer, headings ("Priorita 2", "Strategický
cíl 2.1", "Opatření 2.1.3"), paragraphs about transport, energy, waste, digitalisation...
(sentences of the classifier's evaluation set plus templated ones with years and amounts),
tables of amounts ("1,5 mil. Kč"); every third document is set in two columns and every
other one hyphenates words at line ends ("rozvo-" / "jové"). Pages carry about
2,500-3,500 characters. Documents are cached under ``var/bench-corpus/`` (one file per
document, keyed by generator version, seed and page count), so reruns do not rebuild them.

Measured in one run, on the same files:

a. raw extraction: pypdfium2 text of every page, one core;
b. the full ``mining.pipeline.process_document``, one core (interleaved with (a) document
   by document, so load from other processes on a shared machine hits both alike);
c. the full pipeline in ``--workers`` processes (each handles whole documents; PDFium is
   not thread-safe), reported as speed-up over (b) and as CPU seconds per wall second;
d. peak RSS of processing one ``--big-pages`` PDF in a fresh child process
   (``ru_maxrss`` of that child from ``os.wait4``).

Target: (b) keeps at least 40 % of the throughput of (a), and (c) uses both cores.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import multiprocessing
import os
import pstats
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_NAME = "DejaVu"
CACHE_DIR = ROOT / "var" / "bench-corpus"
# Bump when the generator changes, so stale cached documents are not reused.
GENERATOR_VERSION = 1
TARGET_RATIO = 0.40
MEMORY_LIMIT_MB = 500

# ---------------------------------------------------------------------------- content

TOWNS = [
    "Kolín", "Písek", "Třebíč", "Kroměříž", "Žďár nad Sázavou", "Uherské Hradiště", "Šumperk",
    "Český Krumlov", "Mělník", "Příbram", "Jihlava", "Vsetín", "Rokycany", "Žatec", "Děčín",
]  # fmt: skip
PRIORITIES = [
    "Udržitelná doprava a mobilita", "Energetika a klima", "Odpadové hospodářství",
    "Digitalizace úřadu a služeb", "Voda v krajině a ve městě", "Zeleň a veřejná prostranství",
    "Vzdělávání a školství", "Sociální služby a zdraví", "Bezpečnost obyvatel",
    "Podnikání a cestovní ruch", "Bydlení a územní rozvoj", "Participace a správa města",
]  # fmt: skip
MEASURES = [
    "Rozvoj cyklistické infrastruktury", "Modernizace veřejného osvětlení",
    "Fotovoltaika na střechách veřejných budov", "Rozšíření sběrného dvora a re-use centra",
    "Elektronická podání a portál občana", "Hospodaření se srážkovou vodou",
    "Revitalizace městského parku", "Rekonstrukce zastávek MHD", "Nízkoemisní zóna",
    "Komunitní kompostárna", "Otevřená data města", "Kamerový systém v centru",
    "Energetický management budov", "Bezbariérové chodníky", "Sdílená kola a koloběžky",
    "Rekonstrukce základní školy", "Terénní sociální služby", "Startovací byty pro mladé",
]  # fmt: skip
FUNDS = ["IROP", "OP ŽP", "NPO", "rozpočet města", "Modernizační fond", "SFDI", "OP TAK"]
SUBJECTS = [
    "dopravy", "energetiky", "odpadového hospodářství", "digitalizace", "vodního hospodářství",
    "veřejné zeleně", "školství", "sociálních služeb", "cestovního ruchu", "bezpečnosti",
]  # fmt: skip
TEMPLATES = [
    "Na opatření {measure} je v letech {start}–{end} vyčleněno {amount}.",
    "Město {town} v období {start}–{end} investuje do oblasti {subject} celkem {amount}.",
    "Předpokládané náklady projektu {measure} činí {amount}, z toho {share} % pokryje dotace z {fund}.",
    "Rozvojové záměry v oblasti {subject} budou financovány z {fund} a z rozpočtu města.",
    "Do roku {end} chce město snížit spotřebu energie veřejných budov o {share} %.",
    "Příprava projektové dokumentace proběhne v roce {start}, realizace do roku {end}.",
    "Strategický plán města {town} navazuje na koncepci rozvoje {subject} z roku {start}.",
    "Plnění opatření vyhodnotí pracovní skupina pro oblast {subject} jednou ročně.",
]  # fmt: skip


def _amount(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        return f"{rng.randint(1, 95)},{rng.randint(1, 9)} mil. Kč"
    if kind < 0.8:
        return f"{rng.randint(100, 990)} {rng.randint(0, 999):03d} Kč"
    if kind < 0.9:
        return f"{rng.randint(1, 12)} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d} Kč"
    return f"{rng.randint(20, 900)} tis. Kč"


def _sentence_pool() -> list[str]:
    from mining.evaluation import load_examples

    sentences = []
    for example in load_examples():
        sentences += [
            s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])", example.text) if s
        ]
    return sentences


def _templated(rng: random.Random, town: str) -> str:
    start = rng.randint(2021, 2027)
    return rng.choice(TEMPLATES).format(
        measure=rng.choice(MEASURES),
        start=start,
        end=start + rng.randint(2, 8),
        amount=_amount(rng),
        subject=rng.choice(SUBJECTS),
        share=rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 70, 85]),
        fund=rng.choice(FUNDS),
        town=town,
    )


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "table"
    text: str = ""
    rows: list[list[str]] | None = None

    @property
    def size(self) -> int:
        if self.rows:
            return sum(len(" ".join(row)) + 1 for row in self.rows)
        return len(self.text) + 1


class ContentSource:
    """Deterministic stream of strategy-like blocks for one document."""

    def __init__(self, sentences: list[str], rng: random.Random, town: str) -> None:
        self.sentences = sentences
        self.rng = rng
        self.town = town
        self.priority = 0
        self.goal = 0
        self.measure = 0

    def paragraph(self) -> Block:
        rng = self.rng
        parts = []
        for _ in range(rng.randint(3, 7)):
            parts.append(
                _templated(rng, self.town) if rng.random() < 0.25 else rng.choice(self.sentences)
            )
        return Block("paragraph", " ".join(parts))

    def heading(self) -> Block:
        rng = self.rng
        roll = rng.random()
        if roll < 0.15 or self.priority == 0:
            self.priority += 1
            self.goal = self.measure = 0
            return Block("heading", f"Priorita {self.priority}: {rng.choice(PRIORITIES)}")
        if roll < 0.4 or self.goal == 0:
            self.goal += 1
            self.measure = 0
            return Block(
                "heading", f"Strategický cíl {self.priority}.{self.goal} {rng.choice(PRIORITIES)}"
            )
        self.measure += 1
        return Block(
            "heading", f"Opatření {self.priority}.{self.goal}.{self.measure} {rng.choice(MEASURES)}"
        )

    def table(self) -> Block:
        rng = self.rng
        rows = [["Projekt", "Období", "Náklady", "Zdroj"]]
        for _ in range(rng.randint(3, 6)):
            start = rng.randint(2022, 2028)
            rows.append(
                [
                    rng.choice(MEASURES),
                    f"{start}–{start + rng.randint(1, 4)}",
                    _amount(rng),
                    rng.choice(FUNDS),
                ]
            )
        return Block("table", rows=rows)

    def page(self, budget: int) -> list[Block]:
        blocks: list[Block] = []
        used = 0
        while used < budget:
            roll = self.rng.random()
            if roll < 0.18:
                block = self.heading()
            elif roll < 0.25:
                block = self.table()
            else:
                block = self.paragraph()
            if blocks and used + block.size > budget + 300:
                # Trim the last paragraph to fill the page rather than overflow it.
                if block.kind != "paragraph" or budget - used < 200:
                    break
                cut = block.text.rfind(". ", 0, budget - used)
                if cut < 100:
                    break
                block = Block("paragraph", block.text[: cut + 1])
            blocks.append(block)
            used += block.size
        return blocks


# ----------------------------------------------------------------------------- layout

PAGE_WIDTH, PAGE_HEIGHT = 595.27, 841.89  # A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 56.0, 64.0, 60.0
FONT_SIZE, LEADING = 9.5, 12.0
HEADING_SIZE = 11.0
COLUMN_GAP = 18.0
_VOWELS = set("aeiouyáéěíóúůý")


class Measure:
    def __init__(self, size: float) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.size = size
        self.string_width = stringWidth
        self.cache: dict[str, float] = {}
        self.space = self(" ")

    def __call__(self, text: str) -> float:
        width = self.cache.get(text)
        if width is None:
            width = self.string_width(text, FONT_NAME, self.size)
            if len(self.cache) < 200_000:
                self.cache[text] = width
        return width


def _hyphen_split(word: str, room: float, measure: Measure) -> tuple[str, str] | None:
    """Split ``word`` after a vowel followed by a consonant so that "head-" fits ``room``."""
    if len(word) < 7 or not word.isalpha():
        return None
    for cut in range(len(word) - 3, 2, -1):
        if (
            word[cut - 1] in _VOWELS
            and word[cut] not in _VOWELS
            and measure(word[:cut] + "-") <= room
        ):
            return word[:cut] + "-", word[cut:]
    return None


def wrap(text: str, width: float, measure: Measure, hyphenate: bool) -> list[str]:
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    words = text.split()
    index = 0
    while index < len(words):
        word = words[index]
        word_width = measure(word)
        needed = word_width + (measure.space if line else 0.0)
        if used + needed <= width or not line:
            line.append(word)
            used += needed
            index += 1
            continue
        if hyphenate:
            split = _hyphen_split(word, width - used - measure.space, measure)
            if split:
                line.append(split[0])
                words[index] = split[1]
        lines.append(" ".join(line))
        line, used = [], 0.0
    if line:
        lines.append(" ".join(line))
    return lines


def make_pdf(
    number: int, pages: int, sentences: list[str], seed: int, *, two_columns: bool, hyphenate: bool
) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT)))
    rng = random.Random(seed * 1_000_003 + number)
    town = rng.choice(TOWNS)
    source = ContentSource(sentences, rng, town)
    body = Measure(FONT_SIZE)
    head = Measure(HEADING_SIZE)
    columns = 2 if two_columns else 1
    column_width = (PAGE_WIDTH - 2 * MARGIN_X - (columns - 1) * COLUMN_GAP) / columns
    top = PAGE_HEIGHT - MARGIN_TOP
    bottom = MARGIN_BOTTOM
    header = f"Strategický plán rozvoje města {town} 2021–2030"

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    pdf.setTitle(header)
    for page in range(pages):
        pdf.setFont(FONT_NAME, 8)
        pdf.drawString(MARGIN_X, PAGE_HEIGHT - 36, header)
        pdf.drawRightString(PAGE_WIDTH - MARGIN_X, 30, f"Strana {page + 1} z {pages}")
        column, y = 0, top
        budget = rng.randint(2350, 3300)  # plus header/footer ≈ 2,500-3,500 per page
        for block in source.page(budget):
            x = MARGIN_X + column * (column_width + COLUMN_GAP)
            if block.kind == "table" and block.rows:
                rows = block.rows
                needed = LEADING * (len(rows) + 1)
                if y - needed < bottom:
                    if column + 1 >= columns:
                        break
                    column, y = column + 1, top
                    x = MARGIN_X + column * (column_width + COLUMN_GAP)
                cells = [0.0, 0.46, 0.62, 0.82] if columns == 1 else [0.0, 0.0, 0.0, 0.0]
                pdf.setFont(FONT_NAME, FONT_SIZE if columns == 1 else 8)
                for row in rows:
                    if columns == 1:
                        for share, cell in zip(cells, row, strict=True):
                            pdf.drawString(x + share * column_width, y, cell)
                    else:
                        pdf.drawString(x, y, " | ".join(row[:1]) + "  " + "  ".join(row[1:]))
                    y -= LEADING
                y -= LEADING / 2
                continue
            is_heading = block.kind == "heading"
            measure = head if is_heading else body
            lines = wrap(block.text, column_width, measure, hyphenate and not is_heading)
            if is_heading:
                y -= LEADING / 2
            text = pdf.beginText(x, y)
            text.setFont(FONT_NAME, measure.size)
            text.setLeading(LEADING)
            for line in lines:
                if y < bottom:
                    pdf.drawText(text)
                    if column + 1 >= columns:
                        text = None
                        break
                    column, y = column + 1, top
                    x = MARGIN_X + column * (column_width + COLUMN_GAP)
                    text = pdf.beginText(x, y)
                    text.setFont(FONT_NAME, measure.size)
                    text.setLeading(LEADING)
                text.textLine(line)
                y -= LEADING
            if text is None:
                break
            pdf.drawText(text)
            y -= LEADING / 3
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def document_path(number: int, pages: int, seed: int) -> Path:
    return CACHE_DIR / f"v{GENERATOR_VERSION}-seed{seed}-pages{pages}" / f"doc-{number:04d}.pdf"


def _layout(number: int) -> tuple[bool, bool]:
    """(two columns, hyphenation) for document ``number``."""
    return number % 3 == 1, number % 2 == 0


_pool_sentences: list[str] = []


def _build_one(job: tuple[int, int, int]) -> int:
    number, pages, seed = job
    global _pool_sentences
    if not _pool_sentences:
        _pool_sentences = _sentence_pool()
    path = document_path(number, pages, seed)
    two_columns, hyphenate = _layout(number)
    data = make_pdf(
        number, pages, _pool_sentences, seed, two_columns=two_columns, hyphenate=hyphenate
    )
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    temporary.write_bytes(data)
    temporary.replace(path)
    return len(data)


def ensure_corpus(documents: int, pages: int, seed: int, workers: int) -> list[Path]:
    paths = [document_path(number, pages, seed) for number in range(documents)]
    missing = [(number, pages, seed) for number, path in enumerate(paths) if not path.exists()]
    if missing:
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        print(
            f"generating {len(missing)} PDFs of {pages} pages into {paths[0].parent} ...",
            flush=True,
        )
        context = multiprocessing.get_context("spawn")
        with context.Pool(max(1, workers)) as pool:
            for done, _size in enumerate(pool.imap_unordered(_build_one, missing), start=1):
                if done % 20 == 0 or done == len(missing):
                    print(f"  {done}/{len(missing)}", flush=True)
        print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    return paths


# ------------------------------------------------------------------------ measurement


def raw_extract(data: bytes) -> tuple[int, int]:
    """pypdfium2 text of every page: (pages, characters)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    pages = characters = 0
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            characters += len(textpage.get_text_range())
            textpage.close()
            page.close()
            pages += 1
    finally:
        document.close()
    return pages, characters


def _warm_up() -> None:
    """Load what the first document would otherwise pay for (model, simplemma, PDFium)."""
    from mining.pipeline import process_document

    path = document_path(0, 4, 0)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _build_one((0, 4, 0))
    process_document(path.read_bytes(), path.name)


def _worker_init(barrier) -> None:
    _warm_up()
    barrier.wait()


def _worker_process(path: str) -> tuple[int, int, float]:
    from mining.pipeline import process_document

    cpu = time.process_time()
    result = process_document(Path(path).read_bytes(), Path(path).name)
    return result.page_count, len(result.passages), time.process_time() - cpu


@dataclass
class Timing:
    wall: float = 0.0
    cpu: float = 0.0


def measure_one_core(paths: list[Path], profile: int) -> dict:
    from mining.pipeline import process_document

    raw, pipeline = Timing(), Timing()
    pages = characters = passages = 0
    profiler = cProfile.Profile() if profile else None
    for number, path in enumerate(paths):
        data = path.read_bytes()
        wall, cpu = time.perf_counter(), time.process_time()
        raw_pages, raw_chars = raw_extract(data)
        raw.wall += time.perf_counter() - wall
        raw.cpu += time.process_time() - cpu

        profiling = profiler is not None and number < profile
        wall, cpu = time.perf_counter(), time.process_time()
        if profiling:
            profiler.enable()
        result = process_document(data, path.name)
        if profiling:
            profiler.disable()
        pipeline.wall += time.perf_counter() - wall
        pipeline.cpu += time.process_time() - cpu

        assert result.page_count == raw_pages, path
        pages += raw_pages
        characters += raw_chars
        passages += len(result.passages)
        if (number + 1) % 25 == 0:
            print(f"  {number + 1}/{len(paths)} documents", flush=True)
    if profiler is not None:
        print(f"\ncProfile of process_document over {min(profile, len(paths))} documents:")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(25)
    return {
        "raw": raw,
        "pipeline": pipeline,
        "pages": pages,
        "characters": characters,
        "passages": passages,
    }


def measure_workers(paths: list[Path], workers: int) -> tuple[float, float, int]:
    """(wall seconds, worker CPU seconds, pages) of the pipeline in ``workers`` processes."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(workers + 1)
    pool = context.Pool(workers, initializer=_worker_init, initargs=(barrier,))
    try:
        barrier.wait()  # every worker has warmed up
        started = time.perf_counter()
        pages = 0
        cpu = 0.0
        # Biggest-first is irrelevant here (equal sizes); chunksize 1 balances the load.
        for page_count, _passages, seconds in pool.imap_unordered(
            _worker_process, [str(path) for path in paths], chunksize=1
        ):
            pages += page_count
            cpu += seconds
        wall = time.perf_counter() - started
    finally:
        pool.close()
        pool.join()
    return wall, cpu, pages


def measure_big(path: Path) -> dict:
    """Process one big PDF in a fresh child; its peak RSS comes from ``os.wait4``."""
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child-memory", str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"memory child failed ({process.returncode}): {output}")
    values = dict(item.split("=", 1) for item in output.split())
    return {
        "peak_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "baseline_mb": float(values["baseline_mb"]),
        "seconds": float(values["seconds"]),
        "pages": int(values["pages"]),
        "passages": int(values["passages"]),
    }


def child_memory(path: str) -> None:
    """Child process body for ``measure_big``: imports and warm-up, then one document."""
    import resource

    from core.lemmas import lemma, search_key
    from mining.classify import default_model

    default_model()
    # Simplemma's Czech dictionary and the folded one the search keys use (built from it):
    # loaded once per process, part of any worker's footprint.
    lemma("doprava")
    search_key("doprava")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from mining.pipeline import process_document

    data = Path(path).read_bytes()
    started = time.perf_counter()
    result = process_document(data, Path(path).name)
    seconds = time.perf_counter() - started
    print(
        f"baseline_mb={baseline:.1f} seconds={seconds:.2f} pages={result.page_count} "
        f"passages={len(result.passages)}"
    )


# ------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--pages", type=int, default=100, help="pages per document")
    parser.add_argument("--big-pages", type=int, default=1000, help="0 skips the memory run")
    parser.add_argument("--workers", type=int, default=2, help="processes for run (c); 0 skips it")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="cProfile the pipeline on the first N documents of run (b)",
    )
    parser.add_argument("--child-memory", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_memory:
        child_memory(args.child_memory)
        return
    if not FONT.exists():
        print(
            f"The font {FONT} is missing (Debian: apt-get install fonts-dejavu-core).",
            file=sys.stderr,
        )
        raise SystemExit(2)

    paths = ensure_corpus(args.documents, args.pages, args.seed, max(1, args.workers))
    big_path = None
    if args.big_pages:
        big_path = ensure_corpus(1, args.big_pages, args.seed, 1)[0]
    size_mb = sum(path.stat().st_size for path in paths) / 1e6
    print(
        f"corpus: {len(paths)} PDFs x {args.pages} pages, {size_mb:.1f} MB, cached in {paths[0].parent}"
    )
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}", flush=True)

    _warm_up()
    print("(a)+(b) raw extraction and full pipeline, one core, interleaved ...", flush=True)
    single = measure_one_core(paths, args.profile)
    pages = single["pages"]
    raw, pipeline = single["raw"], single["pipeline"]

    rows = [
        ("(a) raw pypdfium2 text, 1 process", pages / raw.wall, pages / raw.cpu, raw.wall),
        (
            "(b) full pipeline, 1 process",
            pages / pipeline.wall,
            pages / pipeline.cpu,
            pipeline.wall,
        ),
    ]
    speedup = None
    if args.workers > 1:
        print(f"(c) full pipeline, {args.workers} processes ...", flush=True)
        wall, cpu, worker_pages = measure_workers(paths, args.workers)
        assert worker_pages == pages
        speedup = (pages / wall) / (pages / pipeline.wall)
        rows.append(
            (
                f"(c) full pipeline, {args.workers} processes",
                pages / wall,
                pages / cpu * args.workers,
                wall,
            )
        )
        cores_used = cpu / wall
    big = measure_big(big_path) if big_path else None

    print()
    print(
        f"{pages:,} pages, {single['characters'] / pages:,.0f} characters/page, "
        f"{single['passages']:,} passages ({single['passages'] / pages:.1f}/page)"
    )
    print(f"{'measurement':<38} {'pages/s':>9} {'pages/CPU-s':>12} {'seconds':>9}")
    for label, per_wall, per_cpu, seconds in rows:
        print(f"{label:<38} {per_wall:9.1f} {per_cpu:12.1f} {seconds:9.1f}")
    ratio_wall = raw.wall / pipeline.wall
    ratio_cpu = raw.cpu / pipeline.cpu
    verdict = "meets" if ratio_wall >= TARGET_RATIO else "MISSES"
    print(
        f"ratio pipeline/raw throughput: {ratio_wall:.1%} wall, {ratio_cpu:.1%} CPU "
        f"({verdict} the {TARGET_RATIO:.0%} target)"
    )
    if speedup is not None:
        print(
            f"{args.workers} processes: speed-up {speedup:.2f}x over 1 process, "
            f"{cores_used:.2f} CPU-seconds per wall second"
        )
    if big:
        verdict = "under" if big["peak_mb"] < MEMORY_LIMIT_MB else "OVER"
        print(
            f"{big['pages']}-page PDF in a fresh process: {big['seconds']:.1f} s, {big['passages']:,} passages, "
            f"peak RSS {big['peak_mb']:.0f} MB ({verdict} {MEMORY_LIMIT_MB} MB; "
            f"{big['baseline_mb']:.0f} MB after imports and warm-up)"
        )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
