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
        sources=args.sources,
        model=args.model,
        progress=not args.quiet,
        wait=args.wait,
        scheduler=args.scheduler,
        workers=args.workers,
    )
    _print_summary(summary)
    return 0


def _print_summary(summary) -> None:
    """The ingest line, what changed in the corpus's configuration, and proposed themes if any."""
    for notice in summary.notices:
        print(f"vigie : {_terminal_safe(notice)}", file=sys.stderr)
    print(summary.line())
    if summary.proposed is not None:
        print(_terminal_safe(
            f"Thèmes proposés automatiquement (le lexique fourni en attribuait à moins de la moitié des articles) : "
            f"{summary.proposed} ; modifiez ce fichier puis relancez `vigie ingest` pour les corriger."
        ))


def cmd_export(args) -> int:
    from vigie import export, store

    data = store.load(_store_for(args))
    if args.format == "jsonl":
        for line in export.jsonl_lines(data):
            print(line)
    elif args.format == "csv":
        for path in export.write_csv_export(data, Path(args.out or "vigie-export")):
            print(path)
    else:
        from vigie.textometry import write_textometry_export

        default = "vigie-iramuteq.txt" if args.format == "iramuteq" else "vigie-txm"
        for path in write_textometry_export(data, Path(args.out or default), fmt=args.format):
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
    from vigie import config, store
    from vigie.curation import store_mentions, suggest_actors
    from vigie.nlp import load_registry

    data = store.load(_store_for(args))
    mentions = store_mentions(data)
    chosen = config.resolve(Path(args.corpus), _store_for(args), data.manifest, registry=args.registry)
    for notice in chosen.notices:
        print(f"vigie : {_terminal_safe(notice)}", file=sys.stderr)
    registry = load_registry(chosen.registry.path)
    table = suggest_actors(mentions, registry, min_count=args.min_count)
    print(_terminal_safe(table.to_string(index=False)) if len(table) else "Aucune suggestion.")
    return 0


def cmd_dashboard(args) -> int:
    from vigie.ingest import ingest
    from vigie.serve import serve

    store_dir = Path(args.store) if args.store else None
    if not args.no_ingest:
        _print_summary(ingest(Path(args.corpus), store_dir=store_dir, registry=args.registry, lexicon=args.lexicon,
                              model=args.model, progress=True))
    return serve(store=_store_for(args), port=args.port, ip=args.ip, token=args.token,
                 cell_timeout=args.cell_timeout, edit_corpus=Path(args.corpus) if args.edit else None,
                 viewers=args.viewers)


def cmd_themes_suggest(args) -> int:
    from vigie.discovery import suggest_from_store, write_lexicon

    found = suggest_from_store(_store_for(args), k=args.k, seed=args.seed)
    how = ("nombre demandé par --k" if found.chosen_by == "--k"
           else f"nombre choisi entre 4 et {max(found.overlap)} : le plus grand dont les thèmes restent distincts, "
                "ni par leurs articles ni par les noms qu'ils partagent")
    note = f"{found.k} thèmes ({how}) sur {found.n_articles} articles."
    if args.out:
        write_lexicon(found, Path(args.out))
        print(f"{note} Lexique écrit dans {args.out}")
    else:
        print(note, file=sys.stderr)
        print(found.yaml(), end="")
    return 0


def cmd_synth(args) -> int:
    from vigie.synth import write_synthetic_corpus

    summary = write_synthetic_corpus(args.n, Path(args.out), seed=args.seed, progress=not args.quiet)
    print(summary.line())
    return 0


def _config_options(p: argparse.ArgumentParser) -> None:
    note = "retenu pour ce corpus : les commandes suivantes le reprennent"
    p.add_argument("--registry", type=Path, help=f"registre des acteurs (YAML), {note}")
    p.add_argument("--lexicon", type=Path, help=f"lexique des thèmes (YAML), {note}")
    p.add_argument("--model", help=f"pipeline spaCy (défaut : fr_core_news_sm), {note}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vigie", description="Acteurs, thèmes et dates d'un corpus de presse.")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_corpus(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS), help="dossier du corpus (défaut : corpus/)")
        p.add_argument("--store", help="dossier de l'index (défaut : CORPUS/.vigie)")
        return p

    p = with_corpus(sub.add_parser("ingest", help="lire le corpus, extraire, indexer"))
    _config_options(p)
    p.add_argument("--sources", type=Path, help="table des médias (YAML), ajoutée à celle fournie")
    p.add_argument("--wait", action="store_true", help="attendre qu'un autre ingest finisse")
    p.add_argument("--quiet", action="store_true", help="pas de barre de progression")
    p.add_argument("--scheduler", help="adresse d'un ordonnanceur Dask (tcp://hôte:8786)")
    p.add_argument("--workers", type=int, help="extraire sur un cluster Dask local de N processus")
    p.set_defaults(func=cmd_ingest)

    p = with_corpus(sub.add_parser("export", help="exporter les articles (JSONL, CSV, Iramuteq ou TXM)"))
    p.add_argument("--format", choices=("jsonl", "csv", "iramuteq", "txm"), default="jsonl")
    p.add_argument("--out", help="csv : dossier (défaut : vigie-export) ; iramuteq : fichier "
                                 "(défaut : vigie-iramuteq.txt) ; txm : dossier d'import TXM (défaut : vigie-txm)")
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

    themes = sub.add_parser("themes", help="outils du lexique des thèmes")
    themes_sub = themes.add_subparsers(dest="themes_command", required=True)
    p = with_corpus(themes_sub.add_parser("suggest", help="proposer des thèmes trouvés dans les articles indexés"))
    p.add_argument("--k", type=int, help="nombre de thèmes (défaut : choisi entre 4 et 20)")
    p.add_argument("--seed", type=int, default=0, help="graine (même corpus et même graine : mêmes thèmes)")
    p.add_argument("--out", help="fichier themes.yaml à écrire (défaut : la sortie standard)")
    p.set_defaults(func=cmd_themes_suggest)

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
    p.add_argument("--edit", action="store_true",
                   help="mode édition : panneaux Thèmes et Acteurs qui écrivent CORPUS/themes.yaml et "
                        "CORPUS/actors.yaml (pour vous seul : ne partagez pas ce lien)")
    _config_options(p)
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
