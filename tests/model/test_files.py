"""What may be read and published from content/ (dangjian.model.files)."""

import os

import pytest

from dangjian.model.files import content_file, link_problems, static_problems, static_type

PNG = b"\x89PNG\r\n\x1a\n" + bytes(8)


def test_path_fields_stay_inside_content(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(PNG)
    assert content_file(str(tmp_path), "images/a.png") == (str(tmp_path / "images/a.png"), "")
    assert content_file(str(tmp_path), "images/none.png") == (None, "missing")
    for value in ("../x.png", "/etc/hostname", "images/../../x", "C:/x.png"):
        assert content_file(str(tmp_path), value) == (None, "outside"), value


def test_a_link_inside_content_is_fine_one_leading_out_is_not(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "a.png").write_bytes(PNG)
    os.symlink("a.png", content / "images" / "b.png")
    os.symlink(str(tmp_path), content / "images" / "up")
    (problem,) = link_problems(str(content))
    assert problem.path.endswith("images/up") and "content/ 之外" in problem.problem
    os.symlink("images/up/content/images/a.png", content / "c.png")  # out, then back in
    assert len(link_problems(str(content))) == 1  # where it ends is what counts


@pytest.mark.parametrize(
    "name, data, kind",
    [
        ("a.jpg", b"\xff\xd8\xff\xe0" + bytes(8), "JPEG"),
        ("a.png", PNG, "PNG"),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WebP"),
        ("a.avif", b"\x00\x00\x00\x1cftypavif", "AVIF"),
        ("a.pdf", b"%PDF-1.7\n", "PDF"),
        ("a.png", b"\xff\xd8\xff\xe0", None),  # a JPEG named .png
        ("a.svg", b"<svg/>", None),
        ("a.html", PNG, None),  # a picture's bytes, a page's name
    ],
)
def test_static_files_are_typed_by_bytes_and_name(tmp_path, name, data, kind):
    (tmp_path / name).write_bytes(data)
    assert static_type(str(tmp_path / name)) == kind


def test_static_problems_name_each_file_and_the_fix(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "ok.png").write_bytes(PNG)
    (tmp_path / "images" / "x.svg").write_bytes(b"<svg/>")
    (problem,) = static_problems(str(tmp_path), ["images"])
    assert problem.path.endswith("x.svg") and "PNG" in problem.fix
