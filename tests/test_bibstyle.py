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


def test_the_years_letter_is_in_the_label_and_the_date_reads_as_published():
    bibstyle.register()
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", bibstyle.STYLE)()
    entries = parse_string(r"""
@misc{dhsc2025fit, author = {{Department of Health and Social Care}}, title = {Fit for the future}, month = {July}, year = {2025a}}
@misc{dhsc2025leading, author = {{Department of Health and Social Care}}, title = {Leading the NHS}, month = {July}, year = {2025b}}
""", "bibtex").entries
    formatted = {e.key: e.text.render_as("text") for e in style.format_entries(entries.values())}
    assert formatted["dhsc2025fit"].endswith("July 2025.") and "2025a" not in formatted["dhsc2025fit"], formatted
    assert entries["dhsc2025fit"].fields["year"] == "2025a", "the bib's own entry must not change"
