"""The rule registry: every rule is declared once with an id, a severity, one sentence and its fields, and the
engine runs them all (at least the 40 the issue asks for) in well under a second."""

import pytest

from data_access.validation.engine import RULES
from data_access.validation.registry import AREAS, rule


def test_every_rule_is_declared_with_what_it_reads():
    assert len(RULES) >= 40
    for r in RULES.values():
        assert r.id.rstrip("0123456789") in AREAS and r.severity in ("error", "query"), r.id
        assert r.message.endswith(".") and r.fields and r.sources, r.id
        assert r.check.__doc__ is None or r.check.__doc__.strip()


def test_a_rule_is_refused_twice_or_with_a_bad_severity():
    with pytest.raises(ValueError, match="defined twice"):
        rule("CD01", "error", "Again.", fields=("x",))(lambda r: None)
    with pytest.raises(ValueError, match="severity"):
        rule("ZZ01", "warning", "No.", fields=("x",))
    with pytest.raises(ValueError, match="one sentence"):
        rule("ZZ02", "error", "no full stop", fields=("x",))
