"""Links in the built book: every internal link and anchor resolves; external ones are reported."""

from __future__ import annotations

import pytest

from mlhelpers.build import links


def write_book(root, pages: dict[str, str]):
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return root


def test_finds_missing_pages_and_anchors(tmp_path):
    book = write_book(tmp_path, {
        "index.html": '<a href="a/page.html#here">ok</a> <a href="a/page.html#gone">bad anchor</a>'
                      ' <a href="nope.html">missing</a> <a href="#top">self</a> <span id="top"></span>'
                      ' <a href="https://example.org/x">out</a> <a href="mailto:a@b.c">mail</a>',
        "a/page.html": '<h1 id="here">Here</h1><a href="../index.html">up</a><img src="../img.png" alt="">',
        "_static/theme.html": '<a href="broken.html">theme file, not checked</a>',
    })
    broken, external = links.check(book)
    assert len(broken) == 3
    assert any("#gone" in b for b in broken) and any("nope.html" in b for b in broken)
    assert any("img.png" in b for b in broken)
    assert external == {"https://example.org/x": ["index.html"]}
    assert "https://example.org/x" in links.report(external)


def test_not_a_built_book(tmp_path):
    with pytest.raises(FileNotFoundError, match="./book build"):
        links.check(tmp_path)


@pytest.mark.book
def test_built_book_has_no_broken_internal_link(built_book, tmp_path):
    broken, external = links.check(built_book)
    assert not broken, "broken internal links:\n" + "\n".join(broken[:30])
    # the report names the DOIs of the bibliography, so maintainers can check them online
    assert any(u.startswith("https://doi.org/") for u in external)
    out = tmp_path / "external_links.md"
    assert links.main([str(built_book), "--report", str(out)]) == 0
    assert out.read_text().count("\n- <") == len(external)


@pytest.mark.book
def test_a_broken_anchor_in_the_real_book_is_caught(built_book, tmp_path):
    import shutil

    copy = tmp_path / "html"
    shutil.copytree(built_book, copy)
    glossary = copy / "reference" / "glossary.html"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace('id="term-Audit"', 'id="term-Audit-renamed"'), encoding="utf-8")
    broken, _ = links.check(copy)
    assert any("#term-Audit" in b for b in broken)
