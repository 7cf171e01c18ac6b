from __future__ import annotations

import polib
import pytest
from django.conf import settings
from django.db import OperationalError

from core.text import czech_sort_bytes, fold


def test_healthz_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


def test_healthz_reports_database_failure(client, db, monkeypatch):
    class UnreachableDatabase:
        def cursor(self):
            raise OperationalError("down")

    monkeypatch.setattr("core.views.connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_root_redirects_to_czech(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 302
    assert response["Location"] == "/cs/"


def test_security_headers(client, db):
    response = client.get("/cs/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_reference_no_external_assets(client, reference_data):
    html = client.get("/cs/").content.decode()
    assert "http://" not in html.replace('xmlns="http://www.w3.org', "")
    assert "https://" not in html


def test_fold_and_czech_order():
    assert fold("České Budějovice") == "ceske budejovice"
    names = ["Chrudim", "Cheb", "Čáslav", "Hodonín", "Cvikov", "Žatec", "Zlín"]
    assert sorted(names, key=czech_sort_bytes) == [
        "Cvikov", "Čáslav", "Hodonín", "Cheb", "Chrudim", "Zlín", "Žatec"]


def test_czech_catalogue_is_complete_and_compiled():
    po_path = settings.BASE_DIR / "locale" / "cs" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled_ids = {e.msgid for e in compiled}
    missing = [e.msgid for e in catalogue.translated_entries() if e.msgid not in compiled_ids]
    assert not missing, f"run `make messages`: {missing[:5]}"


def test_every_template_text_is_in_the_catalogue(tmp_path):
    """makemessages over the code finds no msgid the catalogue lacks."""
    import re
    import subprocess  # noqa: S404
    import sys

    pytest.importorskip("shutil").which("xgettext") or pytest.skip("GNU gettext not installed")
    po_path = settings.BASE_DIR / "locale" / "cs" / "LC_MESSAGES" / "django.po"
    known = {e.msgid for e in polib.pofile(str(po_path))}
    workdir = tmp_path / "project"
    import shutil

    shutil.copytree(settings.BASE_DIR, workdir, ignore=shutil.ignore_patterns(
        ".venv", ".tools", "var", "node_modules", ".git", "staticfiles", "*.sqlite3*"))
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", "-l", "cs", "--ignore=bench",
         "--no-obsolete", "-v0"], cwd=workdir, check=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    fresh = polib.pofile(str(workdir / "locale" / "cs" / "LC_MESSAGES" / "django.po"))
    new = [e.msgid for e in fresh if e.msgid not in known and not re.match(r"^\s*$", e.msgid)]
    assert not new, f"untranslated new texts, run `make messages`: {new[:10]}"


def test_exports_keep_formulas_from_running_in_a_spreadsheet():
    import csv
    import io

    from openpyxl import load_workbook

    from core.exports import render_sheets

    rows = [["name", "note"], ["=HYPERLINK(\"x\")", "\t=1+1"], ["-5", "obec Lhota"]]
    response = render_sheets([("list", rows), ("more", [["a"], ["@SUM(A1)"]])], "csv", "x")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[1] == ["'=HYPERLINK(\"x\")", "'\t=1+1"]
    assert table[2] == ["'-5", "obec Lhota"]
    assert table[3] == [] and table[5] == ["'@SUM(A1)"]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    workbook = load_workbook(io.BytesIO(render_sheets([("list", rows)], "xlsx", "x").content))
    assert workbook["list"]["A2"].value == "'=HYPERLINK(\"x\")"
    assert workbook["list"]["A2"].data_type == "s"


def test_home_counts_the_territory_in_one_query(reference_data):
    from territory.models import Kind, TerritorialUnit
    from territory.queries import unit_counts

    kinds = [Kind.KRAJ, Kind.OKRES, Kind.ORP, Kind.OBEC]
    expected = {kind: TerritorialUnit.objects.filter(kind=kind, is_active=True).count()
                for kind in kinds}
    assert expected[Kind.KRAJ] == 14 and expected[Kind.OBEC] > 100
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert unit_counts(kinds) == expected
    assert len(captured) == 1
