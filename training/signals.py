"""Training's reactions to changes in people: an employee moved to another
position gets the paths that position requires (after the save commits)."""

from django.db import transaction
from django.db.models.signals import post_save

from people.models import Employee


def _position_saved(sender, instance: Employee, created: bool, **kwargs) -> None:
    if created or not instance.position_changed():
        return
    instance._loaded_position = instance.position  # a second save asks nothing

    def assign():
        from .services import position_paths_assign

        position_paths_assign(employee=instance)

    transaction.on_commit(assign)


def connect() -> None:
    post_save.connect(
        _position_saved, sender=Employee, dispatch_uid="training-position-paths"
    )
