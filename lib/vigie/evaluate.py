"""Measuring extraction against a hand-annotated gold standard.

A gold file (YAML, format in ``tests/gold/samples.yaml``) names its corpus
folder relative to itself and lists, per article, the actors (canonical name
and type), the publication date and the themes.  :func:`evaluate_gold` reads
that corpus with the real reader and extractor and counts, per article and
in total (micro-averaged), actor precision/recall/F1, date accuracy and theme
precision/recall.  Actors are compared by folded name without a leading
article, so "Clelie Mathias" found in upper case matches "Clélie Mathias",
and "Bourget" (read in "du Bourget", where French fuses the article) matches
"Le Bourget"; an actor found by NER and absent from the registry counts when
its name is a gold name.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vigie.corpus import read_corpus
from vigie.nlp import DEFAULT_MODEL, Extractor
from vigie.datafile import DataFileError, check_keys, read_yaml, string_list
from vigie.nlp.text import word_key
from vigie.types import ACTOR_TYPES, ActorType, Article, Extraction


_ARTICLES = frozenset({"le", "la", "les", "l", "the"})


@dataclass(frozen=True)
class GoldActor:
    name: str
    type: ActorType


@dataclass(frozen=True)
class GoldArticle:
    id: str
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    actors: tuple[GoldActor, ...]
    themes: frozenset[str]
    themes_optional: frozenset[str]
    time: str | None = None  # "HH:MM" when a byline states it


@dataclass(frozen=True)
class Gold:
    corpus: Path
    articles: tuple[GoldArticle, ...]


def load_gold(path: Path) -> Gold:
    """Read and check a gold file; the corpus path is resolved against the file's folder."""
    data, where = read_yaml(Path(path))
    check_keys(data, allowed=("corpus", "articles"), required=("corpus", "articles"), where=where)
    if not isinstance(data["articles"], list):
        raise DataFileError(f"{where}: 'articles' must be a list")
    articles = tuple(_gold_article(raw, where=where) for raw in data["articles"])
    return Gold(corpus=(Path(path).parent / str(data["corpus"])).resolve(), articles=articles)


def _gold_article(raw: object, *, where: str) -> GoldArticle:
    entry = check_keys(
        raw, allowed=("id", "date", "time", "actors", "themes", "themes_optional"), required=("id",), where=f"{where}: article"
    )
    here = f"{where}: article {entry['id']}"
    actors = []
    for actor in entry.get("actors") or []:
        actor = check_keys(actor, allowed=("name", "type"), required=("name", "type"), where=here)
        if actor["type"] not in ACTOR_TYPES:
            raise DataFileError(f"{here}: unknown type {actor['type']!r} for {actor['name']!r}")
        actors.append(GoldActor(str(actor["name"]), actor["type"]))
    keys = [name_key(a.name) for a in actors]
    if len(set(keys)) != len(keys):
        raise DataFileError(f"{here}: an actor is listed twice")
    date = entry.get("date")
    return GoldArticle(
        id=str(entry["id"]),
        date=date.isoformat() if isinstance(date, dt.date) else (str(date) if date is not None else None),
        actors=tuple(actors),
        themes=frozenset(string_list(entry.get("themes"), where=f"{here}: themes")),
        themes_optional=frozenset(string_list(entry.get("themes_optional"), where=f"{here}: themes_optional")),
        time=str(entry["time"]) if entry.get("time") is not None else None,
    )


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class ArticleEval:
    id: str
    words: int
    actors: Counts
    missed: tuple[str, ...]  # gold actors not found
    spurious: tuple[str, ...]  # actors found that are not in the gold
    wrong_type: tuple[str, ...]  # found, but with another type than the gold's
    date_expected: str | None
    date_found: str | None
    themes: Counts
    themes_missed: tuple[str, ...]
    themes_spurious: tuple[str, ...]

    @property
    def date_ok(self) -> bool:
        return self.date_expected == self.date_found


@dataclass(frozen=True)
class EvalReport:
    gold: Path
    model: str
    model_version: str
    articles: tuple[ArticleEval, ...]
    seconds: float  # extraction time, pipeline already loaded

    @property
    def actors(self) -> Counts:
        return sum((a.actors for a in self.articles), Counts(0, 0, 0))

    @property
    def themes(self) -> Counts:
        return sum((a.themes for a in self.articles), Counts(0, 0, 0))

    @property
    def date_accuracy(self) -> float:
        return sum(a.date_ok for a in self.articles) / len(self.articles) if self.articles else 1.0

    @property
    def type_accuracy(self) -> float:
        found = self.actors.tp
        return 1 - sum(len(a.wrong_type) for a in self.articles) / found if found else 1.0

    @property
    def words_per_second(self) -> float:
        return sum(a.words for a in self.articles) / self.seconds if self.seconds else 0.0


def evaluate_gold(gold: Path, *, model: str = DEFAULT_MODEL) -> EvalReport:
    """Run the real reader and extractor on the gold's corpus and score them against the gold."""
    spec = load_gold(gold)
    articles = {a.id: a for a in read_corpus(spec.corpus).articles}
    missing = [g.id for g in spec.articles if g.id not in articles]
    if missing:
        raise DataFileError(f"{gold}: article(s) not in {spec.corpus}: {', '.join(missing)}")
    extractor = Extractor(model=model)
    extractor.load()  # the speed line measures extraction, not the model load
    chosen = [articles[g.id] for g in spec.articles]
    started = time.perf_counter()
    extractions = list(extractor.extract(chosen))
    seconds = time.perf_counter() - started
    scored = tuple(
        score_article(g, article, extraction) for g, article, extraction in zip(spec.articles, chosen, extractions, strict=True)
    )
    return EvalReport(Path(gold), model, extractor.model_version, scored, seconds)


def name_key(name: str) -> tuple[str, ...]:
    """How gold and found names are compared: folded words, without a leading article."""
    key = word_key(name)
    return key[1:] if len(key) > 1 and key[0] in _ARTICLES else key


def score_article(gold: GoldArticle, article: Article, extraction: Extraction) -> ArticleEval:
    """Compare one article's extraction with its gold annotation."""
    found = {name_key(m.actor_name): (m.actor_name, m.actor_type) for m in extraction.mentions}
    expected = {name_key(a.name): a for a in gold.actors}
    assigned = {t.theme_id for t in extraction.themes if t.assigned}
    themes_fp = assigned - gold.themes - gold.themes_optional
    return ArticleEval(
        id=gold.id,
        words=len(article.text.split()),
        actors=Counts(len(found.keys() & expected.keys()), len(found.keys() - expected.keys()), len(expected.keys() - found.keys())),
        missed=_names(expected[k].name for k in expected.keys() - found.keys()),
        spurious=_names(found[k][0] for k in found.keys() - expected.keys()),
        wrong_type=_names(expected[k].name for k in expected.keys() & found.keys() if found[k][1] != expected[k].type),
        date_expected=gold.date,
        date_found=_date_string(article),
        themes=Counts(len(assigned & gold.themes), len(themes_fp), len(gold.themes - assigned)),
        themes_missed=tuple(sorted(gold.themes - assigned)),
        themes_spurious=tuple(sorted(themes_fp)),
    )


def _names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=str.casefold))


def _date_string(article: Article) -> str | None:
    """The article's date written to its precision, as the gold writes dates."""
    if article.date is None:
        return None
    width = {"year": 4, "month": 7}.get(article.date_precision or "day", 10)
    return article.date.isoformat()[:width]


def format_report(report: EvalReport) -> str:
    """A plain-text table (in French, like the rest of the command line) per article and in total, then the errors.

    Columns: actor precision, recall and F1; the date ("ok", or found != expected);
    theme precision and recall.  Totals are micro-averaged over the articles.
    """
    header = f"{'article':<28}{'act P':>7}{'act R':>7}{'act F1':>7}  {'date':<24}{'th P':>6}{'th R':>6}"
    lines = [f"référence : {report.gold}  modèle : {report.model} {report.model_version}", header, "-" * len(header)]
    for a in report.articles:
        date = "ok" if a.date_ok else f"{a.date_found} != {a.date_expected}"
        lines.append(
            f"{a.id:<28}{a.actors.precision:>7.2f}{a.actors.recall:>7.2f}{a.actors.f1:>7.2f}  {date:<24}"
            f"{a.themes.precision:>6.2f}{a.themes.recall:>6.2f}"
        )
    total, themes = report.actors, report.themes
    words = sum(a.words for a in report.articles)
    lines += [
        "-" * len(header),
        f"{'total (micro)':<28}{total.precision:>7.2f}{total.recall:>7.2f}{total.f1:>7.2f}  "
        f"{f'{report.date_accuracy:.0%} justes':<24}{themes.precision:>6.2f}{themes.recall:>6.2f}",
        f"acteurs : {total.tp} trouvés, {total.fp} en trop, {total.fn} manqués ; "
        f"type juste pour {report.type_accuracy:.0%} des acteurs trouvés",
        f"vitesse : {report.words_per_second:,.0f} mots/s ({words:,} mots en {report.seconds:.1f} s)".replace(",", "\u202f"),
    ]
    labels = ("manqués", "en trop", "type faux", "thèmes manqués", "thèmes en trop")
    errors = []
    for a in report.articles:
        parts = [
            f"{label} : {', '.join(names)}"
            for label, names in zip(labels, (a.missed, a.spurious, a.wrong_type, a.themes_missed, a.themes_spurious), strict=True)
            if names
        ]
        if parts:
            errors.append(f"  {a.id} : " + " ; ".join(parts))
    if errors:
        lines += ["erreurs :", *errors]
    return "\n".join(lines)
