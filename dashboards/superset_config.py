"""Superset's configuration for the newsfacts dashboards (SUPERSET_CONFIG_PATH points here).

For local use: the metadata database is a SQLite file in SUPERSET_HOME and the secret key a
random one that `setup_superset.py` writes there on its first run.
"""

import os
from pathlib import Path

_HOME = Path(os.environ["SUPERSET_HOME"])

SECRET_KEY = (_HOME / "secret_key").read_text().strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_HOME / 'superset.db'}?check_same_thread=false"

# Every chart query goes to the warehouse, so a dashboard shows the latest publish (Superset's
# default data cache is NullCache too; said here so that nobody turns it on by accident).
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}

# Served on 127.0.0.1 only: no HTTPS, so no content-security-policy warning at start-up.
CONTENT_SECURITY_POLICY_WARNING = False


def _drop_anonymous_event_logs():
    """The login page sends its own page events to /superset/log/ as a beacon, about a second
    after it loads, and the beacon outlives the page. Superset answers an anonymous one with a
    redirect to the login page that sets an anonymous session cookie; when that answer comes
    after the answer to the sign-in, it replaces the signed-in cookie and the next page asks
    to sign in again. Anonymous events are dropped here with an empty answer that sets no
    cookie (Superset would not record them either). Only the session is read: Flask-Login's
    current_user would write to it."""
    from flask import request, session

    event_log = request.method == "POST" and request.path == "/superset/log/"
    if event_log and "_user_id" not in session:
        return "", 204
    return None


def FLASK_APP_MUTATOR(app):  # noqa: N802  (the name Superset reads)
    app.before_request(_drop_anonymous_event_logs)
