"""Background tasks of document mining (run by `manage.py worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def process_extraction(extraction_id: int) -> str:
    from .services import process

    extraction = process(extraction_id)
    return extraction.status if extraction else "skipped"
