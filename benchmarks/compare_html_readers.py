"""The web-page reader before and after trafilatura, on trafilatura's own evaluation pages.

Why these pages: adbar/trafilatura (Apache 2.0) ships about a thousand real
pages (``tests/cache``, ``tests/eval``) with, for each, snippets of the
article that a reader must keep ("with"), snippets of site furniture it must
drop ("without") and, for most, the publication date (``tests/evaldata.json``).
The pages are read from a checkout of that repository, never copied here.

Both readers go through vigie's whole path: decode, reader, ``build_article``
(cleaning and today's date rules), so only the reader differs.  The old one
is the stdlib ``HTMLParser`` reader as it stood at commit 66f0842, loaded
from git history (``git show``), so this script needs this repository's
history.  Snippets are compared as trafilatura's evaluation does, by
whitespace-normalised substring, after vigie's character normalisation on
both sides (typographic quotes, odd spaces).

    git clone --depth 1 https://github.com/adbar/trafilatura /tmp/trafilatura
    .venv/bin/python benchmarks/compare_html_readers.py /tmp/trafilatura/tests
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import types
from dataclasses import dataclass, field
from pathlib import Path

from vigie.corpus.article import Given, Origin, build_article
from vigie.corpus.clean import normalise
from vigie.corpus.decode import decode
from vigie.corpus.errors import Refused
from vigie.corpus.web import read_web_page

OLD_COMMIT = "66f0842"
ROOT = Path(__file__).resolve().parents[1]


def old_reader():
    """``html_parts`` as it was at ``OLD_COMMIT``, from git history."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{OLD_COMMIT}:lib/vigie/corpus/formats.py"],
        check=True, capture_output=True, text=True,
    ).stdout
    module = types.ModuleType("vigie_formats_66f0842")
    exec(compile(source, "formats@66f0842", "exec"), module.__dict__)  # noqa: S102 - our own code, from our history
    return module.html_parts


def new_reader(document: str) -> tuple[str, Given, str]:
    page = read_web_page(document)
    return page.text, page.given, page.note


@dataclass
class Tally:
    kept: int = 0  # "with" snippets found
    with_total: int = 0
    furniture: int = 0  # "without" snippets wrongly kept
    without_total: int = 0
    date_right: int = 0
    date_wrong: int = 0
    date_missing: int = 0
    no_article: int = 0  # pages refused ("no text left")
    fallback: int = 0  # pages read by the fallback (new reader only)
    seconds: list[float] = field(default_factory=list)

    def row(self, name: str) -> dict:
        dated = self.date_right + self.date_wrong + self.date_missing
        return {
            "reader": name,
            "with kept": f"{self.kept}/{self.with_total} ({self.kept / self.with_total:.1%})",
            "without kept (furniture)": f"{self.furniture}/{self.without_total} ({self.furniture / self.without_total:.1%})",
            "date right": f"{self.date_right}/{dated}",
            "date wrong": self.date_wrong,
            "date missing": self.date_missing,
            "pages without article": self.no_article,
            "fallback": self.fallback,
            "median ms/page": round(1000 * statistics.median(self.seconds), 1),
        }


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text)).strip()


def measure(tests: Path, *, limit: int | None = None) -> list[dict]:
    evaldata = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    readers = {"old (stdlib HTMLParser, 66f0842)": old_reader(), "new (trafilatura + htmldate)": new_reader}
    tallies = {name: Tally() for name in readers}
    items = [(url, item) for url, item in sorted(evaldata.items())]
    pages = 0
    for url, item in items[:limit]:
        path = next((p for p in (tests / "cache" / item["file"], tests / "eval" / item["file"]) if p.is_file()), None)
        if path is None:
            continue
        try:
            document = decode(path.read_bytes())
        except Refused:
            continue
        pages += 1
        for name, reader in readers.items():
            tally = tallies[name]
            started = time.perf_counter()
            parts = reader(document)
            raw, given = parts[0], parts[1]
            tally.fallback += bool(parts[2]) if len(parts) > 2 else 0
            try:
                article, _ = build_article(raw, origin=Origin(url, item["file"], None, ""), given=given, meta=None)
                text, date = _norm(article.text), article.date
            except Refused:
                tally.no_article += 1
                text, date = "", None
            tally.seconds.append(time.perf_counter() - started)
            tally.with_total += len(item["with"])
            tally.without_total += len(item["without"])
            tally.kept += sum(_norm(snippet) in text for snippet in item["with"])
            tally.furniture += sum(_norm(snippet) in text for snippet in item["without"])
            if item.get("date"):
                if date is None:
                    tally.date_missing += 1
                elif date.isoformat() == item["date"][:10]:
                    tally.date_right += 1
                else:
                    tally.date_wrong += 1
    print(f"{pages} pages read from {tests}", file=sys.stderr)
    return [tallies[name].row(name) for name in readers]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tests", type=Path, help="the tests/ folder of a trafilatura checkout")
    parser.add_argument("--limit", type=int, default=None, help="only the first N annotated pages")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args()
    rows = measure(args.tests, limit=args.limit)
    for row in rows:
        print(" | ".join(f"{key}: {value}" for key, value in row.items()))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
