"""The inputs ingest set aside: how many, and the list on demand.

Why in the page: a reader of a chart should know that the corpus behind it
is not the whole folder.  The store's ``inputs`` table (what ``vigie report``
prints) says what became of every file and table row; the header counts the
ones that were set aside (``rejected``: unreadable, empty, binary, a bad row;
``unsupported``: PDF, DOCX, images…) and a toggle lists them with the reason.
Paths come from the user's folder and may hold markup: every cell goes
through ``html.escape``.  Configuration files and ``metadata.csv``
(``ignored``) are not set aside, only not articles; they are not counted.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from vigie.dashboard import render

SET_ASIDE = ("rejected", "unsupported")
STATUS_LABELS = {"rejected": "rejeté", "unsupported": "format non pris en charge"}
#: More rows than anyone reads in a page; the rest is in `vigie report`.
MAX_LISTED = 500
SHOW, HIDE = "voir la liste", "masquer la liste"


def set_aside(inputs: pd.DataFrame) -> pd.DataFrame:
    """The rows of the inputs table that ingest set aside, sorted by path and row."""
    if inputs is None or inputs.empty:
        return pd.DataFrame(columns=["path", "row", "status", "reason"])
    kept = inputs.loc[inputs["status"].astype(str).isin(SET_ASIDE)]
    return kept.sort_values(["path", "row"], na_position="first").reset_index(drop=True)


def summary(rows: pd.DataFrame) -> str:
    """« 3 fichiers écartés », or entries when table rows are among them; empty when none."""
    count = len(rows)
    if count == 0:
        return ""
    files = rows["row"].isna().all()
    noun = ("fichier", "écarté") if files else ("entrée", "écartée")
    plural = "s" if count > 1 else ""
    return f"{count} {noun[0]}{plural} {noun[1]}{plural}"


def table(rows: pd.DataFrame, *, limit: int = MAX_LISTED) -> str:
    """The set-aside inputs as an HTML table, every cell escaped."""
    lines = []
    for row in rows.head(limit).itertuples(index=False):
        number = "" if row.row is None or pd.isna(row.row) else str(int(row.row))
        status = STATUS_LABELS.get(str(row.status), str(row.status))
        lines.append(f"<tr><td>{render.escape(row.path)}</td><td>{number}</td><td>{render.escape(status)}</td>"
                     f"<td>{render.escape(row.reason)}</td></tr>")
    more = ""
    if len(rows) > limit:
        more = (f'<p class="vigie-message">… et {len(rows) - limit} de plus : '
                f"<code>vigie report</code> les liste toutes.</p>")
    return ('<table class="vigie-table vigie-inputs"><thead><tr><th>Fichier</th><th>Ligne</th>'
            f"<th>Statut</th><th>Raison</th></tr></thead><tbody>{''.join(lines)}</tbody></table>{more}")


class SetAsidePanel(widgets.VBox):
    """« N fichiers écartés » with a toggle that shows their list; nothing at all when none was."""

    def __init__(self, inputs: pd.DataFrame) -> None:
        self.rows = set_aside(inputs)
        self.count = widgets.HTML(f'<span class="vigie-inputs-count">{html.escape(summary(self.rows))}</span>')
        self.toggle = widgets.ToggleButton(value=False, description=SHOW, tooltip="Fichiers et lignes non indexés",
                                           layout=widgets.Layout(width="auto"))
        self.toggle.add_class("vigie-inputs-toggle")
        self.listing = widgets.HTML(layout=widgets.Layout(display="none", max_height="300px", overflow="auto"))
        self.toggle.observe(self._on_toggle, names="value")
        children = [widgets.HBox([self.count, self.toggle], layout=widgets.Layout(align_items="center")),
                    self.listing] if len(self.rows) else []
        super().__init__(children, layout=widgets.Layout(width="100%"))
        self.add_class("vigie-inputs")

    def _on_toggle(self, change: dict) -> None:
        shown = bool(change["new"])
        if shown and not self.listing.value:
            self.listing.value = table(self.rows)  # built once, on the first demand
        self.listing.layout.display = "block" if shown else "none"
        self.toggle.description = HIDE if shown else SHOW
