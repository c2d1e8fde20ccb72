#!/usr/bin/env bash
# The load test (`make loadtest`): gunicorn on 127.0.0.1 over a `generate_load` database on PostgreSQL,
# driven by Locust (loadtest/locustfile.py) for a bounded time; figures in var/loadtest/.
#
#   LOADTEST_DB       database on the local cluster (default loadtest10k; created and filled when empty)
#   LOADTEST_TASKS    tasks generated into an empty database (default 10000)
#   LOADTEST_USERS    concurrent simulated people (default 16)
#   LOADTEST_TIME     how long (default 60s; at most 10m)
#   LOADTEST_WORKERS  gunicorn worker processes (default 3)
#   LOADTEST_THREADS  threads per worker (default 1: sync workers; more: gthread)
#   LOADTEST_PORT     gunicorn's port on 127.0.0.1 (default 8100)
#   LOADTEST_SPAWN_RATE  people starting per second (default 4: sign-ins spread out, as in an office morning)
set -euo pipefail
cd "$(dirname "$0")/.."

DB="${LOADTEST_DB:-loadtest10k}"
TASKS="${LOADTEST_TASKS:-10000}"
USERS="${LOADTEST_USERS:-16}"
RUN_TIME="${LOADTEST_TIME:-60s}"
WORKERS="${LOADTEST_WORKERS:-3}"
THREADS="${LOADTEST_THREADS:-1}"
PORT="${LOADTEST_PORT:-8100}"
SPAWN_RATE="${LOADTEST_SPAWN_RATE:-4}"
OUT="var/loadtest"
BIN=.venv/bin
case "$RUN_TIME" in
  *s | *m) ;;
  *) echo "LOADTEST_TIME must be seconds or minutes (60s, 2m)" >&2; exit 2 ;;
esac
[ "${RUN_TIME%m}" != "$RUN_TIME" ] && [ "${RUN_TIME%m}" -gt 10 ] && { echo "At most 10m" >&2; exit 2; }

mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=tasktracker.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export SECRET_KEY="${SECRET_KEY:-loadtest-only-not-a-secret}"
export ALLOWED_HOSTS=127.0.0.1,localhost
# Plain HTTP on this machine: no HTTPS redirect, no secure-only cookies.
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export STATIC_ROOT="$PWD/$OUT/static"
# The shared cache of production (dashboard figures, throttles); the API throttle out of the way.
export CACHE_URL="${LOADTEST_CACHE_URL:-redis://127.0.0.1:6379/12}"
export API_THROTTLE_USER=1000000/hour
export LOG_LEVEL=WARNING

if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '${DB}'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres "$DB"
fi
"$BIN/python" manage.py migrate --noinput -v 0
if [ "$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atc 'SELECT count(*) FROM directives_directive')" = 0 ]; then
  echo "Generating ${TASKS} tasks into ${DB}"
  "$BIN/python" manage.py generate_load --notices $((TASKS / 20)) --directives "$TASKS" \
    --agencies 200 --users 300 --seed 1
fi
"$BIN/python" manage.py collectstatic --noinput -v 0
# Who signs in, by role (generated users; password taithu12345).
psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "
  SELECT json_object_agg(code, names) FROM (
    SELECT r.code, json_agg(u.username ORDER BY u.username) AS names
    FROM accounts_user u JOIN accounts_role r ON r.id = u.role_id
    WHERE u.is_active AND r.code IN ('office_staff', 'leader', 'agency_head')
    GROUP BY r.code) AS people" >"$OUT/people.json"

"$BIN/gunicorn" tasktracker.wsgi:application --bind "127.0.0.1:${PORT}" --workers "$WORKERS" \
  --threads "$THREADS" --timeout 60 --log-level warning &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:${PORT}/healthz" >/dev/null && break
  sleep 0.5
done

LABEL="${USERS}u-${WORKERS}w${THREADS}t"
echo "Locust: ${USERS} people for ${RUN_TIME} against gunicorn (${WORKERS} workers x ${THREADS} threads)"
LOADTEST_PEOPLE="$OUT/people.json" "$BIN/locust" -f loadtest/locustfile.py --headless \
  --host "http://127.0.0.1:${PORT}" --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$RUN_TIME" \
  --stop-timeout 10 --only-summary --csv "$OUT/$LABEL" --exit-code-on-error 0
echo "Figures: $OUT/${LABEL}_stats.csv"
