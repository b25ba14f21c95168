"""Tests of the corpus step, mirroring lib/vigie/corpus/."""
