"""The bibliography's style (mlhelpers.build.bibstyle): author-year labels, and works
without an author filed under their title."""

from __future__ import annotations

from pybtex.database import parse_string

from mlhelpers.build import bibstyle

BIB = r"""
@book{abbott1988system, author = {Andrew Abbott}, title = {The System of Professions}, year = {1988}, publisher = {Chicago}}
@misc{deck2, title = {{The restratification thesis and challenges to medical autonomy}}, year = {n.d.}}
@misc{deck1, title = {{What is (Medical) Leadership?}}, year = {n.d.}}
@book{freidson1970profession, author = {Eliot Freidson}, title = {Profession of Medicine}, year = {1970}, publisher = {Dodd, Mead}}
@misc{zed, author = {Ann Zed}, title = {Last}, year = {2020}}
"""


def test_a_work_without_an_author_is_filed_under_its_title():
    bibstyle.register()
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", bibstyle.STYLE)()
    entries = parse_string(BIB, "bibtex").entries
    order = [e.key for e in style.sort(entries.values())]
    # R(estratification) after Freidson, W(hat) after Freidson and before Zed; "The" is ignored
    assert order == ["abbott1988system", "freidson1970profession", "deck2", "deck1", "zed"]


def test_title_key_drops_quotes_braces_and_a_leading_article():
    assert bibstyle.title_key("{The} restratification thesis") == "restratification thesis"
    assert bibstyle.title_key("What is (Medical) Leadership?") == "what is medical leadership"
    assert bibstyle.title_key("A") == "a"
