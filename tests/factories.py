import factory

from accounts.models import Role, User
from agencies.choices import AgencyKind
from agencies.models import Agency
from directives.models import Directive, Notice, Part


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    kind = AgencyKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    agency = factory.SubFactory(AgencyFactory)
    role = factory.LazyFunction(lambda: Role.objects.get(code=Role.AGENCY_STAFF))
    password = factory.django.Password("secret-pass-123")


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    number = factory.Sequence(lambda n: f"{n}/TB-UBND")
    title = "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc"
    issuing_authority = "UBND tỉnh Bắc Giang"


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    notice = factory.SubFactory(NoticeFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n)
    title = "Rà soát quy hoạch các khu công nghiệp"
    text = "Rà soát quy hoạch các khu công nghiệp, báo cáo UBND tỉnh."


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part

    directive = factory.SubFactory(DirectiveFactory)
    agency = factory.SubFactory(AgencyFactory)


def parts_off_their_notice_date() -> list[int]:
    """Parts whose stored notice date (`Part.notice_date`) is not their notice's: none, where it is kept."""
    parts = Part.objects.select_related("directive__notice")
    return [part.pk for part in parts if part.notice_date != part.directive.notice.dated_on]
