"""The package's version, in one place."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("frresearch")
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
