"""deploy/: the instance and executor files for shards on Kubernetes and Celery are valid
YAML, the instance passes Dagster's own schema, and the executor keys are those of the
dagster-k8s and dagster-celery releases matching our dagster pin."""

from pathlib import Path

import pytest
import yaml
from dagster._config import validate_config
from dagster._core.instance.config import dagster_instance_config_schema

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
# The executors' config schemas in dagster-k8s / dagster-celery 0.29.27 (dagster 1.13.27):
# dagster_k8s/executor.py (DagsterK8sJobConfig.config_type_job() and its own keys) and
# dagster_celery/executor.py (CELERY_CONFIG).
K8S_EXECUTOR_KEYS = {
    "job_image", "image_pull_policy", "image_pull_secrets", "service_account_name",
    "env_config_maps", "env_secrets", "env_vars", "volume_mounts", "volumes", "labels",
    "resources", "scheduler_name", "security_context", "job_namespace", "retries",
    "max_concurrent", "tag_concurrency_limits", "step_k8s_config", "per_step_k8s_config",
}  # fmt: skip
CELERY_EXECUTOR_KEYS = {"broker", "backend", "include", "config_source", "retries"}
K8S_RUN_LAUNCHER_KEYS = K8S_EXECUTOR_KEYS - {"retries", "max_concurrent"} | {
    "instance_config_map", "postgres_password_secret", "dagster_home", "load_incluster_config",
    "kubeconfig_file", "fail_pod_on_run_failure", "run_k8s_config",
    "only_allow_user_defined_k8s_config_fields", "only_allow_user_defined_env_vars",
}  # fmt: skip


def _load(name: str) -> dict:
    return yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["dagster.yaml", "k8s/dagster.yaml"])
def test_instance_files_pass_dagsters_instance_schema(name):
    result = validate_config(dagster_instance_config_schema(), _load(name))
    assert result.success, [error.message for error in result.errors]
    assert "postgres" in _load(name)["storage"]


def test_the_k8s_run_launcher_uses_its_real_keys():
    launcher = _load("k8s/dagster.yaml")["run_launcher"]
    assert (launcher["module"], launcher["class"]) == ("dagster_k8s", "K8sRunLauncher")
    assert set(launcher["config"]) <= K8S_RUN_LAUNCHER_KEYS
    assert "instance_config_map" in launcher["config"]  # required by the launcher


@pytest.mark.parametrize(
    ("name", "keys"),
    [("k8s/run_config.yaml", K8S_EXECUTOR_KEYS), ("celery/run_config.yaml", CELERY_EXECUTOR_KEYS)],
)
def test_executor_run_configs_use_the_executors_keys(name, keys):
    config = _load(name)["execution"]["config"]
    assert config and set(config) <= keys


def test_the_celery_worker_file_matches_the_run_config():
    # the worker CLI reads execution.celery and passes it to the Celery app unresolved
    worker = _load("celery/celery.yaml")["execution"]["celery"]
    run = _load("celery/run_config.yaml")["execution"]["config"]
    assert set(worker) <= CELERY_EXECUTOR_KEYS
    assert isinstance(worker["broker"], str)
    assert worker["include"] == run["include"] and worker["config_source"] == run["config_source"]
