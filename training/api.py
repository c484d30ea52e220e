def register(router) -> None:
    """Add this app's viewsets to the API router (config/api.py)."""
    from training.roleplay.api import register as register_roleplay

    register_roleplay(router)
