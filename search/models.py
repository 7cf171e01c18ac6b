"""The search index: one row per searchable thing. What the things are (passages of
documents, strategies, their elements, project intentions, funding calls …) is declared by
the apps that own them (``search.registry``); ``kind`` holds one of their kinds.

``SearchEntry`` is plain Django; the full-text index over it belongs to the database
backend (see ``search.backends``): an FTS5 table kept in sync by triggers on SQLite, a
generated ``tsvector`` column with a GIN index on PostgreSQL. Both index three columns:

* ``title_terms`` and ``terms`` — search keys (``core.lemmas.index_terms``) of the title
  and of the body; title matches weigh more;
* ``tags`` — filter and tier tokens, all containing ``_`` (which no search key contains, so
  nothing written in a document can pose as a filter): ``kind_passage``,
  ``area_c4``, ``unit_544256`` …, and ``<n>_<key>`` when ``key`` occurs at least n times
  (see ``search.indexing.tier_tokens``), which bounds the work for very common words.

``copy_key`` is shared by copies of one text (``search.indexing.copy_key_of``): a copy is
shown after the results that are not copies of an earlier one. ``IndexState`` records the
version of the search keys the index was made with (rebuilt after ``migrate`` when it
changes).

The facet columns keep codes readable for counting; multi-valued ones are space-delimited
with a leading and trailing space (`` C4 B2 ``).

On SQLite a migration that rebuilds this table (most ``AlterField``s do) drops the
triggers: call ``search.backends.get_backend().install()`` in that migration or run
``manage.py reindex_search``, which reinstalls them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20)  # a kind some registered source writes
    object_id = models.CharField(max_length=64)
    # Who wrote the entry, e.g. "strategy:12": reindexing a source replaces its entries.
    source = models.CharField(max_length=64, db_index=True)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500)
    body = models.TextField(blank=True, help_text="original text, for snippets")
    title_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    document = models.CharField(max_length=300, blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)
    language = models.CharField(max_length=5, default="cs")
    areas = models.CharField(max_length=200, blank=True)
    pillars = models.CharField(max_length=50, blank=True)
    kraj = models.CharField(max_length=200, blank=True)  # NUTS 3 codes of the owners' kraje
    units = models.TextField(blank=True)  # owner units and every unit they lie in
    level = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=30, blank=True)
    year_from = models.PositiveSmallIntegerField(null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(null=True, blank=True)
    # What the item is within its kind (e.g. "measure"), for the label of the result.
    role = models.CharField(max_length=30, blank=True, default="", db_default="")
    # Shared by copies of one text (the same measure in twenty strategies, intentions of one
    # template): the search shows one of them before the others (search.indexing).
    copy_key = models.CharField(max_length=16, blank=True, default="", db_default="")
    fingerprint = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"],
                                               name="search_entry_kind_object_unique")]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class IndexState(models.Model):
    """One row: the ``core.lemmas.KEY_VERSION`` the index keys were made with. After
    ``migrate`` an index made with another one is rebuilt (``search.services``)."""

    key_version = models.PositiveIntegerField()
    rebuilt_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index states")

    def __str__(self) -> str:
        return f"search keys v{self.key_version}"


class SearchTerm(models.Model):
    """Every key ever indexed: prefix queries (``cyklo*``) expand through this list, so
    their cost is bounded on both engines. Never pruned; stale keys just match nothing."""

    term = models.CharField(max_length=100, primary_key=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.term
