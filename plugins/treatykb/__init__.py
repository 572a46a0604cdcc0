"""treatykb: static, multilingual knowledge bases for treaty law.

The package is a pure core (records, schema, catalogue, pages) that knows nothing of
MkDocs, plus a thin MkDocs plugin (`treatykb.mkdocs_plugin`) and a CLI (`treatykb.cli`).
"""

from __future__ import annotations

__version__ = "0.1.0"
