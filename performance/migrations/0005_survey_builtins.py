from django.db import migrations


def seed(apps, schema_editor):
    from performance.builtins import DEFINITIONS, builtin_defaults
    from performance.voice.classic import questionnaires_ensure

    Metric = apps.get_model("performance", "Metric")
    for code, defaults in builtin_defaults():
        Metric.objects.get_or_create(code=code, defaults=defaults)
    for code, text in DEFINITIONS.items():
        Metric.objects.filter(code=code, description="").update(description=text)
    questionnaires_ensure(
        apps.get_model("performance", "QuestionnaireVersion"),
        apps.get_model("performance", "QuestionnaireItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("performance", "0004_survey_models")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
