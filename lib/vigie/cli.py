"""The ``vigie`` command line: argument parsing only, one library call per command.

Heavy modules (spaCy, Voilà) are imported inside the command that needs them
so that ``vigie report`` or ``vigie export`` answer without loading a model.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_CORPUS = Path("corpus")


def _terminal_safe(text: str) -> str:
    """Escape control characters so an article cannot drive the user's terminal."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in str(text))


def _store_for(args) -> Path:
    from vigie.store import default_store

    return Path(args.store) if args.store else default_store(Path(args.corpus))


def cmd_ingest(args) -> int:
    from vigie.ingest import ingest

    summary = ingest(
        Path(args.corpus),
        store_dir=Path(args.store) if args.store else None,
        registry=args.registry,
        lexicon=args.lexicon,
        model=args.model,
        progress=not args.quiet,
        wait=args.wait,
        scheduler=args.scheduler,
        workers=args.workers,
    )
    print(summary.line())
    return 0


def cmd_export(args) -> int:
    from vigie import export, store

    data = store.load(_store_for(args))
    if args.format == "jsonl":
        for line in export.jsonl_lines(data):
            print(line)
    else:
        for path in export.write_csv_export(data, Path(args.out)):
            print(path)
    return 0


def cmd_report(args) -> int:
    from vigie import store

    inputs = store.read_table(_store_for(args), "inputs")
    if args.format == "jsonl":
        for row in inputs.itertuples(index=False):
            record = {
                "path": row.path,
                "row": None if row.row is None or row.row != row.row else int(row.row),
                "status": row.status,
                "reason": row.reason,
                "id": row.id if isinstance(row.id, str) else None,  # strict JSON: null, never NaN
            }
            print(json.dumps(record, ensure_ascii=True))
    else:
        for row in inputs.itertuples(index=False):
            where = row.path if row.row is None or row.row != row.row else f"{row.path}:{int(row.row)}"
            print(_terminal_safe(f"{row.status:<11} {where}  {row.reason or ''}"))
    return 0


def cmd_stories(args) -> int:
    from vigie import export, store

    groups = export.story_groups(store.load(_store_for(args)))
    if args.format == "jsonl":
        for row in groups.itertuples(index=False):
            first = None if row.first is None or row.first != row.first else row.first.isoformat()
            print(json.dumps({"story": row.story, "n_copies": int(row.n_copies), "members": row.members,
                              "sources": row.sources, "first_date": first}, ensure_ascii=False))
    elif not len(groups):
        print("Aucune histoire reprise par plusieurs articles.")
    else:
        for row in groups.itertuples(index=False):
            print(_terminal_safe(f"{row.story}  {row.n_copies} articles  {', '.join(row.sources)}"))
            for member in row.members:
                print(_terminal_safe(f"    {member}"))
    return 0


def cmd_evaluate(args) -> int:
    from vigie.evaluate import evaluate_gold, format_report

    print(format_report(evaluate_gold(Path(args.gold), **({"model": args.model} if args.model else {}))))
    return 0


def cmd_actors_suggest(args) -> int:
    from vigie import store
    from vigie.curation import suggest_actors
    from vigie.ingest import REGISTRY_FILE, config_path
    from vigie.nlp import load_registry

    data = store.load(_store_for(args))
    mentions = data.mentions.merge(
        data.actors.rename(columns={"id": "actor_id", "name": "actor_name", "type": "actor_type"}), on="actor_id"
    )
    registry = load_registry(config_path(Path(args.corpus), args.registry, REGISTRY_FILE))
    table = suggest_actors(mentions, registry, min_count=args.min_count)
    print(_terminal_safe(table.to_string(index=False)) if len(table) else "Aucune suggestion.")
    return 0


def cmd_dashboard(args) -> int:
    from vigie.ingest import ingest
    from vigie.serve import serve

    store_dir = Path(args.store) if args.store else None
    if not args.no_ingest:
        print(ingest(Path(args.corpus), store_dir=store_dir, progress=True).line())
    return serve(store=_store_for(args), port=args.port, ip=args.ip, token=args.token,
                 cell_timeout=args.cell_timeout, viewers=args.viewers)


def cmd_synth(args) -> int:
    from vigie.synth import write_synthetic_corpus

    summary = write_synthetic_corpus(args.n, Path(args.out), seed=args.seed, progress=not args.quiet)
    print(summary.line())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vigie", description="Acteurs, thèmes et dates d'un corpus de presse.")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_corpus(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS), help="dossier du corpus (défaut : corpus/)")
        p.add_argument("--store", help="dossier de l'index (défaut : CORPUS/.vigie)")
        return p

    p = with_corpus(sub.add_parser("ingest", help="lire le corpus, extraire, indexer"))
    p.add_argument("--registry", type=Path, help="registre des acteurs (YAML)")
    p.add_argument("--lexicon", type=Path, help="lexique des thèmes (YAML)")
    p.add_argument("--model", help="pipeline spaCy (défaut : fr_core_news_sm)")
    p.add_argument("--wait", action="store_true", help="attendre qu'un autre ingest finisse")
    p.add_argument("--quiet", action="store_true", help="pas de barre de progression")
    p.add_argument("--scheduler", help="adresse d'un ordonnanceur Dask (tcp://hôte:8786)")
    p.add_argument("--workers", type=int, help="extraire sur un cluster Dask local de N processus")
    p.set_defaults(func=cmd_ingest)

    p = with_corpus(sub.add_parser("export", help="exporter les articles (JSONL ou CSV)"))
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--out", default="vigie-export", help="dossier des fichiers CSV")
    p.set_defaults(func=cmd_export)

    p = with_corpus(sub.add_parser("report", help="ce qu'est devenue chaque entrée"))
    p.add_argument("--format", choices=("jsonl", "table"), default="table")
    p.set_defaults(func=cmd_report)

    p = with_corpus(sub.add_parser("stories", help="les histoires reprises par plusieurs articles"))
    p.add_argument("--format", choices=("jsonl", "table"), default="table")
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("evaluate", help="précision et rappel contre une annotation de référence")
    p.add_argument("gold", help="fichier YAML d'annotations")
    p.add_argument("--model", help="pipeline spaCy à évaluer")
    p.set_defaults(func=cmd_evaluate)

    actors = sub.add_parser("actors", help="outils du registre des acteurs")
    actors_sub = actors.add_subparsers(dest="actors_command", required=True)
    p = with_corpus(actors_sub.add_parser("suggest", help="acteurs fréquents hors registre et doublons probables"))
    p.add_argument("--registry", type=Path)
    p.add_argument("--min-count", type=int, default=2)
    p.set_defaults(func=cmd_actors_suggest)

    p = with_corpus(sub.add_parser("dashboard", help="indexer ce qui a changé puis servir le tableau de bord"))
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--ip", default="127.0.0.1",
                   help="adresse d'écoute (défaut : 127.0.0.1, cette machine seulement ; 0.0.0.0 : tout le réseau)")
    p.add_argument("--token", default=None,
                   help="jeton exigé des visiteurs (défaut : aucun sur 127.0.0.1, un jeton aléatoire ailleurs ; "
                        "'' : aucun, déconseillé sur le réseau)")
    p.add_argument("--cell-timeout", type=int, default=120, metavar="S",
                   help="arrêter une cellule du carnet qui calcule plus de S secondes (défaut : 120)")
    p.add_argument("--viewers", type=int, default=1, metavar="N",
                   help="garder N noyaux pré-chauffés, un par visiteur attendu en même temps (défaut : 1 ; "
                        "la mémoire d'un visiteur s'affiche au démarrage, voir docs/serving.md)")
    p.add_argument("--no-ingest", action="store_true", help="servir l'index tel quel")
    p.set_defaults(func=cmd_dashboard)
    p = sub.add_parser("synth", help="écrire un corpus synthétique avec sa vérité de terrain")
    p.add_argument("n", type=int, help="nombre d'articles")
    p.add_argument("--out", required=True, help="dossier à créer (vide ou absent)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_synth)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from vigie.store import StoreError

    try:
        return args.func(args)
    except (StoreError, FileNotFoundError, ValueError) as exc:
        print(f"vigie: {_terminal_safe(exc)}", file=sys.stderr)
        return 2
