"""Copies of one text recognised (``copy_key``, ``search.indexing.copy_key_of``): the search
shows one of them before the others. The key version the index was made with is forgotten,
so the rebuild after ``migrate`` fills the column (``search.services``)."""

from importlib import import_module

from django.db import migrations, models

_fulltext = import_module("search.migrations.0002_fulltext")


def forget_key_version(apps, schema_editor):
    apps.get_model("search", "IndexState").objects.using(
        schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0006_search_keys_v2'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='copy_key',
            field=models.CharField(blank=True, db_default='', default='', max_length=16),
        ),
        # Should SQLite rebuild the table to add the column, the FTS triggers go with it;
        # the frozen statements are idempotent, so they are simply run again.
        _fulltext.VendorRunSQL('sqlite', _fulltext.SQLITE_INSTALL, migrations.RunSQL.noop),
        migrations.RunPython(forget_key_version, migrations.RunPython.noop, elidable=True),
    ]
