"""The MkDocs plugin (`error-catalog` entry point): `plugins: [error-catalog]`."""
from .plugin import ErrorCatalogPlugin

__all__ = ["ErrorCatalogPlugin"]
