"""A small widget for the few things only the page's JavaScript can do.

Why it exists:
- plotly sizes a chart from its container when it first draws, and
  ipywidgets often draws before the container has its final width; this
  widget tells plotly to re-measure whenever the page changes size;
- under Voilà it writes the dashboard state into the page address
  (``history.replaceState``), so the address bar is always a link to what is
  on screen, and it shows that link with a "copier le lien" button;
- it hands files built in the kernel to the browser as downloads;
- a click on any element carrying ``data-vigie-article`` (rows of the
  article table and of the concordance) asks the kernel to open that
  article; the kernel checks the id before using it.
Corpus text never passes through this widget's own markup: the link field
is filled through ``.value``, never through HTML.
"""
from __future__ import annotations

from collections.abc import Callable

import anywidget
from traitlets import Bool, Unicode

_ESM = """
function render({ model, el }) {
  el.classList.add("vigie-linkbar");
  const field = document.createElement("input");
  field.readOnly = true;
  field.className = "vigie-link";
  field.setAttribute("aria-label", "Lien vers cette vue");
  const button = document.createElement("button");
  button.className = "vigie-copy jupyter-button";
  button.textContent = "Copier le lien";
  const status = document.createElement("span");
  status.className = "vigie-copy-status";
  el.append(field, button, status);

  const link = () => {
    const query = model.get("query");
    const search = query ? "?" + query : "";
    return model.get("own_url") ? window.location.origin + window.location.pathname + search : search;
  };
  const sync = () => {
    if (model.get("own_url")) {
      const target = window.location.pathname + (model.get("query") ? "?" + model.get("query") : "");
      if (target !== window.location.pathname + window.location.search) {
        window.history.replaceState(null, "", target);
      }
    }
    field.value = link();
  };
  button.addEventListener("click", async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (error) {
      document.execCommand("copy");
    }
    status.textContent = "Lien copié";
    setTimeout(() => { status.textContent = ""; }, 2000);
  });

  let pending = null;
  const remeasure = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => { pending = null; window.dispatchEvent(new Event("resize")); });
  };
  const observer = new ResizeObserver(remeasure);
  observer.observe(document.body);

  const opener = (event) => {
    const target = event.target.closest("[data-vigie-article]");
    if (target) model.send({ kind: "open", article: target.dataset.vigieArticle });
  };
  document.addEventListener("click", opener);

  const download = (message, buffers) => {
    if (!message || message.kind !== "download" || !buffers.length) return;
    const url = URL.createObjectURL(new Blob([buffers[0]], { type: message.mime }));
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = message.name;
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  model.on("msg:custom", download);
  model.on("change:query", sync);
  sync();
  remeasure();
  return () => {
    observer.disconnect();
    document.removeEventListener("click", opener);
    model.off("msg:custom", download);
    model.off("change:query", sync);
  };
}
export default { render };
"""

_CSS = """
.vigie-linkbar { display: flex; gap: 6px; align-items: center; }
.vigie-link { width: 360px; font-size: 12px; padding: 3px 6px; border: 1px solid #ccc; color: #333; }
.vigie-copy-status { font-size: 12px; color: #2a7; min-width: 70px; }
"""


class PageBridge(anywidget.AnyWidget):
    """The link field, the address bar, chart sizing, downloads and article clicks."""

    _esm = Unicode(_ESM).tag(sync=True)
    _css = Unicode(_CSS).tag(sync=True)
    query = Unicode("", help="the state's query string, shown as a link and written to the address").tag(sync=True)
    own_url = Bool(False, help="True under Voilà, where the page address belongs to the dashboard").tag(sync=True)

    def download(self, name: str, content: bytes, *, mime: str) -> None:
        """Have the browser save ``content`` as ``name``."""
        self.send({"kind": "download", "name": name, "mime": mime}, buffers=[content])

    def on_open(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(article_id)`` when an article row is clicked (the id is untrusted)."""
        def handle(_widget, content, _buffers) -> None:
            if isinstance(content, dict) and content.get("kind") == "open" and isinstance(content.get("article"), str):
                callback(content["article"])

        self.on_msg(handle)
