"""Notebook set-up in one call: ``import mlhelpers as ml; ml.setup()``."""

from __future__ import annotations

import pandas as pd
import plotly.io as pio

from . import style

#: Plotly renderer used in notebooks: plotly's JSON mime type only. It is
#: deterministic (strict nbval compares it exactly), JupyterLab draws it, and
#: the book draws it offline through :mod:`mlhelpers.build.mystnb_plotly`.
RENDERER = "plotly_mimetype"


def setup() -> None:
    """Prepare a chapter's kernel: house plot style, renderer, display options."""
    style.register()
    pio.renderers.default = RENDERER
    pd.set_option("display.max_rows", 30)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.precision", 2)
