"""API tokens get a scope and an expiry. Tokens made before keep what they could do (read and
write) and expire at the end of the day one year from this migration."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def expire_existing_tokens_in_a_year(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    last_day = timezone.localdate() + dt.timedelta(days=365)
    expires_at = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1),
                                                         dt.time.min))
    ApiToken.objects.using(schema_editor.connection.alias).filter(
        expires_at__isnull=True).update(expires_at=expires_at)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.CharField(choices=[("read", "read only"),
                                            ("read write", "read and write")],
                                   default="read write", max_length=30, verbose_name="scope"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(expire_existing_tokens_in_a_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
