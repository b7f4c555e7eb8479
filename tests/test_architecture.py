"""The layers of the package (docs/architecture.md), enforced on its source.

Each layer imports only the layers below it; the content model imports no Pelican and
sets up no logging; only dangjian/speed and dangjian/preview touch Pelican's private
names (an attribute starting with one underscore, other than our own objects' through
`self`).
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dangjian"
# layer → the layers (and leaf modules) it may import, itself included
ALLOWED = {
    "html": set(),
    "urls": set(),
    "paths": set(),
    "hardlinks": set(),
    "whole_files": set(),
    "errors": {"model"},
    "model": {"model", "html", "hardlinks"},
    "speed": {"speed", "model", "errors", "hardlinks", "whole_files"},
    "plugins": {"plugins", "urls"},
    "site": {"site", "model", "speed", "plugins", "errors", "urls", "html", "whole_files"},
    "build": {"build", "paths", "urls", "html", "hardlinks", "whole_files"},
    "preview": {"preview", "build", "speed", "model", "errors", "paths", "urls"},
    "desk": {"desk", "model", "paths", "whole_files"},
    "run_pelican": {"site", "speed"},  # the build's Pelican process
}
MAY_TOUCH_PELICAN_INTERNALS = {"speed", "preview"}


def modules():
    return sorted(path for path in PACKAGE.rglob("*.py"))


def layer_of(path):
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0] if parts[0] != "__init__" else None


def imported(tree, path):
    """The dangjian layers and the top-level packages a module imports."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package
                package = path.relative_to(PACKAGE.parent).with_suffix("").parts
                base = package[: len(package) - node.level]
                if path.name == "__init__.py":
                    base = package[: len(package) - node.level + 1][:-1] or base
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module
            # "from dangjian import site" imports dangjian.site
            names += [module, *(f"{module}.{alias.name}" for alias in node.names)]
    return names


def dangjian_layers(names):
    return {name.split(".")[1] for name in names if name.startswith("dangjian.")}


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_layer_imports_only_those_below_it(path):
    layer = layer_of(path)
    if layer is None:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = dangjian_layers(imported(tree, path)) - {layer}
    assert used <= ALLOWED[layer], f"{layer} imports {sorted(used - ALLOWED[layer])}"


def test_the_model_is_pure_python():
    """No Pelican, and no logging set-up, in the content model and the leaves below it."""
    for path in modules():
        if layer_of(path) not in ("model", "html", "urls", "paths"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = imported(tree, path)
        assert not [name for name in names if name.split(".")[0] in ("pelican", "logging")], path


PUBLIC_DESPITE_UNDERSCORE = {"os._exit"}  # documented: how a forked child leaves


def private_names(tree):
    """`x._name` where x is not self or cls: another object's private attribute."""
    return [
        f"{ast.unparse(node.value)}.{node.attr} (line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        and ast.unparse(node) not in PUBLIC_DESPITE_UNDERSCORE
    ]


def test_only_speed_and_preview_touch_pelicans_private_names():
    found = {}
    for path in modules():
        if layer_of(path) in MAY_TOUCH_PELICAN_INTERNALS:
            continue
        names = private_names(ast.parse(path.read_text(encoding="utf-8")))
        if names:
            found[str(path.relative_to(PACKAGE))] = names
    assert found == {}


def test_the_rules_would_catch_a_breach():
    """The checks above can fail: a private name and a forbidden import are found."""
    tree = ast.parse("from dangjian import site\nimport pelican\ncontent._content = 1\n")
    assert dangjian_layers(imported(tree, PACKAGE / "model" / "x.py")) == {"site"}
    assert "pelican" in imported(tree, PACKAGE / "model" / "x.py")
    assert private_names(tree) == ["content._content (line 3)"]
    assert private_names(ast.parse("os._exit(0)\nsys._getframe()\n")) == ["sys._getframe (line 2)"]
