"""Holds ``voila.py``, the Voilà config file `vigie dashboard` points Voilà at (never imported)."""
