"""ipywidgets explorers for readers running a chapter (Binder, Jupyter).

They update plain widgets through ``observe`` and never use an Output widget
(nbclient#312 can stall Output-widget cells). In the static book a widget is
only a picture, so chapters tag these cells ``remove-output`` and give static
readers plotly's own controls instead.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .validate import require_frame


def events_table_html(events: pd.DataFrame) -> str:
    """An HTML table of events (date, event, kind, source), escaped."""
    if events.empty:
        return "<p><em>No events match this choice.</em></p>"
    rows = "".join(
        f"<tr><td>{html.escape(str(r.date))}</td><td>{html.escape(str(r.event))}</td>"
        f"<td>{html.escape(str(r.kind))}</td><td>{html.escape(str(r.source))}</td></tr>"
        for r in events.itertuples()
    )
    return (
        "<table><thead><tr><th>Date</th><th>Event</th><th>Kind</th><th>Source</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def timeline_explorer(events: pd.DataFrame) -> widgets.VBox:
    """A kind picker and a year range slider that filter a table of events.

    Pass ``ml.load("timeline")``. Returns the widget; display it as a cell's
    last expression.
    """
    require_frame(events, ("date", "event", "kind", "source"), "timeline_explorer", "ml.load('timeline')")
    years = events["date"].str[:4].astype(int)
    kind = widgets.Dropdown(options=["all kinds", *sorted(events["kind"].unique())], description="Kind")
    span = widgets.IntRangeSlider(
        value=(int(years.min()), int(years.max())), min=int(years.min()), max=int(years.max()),
        description="Years", continuous_update=False,
    )
    table = widgets.HTML()
    count = widgets.HTML()

    def refresh(_: object = None) -> None:
        keep = years.between(*span.value)
        if kind.value != "all kinds":
            keep &= events["kind"].eq(kind.value)
        chosen = events[keep]
        count.value = f"<p><strong>{len(chosen)}</strong> of {len(events)} events</p>"
        table.value = events_table_html(chosen)

    kind.observe(refresh, names="value")
    span.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([kind, span]), count, table])
