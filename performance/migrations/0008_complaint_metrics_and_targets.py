from django.db import migrations


def seed(apps, schema_editor):
    from performance.builtins import DEFINITIONS, builtin_defaults
    from performance.complaints.services import default_targets

    Metric = apps.get_model("performance", "Metric")
    for code, defaults in builtin_defaults():
        Metric.objects.get_or_create(code=code, defaults=defaults)
    for code in ("complaints", "complaint_rate", "complaint_reply_sla", "contacts"):
        Metric.objects.filter(code=code, description="").update(
            description=DEFINITIONS[code]
        )
    SlaTarget = apps.get_model("performance", "SlaTarget")
    for severity in ("low", "medium", "high", "critical"):
        for tier in ("vip", "priority", "standard"):
            reply, resolution = default_targets(severity, tier)
            SlaTarget.objects.get_or_create(
                severity=severity,
                customer_tier=tier,
                defaults={"reply_hours": reply, "resolution_hours": resolution},
            )


class Migration(migrations.Migration):
    dependencies = [("performance", "0007_complaints")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
