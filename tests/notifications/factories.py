from datetime import date

import factory

from notifications.choices import NotificationKind
from notifications.models import EmailContent, Escalation, Notification, OutboxMessage
from tests.factories import PartFactory, UserFactory


class EmailContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailContent

    email_subject = "Nhắc hạn nhiệm vụ"
    body_text = "Nhiệm vụ đến hạn."
    body_html = "<p>Nhiệm vụ đến hạn.</p>"


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    kind = NotificationKind.REMINDER
    subject = factory.Sequence(lambda n: f"assignment:{n}")
    period = "2024-03-31"
    step = 3
    recipient_email = factory.Sequence(lambda n: f"nguoinhan{n}@bacgiang.example")
    content = factory.SubFactory(EmailContentFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.REMINDER
    subject = factory.Sequence(lambda n: f"assignment:{n}")
    period = "2024-03-31"
    step = 3
    title = "Nhắc hạn: nhiệm vụ 6.3"
    link = "/notices/"


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    part = factory.SubFactory(PartFactory, directive__deadline=date(2024, 3, 29))
    level = 1
    missed_deadline = factory.LazyAttribute(lambda e: e.part.directive.deadline)
    opened_on = factory.LazyAttribute(lambda e: e.part.directive.deadline)
