def register(router) -> None:
    """Add this app's viewsets to the API router (config/api.py)."""
