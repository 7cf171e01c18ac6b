"""Background work of the search index (run by `manage.py worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def reindex_strategy_task(strategy_id: int) -> int:
    from . import services

    return services.reindex_strategy(strategy_id)


@task()
def reindex_intention_task(intention_id: int) -> int:
    from . import services

    return services.reindex_intention(intention_id)
