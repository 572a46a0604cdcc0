"""The citation parser: articles, decisions and UN document symbols in record text."""

from __future__ import annotations

from .parser import KINDS, Citation, find_citations

__all__ = ["KINDS", "Citation", "find_citations"]
