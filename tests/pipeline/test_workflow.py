"""The publishing workflow: test, build, then deploy to GitHub Pages, only from main."""

import subprocess

import pytest
import yaml

from dangjian.paths import CACHES
from support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
VALIDATOR = ROOT / "node_modules" / ".bin" / "action-validator"


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
    assert cache["with"]["path"].split() == CACHES  # beside output/, where the build looks
    assert steps.index(cache) < steps.index(build)


def test_deploy_uses_the_official_pages_action_with_least_permissions(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [action(step) for step in deploy["steps"]] == ["actions/deploy-pages"]


def validate(path):
    """action-validator (npm @action-validator/cli, pinned in package.json): the file
    against the schemas of GitHub's workflows and actions, offline."""
    if not VALIDATOR.exists():  # not a skip: a run without it would check nothing
        pytest.fail(f"no {VALIDATOR}: run `npm ci` (./run does)", pytrace=False)
    return subprocess.run([str(VALIDATOR), str(path)], capture_output=True, text=True)


def test_every_workflow_is_valid():
    workflows = sorted(WORKFLOW.parent.glob("*.yml")) + sorted(WORKFLOW.parent.glob("*.yaml"))
    assert WORKFLOW in workflows
    for path in workflows:
        run = validate(path)
        assert run.returncode == 0, f"{path.name}:\n{run.stdout}{run.stderr}"


# The publishing workflow, broken in ways its structure tests above do not look at.
BROKEN = {
    "a misspelt key": ("    runs-on: ubuntu-latest\n", "    run-on: ubuntu-latest\n"),
    "a permission that does not exist": ("  contents: read\n", "  contents: reed\n"),
    "a step that both uses an action and runs": (
        "      - uses: actions/checkout@v4\n",
        "      - uses: actions/checkout@v4\n        run: git status\n",
    ),
    "not YAML": ("name: Publish\n", "name: Publish\n  - x: y\n"),
}


@pytest.mark.parametrize("old, new", BROKEN.values(), ids=BROKEN)
def test_the_validator_refuses_a_broken_workflow(tmp_path, old, new):
    """So that its silence on the real workflows means something."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / WORKFLOW.name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    run = validate(broken)
    assert run.returncode != 0 and '"errors"' in run.stderr, run.stdout + run.stderr
