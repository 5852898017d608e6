"""The build wing: machinery that builds, checks and records the book. No chapter imports it.

- :mod:`.sphinx_ext`: the Sphinx extension (``_config.yml``), with the
  book's Markdown directives and static files.
- :mod:`.mystnb_plotly`: the myst-nb renderer that draws plotly JSON offline.
- :mod:`.plotly_bundle`: builds the book's partial plotly.js.
- :mod:`.links`: offline internal-link checker and external-link report.
- :mod:`.execute` and :mod:`.status`: re-execute chapters, record and show the result.
- :mod:`.appendix` and :mod:`.citation`: the data appendix and the how-to-cite text.
- ``static/``: the book's JavaScript (``mlbook.js``).
"""
