"""Training demo data (idempotent); seed_demo calls seed() after courses."""


def seed() -> None:
    from training.roleplay.demo import seed as seed_roleplay

    seed_roleplay()
