"""Backup and restore (`manage.py backup` / `restore`): every record, file and search result
comes back in an empty database and an empty storage, on the local disk and on S3."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from core.backup import _included_models
from mining import services as mining_services
from mining.models import Extraction, Passage
from strategies import services as strategy_services
from strategies.models import Strategy
from strategies.tests.factories import make_strategy
from strategies.tests.factories import publish as publish_strategy

from .conftest import make_pdf
from .test_integration import STRATEGY_PAGES

pytestmark = pytest.mark.django_db(transaction=True)

QUERIES = ["cyklostezek", "fotovoltaické elektrárny", "osvětlení", "Strategie chytrého města"]


def run_worker():
    call_command("worker", burst=True, verbosity=0)


def seed(make_member):
    """Published and draft strategies with mined documents (one file shared by two, one
    passage corrected by an editor), a deleted (restorable) strategy, intentions, a call."""
    from concept.services import load_vocabularies
    from funding.tests.factories import make_call
    from intentions.tests.factories import make_intention
    from intentions.tests.factories import publish as publish_intention

    load_vocabularies()
    editor = make_member("editor", "544256")
    moderator = make_member("moderator")
    published = make_strategy(editor, title="Strategie chytrého města")
    shared = make_pdf(STRATEGY_PAGES)
    for name, data in [("plan.pdf", shared),
                       ("akce.pdf", make_pdf([["Akční plán: digitalizace úřadu a otevřená "
                                               "data, chytré veřejné osvětlení."]]))]:
        strategy_services.upload_document(editor, published, SimpleUploadedFile(name, data))
    draft = make_strategy(editor, title="Koncept dopravní strategie")
    strategy_services.upload_document(editor, draft, SimpleUploadedFile("kopie.pdf", shared))
    run_worker()
    publish_strategy(moderator, published)
    passage = Passage.objects.order_by("pk").first()
    mining_services.correct_passage(editor, passage, ["C4", "B1"])
    intention = make_intention(editor, title="Chytré veřejné osvětlení")
    publish_intention(moderator, intention)
    make_intention(editor, title="Rozpracovaný záměr", complete=False)
    make_call(moderator)
    strategy_services.delete_strategy(editor, make_strategy(editor, title="Smazaná strategie"))
    run_worker()  # the search index follows through the task queue
    return editor


def snapshot(client) -> dict:
    from search import queries as search_queries

    search_queries._labels_cache.clear()  # facet names are cached for minutes per process
    records = {model._meta.label_lower: list(model._base_manager.order_by("pk").values())
               for model in _included_models()}
    files = {}
    for version in records["strategies.documentversion"]:
        with default_storage.open(version["file"], "rb") as handle:
            files[version["file"]] = hashlib.sha256(handle.read()).hexdigest()
    search = {query: client.get("/api/v1/search", {"q": query}).json() for query in QUERIES}
    return {"records": records, "files": files, "search": search}


def wipe_database():
    """A newly migrated, empty database (what `migrate` on a new server leaves)."""
    from concept.services import load_vocabularies

    call_command("flush", interactive=False, verbosity=0)
    load_vocabularies()  # the rows a data migration creates


@pytest.fixture(params=["local", "s3"])
def storages(request, settings, tmp_path):
    """Two empty storages of the kind under test: `first()` and `second()` switch to them."""
    if request.param == "local":
        def local(name):
            def use():
                settings.STORAGES = {**settings.STORAGES, "default": {
                    "BACKEND": "django.core.files.storage.FileSystemStorage"}}
                settings.MEDIA_ROOT = tmp_path / name
            return use
        return local("old-media"), local("new-media")
    server = request.getfixturevalue("s3_server")
    buckets = [server.new_bucket(), server.new_bucket()]
    return tuple((lambda env=env: server.use(settings, env)) for env in buckets)


def test_a_restored_backup_has_every_record_file_and_search_result(
    reference_data, make_member, client, storages, tmp_path
):
    first, second = storages
    first()
    seed(make_member)
    before = snapshot(client)
    assert before["search"]["cyklostezek"]["count"] > 0  # passages are found
    assert before["search"]["osvětlení"]["count"] > 0  # and the intention
    assert len(before["files"]) == 2  # one file shared by two documents
    archive = tmp_path / "smart.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    wipe_database()
    second()
    assert client.get("/api/v1/search", {"q": "cyklostezek"}).json()["count"] == 0
    call_command("restore", str(archive), verbosity=0)

    after = snapshot(client)
    assert after["files"] == before["files"]
    for label, rows in before["records"].items():
        assert after["records"][label] == rows, label
    assert after["search"] == before["search"]
    assert Passage.objects.exclude(confirmed_areas=None).count() == 1
    assert Strategy._base_manager.filter(title="Smazaná strategie",
                                         deleted_at__isnull=False).exists()
    # The restored platform keeps working: a new upload is mined and found.
    editor = make_member("editor", "586846", email="novy@example.cz")
    strategy = make_strategy(editor, owner_code="586846", title="Nová strategie")
    strategy_services.upload_document(editor, strategy, SimpleUploadedFile(
        "novy.pdf", make_pdf([["Komunitní energetika a sdílení elektřiny."]])))
    run_worker()
    assert Extraction.objects.filter(status__in=["done", "partial"]).count() == 3


def test_restore_refuses_a_database_in_use_and_a_damaged_archive(
    reference_data, make_member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    editor = make_member("editor", "544256")
    strategy = make_strategy(editor)
    strategy_services.upload_document(editor, strategy,
                                      SimpleUploadedFile("plan.pdf", make_pdf(STRATEGY_PAGES)))
    archive = tmp_path / "smart.tar"
    call_command("backup", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)

    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("files/"):
                data = data.replace(b"%PDF", b"%PDX", 1)
            target.addfile(member, io.BytesIO(data))
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), verbosity=0)
    assert not Extraction.objects.exists() and not Strategy.objects.exists()

    not_a_backup = tmp_path / "other.tar"
    with tarfile.open(not_a_backup, "w") as target:
        payload = json.dumps({"format": "something else"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(payload)
        target.addfile(info, io.BytesIO(payload))
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(not_a_backup), verbosity=0)


def test_the_archive_is_readable_only_by_its_owner(reference_data, settings, tmp_path):
    """It holds password and token hashes, e-mails and private budgets."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for name in ("smart.tar", "smart.tar.gz"):
        archive = tmp_path / name
        call_command("backup", str(archive), verbosity=0)
        assert archive.stat().st_mode & 0o777 == 0o600, name


def test_restore_refuses_a_database_with_records_but_no_user_accounts(
    reference_data, settings, tmp_path
):
    """"No user accounts" is not "empty": restoring would flush the territory and concept
    loaded here. The refusal names the tables that hold records and changes nothing."""
    from django.contrib.auth import get_user_model

    from concept.models import KeyArea
    from territory.models import TerritorialUnit

    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "smart.tar"
    call_command("backup", str(archive), verbosity=0)
    assert not get_user_model().objects.exists()
    units, areas = TerritorialUnit.objects.count(), KeyArea.objects.count()
    assert units and areas
    with pytest.raises(CommandError, match="not empty") as refused:
        call_command("restore", str(archive), verbosity=0)
    assert "territory.territorialunit" in str(refused.value)
    assert (TerritorialUnit.objects.count(), KeyArea.objects.count()) == (units, areas)

    wipe_database()  # what a fresh `migrate` leaves (vocabularies included) is accepted
    call_command("restore", str(archive), verbosity=0)
    assert (TerritorialUnit.objects.count(), KeyArea.objects.count()) == (units, areas)
