"""Sessions in the database, as Django's `db` engine keeps them, read without building the query each time."""

import json

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.signals import setting_changed
from django.core.signing import JSONSerializer
from django.utils import timezone

from tasktracker.statements import PLACEHOLDER_TEXT, PreparedQuery

# Every signed-in request reads its session: by primary key, so compiled once (see PreparedQuery). Whether
# it has expired is decided here rather than in SQL, so the statement takes the key alone.
_session_by_key = PreparedQuery(
    Session, lambda session_key: Session.objects.filter(session_key=session_key), (PLACEHOLDER_TEXT,)
)


# Session data already checked and read in this process: its signed text (as stored) -> the JSON of its dict.
# Checking the signature (an HMAC, base 62 and base 64, zlib) cost more than the rest of
# reading a session; the result depends only on the text and the keys, which forget it when they change.
_decoded: dict[str, str] = {}
DECODED_KEPT = 1024


class SessionStore(db.SessionStore):
    """Django's database session store (SESSION_ENGINE), with a prepared read of the session and its data
    checked and decoded once per process for each signed text."""

    def decode(self, session_data):
        """Django's `decode`: the session's dict, or an empty one when the data's signature is wrong or it
        cannot be read (each such case handled by Django's, every time, as before)."""
        if self.serializer is not JSONSerializer:
            return super().decode(session_data)
        known = _decoded.get(session_data)
        if known is not None:
            return json.loads(known)  # a dict of its own for each request, as decoding gives
        session = super().decode(session_data)
        if session:
            if len(_decoded) >= DECODED_KEPT:
                _decoded.clear()
            _decoded[session_data] = json.dumps(session)
        return session

    def _get_session_from_db(self):
        session = _session_by_key.first(self.session_key) if self.session_key is not None else None
        if session is None or session.expire_date <= timezone.now():
            # As Django's store does: an unknown or expired key gets an empty session, saved under a new key.
            self._session_key = None
            return None
        return session


def _forget_decoded(*, setting, **kwargs):
    # What a signed text's check and reading depend on besides the text.
    if setting in ("SECRET_KEY", "SECRET_KEY_FALLBACKS", "SESSION_SERIALIZER"):
        _decoded.clear()


setting_changed.connect(_forget_decoded, dispatch_uid="tasktracker.sessions.forget_decoded")
