"""The cut points of the 3x3 typology: the one home of their defaults."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def _cut_pair(name: str, value) -> tuple[float, float]:
    try:
        lower, upper = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(
            f"Thresholds.{name} must be two numbers (lower, upper), got {value!r}"
        ) from None
    for v in (lower, upper):
        if not math.isfinite(v):
            raise ValueError(f"Thresholds.{name}: cut point {v!r} is not finite")
        if v < 0:
            raise ValueError(f"Thresholds.{name}: cut point {v!r} is negative")
    if not lower < upper:
        raise ValueError(
            f"Thresholds.{name}: cut points must be strictly increasing, got {lower!r} >= {upper!r}"
        )
    return (lower, upper)


@dataclass(frozen=True)
class Thresholds:
    """Cut points between the low, medium and high levels of each axis.

    The paper's rule holds literally on both axes:
    ``low < lower <= medium <= upper < high``.

    Parameters
    ----------
    innovation : tuple of float, default (0.1, 0.3)
        R&D expenditure per employee, million rubles.
    productivity : tuple of float, default (2.0, 4.0)
        Value added per employee, million rubles.

    Raises
    ------
    ValueError
        If a cut point is not finite, is negative, or the pair is not strictly
        increasing.

    Examples
    --------
    >>> Thresholds()
    Thresholds(innovation=(0.1, 0.3), productivity=(2.0, 4.0))
    >>> Thresholds(productivity=(1.5, 3.0)).productivity
    (1.5, 3.0)
    """

    innovation: tuple[float, float] = field(default=(0.1, 0.3))
    productivity: tuple[float, float] = field(default=(2.0, 4.0))

    def __post_init__(self):
        object.__setattr__(self, "innovation", _cut_pair("innovation", self.innovation))
        object.__setattr__(self, "productivity", _cut_pair("productivity", self.productivity))

    @classmethod
    def from_any(cls, value) -> Thresholds:
        """Coerce ``None``, a :class:`Thresholds` or a mapping into thresholds.

        Notebook parameters arrive as plain mappings such as
        ``{"innovation": [0.1, 0.3], "productivity": [2, 4]}``; unknown keys
        are an error.
        """
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            unknown = sorted(set(value) - {"innovation", "productivity"})
            if unknown:
                raise ValueError(
                    f"unknown threshold key(s) {unknown}; expected 'innovation' and 'productivity'"
                )
            return cls(**value)
        raise TypeError(f"cannot make Thresholds from {value!r}")

    def as_dict(self) -> dict[str, list[float]]:
        """Plain mapping, the form used in parameter files."""
        return {"innovation": list(self.innovation), "productivity": list(self.productivity)}
