"""Search keys no longer depend on diacritics (``core.lemmas.KEY_VERSION`` 2): the keys
stored with every passage are computed again from its text. The search index is rebuilt
from them once ``migrate`` has finished (``search.services.rebuild_if_keys_changed``).

A later change of the key function needs a migration like this one."""

from django.db import migrations

BATCH = 1000


def recompute_keys(apps, schema_editor):
    from core.lemmas import index_terms

    Passage = apps.get_model("mining", "Passage")
    db = schema_editor.connection.alias
    last = 0
    while True:  # in batches by id: no cursor stays open over rows being updated
        batch = list(Passage.objects.using(db).filter(pk__gt=last).order_by("pk")
                     .only("pk", "text", "language", "terms")[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        changed = []
        for passage in batch:
            terms = " ".join(index_terms(passage.text, passage.language or "cs"))
            if terms != passage.terms:
                passage.terms = terms
                changed.append(passage)
        Passage.objects.using(db).bulk_update(changed, ["terms"])


class Migration(migrations.Migration):

    dependencies = [
        ("mining", "0002_interruptions"),
    ]

    operations = [
        migrations.RunPython(recompute_keys, migrations.RunPython.noop, elidable=True),
    ]
