"""The dashboard's edit mode, without widgets: edit the theme lexicon and the actor registry, save, restore.

- :mod:`vigie.editing.documents`: each edit as a pure function on a YAML document;
- :mod:`vigie.editing.files`: who may write (only ``vigie dashboard --edit``), checks, lock, history;
- :mod:`vigie.editing.session`: one editor's documents and the hashes they were opened with;
- :mod:`vigie.editing.commands`: ``vigie ingest`` and ``vigie themes suggest`` as subprocesses;
- :mod:`vigie.editing.worker`: the long-lived process that runs them with its imports done (:mod:`vigie.edit_worker`);
- :mod:`vigie.editing.examples`: article counts and example sentences per theme, from the store.
"""
from vigie.editing.documents import EditError
from vigie.editing.files import EditRefused, StaleFile, edit_mode
from vigie.editing.session import EditSession

__all__ = ["EditError", "EditRefused", "EditSession", "StaleFile", "edit_mode"]
