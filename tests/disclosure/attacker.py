"""An attacker who knows how the KPI object's counts add up and solves the linear system of what is shown.

Written from the meaning of the KPI object, independently of the code under test (it does not read the
catalogue's ties): every identity that holds in the true object is an equation; the counts shown are
known; the hidden ones ("c") and the never-shown ones (late plans, exceptions, plans with no age...) are
unknowns. A hidden count is recovered when its unit vector lies in the row space of the equations
restricted to the unknowns, and a small
never-shown count (1 to threshold-1) likewise.

The DfE publishes some of this LA's counts (``benchmarks.la_published``): :func:`published` lists the
attacker's variables equal to them, which anyone knows, and what they alone give away is no leak.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

C = "c"


class System:
    def __init__(self, true: dict, shown: dict) -> None:
        self.true, self.shown = true, shown
        self.values: dict[tuple, int] = {}  # true value of every variable
        self.visible: dict[tuple, object] = {}  # what the viewer sees (C for hidden; absent = never shown)
        self.equations: list[dict[tuple, int]] = []

    def var(self, key: tuple, true: object, shown: object = None, *, displayed: bool = True) -> tuple | None:
        if not isinstance(true, int) or isinstance(true, bool):
            return None
        self.values[key] = true
        if displayed:
            self.visible[key] = shown
        return key

    def rest(self, key: tuple, value: int) -> tuple:
        self.values[key] = value
        return key

    def equal(self, total: tuple | None, parts: list[tuple | None], *, rest: tuple | None = None) -> None:
        """total = sum(parts) (+ rest), added only when every part is known to the system and it holds."""
        if total is None or any(p is None for p in parts):
            return
        gap = self.values[total] - sum(self.values[p] for p in parts)  # type: ignore[index]
        if rest is None and gap != 0:
            return
        eq: dict[tuple, int] = defaultdict(int)
        eq[total] -= 1
        for p in parts:
            eq[p] += 1  # type: ignore[index]
        if rest is not None:
            if gap < 0:
                return
            self.values[rest] = gap
            eq[rest] += 1
        self.equations.append(dict(eq))

    def recovered(self, threshold: int, *, known: set[tuple] | None = None) -> list[tuple]:
        """The hidden counts, and the small never-shown ones, that the shown counts give away; with
        ``known``, what those counts alone give away instead (what the DfE's publication tells anyone)."""
        visible = self.visible if known is None else {k: self.values[k] for k in known if k in self.values}
        unknown = [k for k in self.values if visible.get(k, C) == C]
        if not unknown or not self.equations:
            return []
        col = {k: i for i, k in enumerate(unknown)}
        rows = []
        for eq in self.equations:
            row = np.zeros(len(unknown))
            if all(k in col or visible.get(k) == self.values[k] for k in eq):
                for k, coef in eq.items():
                    if k in col:
                        row[col[k]] = coef
                rows.append(row)
        if not rows:
            return []
        matrix = np.array(rows)
        # the row space's orthonormal basis: a unit vector lies in it when its projection keeps length 1
        _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
        basis = vt[: int((singular > 1e-9 * max(1.0, singular.max())).sum())]
        length = (basis ** 2).sum(axis=0)
        watch = [k for k in unknown if k in self.visible or 0 < self.values[k] < threshold]
        return [k for k in watch if length[col[k]] > 1 - 1e-6]


def _rows(block: list[dict], key: str) -> dict:
    return {str(r[key]): r for r in block}


def build(true: dict, shown: dict) -> System:
    """The attacker's system for one output (a viewer's KPI object ``shown`` of the true object ``true``)."""
    s = System(true, shown)

    def series(path: str, key: str, fields: tuple[str, ...]) -> dict:
        t, v = true, shown
        for p in path.split("."):
            t, v = t[p], v[p]
        tv, vv = _rows(t, key), _rows(v, key)
        return {(per, f): s.var((path, per, f), tv[per].get(f), vv[per].get(f)) for per in tv for f in fields}

    tl = {}
    for path, key in (("timeliness.by_year", "year"), ("timeliness.by_month", "month")):
        got = series(path, key, ("issued", "within", "issued_ex", "within_ex", "over_20_weeks_within_year",
                                 "over_a_year"))
        tl.update({(path, *k): v for k, v in got.items()})
        for per in {k[0] for k in got}:
            g = lambda f, per=per, got=got: got[(per, f)]  # noqa: E731
            s.equal(g("issued"), [g("within"), g("over_20_weeks_within_year"), g("over_a_year")])
            s.equal(g("issued"), [g("within")], rest=s.rest(("late", path, per), 0))
            s.equal(g("issued"), [g("issued_ex")], rest=s.rest(("exc", path, per), 0))
            s.equal(g("issued_ex"), [g("within_ex")], rest=s.rest(("late_ex", path, per), 0))
            s.equal(g("within"), [g("within_ex")], rest=s.rest(("wexc", path, per), 0))
    for f in ("issued", "within", "issued_ex", "within_ex", "over_20_weeks_within_year", "over_a_year"):
        _months_to(s, tl, "timeliness.by_month", "timeliness.by_year", f)
    for d_t, d_v in zip(true["timeliness"]["weeks_distribution"], shown["timeliness"]["weeks_distribution"],
                        strict=True):
        y = str(d_t["year"])
        bands = [s.var(("weeks", y, b), n, d_v["bands"].get(b)) for b, n in d_t["bands"].items()]
        s.equal(tl.get(("timeliness.by_year", y, "issued")), bands)
        s.equal(tl.get(("timeliness.by_year", y, "within")), bands[:4])
    rq = series("requests.by_year", "year", ("received", "decided", "decided_within_6_weeks"))
    for y in {k[0] for k in rq}:
        s.equal(rq[(y, "received")], [rq[(y, "decided")]], rest=s.rest(("undecided", y), 0))
        s.equal(rq[(y, "decided")], [rq[(y, "decided_within_6_weeks")]], rest=s.rest(("late6", y), 0))
    rm = series("requests.by_month", "month", ("received",))
    _months_to(s, {("m", *k): v for k, v in rm.items()} | {("y", *k): v for k, v in rq.items()}, "m", "y", "received")
    _plans(s, true, shown)
    _open(s, true, shown)
    for t_row, v_row in zip(true["transitions"], shown["transitions"], strict=True):
        d = t_row["due_date"]
        g = {f: s.var(("pt", d, f), t_row[f], v_row[f]) for f in ("due", "final_on_time", "final_late", "outstanding")}
        s.equal(g["due"], [g["final_on_time"], g["final_late"], g["outstanding"]])
    _complaints(s, true, shown)
    _journey(s, true, shown)
    _forecast(s, true, shown)
    return s


def _forecast(s: System, true: dict, shown: dict) -> None:
    """Each forecast January's total is the sum of its plans by need, by age band, by setting group and by
    finance line (a modelled figure, but one close to a real count for a small group)."""
    if "forecast" not in true:
        return
    fy = _block(s, true, shown, "forecast.years", "year")
    for y in {k[0] for k in fy}:
        for by in ("by_need", "by_age_band", "by_group", "by_line"):
            s.equal(fy.get((y, "total")), [v for (yy, f), v in fy.items() if yy == y and f.startswith(by + ".")])


def _block(s: System, true: dict, shown: dict, path: str, key: str) -> dict:
    """Every int of every row of a list (one level of dicts flattened as ``field.category``) as a variable."""
    t, v = true, shown
    for p in path.split("."):
        t, v = t.get(p, {}), v.get(p, {})
    rows_v = _rows(v, key) if isinstance(v, list) else {}
    out: dict = {}
    for per, row in (_rows(t, key) if isinstance(t, list) else {}).items():
        shown_row = rows_v.get(per, {})
        for f, val in row.items():
            if isinstance(val, dict):
                for c, n in val.items():
                    out[(per, f"{f}.{c}")] = s.var((path, per, f"{f}.{c}"), n, (shown_row.get(f) or {}).get(c))
            elif f != key:
                out[(per, f)] = s.var((path, per, f), val, shown_row.get(f))
    return out


def _journey(s: System, true: dict, shown: dict) -> None:
    """Issue 12's blocks: request outcomes, assessments, ceased plans, annual reviews, placements."""
    rq = _block(s, true, shown, "requests.by_year", "year")
    for y in {k[0] for k in rq}:
        g = lambda f, y=y: rq.get((y, f))  # noqa: E731
        s.equal(g("received"), [g(f) for f in ("assess", "not_assess", "withdrawn", "not_decided")],
                rest=s.rest(("other outcome", y), 0))
        s.equal(g("decided"), [g("assess"), g("not_assess")])
        s.equal(g("assess"), [g(f) for f in ("plan_issued", "no_plan", "assessment_withdrawn", "assessing")])
        s.equal(g("received"), [g(f"by_source.{c}") for c in ("1", "2", "3", "4", "5", "unknown")])
        s.equal(g("received"), [g("mediation")], rest=s.rest(("no mediation", y), 0))
        s.equal(g("received"), [g("tribunal")], rest=s.rest(("no tribunal", y), 0))
    asm = _block(s, true, shown, "assessments.by_year", "year")
    for y in {k[0] for k in asm}:
        g = lambda f, y=y: asm.get((y, f))  # noqa: E731
        s.equal(g("completed"), [g("issued"), g("not_issued"), g("withdrawn")])
        s.equal(g("not_issued"), [g("not_issued_within_16_weeks")], rest=s.rest(("not issued late", y), 0))
        s.equal(g("completed"), [g("mediation")], rest=s.rest(("assessment no mediation", y), 0))
        s.equal(g("completed"), [g("tribunal")], rest=s.rest(("assessment no tribunal", y), 0))
    ce = _block(s, true, shown, "ceased.by_year", "year")
    for y in {k[0] for k in ce}:
        reasons = [v for (per, f), v in ce.items() if per == y and f.startswith("by_reason.")]
        s.equal(ce.get((y, "total")), reasons)
        plans_ceased = ("ceased", y)  # the same plans as ehcps.plans_by_year's ceased
        if plans_ceased in s.values:
            s.equal(plans_ceased, [ce.get((y, "total"))])
    cells = {}
    for path, key in (("reviews.by_year", "year"), ("reviews.by_month", "month")):
        rv = _block(s, true, shown, path, key)
        cells.update({(path, *k): v for k, v in rv.items()})
        for per in {k[0] for k in rv}:
            g = lambda f, per=per, rv=rv: rv.get((per, f))  # noqa: E731
            s.equal(g("meetings"), [g("decided")], rest=s.rest(("review undecided", path, per), 0))
            s.equal(g("decided"), [g("within_4_weeks")], rest=s.rest(("review late", path, per), 0))
            if key == "year":
                s.equal(g("meetings"), [g(f"outcomes.{o}") for o in "ACM"], rest=s.rest(("review other", per), 0))
    for f in ("meetings", "decided", "within_4_weeks"):
        _months_to(s, cells, "reviews.by_month", "reviews.by_year", f)
    r_t, r_v = true.get("reviews", {}), shown.get("reviews", {})
    overdue = s.var(("overdue",), r_t.get("overdue"), r_v.get("overdue"))
    for by in ("overdue_by_team", "overdue_by_caseworker"):
        s.equal(overdue, [s.var((by, c), n, (r_v.get(by) or {}).get(c)) for c, n in (r_t.get(by) or {}).items()])
    groups = ("mainstream", "special", "ap_pru", "post16", "early_years", "elsewhere", "unknown")
    p_t, p_v = true.get("placements", {}), shown.get("placements", {})
    mixes = {r["date"]: (r, v) for r, v in zip(p_t.get("january", []), p_v.get("january", []), strict=True)}
    mixes[true["as_at"] + " now"] = (p_t.get("at_as_at") or {}, p_v.get("at_as_at") or {})
    for when, (r, v) in mixes.items():
        g = {f: s.var(("placements", when, f), r.get(f), v.get(f)) for f in ("total", "independent", "out_of_area",
                                                                               *groups)}
        s.equal(g["total"], [g[x] for x in groups])
        s.equal(g["total"], [g["independent"]], rest=s.rest(("not independent", when), 0))
        s.equal(g["total"], [g["out_of_area"]], rest=s.rest(("in area", when), 0))
        stock = ("maintained", when.replace(" now", ""))
        if stock in s.values:  # the same plans as ehcps' plans maintained
            s.equal(stock, [g["total"]])
    new = _block(s, true, shown, "placements.new_by_year", "year")
    for y in {k[0] for k in new}:
        s.equal(new.get((y, "total")), [new.get((y, x)) for x in groups])


def _months_to(s: System, cells: dict, fine: str, coarse: str, field: str) -> None:
    years = defaultdict(list)
    for key, var in cells.items():
        if key[0] == fine and key[2] == field:
            years[key[1][:4]].append(var)
    for y, months in years.items():
        s.equal(cells.get((coarse, y, field)), months)


def _plans(s: System, true: dict, shown: dict) -> None:
    e_t, e_v = true["ehcps"], shown["ehcps"]
    total = s.var(("maintained", true["as_at"]), e_t["maintained"], e_v["maintained"])
    for block in ("by_need", "by_sex", "by_setting", "in_area", "by_age_band"):
        parts = [s.var((block, c), n, e_v[block].get(c)) for c, n in e_t.get(block, {}).items()]
        s.equal(total, parts, rest=s.rest(("no age",), 0) if block == "by_age_band" else None)
    stock = {r["month"]: s.var(("maintained", r["date"]), r["maintained"], v["maintained"])
             for r, v in zip(e_t["maintained_by_month"], e_v["maintained_by_month"], strict=True)}
    if e_t["maintained_by_month"] and e_t["maintained_by_month"][-1]["date"] == true["as_at"]:
        s.equal(total, [stock[e_t["maintained_by_month"][-1]["month"]]])
    flows = {r["month"]: (s.var(("new", r["month"]), r["new"], v["new"]),
                          s.var(("ceased", r["month"]), r["ceased"], v["ceased"]))
             for r, v in zip(e_t["plans_by_month"], e_v["plans_by_month"], strict=True)}
    months = sorted(stock)
    for before, month in zip(months, months[1:], strict=False):
        new, ceased = flows.get(month, (None, None))
        if None in (stock[month], stock[before], new, ceased):
            continue
        if s.values[stock[month]] + s.values[ceased] == s.values[stock[before]] + s.values[new]:
            s.equations.append({stock[month]: 1, ceased: 1, stock[before]: -1, new: -1})
    years = {str(r["year"]): (s.var(("new", str(r["year"])), r["new"], v["new"]),
                              s.var(("ceased", str(r["year"])), r["ceased"], v["ceased"]))
             for r, v in zip(e_t["plans_by_year"], e_v["plans_by_year"], strict=True)}
    for i, name in enumerate(("new", "ceased")):
        cells = {("m", m, name): f[i] for m, f in flows.items()} | {("y", y, name): f[i] for y, f in years.items()}
        _months_to(s, cells, "m", "y", name)
    for r, v in zip(e_t["january"], e_v["january"], strict=True):
        s.var(("maintained", r["date"]), r["count"], v["count"])


def _open(s: System, true: dict, shown: dict) -> None:
    o_t, o_v = true["timeliness"]["open_assessments"], shown["timeliness"]["open_assessments"]
    total = s.var(("open",), o_t["total"], o_v["total"])
    bands = {b: s.var(("open", b), n, o_v["by_weeks"][b]) for b, n in o_t.get("by_weeks", {}).items()}
    s.equal(total, list(bands.values()))
    teams_t, teams_v = _rows(o_t.get("by_team", []), "team"), _rows(o_v.get("by_team", []), "team")
    cols = {}
    for team, r in teams_t.items():
        g = {f: s.var(("team", team, f), r[f], teams_v[team][f]) for f in ("weeks_16_to_20", "over_20_weeks", "total")}
        s.equal(g["total"], [g["weeks_16_to_20"], g["over_20_weeks"]])
        for f, v in g.items():
            cols.setdefault(f, []).append(v)
    if bands:
        s.equal(bands["16-20 weeks"], cols.get("weeks_16_to_20", []))
        s.equal(bands["over 20 weeks"], cols.get("over_20_weeks", []))
    risk = s.var(("open", "at risk"), o_t.get("at_risk_total"), o_v.get("at_risk_total"))
    s.equal(risk, cols.get("total", []))


def _complaints(s: System, true: dict, shown: dict) -> None:
    fields = ("received", "responded", "responded_on_time", "judged", "stage_1", "stage_2", "ombudsman", "open",
              "compliments")
    cells = {}
    for block, key in (("by_month", "month"), ("by_quarter", "quarter")):
        rows_v = _rows(shown["complaints"].get(block, []), key)
        for per, r in _rows(true["complaints"].get(block, []), key).items():
            g = {f: s.var(("cp", per, f), r.get(f), rows_v[per].get(f)) for f in fields}
            cells.update({(block, per, f): v for f, v in g.items()})
            s.equal(g["received"], [g["stage_1"], g["stage_2"], g["ombudsman"]])
            s.equal(g["received"], [g["responded"], g["open"]], rest=s.rest(("withdrawn", per), 0))
            s.equal(g["judged"], [g["responded"]], rest=s.rest(("overdue", per), 0))
            s.equal(g["responded"], [g["responded_on_time"]], rest=s.rest(("late", per), 0))
    for f in fields:
        quarters = defaultdict(list)
        for (block, per, field), var in cells.items():
            if block == "by_month" and field == f:
                quarters[f"{per[:4]}-Q{(int(per[5:7]) - 1) // 3 + 1}"].append(var)
        for q, months in quarters.items():
            s.equal(cells.get(("by_quarter", q, f)), months)


# the LA's published counts (benchmarks.la_published, all children) and where they sit in the object
PUBLISHED = {("timeliness.by_year", "issued"): "plans_issued", ("timeliness.by_year", "within"): "plans_within",
             ("timeliness.by_year", "issued_ex"): "plans_issued_ex",
             ("timeliness.by_year", "within_ex"): "plans_within_ex",
             ("requests.by_year", "received"): "requests",
             ("requests.by_year", "decided_within_6_weeks"): "requests_decided_6_weeks",
             ("timeliness.by_year", "over_20_weeks_within_year"): "timeliness_over_20_within_year",
             ("timeliness.by_year", "over_a_year"): "timeliness_over_year",
             **{("requests.by_year", f): f"requests_{f}" for f in ("assess", "not_assess", "not_decided", "withdrawn",
                                                                    "mediation", "tribunal")},
             **{("assessments.by_year", f): f"assessments_{f}" for f in ("completed", "issued", "not_issued",
                                                                          "withdrawn", "mediation", "tribunal")},
             ("assessments.by_year", "not_issued_within_16_weeks"): "assessments_not_issued_16_weeks",
             ("ceased.by_year", "total"): "ceased_total",
             **{("ceased.by_year", f"by_reason.{r}"): f"ceased_reason_{r}" for r in (*"123456789", "unknown")},
             **{("reviews.by_year", f): f"reviews_{f}" for f in ("due", "meetings", "decided", "within_4_weeks")},
             **{("reviews.by_year", f"outcomes.{o}"): f"reviews_{w}" for o, w in (("A", "amend"), ("C", "cease"),
                                                                                  ("M", "maintain"))},
             ("placements.new_by_year", "total"): "new_total",
             **{("placements.new_by_year", g): f"new_{g}" for g in ("mainstream", "special", "ap_pru", "post16",
                                                                     "early_years", "elsewhere", "unknown")}}
# placements at a January (keyed by date): field -> published key
PUBLISHED_JANUARY = {"total": "placements_total", "independent": "independent",
                     **{g: f"placements_{g}" for g in ("mainstream", "special", "ap_pru", "post16", "early_years",
                                                       "elsewhere", "unknown")}}


def published(s: System, true: dict) -> set[tuple]:
    """The variables whose true value the DfE publishes for this LA (an unfiltered object only)."""
    if any(true["filters"].values()):
        return set()
    la = true["benchmarks"]["la_published"]

    def value(key: str, year: str) -> object:
        series = la.get(key) or {}
        return series.get(year, series.get(int(year)) if year.isdigit() else None)

    out = set()
    as_at = str(true["as_at"])
    for var, v in s.values.items():
        if len(var) == 3 and (var[0], var[2]) in PUBLISHED:
            if len(str(var[1])) == 4 and as_at < f"{var[1]}-12-31":
                continue  # a year to date is not the year the DfE publishes, even when it equals it
            figure = value(PUBLISHED[(var[0], var[2])], var[1])
        elif len(var) == 3 and var[0] == "placements" and var[2] in PUBLISHED_JANUARY and str(var[1])[5:7] == "01" \
                and len(str(var[1])) == 10:
            figure = value(PUBLISHED_JANUARY[var[2]], str(var[1])[:4])
        elif len(var) == 2 and var[0] == "maintained" and str(var[1])[5:7] == "01":
            figure = value("plans_january", str(var[1])[:4])
        else:
            continue
        if figure is not None and float(figure) == v:
            out.add(var)
    return out
