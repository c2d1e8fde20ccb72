"""Email backends that fail the way mail servers do, for the sender's tests."""

import smtplib
import time

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    """Delivers like locmem, except to the addresses in `refused`, which the server rejects with `reply`
    (permanently with a 5xx code, for now with a 4xx)."""

    refused: set[str] = set()
    reply: tuple[int, bytes] = (550, b"5.1.1 No such mailbox")

    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.to if address in self.refused]
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, self.reply))
        return super().send_messages(messages)


class UnreachableBackend(EmailBackend):
    """A mail server that cannot be reached."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")


class SlowBackend(EmailBackend):
    """A server that takes `delay` seconds per message; `during` is called while each one is sent."""

    delay = 0.0
    during = None

    def send_messages(self, messages):
        time.sleep(self.delay)
        if SlowBackend.during is not None:
            SlowBackend.during()
        return super().send_messages(messages)
