"""Scale data for the training app: written when its models land on main."""

NEEDS = ("people",)


def ready() -> str | None:
    return "training models not on main yet"


def generate(ctx) -> None:
    raise NotImplementedError
