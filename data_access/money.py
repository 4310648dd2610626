"""Exact money: parsing published amounts into integer fen and back into Decimal 元.

Why integer fen: sums in SQL stay exact on every backend, and every total equals the
sum of its parts to the fen. Floats never touch money.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import overload

# How many 元 one unit is worth.
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}
DEFAULT_MONEY_UNIT = "万元"
FEN_PER_YUAN = 100


class MoneyError(ValueError):
    """An amount that cannot be read as money."""


def parse_decimal(text: str) -> Decimal:
    """A published number as Decimal: spaces and thousands separators allowed."""
    cleaned = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    if not cleaned:
        raise MoneyError("empty number")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise MoneyError(f"not a number: {text!r}") from exc
    if not value.is_finite():
        raise MoneyError(f"not a finite number: {text!r}")
    return value


def to_fen(amount: Decimal, unit: str) -> int:
    """``amount`` in ``unit`` as integer fen (half-up rounding below the fen)."""
    if unit not in MONEY_UNITS:
        raise MoneyError(f"unknown money unit {unit!r}; use one of {', '.join(MONEY_UNITS)}")
    yuan = amount * MONEY_UNITS[unit]
    return int((yuan * FEN_PER_YUAN).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@overload
def fen_to_yuan(fen: int) -> Decimal: ...
@overload
def fen_to_yuan(fen: None) -> None: ...
@overload
def fen_to_yuan(fen: int | None) -> Decimal | None: ...
def fen_to_yuan(fen: int | None) -> Decimal | None:
    """Integer fen as exact Decimal 元 (two decimal places); None stays None."""
    if fen is None:
        return None
    return (Decimal(int(fen)) / FEN_PER_YUAN).quantize(Decimal("0.01"))
