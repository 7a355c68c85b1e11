"""Each measure's figures and an action's evidence, read from the protected KPI object of the sample."""

from __future__ import annotations

import pandas as pd

from dashboard.disclosure.figures import Figure, evidence, evidence_table, latest, measure_figures
from dashboard.measures.catalogue import BY_KEY
from dashboard.measures.headlines import headlines


def test_figures_are_where_the_catalogue_says_and_hidden_ones_stay_hidden(make_inputs, sample_kpis):
    raw, _ = sample_kpis
    p = make_inputs().k
    figs = measure_figures(p)
    assert set(figs) <= set(BY_KEY)
    by_year = {str(r["year"]): r["issued"] for r in p["timeliness"]["by_year"]}
    got = {f.period: f.value for f in figs["plans_issued"] if f.category is None and len(f.period) == 4}
    assert got == by_year
    needs = {f.category: f.value for f in figs["plans_by_need"] if f.period == p["as_at"]}
    assert needs == {str(n): v for n, v in p["ehcps"]["by_need"].items()}
    hidden = [(key, f) for key, fs in figs.items() for f in fs if f.value == "c"]
    assert hidden, "the sample's protected object hides some small counts"
    raw_figs = measure_figures(raw)
    for key, f in hidden[:20]:
        raw_value = next(r.value for r in raw_figs[key] if (r.period, r.category) == (f.period, f.category))
        assert raw_value != "c"  # hidden by the protection, not in the data


def test_latest_prefers_the_latest_total():
    figs = [Figure("2024", None, 10), Figure("2025", "ASD", 3), Figure("2025", None, None), Figure("2023", None, 7)]
    assert latest(figs) == Figure("2024", None, 10)
    assert latest([Figure("2025", "ASD", 3), Figure("2024", "ASD", 5)]) == Figure("2025", "ASD", 3)
    assert latest([Figure("2025", None, None)]) is None


def test_an_action_s_evidence_is_the_overview_s_figure_with_its_target_and_rag(make_inputs, sample_settings):
    p = make_inputs().k
    head = next(h for h in headlines(p, sample_settings) if h.measure_key == "timeliness_pct_ex")
    e = evidence(p, "timeliness_pct_ex", sample_settings)
    assert (e.value, e.period, e.rag, e.england) == (head.value, head.period, head.rag, head.england)
    assert e.target == sample_settings["target_timeliness_pct"]
    assert evidence(p, "no_such_measure", sample_settings) is None


def test_the_evidence_table_has_a_row_per_action_naming_a_measure(make_inputs, sample_settings):
    inputs = make_inputs()
    actions = inputs.programme["actions"]
    table = evidence_table(inputs.k, actions, sample_settings)
    named = actions[actions["measure"].notna() & (actions["measure"] != "")]
    assert table["ref"].tolist() == named["ref"].tolist()
    assert (table["measure"] == named["measure"].to_numpy()).all()
    assert set(table["label"]) == {BY_KEY[m].label for m in named["measure"]}
    none = evidence_table(inputs.k, pd.DataFrame({"ref": ["A"], "measure": [None]}), sample_settings)
    assert none.empty
