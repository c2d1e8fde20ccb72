"""Sessions in the database, as Django's `db` engine keeps them, read without building the query each time."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from tasktracker.statements import PLACEHOLDER_TEXT, PreparedQuery

# Every signed-in request reads its session: by primary key, so compiled once (see PreparedQuery). Whether
# it has expired is decided here rather than in SQL, so the statement takes the key alone.
_session_by_key = PreparedQuery(
    Session, lambda session_key: Session.objects.filter(session_key=session_key), (PLACEHOLDER_TEXT,)
)


class SessionStore(db.SessionStore):
    """Django's database session store (SESSION_ENGINE), with a prepared read of the session."""

    def _get_session_from_db(self):
        session = _session_by_key.first(self.session_key) if self.session_key is not None else None
        if session is None or session.expire_date <= timezone.now():
            # As Django's store does: an unknown or expired key gets an empty session, saved under a new key.
            self._session_key = None
            return None
        return session
