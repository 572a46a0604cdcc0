"""Numbers as treaty texts write them: Arabic, Eastern Arabic and Chinese numerals."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
CHINESE_NUMERAL = "[零〇一二两三四五六七八九十百]+"
"""Regex class of a Chinese numeral up to the hundreds (articles never go higher)."""

_EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)


def chinese_to_int(text: str) -> int | None:
    """二十四 -> 24, 十 -> 10, 一百零一 -> 101; None for anything that is not a numeral."""
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row (二三) is not a numeral we write
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    total += digit or 0
    return total or None


def to_int(text: str) -> int | None:
    """An article or paragraph number in any of the scripts records use."""
    s = text.strip().translate(_EASTERN)
    if s.isascii() and s.isdigit():
        return int(s)
    return chinese_to_int(s)
