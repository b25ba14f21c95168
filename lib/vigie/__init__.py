"""vigie: who talks about what, with whom, and when, in French press corpora."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vigie")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+local"
