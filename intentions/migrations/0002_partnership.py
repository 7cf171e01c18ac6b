"""Partnerships: a partner municipality now confirms before it counts as a partner.

Existing partner links become confirmed partnerships. They were entered by the leading
units' editors (in the demo and seeded data) before confirmation existed, so there is no
answer to record: `answered_by` stays empty and `answered_at` is the time of migration.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def confirm_existing_partners(apps, schema_editor):
    from django.utils import timezone

    Intention = apps.get_model("intentions", "Intention")
    Partnership = apps.get_model("intentions", "Partnership")
    links = Intention.partner_units.through.objects.values_list("intention_id",
                                                                 "territorialunit_id")
    now = timezone.now()
    Partnership.objects.bulk_create(
        [Partnership(intention_id=intention_id, unit_id=unit_id, state="confirmed",
                     answered_at=now) for intention_id, unit_id in links.iterator()],
        batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('intentions', '0001_initial'),
        ('territory', '0002_alter_territorialunit_kind'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Partnership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('pending', 'invited, waiting for an answer'), ('confirmed', 'confirmed'), ('declined', 'declined')], db_index=True, default='pending', max_length=12, verbose_name='state')),
                ('invited_at', models.DateTimeField(auto_now_add=True)),
                ('answered_at', models.DateTimeField(blank=True, null=True)),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('intention', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partnerships', to='intentions.intention')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='partnerships', to='territory.territorialunit', verbose_name='partner municipality')),
            ],
            options={
                'verbose_name': 'partnership',
                'verbose_name_plural': 'partnerships',
                'ordering': ['intention', 'invited_at', 'id'],
                'constraints': [models.UniqueConstraint(fields=('intention', 'unit'), name='partnership_unique')],
            },
        ),
        migrations.RunPython(confirm_existing_partners, migrations.RunPython.noop),
    ]
