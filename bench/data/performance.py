"""Scale data for the performance app: written when its models land on main."""

NEEDS = ("people",)


def ready() -> str | None:
    return "performance models not on main yet"


def generate(ctx) -> None:
    raise NotImplementedError
