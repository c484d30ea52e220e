import pytest

from . import factories as f


@pytest.fixture
def library(db):
    return f.library_site()


@pytest.fixture
def course(library):
    return f.CoursePageFactory(parent=library)


@pytest.fixture
def lesson(course):
    return f.LessonPageFactory(parent=course)
