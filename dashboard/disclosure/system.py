"""Every count of one output as one set of cells tied by lines, suppressed together (SPEC section 5).

An output shows the same count in several places (a year's plans issued is also the sum of its months;
plans maintained is the total of the need table and of the age table), so cells are suppressed as one
system rather than table by table: :class:`Cells` holds named counts and their ties ``total = sum(members)``
and hands them to the protection of :mod:`dashboard.suppression` (primary suppression of counts 1 to
threshold-1, complementary suppression until no hidden cell can be worked out by subtraction, by one line
or by several together). Cells that are never displayed but follow from shown ones (plans issued late =
issued - within) are added with ``shown=False``: they are protected when small, like a shown cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from dashboard.suppression import SUPPRESSED, _check_threshold, _protect, public_closure

Shown = int | float | str | None


class Cells:
    """Named counts, their ties, and (after :meth:`protect`) which of them are shown as ``"c"``."""

    def __init__(self, threshold: int = 5, *, protect_derived: bool = True) -> None:
        _check_threshold(threshold)
        self.threshold = threshold
        self.protect_derived = protect_derived  # also protect small undisplayed cells (issued - within)
        self._index: dict[Hashable, int] = {}
        self._values: list[int] = []
        self._missing: list[bool] = []
        self._shown: list[bool] = []
        self._cost: list[float] = []
        self._public: set[int] = set()
        self._fixed = np.zeros(0, dtype=bool)
        self._lines: list[tuple[list[int], int]] = []
        self._hidden: np.ndarray | None = None

    def add(self, key: Hashable, value: object, *, shown: bool = True, cost: float = 0.0) -> None:
        """A count (None = not available, shown as None, treated as a known zero). The same count met
        again (one figure shown in two places) is one cell; a different value under one key is an error.
        ``cost``: cells of higher cost are hidden as complements only when no cheaper one will do."""
        if key in self._index:
            i = self._index[key]
            if (None if self._missing[i] else self._values[i]) != value:
                raise ValueError(f"The count {key!r} is both {self.value(key)!r} and {value!r}.")
            self._shown[i] = self._shown[i] or shown
            return
        missing = value is None or (isinstance(value, float) and np.isnan(value))
        number = 0 if missing else value
        if isinstance(number, bool) or not float(number).is_integer() or number < 0:  # type: ignore[arg-type]
            raise ValueError(f"The count {key!r} is {value!r}, not a whole number of 0 or more.")
        self._index[key] = len(self._values)
        self._values.append(int(number))  # type: ignore[arg-type]
        self._missing.append(missing)
        self._shown.append(shown)
        self._cost.append(float(cost))
        self._hidden = None

    def publish(self, key: Hashable) -> None:
        """Mark a shown count as public (published by the DfE): never hidden, and what follows from the
        public counts alone is public too (:func:`dashboard.suppression.public_closure`)."""
        self._public.add(self._index[key])
        self._hidden = None

    def public(self, key: Hashable) -> bool:
        """True when the count was marked published."""
        return self._index[key] in self._public

    def keys(self) -> list[Hashable]:
        return list(self._index)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._index

    def value(self, key: Hashable) -> int | None:
        i = self._index[key]
        return None if self._missing[i] else self._values[i]

    def add_rest(self, key: Hashable, total: Hashable, members: Sequence[Hashable]) -> None:
        """An undisplayed cell ``total - sum(members)`` and the tie that defines it (skipped when a
        part is missing or the rest would be negative, i.e. the parts are not a breakdown). A rest of 0
        is treated as known, the cautious reading: the members then tie to the total exactly, as a
        hidden 0 would otherwise pass for a complement."""
        parts = [self.value(m) for m in (total, *members)]
        if any(p is None for p in parts) or parts[0] < sum(parts[1:]):  # type: ignore[operator]
            return
        rest = parts[0] - sum(parts[1:])  # type: ignore[operator]
        if rest == 0:
            self.tie(total, members)
            return
        self.add(key, rest, shown=False)
        self.tie(total, [*members, key])

    def tie(self, total: Hashable, members: Sequence[Hashable]) -> bool:
        """Declare ``total = sum(members)`` when the data bears it out (a tie that does not hold exactly
        gives nothing away by subtraction); returns whether the tie was added."""
        keys = [total, *members]
        if any(k not in self._index for k in keys) or any(self.value(k) is None for k in keys):
            return False
        if sum(self.value(m) for m in members) != self.value(total):  # type: ignore[misc]
            return False
        self._lines.append(([self._index[m] for m in members], self._index[total]))
        self._hidden = None
        return True

    def protect(self) -> None:
        values = np.array(self._values, dtype=np.int64)
        shown = np.array(self._shown, dtype=bool)
        known = shown & (values == 0)  # zeros are never hidden: with the public counts, everyone knows them
        known[list(self._public)] = True
        self._fixed = public_closure(known, self._lines) if self._public else np.zeros(values.size, dtype=bool)
        self._hidden = _protect(values, shown, self._lines, self.threshold, self.protect_derived,
                                np.array(self._cost), self._fixed) if values.size else np.zeros(0, dtype=bool)

    def hidden(self, key: Hashable) -> bool:
        if self._hidden is None:
            self.protect()
        return bool(self._hidden[self._index[key]])  # type: ignore[index]

    def count(self, key: Hashable) -> int | str | None:
        """The count as displayed: the number, ``"c"``, or None when not available."""
        if key not in self._index:
            return None
        if self.hidden(key):
            return SUPPRESSED
        return self.value(key)

    def pct(self, value: float | None, numerator: Hashable, denominator: Hashable) -> float | str | None:
        """A percentage as displayed: ``"c"`` when its numerator or denominator is hidden."""
        if value is None:
            return None
        if any(k in self._index and self.hidden(k) for k in (numerator, denominator)):
            return SUPPRESSED
        return float(value)

    def lines(self) -> list[tuple[list[Hashable], Hashable]]:
        """The ties as (member keys, total key), for checks."""
        names = list(self._index)
        return [([names[m] for m in members], names[total]) for members, total in self._lines]
