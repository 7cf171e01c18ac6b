"""Mining wired into the platform: upload → queue → worker → passages, failures, recovery."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from mining import services, tasks
from mining.models import Extraction, Passage
from strategies import proposed_tree
from strategies import services as strategy_services
from strategies.tests.factories import make_strategy

from .conftest import make_docx, make_pdf, make_zip

# The worker closes database connections between tasks, as it must in production; on
# PostgreSQL that would end a test wrapped in one transaction, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

STRATEGY_PAGES = [
    ["Strategický plán rozvoje města 2021–2027", "Vize",
     "Město je moderní a soudržné místo pro život všech generací."],
    ["Priorita 1 Doprava a mobilita",
     "Opatření 1.1 Rozvoj cyklostezek a cyklopruhů ve městě",
     "Město vybuduje síť cyklostezek a bezpečných přechodů pro chodce,",
     "zavede inteligentní řízení křižovatek a preferenci autobusů MHD.",
     "Náklady opatření činí 1,5 mil. Kč v letech 2022 až 2025."],
    ["Priorita 2 Energetika", "Opatření 2.1 Fotovoltaické elektrárny na školách",
     "Na střechách základních škol vzniknou fotovoltaické elektrárny s bateriovým",
     "úložištěm; úspory energie ve veřejných budovách sníží provozní náklady obce.",
     "Komunitní energetika zapojí občany do sdílení elektřiny."],
]


def upload(editor, strategy, data: bytes, name: str):
    return strategy_services.upload_document(editor, strategy, SimpleUploadedFile(name, data))


def run_worker():
    call_command("worker", burst=True, verbosity=0)


def test_uploaded_pdf_is_mined_by_the_worker(editor, media, django_capture_on_commit_callbacks):
    strategy = make_strategy(editor)
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(editor, strategy, make_pdf(STRATEGY_PAGES), "plan.pdf")
    extraction = Extraction.objects.get(sha256=result.version.sha256)
    assert extraction.status == Extraction.Status.QUEUED
    run_worker()
    extraction.refresh_from_db()
    assert extraction.status in (Extraction.Status.DONE, Extraction.Status.PARTIAL)
    assert extraction.page_count == 3
    passages = list(extraction.passages.all())
    assert passages and {p.page for p in passages} == {1, 2, 3}
    assert any("C4" in p.effective_areas for p in passages)  # transport and mobility
    assert any("B2" in p.effective_areas for p in passages)
    assert extraction.profile["areas"]
    assert any(a["amount"] in ("1500000", "1500000.0", "1.5E+6") for a in extraction.facts["amounts"])
    assert extraction.proposed_tree


def test_same_file_twice_is_processed_once(editor, media, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    strategy = make_strategy(editor)
    other = make_strategy(editor, title="Jiná strategie")
    data = make_pdf(STRATEGY_PAGES)
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor, strategy, data, "a.pdf")
        upload(editor, other, data, "b.pdf")
    assert Extraction.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert Extraction.objects.get().status in (Extraction.Status.DONE,
                                               Extraction.Status.PARTIAL)


def bomb() -> bytes:
    return make_zip({"[Content_Types].xml": b"<Types/>",
                     "word/document.xml": b"<w:document>" + b"A" * (300 * 1024 * 1024)})


def encrypted_pdf() -> bytes:
    return make_pdf([["Tajný text strategie"]], encrypt="heslo")


def zip_as_pdf() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "make", "status", "reason"), [
    ("corrupt.pdf", lambda: b"%PDF-1.7\n" + b"\x00garbage" * 500, "failed", "damaged"),
    ("encrypted.pdf", encrypted_pdf, "failed", "encrypted"),
    ("bomb.docx", bomb, "failed", "bomb"),
    ("scan.pdf", lambda: make_pdf([["x"]] * 3, image_only=True), "partial", ""),
    ("page.html", lambda: ("<html><body><script>alert('x')</script><p>Rozvoj cyklistické "
                           "dopravy ve městě a bezpečné přechody.</p></body></html>").encode(),
     "", ""),
    ("cp1250.txt", lambda: ("Město podpoří rozvoj cyklistické dopravy, úspory energie a "
                            "zeleň v ulicích. Žluťoučký kůň.").encode("cp1250"), "", ""),
])
def test_bad_files_end_with_a_clear_reason_and_touch_nothing_else(
    editor, media, django_capture_on_commit_callbacks, name, make, status, reason
):
    strategy = make_strategy(editor)
    with django_capture_on_commit_callbacks(execute=True):
        good = upload(editor, strategy, make_pdf(STRATEGY_PAGES), "good.pdf")
    run_worker()
    good_passages = Passage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(editor, strategy, make(), name)
    run_worker()  # the worker survives whatever the file is
    extraction = Extraction.objects.get(sha256=result.version.sha256)
    if status:
        assert extraction.status == status
    if reason:
        assert extraction.reason_code == reason
        assert extraction.reason_cs and extraction.reason_en
        assert extraction.passages.count() == 0
    if name == "scan.pdf":
        assert "OCR" in " ".join(extraction.warning_texts())
    if name == "page.html":
        text = " ".join(extraction.passages.values_list("text", flat=True))
        assert "alert" not in text and "cyklistické" in text
    if name == "cp1250.txt":
        assert "Žluťoučký kůň" in " ".join(extraction.passages.values_list("text", flat=True))
    assert Extraction.objects.get(sha256=good.version.sha256).passages.count() == good_passages


def test_zip_named_pdf_and_executables_are_refused_at_upload(editor, media):
    from django.core.exceptions import ValidationError

    strategy = make_strategy(editor)
    for data in (zip_as_pdf(), b"\x7fELF" + b"\x00" * 300):
        with pytest.raises(ValidationError):
            upload(editor, strategy, data, "strategie.pdf")
    assert Extraction.objects.count() == 0 and strategy.documents.count() == 0


def test_a_worker_killed_half_way_leaves_no_partial_passages_and_runs_again(
    editor, media, django_capture_on_commit_callbacks, monkeypatch
):
    from datetime import timedelta

    strategy = make_strategy(editor)
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(editor, strategy, make_pdf(STRATEGY_PAGES), "plan.pdf")
    extraction = Extraction.objects.get(sha256=result.version.sha256)
    real_bulk_create = Passage.objects.bulk_create

    def die_after_writing(objs, **kwargs):
        real_bulk_create(objs, **kwargs)
        raise SystemExit("worker killed")

    monkeypatch.setattr(Passage.objects, "bulk_create", die_after_writing)
    with pytest.raises(SystemExit):
        services.process(extraction.pk)
    assert Passage.objects.count() == 0  # the transaction never committed
    assert Extraction.objects.get(pk=extraction.pk).status == Extraction.Status.PROCESSING
    monkeypatch.setattr(Passage.objects, "bulk_create", real_bulk_create)
    # Its task is still in the queue: nothing to re-queue, the worker runs it again.
    assert tasks.requeue_stale(older_than=timedelta(0)) == 0
    run_worker()
    extraction.refresh_from_db()
    assert extraction.status in (Extraction.Status.DONE, Extraction.Status.PARTIAL)
    assert extraction.passages.count() > 0


def test_editor_corrects_a_passage_and_retraining_keeps_a_model_that_is_not_worse(
    editor, media, django_capture_on_commit_callbacks, make_member, tmp_path, monkeypatch
):
    from django.core.exceptions import PermissionDenied

    monkeypatch.setattr(services, "TRAINED_MODEL_PATH", tmp_path / "model.json")
    services.forget_model()
    strategy = make_strategy(editor)
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor, strategy, make_pdf(STRATEGY_PAGES), "plan.pdf")
    run_worker()
    passage = Passage.objects.order_by("index").first()
    with pytest.raises(PermissionDenied):
        services.correct_passage(make_member("editor", "586846"), passage, ["C4"])
    services.correct_passage(editor, passage, ["B1", "C4"])
    passage.refresh_from_db()
    assert passage.effective_areas == ["B1", "C4"]
    result = services.retrain()
    assert result["corrections"] == 1
    assert result["candidate_macro_f1"] >= result["baseline_macro_f1"] - 0.005 or not result[
        "kept"]
    services.forget_model()


def test_proposed_tree_is_taken_over_into_the_registry(editor, media,
                                                       django_capture_on_commit_callbacks):
    from strategies.queries import flatten, structure_tree

    strategy = make_strategy(editor, complete=False)  # an empty tree takes over everything
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor, strategy, make_pdf(STRATEGY_PAGES), "plan.pdf")
    run_worker()
    extraction = Extraction.objects.get()
    count = proposed_tree.accept_proposed_tree(editor, strategy, extraction)
    rows = [(item.node.kind, item.node.code) for _depth, item in
            flatten(structure_tree(strategy))]
    assert count == len(rows) >= 4
    assert ("priority", "1") in rows and ("measure", "1.1") in rows


def test_proposed_rows_lift_children_that_cannot_sit_under_their_parent():
    rows = proposed_tree.proposed_rows([{"level": "strategic_goal", "code": "1", "title": "A",
                                    "children": [{"level": "specific_goal", "code": "1.1",
                                                  "title": "B", "children": []}]}])
    assert [(r["kind"], r["parent_key"]) for r in rows] == [("goal", ""), ("goal", "")]


def test_ingest_command_uploads_a_folder_and_waits(editor, media, tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plan.pdf").write_bytes(make_pdf(STRATEGY_PAGES))
    (folder / "akce.docx").write_bytes(make_docx(["Akční plán: rozvoj cyklostezek a "
                                                  "digitalizace úřadu."] * 5))
    (folder / "virus.pdf").write_bytes(b"MZ" + b"\x00" * 500)
    call_command("ingest", str(folder), "--owner", "544256", "--as", editor.email, "--wait")
    out = capsys.readouterr().out
    assert "Uploaded 2 of 3 files" in out
    assert "refused" in out and "virus.pdf" in out
    assert Extraction.objects.filter(status__in=["done", "partial"]).count() == 2


def test_document_page_shows_status_passages_and_why(client, editor, media,
                                                     django_capture_on_commit_callbacks):
    strategy = make_strategy(editor)
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(editor, strategy, make_pdf(STRATEGY_PAGES), "plan.pdf")
    client.force_login(editor)
    document_url = f"/en/strategies/documents/{result.version.document_id}/"
    assert "queued" in client.get(document_url).content.decode()
    run_worker()
    html = client.get(document_url).content.decode()
    assert "cyklostezek" in html and "C4" in html and "because of" in html
    assert "Correct the key areas" in html
    strategy_html = client.get(f"/en/strategies/{strategy.pk}/").content.decode()
    assert "Concept profile" in strategy_html


def test_classify_api(client, db):
    response = client.post("/api/v1/classify", {"text": "Město vybuduje cyklostezky a "
                                                        "zavede chytré řízení dopravy."},
                           content_type="application/json")
    assert response.status_code == 200
    areas = response.json()["areas"]
    assert areas[0]["code"] == "C4" and "cyklostezka" in areas[0]["terms"]
    unrelated = client.post("/api/v1/classify", {"text": "Dobrý den, děkujeme."},
                            content_type="application/json").json()["areas"]
    assert unrelated[0]["code"] == "NONE"
    assert client.post("/api/v1/classify", {"text": ""},
                       content_type="application/json").status_code == 400


def test_evaluate_classifier_reports_macro_f1(capsys, db):
    call_command("evaluate_classifier")
    out = capsys.readouterr().out
    assert "macro-F1" in out and "C4" in out


def test_files_that_were_never_queued_are_picked_up_by_the_worker(
    editor, media, monkeypatch
):
    strategy = make_strategy(editor)

    def queue_unreachable(sha256):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(tasks, "enqueue_file", queue_unreachable)
    result = upload(editor, strategy, make_pdf(STRATEGY_PAGES), "plan.pdf")
    assert result.version.pk  # the upload itself is kept
    assert not Extraction.objects.exists()
    monkeypatch.undo()
    run_worker()  # on start the worker queues files that never reached the queue
    run_worker()
    extraction = Extraction.objects.get(sha256=result.version.sha256)
    assert extraction.status in (Extraction.Status.DONE, Extraction.Status.PARTIAL)
