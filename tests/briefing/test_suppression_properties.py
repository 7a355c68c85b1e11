"""Properties of the briefing's suppression over random KPI objects (hypothesis).

For any data: no count from 1 to threshold-1 is displayed (tables, headlines, charts, the workbook); no
percentage is shown on a hidden count; and no hidden count, nor any small count that follows from the
shown ones (plans with an exception, late plans, late complaints ...), can be worked out from the totals
by subtraction, whether along one row or column or by combining several. The last check is written here
independently of the code under test: the ties are listed from the meaning of the tables, and a cell is
recoverable when its unit vector lies in the row space of the ties restricted to the unknown cells.
"""

from __future__ import annotations

import io

import numpy as np
import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.briefing import build_briefing, render
from dashboard.briefing import charts as briefing_charts
from dashboard.briefing.xlsx import sheet_name

from .conftest import plain_settings
from .kpi_object import complaint_month, kpi, risk, tl, transfer
from .test_exports import xlsx_table

C = "c"
AGES = ["Under 5", "5-10", "11-15", "16-19", "20-25"]
NEEDS = ["ASD", "SEMH", "SLCN", "MLD", "VI", "PD"]
small_or_not = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def timeliness_rows(draw, month: str):
    issued_ex = draw(small_or_not)
    within_ex = draw(st.integers(0, issued_ex))
    exc = draw(st.integers(0, 6))
    return {"month": month, "issued": issued_ex + exc, "issued_ex": issued_ex, "within_ex": within_ex,
            "exc": exc}


def _split(draw, total: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@st.composite
def kpi_objects(draw):
    months = {2024: draw(st.integers(1, 4)), 2025: draw(st.integers(1, 4))}
    by_month, by_year = [], []
    for year, n in months.items():
        rows = [draw(timeliness_rows(f"{year}-{m:02d}")) for m in range(1, n + 1)]
        by_month += [tl(r["month"], r["issued"], r["issued_ex"], r["within_ex"]) for r in rows]
        by_year.append(tl(year, *(sum(r[f] for r in rows) for f in ("issued", "issued_ex", "within_ex"))))
    as_at = f"2025-{months[2025]:02d}-28"
    requests = []
    for year in (2024, 2025):
        received = draw(small_or_not)
        decided = draw(st.integers(0, received))
        within = draw(st.integers(0, decided))
        requests.append({"year": year, "received": received, "growth_pct": None, "decided": decided,
                         "decided_within_6_weeks": within,
                         "decided_within_6_weeks_pct": round(100 * within / decided, 1) if decided else None})
    needs = dict(zip(NEEDS, draw(st.lists(small_or_not, min_size=2, max_size=len(NEEDS))), strict=False))
    total = sum(needs.values())
    ages = dict(zip(AGES, _split(draw, total, draw(st.integers(2, len(AGES)))), strict=False))
    at_risk = []
    for team in draw(st.lists(st.sampled_from(["East", "West", "North", None]), min_size=1, max_size=4, unique=True)):
        at_risk += risk(team, "16-20 weeks", draw(st.integers(0, 8))) + risk(team, "over 20 weeks",
                                                                             draw(st.integers(0, 8)))
    open_total = len(at_risk) + draw(st.integers(0, 12))
    complaints = []
    for m in range(1, draw(st.integers(1, 6)) + 1):
        s1, s2, omb = draw(small_or_not), draw(st.integers(0, 5)), draw(st.integers(0, 3))
        responded = draw(st.integers(0, s1 + s2 + omb))
        complaints.append(complaint_month(f"2025-{m:02d}", s1 + s2 + omb, s1, s2, omb, responded,
                                          draw(st.integers(0, responded)), draw(st.integers(0, 9))))
    transitions = [transfer(d, on + late + out, on, late) for d in ("2024-02-15", "2024-03-31", "2025-02-15")
                   for on, late, out in [draw(st.tuples(small_or_not, st.integers(0, 6), st.integers(0, 6)))]]
    january = [{"year": y, "date": f"{y}-01-18", "count": draw(small_or_not), "growth_pct": None}
               for y in (2024, 2025)]
    return kpi(as_at=as_at, by_year=by_year, by_month=by_month, requests=requests, january=january,
               maintained=total, by_age=ages, by_need=needs, at_risk=at_risk, open_total=open_total,
               complaints=complaints, transitions=transitions)


def _ties(b, k) -> tuple[dict, list[tuple[list, object]]]:
    """Every displayed count (key -> shown value), the undisplayed counts that follow from them (key ->
    true value, as ("derived", ...)), and the ties total = sum(members) among them."""
    shown, derived, ties = {}, {}, []

    def table(key, label, columns):
        for r in b.table(key).rows:
            for col in columns:
                shown[(key, r[label], col)] = r[col]

    table("timeliness_by_year", "year", ("issued", "issued_ex", "within_ex"))
    table("timeliness_by_month", "month", ("issued", "issued_ex", "within_ex"))
    for key, label, rows in (("timeliness_by_year", "year", k["timeliness"]["by_year"]),
                             ("timeliness_by_month", "month", k["timeliness"]["by_month"])):
        for r in rows:
            cell = lambda col, r=r, key=key, label=label: (key, r[label], col)  # noqa: E731
            derived[("derived", key, r[label], "exc")] = r["issued"] - r["issued_ex"]
            derived[("derived", key, r[label], "late")] = r["issued_ex"] - r["within_ex"]
            ties.append(([cell("issued_ex"), ("derived", key, r[label], "exc")], cell("issued")))
            ties.append(([cell("within_ex"), ("derived", key, r[label], "late")], cell("issued_ex")))
    for year in (2024, 2025):
        months = [r["month"] for r in k["timeliness"]["by_month"] if r["month"].startswith(str(year))]
        for col in ("issued", "issued_ex", "within_ex"):
            ties.append(([("timeliness_by_month", m, col) for m in months], ("timeliness_by_year", year, col)))
    table("requests_by_year", "year", ("received", "decided", "decided_within_6_weeks"))
    for r in k["requests"]["by_year"]:
        y = r["year"]
        derived[("derived", "rq", y, "late")] = r["decided"] - r["decided_within_6_weeks"]
        derived[("derived", "rq", y, "undecided")] = r["received"] - r["decided"]
        ties.append(([("requests_by_year", y, "decided_within_6_weeks"), ("derived", "rq", y, "late")],
                     ("requests_by_year", y, "decided")))
        ties.append(([("requests_by_year", y, "decided"), ("derived", "rq", y, "undecided")],
                     ("requests_by_year", y, "received")))
    table("needs", "need", ("plans",))
    table("plans_by_age", "band", ("plans",))
    table("plans_january", "year", ("count",))
    shown[("needs", "Total", "plans")] = shown.pop(("plans_by_age", "Total", "plans"))  # one cell, two tables
    ties.append(([("needs", n, "plans") for n in k["ehcps"]["by_need"]], ("needs", "Total", "plans")))
    ties.append(([("plans_by_age", a, "plans") for a in k["ehcps"]["by_age_band"]], ("needs", "Total", "plans")))
    table("open_by_team", "team", ("w16", "over20", "total"))
    teams = [r["team"] for r in b.table("open_by_team").rows if r["team"] != "Total"]
    for t in teams:
        ties.append(([("open_by_team", t, "w16"), ("open_by_team", t, "over20")], ("open_by_team", t, "total")))
    for col in ("w16", "over20", "total"):
        ties.append(([("open_by_team", t, col) for t in teams], ("open_by_team", "Total", col)))
    ties.append(([("open_by_team", "Total", "w16"), ("open_by_team", "Total", "over20")],
                 ("open_by_team", "Total", "total")))
    shown[("open", "all")] = b.extra["open_total"]
    oa = k["timeliness"]["open_assessments"]
    derived[("derived", "under16")] = oa["total"] - oa["weeks_16_to_20"] - oa["over_20_weeks"]
    ties.append(([("open_by_team", "Total", "w16"), ("open_by_team", "Total", "over20"), ("derived", "under16")],
                 ("open", "all")))
    table("complaints_by_quarter", "quarter", ("received", "stage_1", "stage_2", "ombudsman", "responded",
                                               "responded_on_time", "open", "compliments"))
    for r in b.table("complaints_by_quarter").rows:
        cell = lambda col, r=r: ("complaints_by_quarter", r["quarter"], col)  # noqa: E731
        months = [m for m in k["complaints"]["by_month"]
                  if f"{m['month'][:4]} Q{(int(m['month'][5:]) - 1) // 3 + 1}" == r["quarter"]]
        derived[("derived", "cq", r["quarter"])] = sum(m["responded"] - m["responded_on_time"] for m in months)
        ties.append(([cell("stage_1"), cell("stage_2"), cell("ombudsman")], cell("received")))
        ties.append(([cell("responded"), cell("open")], cell("received")))
        ties.append(([cell("responded_on_time"), ("derived", "cq", r["quarter"])], cell("responded")))
    table("transitions", "due_date", ("due", "final_on_time", "final_late", "outstanding"))
    for r in b.table("transitions").rows:
        cell = lambda col, r=r: ("transitions", r["due_date"], col)  # noqa: E731
        ties.append(([cell("final_on_time"), cell("final_late"), cell("outstanding")], cell("due")))
    return shown, derived, ties


def recoverable(shown: dict, derived: dict, ties: list, threshold: int) -> list:
    """The hidden cells, and the small undisplayed ones, that the shown numbers and the ties determine."""
    unknown = [key for key, v in shown.items() if v == C] + list(derived)
    if not unknown:
        return []
    index = {key: i for i, key in enumerate(unknown)}
    matrix = np.zeros((len(ties), len(unknown)))
    for row, (members, total) in enumerate(ties):
        for m in members:
            if m in index:
                matrix[row, index[m]] += 1
        if total in index:
            matrix[row, index[total]] -= 1
    rank = np.linalg.matrix_rank(matrix)
    watch = [key for key, v in shown.items() if v == C] + [key for key, v in derived.items() if 0 < v < threshold]
    out = []
    for key in watch:
        unit = np.zeros(len(unknown))
        unit[index[key]] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            out.append(key)
    return out


def _displayed_counts(b) -> list[tuple[str, object]]:
    out = []
    for t in b.tables():
        out += [(f"{t.key}.{c.key}", r.get(c.key)) for r in t.rows for c in t.columns if c.kind == "count"]
    out += [(f"headline {h.key}", v) for h in b.headlines if h.kind == "count" for v in (h.value, h.previous)]
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(k=kpi_objects(), threshold=st.sampled_from([3, 5, 10]))
def test_no_small_count_is_shown_or_recoverable(k, threshold):
    b = build_briefing(k, settings=plain_settings(suppression_threshold=threshold))
    small = [(where, v) for where, v in _displayed_counts(b) if isinstance(v, int) and 0 < v < threshold]
    assert small == []
    shown, derived, ties = _ties(b, k)
    assert recoverable(shown, derived, ties, threshold) == []
    for t in b.tables():  # a percentage is never shown on a hidden count
        for r in t.rows:
            if t.key.startswith("timeliness") and r["pct_ex"] not in (None, C):
                assert C not in (r["issued_ex"], r["within_ex"])
            if t.key == "complaints_by_quarter" and r["responded_on_time_pct"] not in (None, C):
                assert C not in (r["responded"], r["responded_on_time"])
            if t.key == "needs" and r["share"] not in (None, C):
                assert C not in (r["plans"], b.table("needs").rows[-1]["plans"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(k=kpi_objects())
def test_the_workbook_and_the_charts_show_no_small_count(k):
    b = build_briefing(k, settings=plain_settings())
    wb = openpyxl.load_workbook(io.BytesIO(render(b, ".xlsx")))
    for tables in b.sections.values():
        for t in tables:
            header, rows = xlsx_table(wb[sheet_name(t)], t.title, len(t.columns))
            counts = [j for j, c in enumerate(t.columns) if c.kind == "count"]
            assert [r[j] for r in rows for j in counts if isinstance(r[j], int) and 0 < r[j] < 5] == []
            assert [r[j] for r in rows for j in counts] == [r.get(t.columns[j].key) for r in t.rows for j in counts]
    for chart in briefing_charts.charts(b):
        data = chart.chart.data
        for column in ("issued", "count"):
            if column in data:
                assert not data[column].between(1, 4).any()
        for column in ("issued_shown", "count_shown"):
            if column in data:
                assert not data[column].isin(["1", "2", "3", "4"]).any()
