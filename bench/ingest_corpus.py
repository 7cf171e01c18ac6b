"""Benchmark the mining pipeline on a generated corpus; prints throughput and a ratio.

    .venv/bin/python bench/ingest_corpus.py [--documents 30] [--pages 40] [--big-pages 1000]

The corpus is built in memory from the evaluation set's passages (PDF through reportlab,
DOCX through python-docx, plain text), so the run needs no files and no database. The
*baseline* is text extraction alone (``mining.extract.extract_pages``) over the same
documents in the same process; the printed ratio ``pipeline / baseline`` says how much the
rest of mining (passages, lemmas, classification, facts) costs on top of reading the files,
independent of how fast the machine is. A final run processes one ``--big-pages`` PDF and
reports the peak resident memory, which must stay well under 500 MB.
"""

from __future__ import annotations

import argparse
import gc
import io
import resource
import sys
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mining.evaluation import load_examples  # noqa: E402
from mining.extract import extract_pages  # noqa: E402
from mining.pipeline import process_document  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _page_lines(texts: list[str], page: int, per_page: int = 4) -> list[str]:
    lines = ["Strategický plán rozvoje města 2021–2030"]
    for offset in range(per_page):
        lines += textwrap.wrap(texts[(page * per_page + offset) % len(texts)], 95)
        lines.append("")
    lines.append(f"Strana {page + 1}")
    return lines


def make_pdf(texts: list[str], pages: int, start: int = 0) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page in range(pages):
        pdf.setFont("DejaVu", 10)
        y = 800
        for line in _page_lines(texts, start + page):
            pdf.drawString(50, y, line)
            y -= 13
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_docx(texts: list[str], paragraphs: int, start: int = 0) -> bytes:
    import docx

    document = docx.Document()
    for number in range(paragraphs):
        document.add_paragraph(texts[(start + number) % len(texts)])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_corpus(documents: int, pages: int) -> list[tuple[str, bytes]]:
    texts = [example.text for example in load_examples()]
    corpus = []
    for number in range(documents):
        kind = number % 3
        if kind == 0:
            corpus.append((f"strategie-{number}.pdf", make_pdf(texts, pages, start=number * 7)))
        elif kind == 1:
            corpus.append(
                (f"strategie-{number}.docx", make_docx(texts, pages * 4, start=number * 5))
            )
        else:
            body = "\n\n".join(texts[(number * 3 + i) % len(texts)] for i in range(pages * 4))
            corpus.append((f"strategie-{number}.txt", body.encode("utf-8")))
    return corpus


def peak_rss_mb() -> float:
    """Peak resident memory since the last ``reset_peak_rss`` (or process start)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Linux lets a process reset its own peak-RSS mark, isolating one measurement."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=30)
    parser.add_argument("--pages", type=int, default=40, help="pages per PDF (DOCX/TXT similar)")
    parser.add_argument("--big-pages", type=int, default=1000, help="0 skips the memory run")
    args = parser.parse_args()

    started = time.perf_counter()
    corpus = build_corpus(args.documents, args.pages)
    size_mb = sum(len(data) for _name, data in corpus) / 1e6
    print(
        f"corpus: {len(corpus)} documents, {size_mb:.1f} MB, built in {time.perf_counter() - started:.1f} s"
    )

    # Warm both paths once (simplemma dictionary, model JSON, PDFium) so neither pays it.
    process_document(corpus[0][1], corpus[0][0])

    started = time.perf_counter()
    baseline_pages = sum(len(extract_pages(data)) for _name, data in corpus)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    pages = passages = 0
    for name, data in corpus:
        result = process_document(data, name)
        pages += result.page_count
        passages += len(result.passages)
    pipeline = time.perf_counter() - started

    assert pages == baseline_pages
    print(f"baseline (extraction only): {baseline:.2f} s, {pages / baseline:,.0f} pages/s")
    print(
        f"pipeline: {pipeline:.2f} s, {pages / pipeline:,.0f} pages/s, "
        f"{passages / pipeline:,.0f} passages/s, {len(corpus) / pipeline:.1f} documents/s"
    )
    print(f"ratio pipeline/baseline: {pipeline / baseline:.2f}")

    if args.big_pages:
        texts = [example.text for example in load_examples()]
        big = make_pdf(texts, args.big_pages)
        del texts
        gc.collect()
        isolated = reset_peak_rss()
        before = peak_rss_mb()
        started = time.perf_counter()
        result = process_document(big, "big.pdf", max_pages=max(3000, args.big_pages))
        elapsed = time.perf_counter() - started
        print(
            f"{result.page_count}-page PDF: {elapsed:.1f} s, {len(result.passages)} passages, "
            f"peak RSS {peak_rss_mb():.0f} MB (at start {before:.0f} MB"
            f"{'' if isolated else ', peak not resettable: includes corpus building'})"
        )


if __name__ == "__main__":
    main()
