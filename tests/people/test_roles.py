"""The request's user arrives with its roles (people.auth_backends): the role
check every page makes costs no query of its own, and only the four role
groups count."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from people.roles import Role, roles_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request_user(user):
    from people.access import mfa_required
    from tests.conftest import _with_mfa

    if mfa_required(user):  # HR, trainers and admins reach nothing without it
        _with_mfa(user)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.wsgi_request.user


def test_request_user_carries_its_roles(django_assert_num_queries):
    user = UserFactory(roles=[Role.MANAGER, Role.TRAINER])
    request_user = _request_user(user)
    with django_assert_num_queries(0):
        assert roles_of(request_user) == {Role.MANAGER, Role.TRAINER}


def _without_groups(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.clear()
    return user


def test_user_without_groups_has_no_roles():
    assert roles_of(_request_user(_without_groups())) == frozenset()


def test_superuser_counts_as_hr():
    user = _without_groups(is_superuser=True)
    assert roles_of(_request_user(user)) == {Role.HR}


def test_other_groups_are_not_roles():
    """A group whose name merely contains a role name (or the separator the
    query joins names with) gives no role."""
    user = UserFactory(roles=[Role.STAFF])
    user.groups.add(
        Group.objects.create(name="x|hr"),
        Group.objects.get_or_create(name="Editors")[0],
    )
    assert roles_of(_request_user(user)) == {Role.STAFF}
    # The plain path (a user loaded some other way) agrees.
    user.refresh_from_db()
    assert roles_of(user) == {Role.STAFF}


def test_role_change_applies_on_the_next_request():
    user = UserFactory(roles=[Role.STAFF])
    assert Role.HR not in roles_of(_request_user(user))
    user.groups.add(Group.objects.get_or_create(name=Role.HR)[0])
    assert Role.HR in roles_of(_request_user(user))


def test_each_session_gets_its_own_user():
    """The user query is compiled once and run with each session's id."""
    first, second = UserFactory(roles=[Role.HR]), UserFactory(roles=[Role.STAFF])
    assert _request_user(first).pk == first.pk
    assert _request_user(second).pk == second.pk
    assert roles_of(_request_user(second)) == {Role.STAFF}


def test_garbled_session_user_id_is_anonymous():
    from people.auth_backends import ModelBackend

    assert ModelBackend().get_user("not-a-number") is None
    assert ModelBackend().get_user(-5) is None
