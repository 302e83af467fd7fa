"""`make dashboard`: a local Superset over the warehouse, with the dashboards of this folder.

Runs with Superset's own environment (`.venv-superset/bin/python dashboards/setup_superset.py
setup|serve`). `setup` creates or upgrades the metadata database in SUPERSET_HOME, the admin
user and Superset's roles, registers the warehouse read-only and imports every export folder
here (a folder with a `metadata.yaml`: databases/, datasets/, charts/, dashboards/), replacing
what an earlier import made. `serve` starts the web server.

Settings (environment variables): NEWSFACTS_WAREHOUSE (as for the pipeline), SUPERSET_HOME
(default `.superset_home/` in the clone), NEWSFACTS_SUPERSET_USER and
NEWSFACTS_SUPERSET_PASSWORD (default admin / admin: local use only), NEWSFACTS_SUPERSET_HOST
(127.0.0.1) and NEWSFACTS_SUPERSET_PORT (8088).
"""

import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from pipelines.settings import Settings  # noqa: E402  (stdlib only: no project venv needed)

# gunicorn's access log line with the time each request took (%(L)s, in seconds): a slow page
# is told from a failing one in the log alone
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'
RELATIONS = "select table_name from duckdb_tables() union select view_name from duckdb_views()"


@dataclass(frozen=True)
class DashboardSettings:
    home: Path
    warehouse: Path
    user: str
    password: str
    host: str
    port: int

    @classmethod
    def from_env(cls) -> "DashboardSettings":
        env = os.environ.get
        return cls(
            home=Path(env("SUPERSET_HOME") or REPO / ".superset_home").resolve(),
            warehouse=Settings().warehouse.resolve(),
            user=env("NEWSFACTS_SUPERSET_USER") or "admin",
            password=env("NEWSFACTS_SUPERSET_PASSWORD") or "admin",
            host=env("NEWSFACTS_SUPERSET_HOST") or "127.0.0.1",
            port=int(env("NEWSFACTS_SUPERSET_PORT") or "8088"),
        )

    @property
    def warehouse_uri(self) -> str:
        # Query parameters become DuckDB config: the serving copy is never opened for writing.
        return f"duckdb:///{self.warehouse}?access_mode=read_only"


def prepare_environment(settings: DashboardSettings) -> None:
    """SUPERSET_HOME with its secret key, and the variables Superset reads at start-up."""
    settings.home.mkdir(parents=True, exist_ok=True)
    key = settings.home / "secret_key"
    if not key.exists():
        # created readable by its owner only, never for a moment by others
        descriptor = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as secret:
            secret.write(secrets.token_urlsafe(42) + "\n")
    os.environ["SUPERSET_HOME"] = str(settings.home)
    os.environ["SUPERSET_CONFIG_PATH"] = str(HERE / "superset_config.py")


def export_folders() -> list[Path]:
    return sorted(path.parent for path in HERE.glob("*/metadata.yaml"))


def read_export(folder: Path, warehouse_uri: str) -> dict[str, dict]:
    """The export's YAML files by relative path, the warehouse URI put into its databases."""
    configs = {}
    for path in sorted(folder.rglob("*.yaml")):
        relative = path.relative_to(folder).as_posix()
        if relative == "metadata.yaml":
            continue
        try:
            config = yaml.safe_load(path.read_text())
        except yaml.YAMLError as error:
            raise SystemExit(f"{path}: not valid YAML ({error}); fix the file") from error
        if relative.startswith("databases/"):
            config["sqlalchemy_uri"] = warehouse_uri
        configs[relative] = config
    if not any(name.startswith("dashboards/") for name in configs):
        raise SystemExit(f"{folder}: no dashboards/*.yaml in this export folder")
    return configs


def check_relations(configs: dict[str, dict], warehouse: Path) -> None:
    """Every dataset's view is in the warehouse, else say why and how to get it."""
    import duckdb

    wanted = {c["table_name"] for name, c in configs.items() if name.startswith("datasets/")}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = {name for (name,) in con.execute(RELATIONS).fetchall()}
    if missing := sorted(wanted - present):
        raise SystemExit(
            f"{warehouse}: no view {', '.join(missing)}. The views are built by each load: "
            "this warehouse is older than sql/views/; load again (`rm -r warehouse && make run`)"
        )


def bundle(configs: dict[str, dict], model_type: str) -> dict[str, str]:
    """The contents an import command takes: YAML texts and a metadata.yaml of its type."""
    contents = {name: yaml.safe_dump(config) for name, config in configs.items()}
    contents["metadata.yaml"] = yaml.safe_dump(
        {"version": "1.0.0", "type": model_type, "timestamp": "2026-01-01T00:00:00+00:00"}
    )
    return contents


def import_export(configs: dict[str, dict]) -> None:
    """Import databases, datasets, charts and dashboards, each overwriting its earlier import.

    One command alone would not do: the dashboard command imports the charts, datasets and
    databases it needs with overwrite off, so an edited chart file would be ignored.
    """
    from superset.commands.chart.importers.v1 import ImportChartsCommand
    from superset.commands.dashboard.importers.v1 import ImportDashboardsCommand
    from superset.commands.database.importers.v1 import ImportDatabasesCommand
    from superset.commands.dataset.importers.v1 import ImportDatasetsCommand

    # each command with the metadata.yaml type it accepts, in the order objects depend on
    commands = (
        ("Database", ImportDatabasesCommand),
        ("SqlaTable", ImportDatasetsCommand),
        ("Slice", ImportChartsCommand),
        ("Dashboard", ImportDashboardsCommand),
    )
    for model_type, command in commands:
        command(bundle(configs, model_type), overwrite=True).run()


def upgrade_metadata_database() -> None:
    from flask_migrate import upgrade
    from superset import migrations

    upgrade(directory=str(Path(migrations.__file__).parent))


def ensure_admin(settings: DashboardSettings):
    from superset import security_manager

    user = security_manager.find_user(username=settings.user)
    if user is None:
        admin_role = security_manager.find_role(security_manager.auth_role_admin)
        user = security_manager.add_user(
            settings.user,
            "Admin",
            "User",
            f"{settings.user}@localhost",
            admin_role,
            settings.password,
        )
        if not user:
            raise SystemExit(f"could not create the Superset user {settings.user!r}")
    else:
        # the password of the environment wins, so changing it and re-running set-up applies
        security_manager.reset_password(user.id, settings.password)
    return user


def setup(settings: DashboardSettings) -> None:
    from superset import appbuilder, security_manager
    from superset.app import create_app
    from superset.extensions import db
    from superset.utils.core import override_user

    if not settings.warehouse.exists():
        raise SystemExit(
            f"{settings.warehouse}: no warehouse yet; run `make run` first "
            "(or set NEWSFACTS_WAREHOUSE to an existing serving copy)"
        )
    exports = {folder: read_export(folder, settings.warehouse_uri) for folder in export_folders()}
    for configs in exports.values():
        check_relations(configs, settings.warehouse)
    app = create_app()
    with app.app_context():
        upgrade_metadata_database()
        appbuilder.add_permissions(update_perms=True)
        security_manager.sync_role_definitions()
        admin = ensure_admin(settings)
        db.session.commit()
        with override_user(admin):
            for folder, configs in exports.items():
                import_export(configs)
                print(f"imported {folder.relative_to(REPO)} ({settings.warehouse_uri})")
    print(f"Superset ready in {settings.home}; user {settings.user!r}")


def serve(settings: DashboardSettings) -> None:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    address = f"{settings.host}:{settings.port}"
    print(f"News at a glance: http://{address}/ (user {settings.user!r})", flush=True)
    # one worker with threads: a dashboard's charts load in parallel on a small machine; no
    # control socket (gunicorn's default is one fixed path per user, which a second Superset
    # on the machine would take over)
    os.execv(
        gunicorn,
        [
            str(gunicorn), "--bind", address, "--workers", "1", "--threads", "8",
            "--timeout", "120", "--access-logfile", "-",
            "--access-logformat", ACCESS_LOG_FORMAT, "--no-control-socket",
            "superset.app:create_app()",
        ],
    )  # fmt: skip


def main(argv: list[str]) -> None:
    actions = {"setup": setup, "serve": serve}
    if len(argv) != 1 or argv[0] not in actions:
        raise SystemExit(f"usage: setup_superset.py {'|'.join(actions)}")
    settings = DashboardSettings.from_env()
    prepare_environment(settings)
    actions[argv[0]](settings)


if __name__ == "__main__":
    main(sys.argv[1:])
