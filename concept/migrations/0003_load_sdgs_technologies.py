"""Load the 17 UN SDGs and the starting technologies from concept/data (idempotent;
`load_reference_data` keeps them in sync later)."""

from django.db import migrations


def load(apps, schema_editor):
    from concept.reference import read_sdgs, read_technologies

    Sdg = apps.get_model("concept", "Sdg")
    Technology = apps.get_model("concept", "Technology")
    for row in read_sdgs():
        Sdg.objects.update_or_create(code=int(row.code), defaults={
            "name_cs": row.name_cs, "name_en": row.name_en})
    for position, row in enumerate(read_technologies()):
        Technology.objects.get_or_create(code=row.code, defaults={
            "name_cs": row.name_cs, "name_en": row.name_en, "position": position})


class Migration(migrations.Migration):

    dependencies = [("concept", "0002_sdg_technology")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
