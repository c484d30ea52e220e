"""Rubric versions keep the words of every language (courses.selectors
.rubric_snapshot). Versions taken before held one language's words; they get
the words of the rubric's translations as they are now (block ids match
across languages), and the hash of the completed snapshot, so an unchanged
rubric keeps its version."""

import hashlib
import json

from django.db import migrations


def _digest(snapshot: dict) -> str:
    return hashlib.sha256(
        json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def _words(rubric) -> dict:
    """As courses.selectors.rubric_texts(rubric_content(rubric)), read from
    the stored blocks."""
    criteria = {}
    for block in rubric.criteria.raw_data:
        value = block["value"]
        levels = {}
        for item in value.get("levels") or []:
            if isinstance(item, dict) and "id" in item and "value" in item:
                level = item["value"]
                levels[item["id"]] = {
                    "label": level.get("label", ""),
                    "descriptor": level.get("descriptor", ""),
                }
        criteria[block["id"]] = {
            "title": value.get("title", ""),
            "description": value.get("description") or "",
            "levels": levels,
        }
    return {"title": rubric.title, "criteria": criteria}


def add_texts(apps, schema_editor):
    RubricVersion = apps.get_model("courses", "RubricVersion")
    Rubric = apps.get_model("courses", "Rubric")
    for version in RubricVersion.objects.select_related("rubric__locale"):
        snapshot = dict(version.snapshot)
        if "texts" in snapshot:
            continue
        rubric = version.rubric
        others = (
            Rubric.objects.filter(translation_key=rubric.translation_key)
            .exclude(pk=rubric.pk)
            .select_related("locale")
        )
        snapshot["language"] = rubric.locale.language_code
        snapshot["texts"] = {o.locale.language_code: _words(o) for o in others}
        version.snapshot = snapshot
        digest = _digest(snapshot)
        taken = (
            RubricVersion.objects.filter(rubric=rubric, content_hash=digest)
            .exclude(pk=version.pk)
            .exists()
        )
        if not taken:
            version.content_hash = digest
        version.save(update_fields=["snapshot", "content_hash"])


def drop_texts(apps, schema_editor):
    RubricVersion = apps.get_model("courses", "RubricVersion")
    for version in RubricVersion.objects.all():
        snapshot = {
            k: v for k, v in version.snapshot.items() if k not in ("language", "texts")
        }
        version.snapshot = snapshot
        version.content_hash = _digest(snapshot)
        version.save(update_fields=["snapshot", "content_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_course_pretest"),
    ]

    operations = [migrations.RunPython(add_texts, drop_texts)]
