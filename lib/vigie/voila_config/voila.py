"""Voilà configuration for `vigie dashboard`, read by Voilà (``--Voila.config_file_paths``).

A Python file because nbclient's ``timeout_func`` is a callable: the command
line cannot set it.  See :mod:`vigie.serve` for why the limit is per cell.
"""
from vigie.serve import cell_timeouts, configured_cell_timeout

c = get_config()  # noqa: F821 - given by traitlets' config loader

limit = configured_cell_timeout()
c.VoilaExecutor.timeout_func = cell_timeouts(limit)
# Shown (after Voilà's "There was an error when executing cell [N].") when a cell fails or is interrupted.
c.VoilaExecutor.cell_error_instruction = (
    f"Le tableau de bord n'a pas pu s'afficher : un calcul a échoué ou a dépassé {limit} s et a été arrêté. "
    "Rechargez la page ; si cela se répète, le détail est dans le journal du serveur."
)
c.VoilaExecutor.cell_timeout_instruction = c.VoilaExecutor.cell_error_instruction
