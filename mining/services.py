"""Running the mining pipeline on stored files and keeping its results.

The pure pipeline (`mining.pipeline.process_document`) runs outside any transaction; its
whole result is then written in one transaction, so a worker killed half-way leaves no
partial passages and the task simply runs again. One extraction exists per distinct file
(SHA-256): the same file uploaded twice is processed once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import asdict
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Action, Actor, can
from concept.models import KeyArea
from core import history
from core.access import signed_in
from core.models import HistoryEntry

from . import files
from .classify import NONE, Example, Model, default_model
from .errors import MiningError
from .evaluation import evaluate, held_out_examples, train_shipped, training_examples
from .models import PIPELINE_VERSION, Extraction, Passage
from .pipeline import DocumentResult, process_document
from .signals import passages_changed

log = logging.getLogger(__name__)

TRAINED_MODEL_PATH = Path(getattr(settings, "VAR_DIR", "var")) / "classifier-model.json"
PROGRESS_EVERY_SECONDS = 1.0


# --- the classifier in use ------------------------------------------------------------------

@lru_cache(maxsize=1)
def _model_in_use() -> tuple[Model, str]:
    """The model and its version (a hash of its JSON, computed once per load)."""
    if TRAINED_MODEL_PATH.exists():
        model = Model.from_json(TRAINED_MODEL_PATH.read_text(encoding="utf-8"))
    else:
        model = default_model()
    return model, hashlib.sha256(model.to_json().encode()).hexdigest()[:16]


def current_model() -> Model:
    """The retrained model when one exists (editors' corrections included), else the
    model shipped with the code."""
    return _model_in_use()[0]


def model_version() -> str:
    return _model_in_use()[1]


def forget_model() -> None:
    """Load the model again on next use (after a retrain, or in tests)."""
    _model_in_use.cache_clear()


# --- interrupted runs -----------------------------------------------------------------------

TASK_PATH = "mining.tasks.process_extraction"


def task_taken_over(*, task_path: str, args: list, attempts: int, gave_up: bool,
                    **_ignored) -> None:
    """A worker died while processing a file (`core.leases.task_requeued`): the document says
    it is being processed again, or, after repeated deaths, why it was given up."""
    if task_path != TASK_PATH or not args:
        return
    extraction_id = args[0]
    if gave_up:
        _fail(extraction_id, "interrupted",
              f"Zpracování se {attempts}× přerušilo (zpracovatel skončil uprostřed "
              "dokumentu), dokument byl proto odložen. Zkuste nahrát menší soubor nebo "
              "kontaktujte správce.",
              f"Processing was interrupted {attempts} times (the worker stopped in the middle "
              "of the document), so the document was set aside. Try a smaller file or "
              "contact the administrators.")
        return
    Extraction.objects.filter(
        pk=extraction_id, status__in=[Extraction.Status.QUEUED, Extraction.Status.PROCESSING]
    ).update(status=Extraction.Status.QUEUED, progress=0, stage="",
             interruptions=F("interruptions") + 1, interrupted_at=timezone.now())


# --- processing -----------------------------------------------------------------------------

def _read_file(sha256: str) -> bytes | None:
    for file in files.stored(sha256):
        try:
            with file.open("rb") as handle:
                return handle.read()
        except OSError:
            continue
    return None


def _claim(extraction_id: int) -> Extraction | None:
    with transaction.atomic():
        extraction = Extraction.objects.select_for_update().filter(pk=extraction_id).first()
        if extraction is None:
            return None
        if (extraction.status in (Extraction.Status.DONE, Extraction.Status.PARTIAL)
                and extraction.pipeline_version == PIPELINE_VERSION
                and extraction.model_version == model_version()):
            return None  # already processed with this code and model: nothing to do
        extraction.status = Extraction.Status.PROCESSING
        extraction.started_at = timezone.now()
        extraction.attempts += 1
        extraction.progress, extraction.stage = 0, "extract"
        extraction.save()
        return extraction


def _progress_reporter(extraction_id: int, attempt: int | None = None):
    last = [0.0]
    weights = {"extract": (0, 60), "passages": (60, 65), "classify": (65, 95),
               "facts": (95, 99)}

    def report(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS and done < total:
            return
        last[0] = now
        low, high = weights.get(stage, (0, 99))
        percent = low + (high - low) * (done / total if total else 1)
        Extraction.objects.filter(pk=extraction_id, **_fence(attempt)).update(
            stage=stage, progress=int(percent))

    return report


def _fence(attempt: int | None) -> dict[str, int]:
    """Writes of a run count only while no later run has claimed the file: a worker that
    lost its lease (and kept going) cannot overwrite the result of the run that replaced it."""
    return {} if attempt is None else {"attempts": attempt}


def _fail(extraction_id: int, code: str, reason_cs: str, reason_en: str,
          attempt: int | None = None) -> None:
    with transaction.atomic():
        if not Extraction.objects.filter(pk=extraction_id, **_fence(attempt)).exists():
            return
        Extraction.objects.filter(pk=extraction_id).update(
            status=Extraction.Status.FAILED, reason_code=code, reason_cs=reason_cs,
            reason_en=reason_en, finished_at=timezone.now(), progress=100, stage="")
        Passage.objects.filter(extraction_id=extraction_id).delete()
        _index(extraction_id)


def process(extraction_id: int) -> Extraction | None:
    """The task body: run the pipeline on the file and store its result atomically."""
    extraction = _claim(extraction_id)
    if extraction is None:
        return None
    attempt = extraction.attempts
    try:
        data = _read_file(extraction.sha256)
    except Exception:  # object storage unreachable, credentials refused …
        log.exception("reading the file of extraction %s failed", extraction_id)
        _fail(extraction_id, "storage",
              "Úložiště souborů nebylo dostupné; správce může dokument zařadit ke "
              "zpracování znovu.",
              "The file storage could not be reached; an administrator can queue the "
              "document again.", attempt)
        return Extraction.objects.get(pk=extraction_id)
    if data is None:
        _fail(extraction_id, "missing", "Soubor se nepodařilo načíst z úložiště.",
              "The file could not be read from storage.", attempt)
        return Extraction.objects.get(pk=extraction_id)
    try:
        result = process_document(data, max_pages=settings.MINING_MAX_PAGES,
                                  model=current_model(),
                                  progress=_progress_reporter(extraction_id, attempt))
    except MiningError as error:
        _fail(extraction_id, error.code, error.reason_cs, error.reason_en, attempt)
        return Extraction.objects.get(pk=extraction_id)
    except Exception:  # a pipeline bug must not kill the worker or hide the document
        log.exception("mining failed for extraction %s", extraction_id)
        _fail(extraction_id, "internal",
              "Při zpracování došlo k vnitřní chybě; správce byl upozorněn.",
              "An internal error occurred while processing; the administrators were told.",
              attempt)
        return Extraction.objects.get(pk=extraction_id)
    store_result(extraction_id, result, attempt)
    return Extraction.objects.get(pk=extraction_id)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: str(v) if isinstance(v, Decimal)
                                 else v.__dict__ if hasattr(v, "__dict__") else str(v)))


@transaction.atomic
def store_result(extraction_id: int, result: DocumentResult,
                 attempt: int | None = None) -> None:
    extraction = Extraction.objects.select_for_update().get(pk=extraction_id)
    if attempt is not None and extraction.attempts != attempt:
        log.warning("extraction %s: run %s was replaced by run %s; its result is dropped",
                    extraction_id, attempt, extraction.attempts)
        return
    # Corrections made by editors survive reprocessing when the passage text is unchanged.
    corrections = {p.text: (p.confirmed_areas, p.corrected_by_id, p.corrected_at)
                   for p in extraction.passages.exclude(confirmed_areas=None)}
    extraction.passages.all().delete()
    passages = []
    for item in result.passages:
        confirmed, by, at = corrections.get(item.text, (None, None, None))
        passages.append(Passage(
            extraction=extraction, index=item.index, page=item.page, start=item.start,
            end=item.end, text=item.text, language=item.language,
            terms=" ".join(item.index_terms),
            areas=[{"code": a.code, "score": round(a.score, 4), "terms": list(a.terms)}
                   for a in item.areas],
            main_area=item.main_area, confirmed_areas=confirmed, corrected_by_id=by,
            corrected_at=at))
    Passage.objects.bulk_create(passages, batch_size=500)
    extraction.kind, extraction.language = result.kind, result.language
    extraction.page_count, extraction.passage_count = result.page_count, len(passages)
    extraction.warnings = [asdict(w) for w in result.warnings]
    extraction.profile = _jsonable(asdict(result.profile))
    extraction.facts = _jsonable(asdict(result.facts))
    extraction.proposed_tree = _jsonable([asdict(node) for node in result.tree])
    extraction.status = (Extraction.Status.PARTIAL if result.warnings
                         else Extraction.Status.DONE)
    extraction.reason_code = extraction.reason_cs = extraction.reason_en = ""
    extraction.pipeline_version, extraction.model_version = PIPELINE_VERSION, model_version()
    extraction.progress, extraction.stage = 100, ""
    extraction.finished_at = timezone.now()
    extraction.save()
    _index(extraction.pk)


def _index(extraction_id: int, *, on_commit: bool = False) -> None:
    """Tell the apps that index this file's passages (strategies, for the search): now (in
    the worker) or, from a request, once the transaction commits."""
    passages_changed.send(sender=Extraction, extraction_id=extraction_id, on_commit=on_commit)


# --- editors' corrections and the model -----------------------------------------------------

@transaction.atomic
def correct_passage(actor: Actor, passage: Passage, areas: list[str]) -> Passage:
    """An editor says which key areas the passage really belongs to (empty: none). Who may:
    `can(actor, EDIT, passage)` (an editor of a strategy using the document)."""
    passage = Passage.objects.select_for_update().select_related("extraction").get(
        pk=passage.pk)
    if not can(actor, Action.EDIT, passage):
        raise PermissionDenied(_("Only editors of a strategy using this document can "
                                 "correct its classification."))
    known = set(KeyArea.objects.values_list("code", flat=True))
    unknown = sorted(set(areas) - known)
    if unknown:
        raise ValidationError(_("Unknown key areas: %(codes)s") % {"codes": ", ".join(unknown)})
    if len(areas) > 3:
        raise ValidationError(_("Choose at most three key areas."))
    before = passage.effective_areas
    passage.confirmed_areas = sorted(set(areas))
    passage.corrected_by, passage.corrected_at = signed_in(actor), timezone.now()
    passage.save()
    history.record(actor, passage, HistoryEntry.Action.UPDATE,
                   {"areas": [before, passage.confirmed_areas]})
    _index(passage.extraction_id, on_commit=True)
    return passage


def corrections_as_examples():
    return [Example(text=p.text, labels=list(p.confirmed_areas or []) or [NONE])
            for p in Passage.objects.exclude(confirmed_areas=None).only("text",
                                                                         "confirmed_areas")]


def retrain() -> dict[str, Any]:
    """Train as the shipped model is (self-written and real train parts) plus editors'
    corrections; keep the model only when it is not worse on the held-out parts (which
    it never sees)."""
    own_test, real_test = held_out_examples()
    test_part = [*own_test, *real_test]
    corrections = corrections_as_examples()
    candidate = train_shipped(training_examples() + corrections)
    baseline = evaluate(current_model(), test_part).macro_f1
    score = evaluate(candidate, test_part).macro_f1
    kept = score >= baseline - 0.005
    if kept:
        TRAINED_MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        TRAINED_MODEL_PATH.write_text(candidate.to_json() + "\n", encoding="utf-8")
        forget_model()
    return {"corrections": len(corrections), "baseline_macro_f1": baseline,
            "candidate_macro_f1": score, "kept": kept}
