"""training models: the learning engine (learning.py, F3) and role-play
assessments (roleplay.py, F4)."""

from .learning import *  # noqa: F403
from .roleplay import *  # noqa: F403
