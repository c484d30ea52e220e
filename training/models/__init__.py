"""training models. Each part of the app keeps its models in its own module;
this package re-exports them (F4's role-play models join as `roleplay.py`)."""

from .learning import *  # noqa: F403
from .learning import __all__ as _learning_all

__all__ = [*_learning_all]
