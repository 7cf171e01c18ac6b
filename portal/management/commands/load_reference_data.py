"""Load the official territory and the Smart Cities Concept taxonomy (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from concept.reference import (
    CONCEPT_FILE,
    ConceptDataError,
    read_concept,
    read_sdgs,
    read_technologies,
)
from concept.services import load_concept, load_sdgs, load_technologies
from territory.reference import DATA_DIR, ReferenceDataError, read_reference
from territory.services import load_official_units


class Command(BaseCommand):
    help = "Load territorial units (kraje, okresy, ORP, obce) and the concept taxonomy."

    def add_arguments(self, parser):
        parser.add_argument("--territory-dir", type=Path, default=DATA_DIR,
                            help="folder with kraje.csv, okresy.csv, orp.csv, obce.csv")
        parser.add_argument("--concept-file", type=Path, default=CONCEPT_FILE)

    def handle(self, *args, territory_dir: Path, concept_file: Path, **options):
        # Both sources are read and validated in full before anything is written.
        try:
            units = read_reference(territory_dir)
            pillars = read_concept(concept_file)
            sdgs, technologies = read_sdgs(), read_technologies()
        except (ReferenceDataError, ConceptDataError) as error:
            raise CommandError(f"Reference data not loaded, nothing changed: {error}") from error
        report = load_official_units(units)
        created, updated = load_concept(pillars)
        sdgs_written, technologies_created = load_sdgs(sdgs), load_technologies(technologies)
        self.stdout.write(
            f"Territory: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged. Concept: {created} created, {updated} updated. "
            f"SDGs: {sdgs_written} written. Technologies: {technologies_created} added."
        )
