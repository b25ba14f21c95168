"""Both notebooks run top to bottom in a real kernel against the ingested sample corpus."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def run(name: str, store: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("VIGIE_STORE", str(store))  # the kernel inherits it, as under `vigie dashboard`
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return notebook


def output_types(cell) -> set[str]:
    return {kind for output in cell.get("outputs", []) for kind in output.get("data", {})}


@pytest.mark.slow
def test_notebooks_are_committed_without_outputs():
    for path in NOTEBOOKS.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), path.name


@pytest.mark.slow
def test_dashboard_notebook_displays_the_app(sample_store, monkeypatch):
    notebook = run("dashboard.ipynb", sample_store, monkeypatch)
    assert "application/vnd.jupyter.widget-view+json" in output_types(notebook.cells[-1])
    assert len(notebook.cells) <= 4  # wiring only


@pytest.mark.slow
def test_explore_notebook_walks_through_frames_charts_and_the_dashboard(sample_store, monkeypatch):
    notebook = run("explore.ipynb", sample_store, monkeypatch)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    kinds = [output_types(cell) for cell in code]
    assert sum("application/vnd.plotly.v1+json" in k for k in kinds) >= 4  # the charts
    assert sum("text/html" in k for k in kinds) >= 4  # the data frames
    assert "application/vnd.jupyter.widget-view+json" in kinds[-1]  # the dashboard inline
    printed = "".join(o.get("text", "") for cell in code for o in cell.outputs if o.output_type == "stream")
    assert "hors de l'axe du temps" in printed
