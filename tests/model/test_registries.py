"""The registries read once (dangjian.model.registries): columns, organizations, the tree."""

from dangjian.model import Registries
from dangjian.model.registries import check_registry
from dangjian.model.sources import parse


def organization(slug, name, parent="", aliases=""):
    lines = [f"Name: {name}", "Kind: 党支部", "Prefecture: 赤峰市"]
    lines += [f"Parent: {parent}"] if parent else []
    lines += [f"Aliases: {aliases}"] if aliases else []
    return parse(f"branches/{slug}.md", "\n".join(lines) + "\n\n介绍。\n")


def test_the_tree_is_linked_by_slug_name_or_alias():
    sources = [
        organization("top", "某县委", aliases="县委"),
        organization("middle", "某镇党委", parent="县委"),
        organization("leaf", "某村党支部", parent="某镇党委"),
    ]
    organizations, index, problems = check_registry(sources)
    by_slug = {o.slug: o for o in organizations}
    assert problems == []
    assert by_slug["leaf"].parent is by_slug["middle"]
    assert by_slug["middle"].parent is by_slug["top"] and by_slug["top"].parent is None
    assert index["县委"] is by_slug["top"] and index["某村党支部"] is by_slug["leaf"]


def test_a_cycle_is_cut_and_named():
    sources = [organization("a", "甲", parent="b"), organization("b", "乙", parent="a")]
    organizations, _index, problems = check_registry(sources)
    assert [o.parent for o in organizations] == [None, None]
    (problem,) = problems
    assert problem.field == "Parent" and "循环" in problem.problem


def test_names_and_slugs_are_one_organizations():
    sources = [organization("a", "甲"), organization("b", "乙", aliases="甲")]
    _organizations, _index, (problem,) = check_registry(sources)
    assert (problem.path, problem.field) == ("branches/b.md", "Aliases")


def test_load_reads_both_registries(tmp_path):
    (tmp_path / "columns.toml").write_text(
        '[[column]]\nname = "视点"\nslug = "shidian"\ndescription = "一句话。"\n', encoding="utf-8"
    )
    (tmp_path / "branches").mkdir()
    (tmp_path / "branches" / "x.md").write_text(
        "Name: 某党支部\nKind: 党支部\nPrefecture: 赤峰市\n\n介绍。\n", encoding="utf-8"
    )
    registries = Registries.load(str(tmp_path))
    assert registries.problems == []
    assert registries.column_names == ["视点"] and registries.column("视点").slug == "shidian"
    found, unknown = registries.resolve("x、某党支部, 别的")
    assert [o.slug for o in found] == ["x"] and unknown == ["别的"]
    assert registries.organizations[0].description == "介绍。"


def test_a_broken_column_registry_names_its_line(tmp_path):
    (tmp_path / "columns.toml").write_text('[[column]]\nname = "视点\n', encoding="utf-8")
    (problem,) = Registries.load(str(tmp_path)).problems
    assert problem.line == 2 and "TOML" in problem.problem


def test_an_alias_that_clashes_is_reported_against_the_file_that_gives_it():
    """a.md's alias is b.md's name: a.md comes first, yet the alias is what to change."""
    sources = [organization("a", "甲党委", aliases="乙党委"), organization("b", "乙党委")]
    _organizations, index, (problem,) = check_registry(sources)
    assert (problem.path, problem.field, problem.line) == ("branches/a.md", "Aliases", 4)
    assert "branches/b.md（乙党委）的名称" in problem.problem and "Aliases" in problem.fix
    assert index["乙党委"].slug == "b"  # the name stays its organization's


def test_an_alias_that_is_another_organizations_slug():
    sources = [organization("a", "甲党委", aliases="b"), organization("b", "乙党委")]
    _organizations, _index, (problem,) = check_registry(sources)
    assert (problem.path, problem.field) == ("branches/a.md", "Aliases")
    assert "的网址名" in problem.problem


def test_names_that_read_the_same_are_warned_about():
    sources = [organization("c", "新体路党委"), organization("d", "新提路党委", aliases="某街道")]
    _organizations, _index, (warning,) = check_registry(sources)
    assert warning.is_warning and (warning.path, warning.field) == ("branches/d.md", "Name")
    assert "branches/c.md 的“新体路党委”读音相同（xin-ti-lu-dang-wei）" in warning.problem
