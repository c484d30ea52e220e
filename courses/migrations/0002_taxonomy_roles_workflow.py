"""Seed the skill taxonomy, the lead_trainer group, Wagtail permissions for
trainer / lead_trainer / hr, and the course approval workflow (trainer drafts,
lead trainer approves, then it is published)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SKILLS = [
    ("skill", "service_awareness", "服务意识", "Service awareness"),
    ("skill", "communication", "沟通技巧", "Communication"),
    ("skill", "complaint_handling", "投诉处理", "Complaint handling"),
    ("skill", "service_recovery", "服务补救", "Service recovery"),
    ("skill", "product_knowledge", "产品知识", "Product knowledge"),
    ("servqual", "tangibles", "有形性", "Tangibles"),
    ("servqual", "reliability", "可靠性", "Reliability"),
    ("servqual", "responsiveness", "响应性", "Responsiveness"),
    ("servqual", "assurance", "保证性", "Assurance"),
    ("servqual", "empathy", "移情性", "Empathy"),
]
AUTHORED = ["question", "quiz", "rubric", "roleplayscenario", "learningpath"]
WORKFLOW_NAME = "Course approval"
TASK_NAME = "Lead trainer approval"


def _perm(Permission, app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def forwards(apps, schema_editor):
    for label in ("courses", "wagtailimages", "wagtaildocs", "wagtailcore"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)

    SkillArea = apps.get_model("courses", "SkillArea")
    for i, (kind, code, zh, en) in enumerate(SKILLS):
        SkillArea.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "name": zh, "name_en": en, "sort_order": i},
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )

    trainer, _ = Group.objects.get_or_create(name="trainer")
    lead, _ = Group.objects.get_or_create(name="lead_trainer")
    hr, _ = Group.objects.get_or_create(name="hr")

    access_admin = _perm(Permission, "wagtailadmin", "access_admin")
    submit_translation = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    authoring = [
        _perm(Permission, "courses", f"{action}_{model}")
        for model in AUTHORED
        for action in ("add", "change", "delete", "view")
    ]
    viewing = [_perm(Permission, "courses", f"view_{m}") for m in AUTHORED]
    view_skills = _perm(Permission, "courses", "view_skillarea")
    edit_skills = [
        _perm(Permission, "courses", f"{a}_skillarea") for a in ("add", "change")
    ]
    for group in (trainer, lead):
        group.permissions.add(access_admin, view_skills, *authoring)
        if submit_translation:
            group.permissions.add(submit_translation)
    lead.permissions.add(*edit_skills)
    hr.permissions.add(access_admin, view_skills, *viewing)

    root = Page.objects.get(depth=1)
    page_perms = {
        trainer: ["add", "change", "lock"],
        lead: ["add", "change", "lock", "publish", "unlock", "bulk_delete"],
    }
    for group, actions in page_perms.items():
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=_perm(Permission, "wagtailcore", f"{action}_page"),
            )

    collection = Collection.objects.get(depth=1)
    media = [
        ("wagtailimages", "image"),
        ("wagtaildocs", "document"),
    ]
    for group in (trainer, lead):
        for app_label, model in media:
            for action in ("add", "change", "choose"):
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=collection,
                    permission=_perm(Permission, app_label, f"{action}_{model}"),
                )

    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.set([lead])
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("people", "0002_role_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
