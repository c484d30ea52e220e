from django.db import migrations


def seed(apps, schema_editor):
    from performance.builtins import builtin_defaults

    Metric = apps.get_model("performance", "Metric")
    for code, defaults in builtin_defaults():
        Metric.objects.get_or_create(code=code, defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
