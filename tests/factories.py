import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from people.models import Employee, Position, Region, Store, Team, User

PASSWORD = "test-Pass-2026"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"r{n}")
    name = factory.Sequence(lambda n: f"区域{n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"s{n}")
    name = factory.Sequence(lambda n: f"门店{n}")
    name_en = factory.Sequence(lambda n: f"Store {n}")
    region = factory.SubFactory(RegionFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"t{n}")
    name = factory.Sequence(lambda n: f"班组{n}")
    name_en = factory.Sequence(lambda n: f"Team {n}")
    store = factory.SubFactory(StoreFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            for role in extracted or ["staff"]:
                self.groups.add(Group.objects.get_or_create(name=role)[0])
            self.save()


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    user = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"员工{n}")
    position = Position.FRONT_DESK
    store = factory.SubFactory(StoreFactory)
    team = factory.LazyAttribute(lambda o: TeamFactory(store=o.store))


def employee_with_role(role: str, **kwargs) -> Employee:
    return EmployeeFactory(user=UserFactory(roles=[role]), **kwargs)
