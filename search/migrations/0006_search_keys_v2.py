"""Search keys v2: diacritics never matter (``core.lemmas.KEY_VERSION``). The index records
the key version it was made with; after ``migrate`` an index made with another one is
rebuilt (``search.services.rebuild_if_keys_changed``)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_entry_role'),
    ]

    operations = [
        migrations.CreateModel(
            name='IndexState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key_version', models.PositiveIntegerField()),
                ('rebuilt_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'search index state',
                'verbose_name_plural': 'search index states',
            },
        ),
    ]
