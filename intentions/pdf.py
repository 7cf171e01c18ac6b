"""The PDF fiche, typeset with fpdf2 and the bundled DejaVu fonts (no system fonts needed).

Czech typography: single-letter prepositions and conjunctions are bound to the next word
with a non-breaking space, thousands are grouped with non-breaking spaces ("1 250 000 Kč"),
dates are written "1. 3. 2026", quotes are „…“.

Tables never split a word or an amount: the budget table measures its columns for what they
hold (a smaller type size when seven sources need it), and its heading, rows, totals row
and the total-cost line stay together on one page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from core.money import NBSP, format_czk

from .models import Intention
from .queries import budget_table, shown_strategy_nodes

# fontTools reports every subsetting step at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
BLUE = (11, 79, 138)
SOFT = (242, 245, 248)
SINGLE_LETTER = re.compile(r"(?<![\w])([kKsSvVzZoOuUaAiI])\s+(?=\S)")
NUMBER_UNIT = re.compile(r"(\d)\s+(%|Kč|ks|km|m|kWh|kWp|let|mil\.)(?![\w])")


def czech_typography(text: str) -> str:
    text = (text or "").replace("\r\n", "\n")
    text = SINGLE_LETTER.sub(lambda m: m.group(1) + NBSP, text)
    text = NUMBER_UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return re.sub(r'"([^"\n]+)"', "\u201e\\1\u201c", text)


def czech_date(value) -> str:
    return f"{value.day}.{NBSP}{value.month}.{NBSP}{value.year}" if value else "–"


class FichePDF(FPDF):
    def __init__(self):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_font("DejaVu", size=10)
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_creator(_("SMART platform"))
        self.set_lang("cs")
        self.current_title = ""

    def multi_cell(self, *args, **kwargs):
        # Every block starts at the left margin on a new line.
        kwargs.setdefault("new_x", "LMARGIN")
        kwargs.setdefault("new_y", "NEXT")
        kwargs.setdefault("align", "L")
        return super().multi_cell(*args, **kwargs)

    def header(self):
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, _("SMART platform – project intention fiche"), align="L")
        self.ln(7)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, _("Page %(page)s of %(pages)s") % {"page": self.page_no(),
                                                           "pages": "{nb}"}, align="C")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("DejaVu", "B", 12)
        self.set_text_color(*BLUE)
        self.multi_cell(0, 6, czech_typography(text))
        self.set_text_color(0, 0, 0)
        self.set_font("DejaVu", "", 10)
        self.ln(1)

    def paragraph(self, label: str, text: str) -> None:
        if not (text or "").strip():
            return
        self.set_font("DejaVu", "B", 10)
        self.multi_cell(0, 5.5, czech_typography(label))
        self.set_font("DejaVu", "", 10)
        self.multi_cell(0, 5.2, czech_typography(text))
        self.ln(1.5)

    def facts(self, rows: list[tuple[str, str]]) -> None:
        with self.table(col_widths=(45, 129), first_row_as_headings=False, line_height=5.2,
                        borders_layout="HORIZONTAL_LINES", padding=1.2,
                        text_align="LEFT") as table:
            for label, value in rows:
                row = table.row()
                row.cell(czech_typography(label), style=FontFace(emphasis="BOLD"))
                row.cell(czech_typography(value or "–"))
        self.ln(2)


def _fiche(pdf: FichePDF, intention: Intention, show_budget: bool, viewer: Any) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, czech_typography(intention.title))
    pdf.set_font("DejaVu", "", 10)
    pdf.ln(2)
    units = [intention.lead_unit.name] + [u.name for u in intention.partner_units.all()]
    main_label = _("main")
    areas = ([f"{intention.main_area.code} {intention.main_area.name} ({main_label})"]
             if intention.main_area_id else []) + [f"{a.code} {a.name}" for a in
                                                   intention.other_areas.all()]
    progress_label = _("progress")
    contact = "\n".join(part for part in (intention.contact_name, intention.contact_email,
                                          intention.contact_phone) if part)
    pdf.facts([
        (_("Leading unit"), intention.lead_unit.name),
        (_("Contact person"), contact),
        (_("Partner municipalities"), ", ".join(units[1:])),
        (_("Status"), f"{intention.get_status_display()} · {progress_label} "
                      f"{intention.progress}{NBSP}%"),
        (_("Readiness"), intention.get_readiness_display()),
        (_("Planned period"), f"{czech_date(intention.start_date)} – "
                              f"{czech_date(intention.end_date)}"),
        (_("Key areas"), "\n".join(areas)),
        (_("Technologies"), ", ".join(t.name for t in intention.technologies.all())),
        (_("UN SDGs"), "\n".join(_("SDG %(number)s %(name)s") % {"number": s.code,
                                                                    "name": s.name}
                                 for s in intention.sdgs.all())),
    ])
    pdf.heading(_("Project"))
    pdf.paragraph(_("Problem it solves"), intention.problem)
    pdf.paragraph(_("Goals"), intention.goals)
    pdf.paragraph(_("Target groups"), intention.target_groups)
    pdf.paragraph(_("Description"), intention.description)

    nodes = shown_strategy_nodes(viewer, intention)
    if nodes:
        pdf.heading(_("Implements strategies"))
        for node in nodes:
            pdf.multi_cell(0, 5.2, czech_typography(
                f"• {node.strategy.title}: {node.code} {node.title}".replace("  ", " ")))
        pdf.ln(1)

    outputs = list(intention.outputs.all())
    if outputs:
        pdf.heading(_("Outputs and indicators"))
        with pdf.table(col_widths=(74, 20, 28, 28, 24), text_align=("LEFT", "LEFT", "RIGHT",
                                                                    "RIGHT", "RIGHT"),
                       headings_style=FontFace(emphasis="BOLD", fill_color=SOFT),
                       line_height=5.2, padding=1.2) as table:
            table.row([_("Output or indicator"), _("Unit"), _("Baseline"), _("Target"),
                       _("Target year")])
            for o in outputs:
                table.row([czech_typography(o.name), o.unit, _number(o.baseline),
                           _number(o.target), str(o.target_year or "–")])
        pdf.ln(2)

    _budget_section(pdf, intention, show_budget)

    partners = list(intention.partners.all())
    if partners:
        pdf.heading(_("Partners (quadruple helix)"))
        with pdf.table(col_widths=(60, 44, 70), line_height=5.2, padding=1.2,
                       headings_style=FontFace(emphasis="BOLD", fill_color=SOFT)) as table:
            table.row([_("Partner"), _("Sector"), _("Role")])
            for p in partners:
                table.row([czech_typography(p.name), p.get_sector_display(),
                           czech_typography(p.role)])
        pdf.ln(2)
    activities = list(intention.activities.all())
    if activities:
        pdf.heading(_("Activities"))
        with pdf.table(col_widths=(84, 30, 30, 30), line_height=5.2, padding=1.2,
                       text_align=("LEFT", "LEFT", "LEFT", "RIGHT"),
                       headings_style=FontFace(emphasis="BOLD", fill_color=SOFT)) as table:
            table.row([_("Activity"), _("Start"), _("End"), _("Progress")])
            for a in activities:
                table.row([czech_typography(a.title), czech_date(a.start_date),
                           czech_date(a.end_date), f"{a.progress}{NBSP}%"])
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 4.5, _("Generated %(date)s from the SMART platform, intention no. "
                             "%(id)s.") % {"date": czech_date(timezone.localdate()),
                                           "id": intention.pk})
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 10)


def _number(value) -> str:
    if value is None:
        return "–"
    text = f"{value.normalize():f}"
    head, _sep, tail = text.partition(".")
    grouped = format_czk(int(head), currency=False) if head.lstrip("-").isdigit() else head
    return grouped + (f",{tail}" if tail else "")


# The budget table's type sizes, largest first, and its cell padding and line height (mm).
BUDGET_SIZES = (9.5, 9, 8.5, 8, 7.5, 7)
CELL_PADDING = 1.2
BUDGET_LINE = 5.0
BOLD = FontFace(emphasis="BOLD")


def _budget_section(pdf: FichePDF, intention: Intention, show_budget: bool) -> None:
    """The heading, the table by year and source with its totals row, and the total cost,
    all on one page (a new one when they do not fit below what comes before)."""
    title = _("Budget by year and funding source")
    if not show_budget:
        pdf.heading(title)
        pdf.multi_cell(0, 5.2, _("The editors have not made the budget public."))
        return
    table_data = budget_table(intention)
    layout = _budget_layout(pdf, table_data) if table_data.years else None
    needed = 14 + 12 + (layout.height if layout else 6)  # heading, total-cost line(s)
    if pdf.get_y() + needed > pdf.page_break_trigger and needed < pdf.eph:
        pdf.add_page()
    pdf.heading(title)
    if layout is None:
        pdf.multi_cell(0, 5.2, _("The budget has not been entered yet."))
    else:
        _budget_table(pdf, table_data, layout)
    total = intention.total_cost if intention.total_cost is not None else (
        table_data.total if table_data.years else None)
    if total is not None:
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5.5, czech_typography(_("Total cost of the project: %(total)s")
                                                % {"total": format_czk(total)}))
        pdf.set_font("DejaVu", "", 10)
    if intention.total_cost is not None and table_data.years \
            and intention.total_cost != table_data.total:
        pdf.set_text_color(166, 27, 27)
        pdf.multi_cell(0, 5.2, _("The total cost stated (%(total)s) differs from the "
                                 "sum of the budget.") % {
                           "total": format_czk(intention.total_cost)})
        pdf.set_text_color(0, 0, 0)


class BudgetLayout:
    """Type size, column widths, whether the cells write "Kč", and the table's height."""

    def __init__(self, size: float, widths: list[float], height: float, currency: bool):
        self.size, self.widths, self.height, self.currency = size, widths, height, currency


def _budget_rows(table_data, currency: bool = True) -> list[tuple[list[str], bool]]:
    """Every row of the table as text, with whether it is set in bold (header, totals)."""
    def money(value) -> str:
        return format_czk(value, currency=currency)

    rows = [([_("Year"), *[str(label) for _c, label in table_data.sources], _("Total")], True)]
    for year, cells, total in table_data.rows():
        rows.append(([str(year), *[money(c) if c else "–" for c in cells], money(total)],
                     False))
    rows.append(([_("Total"), *[money(table_data.by_source[code])
                                for code, _l in table_data.sources],
                  money(table_data.total)], True))
    return rows


def _longest_word(pdf: FichePDF, text: str) -> float:
    # Amounts hold non-breaking spaces: a line may break only at an ordinary space.
    return max((pdf.get_string_width(word) for word in text.split(" ")), default=0.0)


def _column_needs(pdf: FichePDF, rows, size: float) -> list[float]:
    """How wide each column must be at `size` to hold its longest word or amount."""
    need = [0.0] * len(rows[0][0])
    for texts, bold in rows:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        for index, text in enumerate(texts):
            need[index] = max(need[index], _longest_word(pdf, text) + 2 * CELL_PADDING + 1)
    return need


def _budget_layout(pdf: FichePDF, table_data) -> BudgetLayout:
    """The largest type size at which no word and no amount has to be split (amounts
    without "Kč", said once below the table, when even the smallest size needs it), with
    the columns as wide as their longest word and the rest of the width shared by the
    amounts; and the height the table will take."""
    available = pdf.epw
    for currency in (True, False):
        rows = _budget_rows(table_data, currency)
        for size in BUDGET_SIZES:
            need = _column_needs(pdf, rows, size)
            if sum(need) <= available:
                break
        if sum(need) <= available:
            break
    if sum(need) > available:  # beyond any real budget: shrink, words may be split
        need = [w * available / sum(need) for w in need]
    columns = len(need)
    spare = max(0.0, available - sum(need))
    widths = [need[0]] + [w + spare / (columns - 1) for w in need[1:]]
    height = 0.0 if currency else 6.0  # the line saying the amounts are in CZK
    for texts, bold in rows:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        lines = max(len(pdf.multi_cell(width - 2 * CELL_PADDING, BUDGET_LINE, text,
                                       dry_run=True, output="LINES"))
                    for width, text in zip(widths, texts, strict=True))
        height += lines * BUDGET_LINE + 2 * CELL_PADDING
    pdf.set_font("DejaVu", "", 10)
    return BudgetLayout(size, widths, height, currency)


def _budget_table(pdf: FichePDF, table_data, layout: BudgetLayout) -> None:
    rows = _budget_rows(table_data, layout.currency)
    pdf.set_font("DejaVu", "", layout.size)
    with pdf.table(col_widths=tuple(layout.widths), width=sum(layout.widths),
                   align="LEFT",
                   text_align=("LEFT", *(["RIGHT"] * (len(layout.widths) - 1))),
                   headings_style=FontFace(emphasis="BOLD", fill_color=SOFT),
                   line_height=BUDGET_LINE, padding=CELL_PADDING) as table:
        for texts, _bold in rows[:-1]:
            table.row(texts)
        row = table.row()
        for text in rows[-1][0]:
            row.cell(text, style=BOLD)
    pdf.set_font("DejaVu", "", 10)
    if not layout.currency:
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(0, 5, _("Amounts in CZK."))
        pdf.set_font("DejaVu", "", 10)
    pdf.ln(2)


def render_fiches(intentions: Iterable[Intention],
                  show_budget: Callable[[Intention], bool], viewer: Any = None) -> bytes:
    """The fiches as a PDF; strategy elements as far as the viewer may see them (without
    a viewer, the public rule)."""
    viewer = viewer if viewer is not None else AnonymousUser()
    pdf = FichePDF()
    pdf.alias_nb_pages()
    any_page = False
    for intention in intentions:
        _fiche(pdf, intention, show_budget(intention), viewer)
        any_page = True
    if not any_page:
        pdf.add_page()
        pdf.multi_cell(0, 6, _("No intentions to export."))
    pdf.set_title(_("Project intention fiches"))
    return bytes(pdf.output())
