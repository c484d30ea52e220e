"""What courses hold about a person (people.privacy): who owns or locked a
page. The pages stay; they point at the anonymised account."""

from people import privacy

from .models import CoursePage, LessonPage, TrainingLibraryPage


def register() -> None:
    for model in (TrainingLibraryPage, CoursePage, LessonPage):
        privacy.register(model, acted=["owner", "locked_by"])
