"""training models: the learning engine (learning.py, F3) and role-play
assessments (roleplay.py, F4)."""

from .roleplay import *  # noqa: F403
