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
