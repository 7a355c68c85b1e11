"""Every catalogue measure has its own label: tiles, tables, the briefing and the data pack's slide titles and
contents all read it, so two measures with one label would read as one (a count beside its rate, twice)."""

from __future__ import annotations

from collections import defaultdict

from dashboard.measures.catalogue import BY_KEY, CATALOGUE


def _shared_labels() -> dict[str, list[str]]:
    keys: dict[str, list[str]] = defaultdict(list)
    for m in CATALOGUE:
        keys[" ".join(m.label.casefold().split())].append(m.key)
    return {label: ks for label, ks in keys.items() if len(ks) > 1}


def test_no_two_catalogue_entries_share_a_label():
    assert _shared_labels() == {}, "give each measure a label of its own"


def test_every_key_is_declared_once():
    assert len(BY_KEY) == len(CATALOGUE)

