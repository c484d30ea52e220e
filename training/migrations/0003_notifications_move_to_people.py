"""In-app notifications move to people (the lowest app, so every app can
create them through people.services.notify): rows are copied, then
training's table goes."""

from django.db import migrations


def copy_to_people(apps, schema_editor):
    Old = apps.get_model("training", "Notification")
    New = apps.get_model("people", "Notification")
    rows = [
        New(
            employee_id=n.employee_id,
            kind="other",
            message=n.message,
            url=n.url,
            created_at=n.created_at,
            read_at=n.read_at,
        )
        for n in Old.objects.all().iterator()
    ]
    New.objects.bulk_create(rows, batch_size=2000)


def copy_back(apps, schema_editor):
    Old = apps.get_model("training", "Notification")
    New = apps.get_model("people", "Notification")
    Old.objects.bulk_create(
        [
            Old(
                employee_id=n.employee_id,
                message=n.message,
                url=n.url,
                created_at=n.created_at,
                read_at=n.read_at,
            )
            for n in New.objects.all().iterator()
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_notification"),
        ("training", "0002_learning"),
    ]

    operations = [
        migrations.RunPython(copy_to_people, copy_back),
        migrations.DeleteModel(name="Notification"),
    ]
