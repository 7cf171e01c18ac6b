"""Search covers published records only (the reindexers remove anything else), so entries
carry no visibility flag."""

from importlib import import_module

from django.db import migrations

_fulltext = import_module("search.migrations.0002_fulltext")


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_intention_kind'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='searchentry',
            name='is_public',
        ),
        # Should SQLite rebuild the table rather than drop the column, the FTS triggers go
        # with it; the frozen statements are idempotent, so they are simply run again.
        _fulltext.VendorRunSQL('sqlite', _fulltext.SQLITE_INSTALL, migrations.RunSQL.noop),
    ]
