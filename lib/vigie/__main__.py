"""``python -m vigie`` runs the same command line as the ``vigie`` script."""
from vigie.cli import main

raise SystemExit(main())
