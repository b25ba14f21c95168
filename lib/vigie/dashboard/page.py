"""A small invisible widget that does the few things only the page's JavaScript can do.

Why it exists: plotly sizes a chart from its container when it first draws,
and ipywidgets often draws before the container has its final width, leaving
charts too wide; this widget tells plotly to re-measure whenever the
dashboard changes size.  Under Voilà it also writes the dashboard state into
the page's address (``history.replaceState``), so that the address bar is
always a link to what is on screen.  No corpus text ever passes through here.
"""
from __future__ import annotations

import anywidget
from traitlets import Bool, Unicode

_ESM = """
function render({ model, el }) {
  el.style.display = "none";
  const root = document.body;
  let pending = null;
  const remeasure = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => { pending = null; window.dispatchEvent(new Event("resize")); });
  };
  const observer = new ResizeObserver(remeasure);
  observer.observe(root);
  root.addEventListener("click", () => setTimeout(remeasure, 50));
  const syncUrl = () => {
    if (!model.get("own_url")) return;
    const query = model.get("query");
    const target = window.location.pathname + (query ? "?" + query : "");
    if (target !== window.location.pathname + window.location.search) {
      window.history.replaceState(null, "", target);
    }
  };
  model.on("change:query", syncUrl);
  syncUrl();
  remeasure();
  return () => observer.disconnect();
}
export default { render };
"""


class PageBridge(anywidget.AnyWidget):
    """Keeps charts sized to their column and, under Voilà, the address bar in step with the state."""

    _esm = Unicode(_ESM).tag(sync=True)
    query = Unicode("", help="the state's query string, written to the page address").tag(sync=True)
    own_url = Bool(False, help="True under Voilà, where the page address belongs to the dashboard").tag(sync=True)
