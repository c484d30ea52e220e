"""Scale data for the courses app: written when its models land on main."""

NEEDS = ("people",)


def ready() -> str | None:
    return "courses models not on main yet"


def generate(ctx) -> None:
    raise NotImplementedError
