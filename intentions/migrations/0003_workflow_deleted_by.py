# Intentions move onto the shared review workflow (core.workflow): their review states take
# the shared labels, and a soft delete records who deleted, as for every other record type.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def deleted_by_from_history(apps, schema_editor):
    """Intentions deleted before this migration: who deleted them is in their history (the
    latest "delete" entry); those without one keep no one."""
    Intention = apps.get_model("intentions", "Intention")
    HistoryEntry = apps.get_model("core", "HistoryEntry")
    deleted = Intention.objects.filter(deleted_at__isnull=False, deleted_by__isnull=True)
    for intention in deleted.only("pk").iterator():
        actor_id = (HistoryEntry.objects
                    .filter(model_label="intentions.intention", object_id=str(intention.pk),
                            action="delete", actor__isnull=False)
                    .order_by("-at", "-id").values_list("actor_id", flat=True).first())
        if actor_id is not None:
            Intention.objects.filter(pk=intention.pk).update(deleted_by_id=actor_id)


class Migration(migrations.Migration):

    dependencies = [
        ('intentions', '0002_partnership'),
        ('core', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='intention',
            name='deleted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='intention',
            name='status',
            field=models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted for review'), ('returned', 'returned for changes'), ('published', 'published'), ('in_implementation', 'in implementation'), ('completed', 'completed'), ('cancelled', 'cancelled')], db_index=True, default='draft', max_length=20, verbose_name='status'),
        ),
        migrations.RunPython(deleted_by_from_history, migrations.RunPython.noop),
    ]
