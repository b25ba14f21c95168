"""The dashboard's main queries in DuckDB SQL, to choose the query engine by measurement.

Each function answers the core of one ``vigie.query`` function for the same
``Filter`` over the same Parquet files (the counts a chart draws, not every
derived column), so that the comparison is between engines, not between
amounts of work.  ``benchmarks/test_duck.py`` checks the answers against
``vigie.query`` on a hand-made store.  DuckDB is not a vigie dependency: this
module is imported only when it is installed.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from vigie import store
from vigie.query import Filter

#: Tables held in DuckDB's memory; ``texts`` is scanned from its Parquet file, as vigie reads it on demand.
TABLES = ("articles", "mentions", "sentences", "article_themes", "actors", "themes")


def connect(root: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the published generation's tables (texts left on disk)."""
    manifest = store.read_manifest(root)
    generation = Path(root) / manifest["generation"]
    con = duckdb.connect()
    for name in TABLES:
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet({_literal(generation / f'{name}.parquet')})")
    con.execute(f"CREATE VIEW texts AS SELECT * FROM read_parquet({_literal(generation / 'texts.parquet')})")
    return con


def _literal(path: Path) -> str:
    """A path as an SQL string literal (DDL statements take no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _selection(flt: Filter) -> tuple[str, list]:
    """``sel`` (ids of the selected articles) and ``scoped`` (their mentions, by actor type) as CTEs."""
    where, params = ["TRUE"], []
    if flt.sources:
        where.append(f"a.source IN ({_marks(flt.sources)})")
        params += flt.sources
    if flt.date_from is not None or flt.date_to is not None:
        where.append("a.date IS NOT NULL")
    if flt.date_from is not None:
        where.append("a.date >= ?")
        params.append(flt.date_from)
    if flt.date_to is not None:
        where.append("a.date <= ?")
        params.append(flt.date_to)
    if flt.themes:
        where.append(f"a.id IN (SELECT article_id FROM article_themes WHERE assigned AND theme_id IN ({_marks(flt.themes)}))")
        params += flt.themes
    if flt.actors:
        wanted = len(set(flt.actors)) if flt.actor_mode == "all" else 1
        where.append(f"a.id IN (SELECT article_id FROM mentions WHERE actor_id IN ({_marks(flt.actors)}) "
                     f"GROUP BY article_id HAVING count(DISTINCT actor_id) >= {wanted})")
        params += flt.actors
    if flt.text.strip():
        needle = "%" + flt.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(a.title ILIKE ? ESCAPE '\\' OR a.id IN (SELECT id FROM texts WHERE text ILIKE ? ESCAPE '\\'))")
        params += [needle, needle]
    typed = ""
    if flt.actor_types:
        typed = f"WHERE m.actor_id IN (SELECT id FROM actors WHERE type IN ({_marks(flt.actor_types)}))"
        params += flt.actor_types
    sql = (f"sel AS (SELECT a.id FROM articles a WHERE {' AND '.join(where)}), "
           f"scoped AS (SELECT m.* FROM mentions m SEMI JOIN sel ON m.article_id = sel.id {typed})")
    return sql, params


def _marks(values) -> str:
    return ", ".join("?" for _ in values)


def _top(limit: int) -> str:
    """The ``limit`` most mentioned actors of ``scoped``, ties broken as vigie.query does (by name)."""
    return ("top AS (SELECT s.actor_id, count(*) AS mentions, count(DISTINCT s.article_id) AS articles, "
            "any_value(x.name) AS name FROM scoped s JOIN actors x ON x.id = s.actor_id GROUP BY s.actor_id "
            f"ORDER BY mentions DESC, articles DESC, name LIMIT {limit})")


def selected_count(con, flt: Filter) -> int:
    sql, params = _selection(flt)
    return con.execute(f"WITH {sql} SELECT count(*) FROM sel", params).fetchone()[0]


def top_actors(con, flt: Filter, *, limit: int = 15) -> pd.DataFrame:
    """actor_id, name, mentions, articles of the most mentioned actors."""
    sql, params = _selection(flt)
    return con.execute(
        f"WITH {sql}, {_top(limit)} SELECT actor_id, name, mentions, articles FROM top "
        "ORDER BY mentions DESC, articles DESC, name", params).df()


def top_themes(con, flt: Filter) -> pd.DataFrame:
    """theme_id, articles, hits of the themes assigned in the selection."""
    sql, params = _selection(flt)
    return con.execute(
        f"WITH {sql} SELECT theme_id, count(*) AS articles, sum(hits) AS hits FROM article_themes t "
        "SEMI JOIN sel ON t.article_id = sel.id WHERE assigned GROUP BY theme_id "
        "ORDER BY articles DESC, hits DESC, theme_id", params).df()


def timeline(con, flt: Filter, *, limit: int = 8) -> pd.DataFrame:
    """period (month), actor_id, mentions, articles for the most mentioned actors, day- or month-dated articles."""
    sql, params = _selection(flt)
    chosen = "SELECT actor_id FROM top" if not flt.actors else f"SELECT unnest([{_marks(flt.actors)}])"
    return con.execute(
        f"WITH {sql}, {_top(limit)}, placed AS (SELECT id, date_trunc('month', date) AS period FROM articles "
        "WHERE date IS NOT NULL AND date_precision IN ('day', 'month')) "
        "SELECT p.period, m.actor_id, count(*) AS mentions, count(DISTINCT m.article_id) AS articles "
        f"FROM scoped m JOIN placed p ON p.id = m.article_id WHERE m.actor_id IN ({chosen}) "
        "GROUP BY ALL ORDER BY m.actor_id, p.period",
        params + list(flt.actors)).df()


def cooccurrence(con, flt: Filter, *, limit: int = 30) -> pd.DataFrame:
    """source, target, count: pairs of the top actors mentioned in one sentence."""
    sql, params = _selection(flt)
    return con.execute(
        f"WITH {sql}, {_top(limit)}, units AS (SELECT DISTINCT article_id, sentence, actor_id FROM scoped "
        "WHERE actor_id IN (SELECT actor_id FROM top)) "
        "SELECT a.actor_id AS source, b.actor_id AS target, count(*) AS count FROM units a JOIN units b "
        "ON a.article_id = b.article_id AND a.sentence = b.sentence AND a.actor_id < b.actor_id "
        "GROUP BY ALL ORDER BY count DESC, source, target", params).df()


def actor_themes(con, flt: Filter, *, limit: int = 15) -> pd.DataFrame:
    """actor_id, theme_id, articles: articles where a top actor is mentioned and a theme assigned."""
    sql, params = _selection(flt)
    return con.execute(
        f"WITH {sql}, {_top(limit)}, pairs AS (SELECT DISTINCT article_id, actor_id FROM scoped "
        "WHERE actor_id IN (SELECT actor_id FROM top)) "
        "SELECT p.actor_id, t.theme_id, count(*) AS articles FROM pairs p JOIN article_themes t "
        "ON t.article_id = p.article_id AND t.assigned GROUP BY ALL ORDER BY p.actor_id, t.theme_id", params).df()


def article_rows(con, flt: Filter, *, limit: int = 200) -> pd.DataFrame:
    """id, date, title, source of the newest selected articles, undated last."""
    sql, params = _selection(flt)
    return con.execute(
        f"WITH {sql} SELECT a.id, a.date, a.title, a.source FROM articles a SEMI JOIN sel ON a.id = sel.id "
        f"ORDER BY a.date DESC NULLS LAST, a.id LIMIT {limit}", params).df()


#: Each DuckDB query beside the ``vigie.query`` function it stands for (the dashboard's main calls).
QUERIES = {
    "selected_ids": selected_count,
    "top_actors": top_actors,
    "top_themes": top_themes,
    "timeline": timeline,
    "cooccurrence": cooccurrence,
    "actor_themes": actor_themes,
    "article_rows": article_rows,
}
