"""Entries say what they are within their kind (``role``, e.g. a strategy element's kind,
for "measure of strategy X"); the kinds come from the apps' registrations, not choices."""

from importlib import import_module

from django.db import migrations, models

_fulltext = import_module("search.migrations.0002_fulltext")


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0004_drop_is_public'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='role',
            field=models.CharField(blank=True, db_default='', default='', max_length=30),
        ),
        migrations.AlterField(
            model_name='searchentry',
            name='kind',
            field=models.CharField(max_length=20),
        ),
        # SQLite rebuilds the table to add the column, and the FTS triggers go with it;
        # the frozen statements are idempotent, so they are simply run again.
        _fulltext.VendorRunSQL('sqlite', _fulltext.SQLITE_INSTALL, migrations.RunSQL.noop),
    ]
