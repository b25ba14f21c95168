"""The set-aside inputs panel: counted in the header, listed on demand, every cell escaped."""
import pandas as pd

from vigie.dashboard.inputs import HIDE, SHOW, SetAsidePanel, set_aside, summary, table

HOSTILE = "<img src=x onerror=alert(1)>.pdf"


def inputs() -> pd.DataFrame:
    return pd.DataFrame([
        dict(path="a.txt", row=None, status="ingested", reason="", id="a"),
        dict(path="actors.yaml", row=None, status="ignored", reason="configuration file", id=None),
        dict(path=HOSTILE, row=None, status="unsupported", reason="PDF <b>non lu</b>", id=None),
        dict(path="table.csv", row=7, status="rejected", reason="pas de texte", id=None),
        dict(path="vide.txt", row=None, status="rejected", reason="fichier vide", id=None),
    ])


def test_counts_only_what_ingest_set_aside():
    rows = set_aside(inputs())
    assert list(rows["path"]) == [HOSTILE, "table.csv", "vide.txt"]
    assert summary(rows) == "3 entrées écartées"  # a table row is among them
    assert summary(rows.iloc[[0, 2]]) == "2 fichiers écartés"
    assert summary(rows.iloc[[2]]) == "1 fichier écarté"
    assert summary(rows.iloc[[]]) == ""


def test_the_list_escapes_every_cell():
    listed = table(set_aside(inputs()))
    assert "<img" not in listed and "<b>" not in listed
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in listed
    assert "PDF &lt;b&gt;non lu&lt;/b&gt;" in listed
    assert "<td>table.csv</td><td>7</td><td>rejeté</td><td>pas de texte</td>" in listed
    assert "format non pris en charge" in listed


def test_the_list_is_cut_and_says_where_the_rest_is():
    many = pd.DataFrame([dict(path=f"f{i}.bin", row=None, status="rejected", reason="binaire", id=None)
                         for i in range(12)])
    listed = table(set_aside(many), limit=10)
    assert listed.count("<tr><td>") == 10 and "… et 2 de plus" in listed and "vigie report" in listed


def test_the_panel_lists_on_demand_and_hides_again():
    panel = SetAsidePanel(inputs())
    assert "3 entrées écartées" in panel.count.value
    assert panel.listing.value == "" and panel.listing.layout.display == "none"
    panel.toggle.value = True
    assert panel.toggle.description == HIDE and panel.listing.layout.display == "block"
    assert "vide.txt" in panel.listing.value
    panel.toggle.value = False
    assert panel.toggle.description == SHOW and panel.listing.layout.display == "none"


def test_no_panel_when_nothing_was_set_aside():
    assert SetAsidePanel(inputs().iloc[[0, 1]]).children == ()
    assert SetAsidePanel(pd.DataFrame(columns=["path", "row", "status", "reason", "id"])).children == ()
