"""The Data quality page: each validated import's findings by rule (the counts `senddash validate` gives for the
same file), the trend across imports, the cases behind a rule and their workbook for leads, counts only for
viewers, and a helpful sentence on an empty database."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from dashboard.ui.quality import improvement, workbook
from data_access.engine import make_engine
from data_access.importers import run_import
from data_access.samples import SAMPLE_DIR
from data_access.validation.engine import counts
from data_access.validation.run import establishment_urns_in_file, validate_file
from tests.app.test_journey_pages import viewer  # noqa: F401 - the signed-in viewer fixture


def _expected(name: str, *, with_schools: bool) -> pd.DataFrame:
    urns = establishment_urns_in_file(SAMPLE_DIR / "establishments.csv") if with_schools else None
    return validate_file(SAMPLE_DIR / name, la_code="351", establishments=urns)[1]


def test_the_page_shows_each_imports_findings_by_rule(open_app, demo_url):
    app = open_app(demo_url).open("Data quality")
    assert app.titles() == ["Data quality"]
    # the demo loads the casework before the establishments list and the SEN2 return after it
    sen2, casework = _expected("sen2_2025.xml", with_schools=True), _expected("casework.csv", with_schools=False)
    shown = [m.value for m in app.at.metric]
    assert shown == [f"{counts(sen2)['errors']:,}", f"{counts(sen2)['queries']:,}",
                     f"{counts(casework)['errors']:,}", f"{counts(casework)['queries']:,}"]
    rules = [t for t in app.tables() if "Rule" in t.columns]
    assert len(rules) == 2
    by_rule = rules[0].set_index("Rule")["Findings"]
    assert by_rule[by_rule > 0].to_dict() == sen2.groupby("rule").size().to_dict()
    assert (rules[0]["Findings"].head(by_rule.gt(0).sum()) > 0).all()  # the broken rules come first
    pick = app.at.selectbox(key="rule_sen2")
    first = pick.options[0].split(":")[0]
    cases = next(t for t in app.tables() if list(t.columns) == ["person_ref", "request_ref"])
    assert cases["person_ref"].tolist() == sen2.loc[sen2["rule"] == first, "person_ref"].tolist()
    assert "Validation findings at each import" in app.charts()


def test_viewers_see_counts_but_no_cases(viewer):  # noqa: F811
    viewer.open("Data quality")
    assert "Errors (DfE COLLECT would reject)" in viewer.metrics()
    assert not [s for s in viewer.at.selectbox if s.key and s.key.startswith("rule_")]
    assert not any(list(t.columns) == ["person_ref", "request_ref"] for t in viewer.tables())
    assert any("shown to SEND leads only" in c for c in viewer.captions())


def test_an_empty_database_says_what_to_do(open_app, migrated_empty_url):
    app = open_app(migrated_empty_url).open("Data quality")
    assert any("No SEN2 return or casework extract has been validated yet" in i for i in app.infos())


def test_the_trend_counts_each_import_and_says_whether_the_aim_is_met(open_app, tmp_path, monkeypatch):
    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")  # the edited copies count as real data
    monkeypatch.setenv("SENDDASH_UNAUTHENTICATED_ROLE", "lead")
    url = f"sqlite:///{tmp_path / 'q.sqlite'}"
    engine = make_engine(url)
    rows = (SAMPLE_DIR / "casework.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    need = header.index("primary_need")
    # first extract: 8 active plans with no primary need; the next one fixes 6 of them
    broken = [r.split(",") for r in rows[1:]]
    active = [i for i, c in enumerate(broken) if c[header.index("plan_start_date")]
              and not c[header.index("plan_cease_date")] and c[need]][:8]
    for i in active:
        broken[i][need] = ""
    first = tmp_path / "first.csv"
    first.write_text("\n".join([rows[0], *(",".join(c) for c in broken)]) + "\n", encoding="utf-8")
    for i in active[:6]:
        broken[i][need] = rows[1:][i].split(",")[need]
    second = tmp_path / "second.csv"
    second.write_text("\n".join([rows[0], *(",".join(c) for c in broken)]) + "\n", encoding="utf-8")
    one, two = run_import(engine, first, la_code="351"), run_import(engine, second, la_code="351")
    assert (one.findings_by_rule["CD03"], two.findings_by_rule["CD03"]) == (8 + 2, 2 + 2)  # the sample's own 2
    app = open_app(url).open("Data quality")
    assert "Validation findings at each import" in app.charts(), app.text()
    trend = app.charts()["Validation findings at each import"]
    errors = trend[trend["series"] == "casework extract: errors"]["findings"].tolist()
    assert errors == [one.errors, two.errors]
    sentence = next(c for c in app.captions() if c.startswith("Findings in the casework extract"))
    before, after = one.errors + one.queries, two.errors + two.queries
    assert f"went from {before:,} to {after:,} over 2 imports" in sentence
    assert sentence == improvement(pd.DataFrame([{"kind": "casework", "errors": one.errors, "queries": one.queries},
                                                 {"kind": "casework", "errors": two.errors, "queries": two.queries}]),
                                   "casework")
    assert ("which meets the aim" in sentence) == (100 * (before - after) / before >= 25)


def test_the_caseworkers_workbook_opens_and_neutralises_formulas():
    found = pd.DataFrame({"rule": ["CD03", "DT01"], "severity": ["error", "error"],
                          "person_ref": ["=HYPERLINK(1)", "P2"], "request_ref": ["R1", None]})
    wb = openpyxl.load_workbook(io.BytesIO(workbook(found, "casework.csv")))
    assert wb.sheetnames == ["Findings", "Rules", "About"]
    rows = list(wb["Findings"].iter_rows(values_only=True))
    assert rows[0] == ("rule", "severity", "message", "person_ref", "request_ref")
    assert rows[1][0] == "CD03" and rows[1][3] == "'=HYPERLINK(1)" and rows[2][4] is None
    assert rows[1][2].startswith("An active plan has no need")
    rules = {r[0]: r[3] for r in wb["Rules"].iter_rows(min_row=2, values_only=True)}
    assert rules["CD03"] == 1 and rules["DT01"] == 1 and len(rules) >= 40
