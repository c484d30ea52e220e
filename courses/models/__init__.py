from .pages import (
    CoursePage,
    CoursePrerequisite,
    LessonPage,
    LoginRequiredPageMixin,
    TrainingLibraryPage,
)
from .paths import LearningPath, LearningPathCourse
from .questions import OptionBlock, Question
from .quizzes import Quiz, QuizPool, QuizQuestion
from .rubrics import Rubric, RubricVersion
from .scenarios import RolePlayScenario
from .taxonomy import CourseLevel, Difficulty, SkillArea

__all__ = [
    "CourseLevel",
    "CoursePage",
    "CoursePrerequisite",
    "Difficulty",
    "LearningPath",
    "LearningPathCourse",
    "LessonPage",
    "LoginRequiredPageMixin",
    "OptionBlock",
    "Question",
    "Quiz",
    "QuizPool",
    "QuizQuestion",
    "RolePlayScenario",
    "Rubric",
    "RubricVersion",
    "SkillArea",
    "TrainingLibraryPage",
]
