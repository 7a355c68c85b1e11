"""High-needs finance (SPEC 1.7): the workbook and single-table imports, bad rows, replacement by year."""

from __future__ import annotations

import openpyxl
import pytest

from data_access.engine import make_engine
from data_access.importers import detect_kind, run_import
from data_access.importers.mapping import load_mapping
from data_access.importers.reading import read_bytes
from data_access.queries import load_finance
from data_access.samples import SAMPLE_DIR, sample_hashes
from tests.dbsnap import count, snapshot

BUDGET = ("financial_year", "period", "line", "budget", "forecast_outturn", "actual_to_date")
AGREEMENT = ("financial_year", "planned_in_year_balance", "planned_cumulative_balance", "dfe_contribution",
             "la_contribution")
SAVINGS = ("ref", "workstream", "description", "financial_year", "target", "delivered", "status")

GOOD_BUDGET = [
    ("2023-24", 12, "mainstream_top_ups", 9_000_000, 9_200_000, 9_200_000),
    ("2023-24", 12, "special_independent", 8_000_000, 8_500_000, 8_500_000),
    ("2023-24", 12, "income", 17_000_000, 17_000_000, 17_000_000),
    ("2024-25", 7, "Mainstream top-ups", "£9,500,000.00", "9,600,000", "(5,000)"),  # a label, text amounts
    ("2024/25", 7, "Special Independent", 8_800_000, 9_000_000, None),  # blank actual: not recorded
    ("2024-2025", "P7", "INCOME", 18_000_000, 18_100_000, 10_500_000),
]
GOOD_AGREEMENT = [("2023-24", 1_000_000, -4_000_000, 3_100_000, 300_000),
                  ("2024-25", 4_000_000, 0, 3_100_000, None)]
GOOD_SAVINGS = [("S1", "Inclusion", "Toolkit", "2024-25", 400_000, 410_000, "Complete"),
                ("S2", "Inclusion", "Early help", "2024-25", 600_000, 200_000, "Amber"),
                ("S3", "Post-16", "Internships", "2025-26", 250_000, None, "g")]


def workbook(path, sheets: dict[str, tuple[tuple, list]], *, readme: bool = True):
    wb = openpyxl.Workbook()
    first = wb.active
    if readme:
        first.title = "README"
        first.append(["Notes about this workbook"])
    for i, (title, (header, rows)) in enumerate(sheets.items()):
        ws = wb.create_sheet(title) if readme or i else first
        if not readme and i == 0:
            ws.title = title
        ws.append(list(header))
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def good(tmp_path, name="finance.xlsx", **changes):
    sheets = {"Budget": (BUDGET, GOOD_BUDGET), "agreement": (AGREEMENT, GOOD_AGREEMENT),
              "Savings ": (SAVINGS, GOOD_SAVINGS)}
    sheets.update(changes)
    return workbook(tmp_path / name, {k: v for k, v in sheets.items() if v is not None})


def test_a_good_workbook_loads_and_reads_back_as_the_frames(engine, tmp_path):
    path = good(tmp_path)
    report = run_import(engine, path, la_code="351")
    assert report.status == "loaded", report.message
    assert report.kind == "finance" and report.target == "finance:351"
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (11, 11, 0)
    assert report.summary() == "finance.xlsx: finance loaded: 11 rows read, 11 loaded, 0 rejected."
    f = load_finance(engine, la_code="351")
    b = f["budget"]
    assert len(b) == 6 and set(b["financial_year"]) == {"2023-24", "2024-25"}
    assert b.groupby("financial_year")["forecast_outturn"].sum().to_dict() == {"2023-24": 34_700_000.0,
                                                                                "2024-25": 36_700_000.0}
    row = b[(b["financial_year"] == "2024-25") & (b["line"] == "mainstream_top_ups")].iloc[0]
    assert (row["period"], row["budget"], row["forecast_outturn"], row["actual_to_date"]) == (7, 9_500_000.0,
                                                                                             9_600_000.0, -5_000.0)
    assert b[b["line"] == "special_independent"]["actual_to_date"].isna().tolist() == [False, True]
    a = f["agreement"]
    assert a["planned_cumulative_balance"].tolist() == [-4_000_000.0, 0.0]
    assert a["la_contribution"].isna().tolist() == [False, True]
    assert a["dfe_contribution"].sum() == 6_200_000.0
    s = f["savings"]
    assert s["status"].tolist() == ["blue", "amber", "green"]
    assert s["target"].sum() == 1_250_000.0 and s["delivered"].sum() == 610_000.0
    assert run_import(engine, path, la_code="351").status == "unchanged"  # the same file again


BAD_ROWS = [
    ("2024-25", 7, "independent schools", 1, 1, 1),  # row 3: unknown line
    ("2024-25", 7, "post16", "12k", 1, 1),  # row 4: not an amount
    (None, 7, "early_years", 1, 1, 1),  # row 5: missing year
    ("2024-25", 13, "other", 1, 1, 1),  # row 6: period 13
    ("2024-27", 7, "resourced_provision", 1, 1, 1),  # row 7: the years do not follow
    ("2024-25", 7, "special_maintained", 1, None, 1),  # row 8: forecast_outturn required
    ("2024-25", 7, "alternative_provision", 1, 1, 1),  # rows 9 and 10: the same year, period and line
    ("2024-25", 7, "alternative_provision", 2, 2, 2),
]


def test_bad_rows_are_rejected_with_row_and_column_and_the_rest_load(engine, tmp_path):
    budget = [GOOD_BUDGET[3], *BAD_ROWS]
    savings = [GOOD_SAVINGS[0], ("S9", "W", "d", "2024-25", 1, 1, "pink")]  # row 3: not a status
    report = run_import(engine, good(tmp_path, Budget=(BUDGET, budget), **{"Savings ": (SAVINGS, savings)}),
                        la_code="351")
    assert report.status == "loaded", report.message
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (13, 4, 9)
    got = [(r.row, r.column) for r in report.rejections]
    assert got == [(3, "line"), (4, "budget"), (5, "financial_year"), (6, "period"), (7, "financial_year"),
                   (8, "forecast_outturn"), (9, "line"), (10, "line"), (3, "status")]
    reasons = {(r.row, r.column): r.reason for r in report.rejections}
    assert reasons[(3, "line")].startswith("the 'Budget' sheet: 'line' is not a known line")
    assert "'budget' is not an amount in pounds" in reasons[(4, "budget")]
    assert "required but empty" in reasons[(5, "financial_year")]
    assert "1-12" in reasons[(6, "period")]
    assert "more than one row" in reasons[(9, "line")]
    assert reasons[(3, "status")].startswith("the 'Savings ' sheet: 'status' is not a status")
    assert load_finance(engine, la_code="351")["budget"]["line"].tolist() == ["mainstream_top_ups"]


def test_a_sheet_with_no_loadable_row_rejects_the_file_whole(engine, tmp_path):
    before = snapshot(engine)
    report = run_import(engine, good(tmp_path, agreement=(AGREEMENT, [("2024-25", "lots", 0, 0, 0)])),
                        la_code="351")
    assert report.status == "rejected"
    assert report.message.startswith("finance.xlsx: no row of the 'agreement' sheet could be loaded (row 2, "
                                     "column 'planned_in_year_balance':")
    assert snapshot(engine) == before


def test_a_workbook_without_a_budget_sheet_is_rejected_whole_and_nothing_changes(engine, tmp_path):
    assert run_import(engine, good(tmp_path), la_code="351").status == "loaded"
    before = snapshot(engine)
    bad = workbook(tmp_path / "no_budget.xlsx", {"agreement": (AGREEMENT, GOOD_AGREEMENT),
                                                 "savings": (SAVINGS, GOOD_SAVINGS)})
    report = run_import(engine, bad, la_code="351")
    assert report.status == "rejected"
    assert report.message == ("no_budget.xlsx is a workbook with no budget sheet (a sheet named budget, or one a "
                              "mapping file's [sheets] names as budget), so nothing was imported.")
    after = snapshot(engine)
    assert {t: rows for t, rows in after.items() if t != "import_log"} == \
        {t: rows for t, rows in before.items() if t != "import_log"}
    assert len(load_finance(engine, la_code="351")["budget"]) == 6  # what was loaded before is still there


def test_reimport_replaces_only_the_years_in_the_file(engine, tmp_path):
    assert run_import(engine, good(tmp_path), la_code="351").status == "loaded"
    newer = [("2024-25", 8, "mainstream_top_ups", 9_500_000, 9_700_000, 6_000_000),
             ("2024-25", 8, "income", 18_000_000, 18_200_000, 12_000_000)]
    path = workbook(tmp_path / "october.xlsx", {"budget": (BUDGET, newer),
                                                "savings": (SAVINGS, [GOOD_SAVINGS[2]])})
    report = run_import(engine, path, la_code="351")
    assert report.status == "loaded", report.message
    f = load_finance(engine, la_code="351")
    b = f["budget"]
    assert b[b["financial_year"] == "2023-24"].shape[0] == 3  # untouched
    y = b[b["financial_year"] == "2024-25"]
    assert y["period"].tolist() == [8, 8] and set(y["line"]) == {"mainstream_top_ups", "income"}
    assert f["agreement"]["financial_year"].tolist() == ["2023-24", "2024-25"]  # no agreement sheet: kept
    assert f["savings"]["ref"].tolist() == ["S1", "S2", "S3"]  # 2025-26 replaced by the same row, 2024-25 kept
    # another LA's finance is its own
    assert run_import(engine, path, la_code="352").status == "loaded"
    assert len(load_finance(engine, la_code="352")["budget"]) == 2
    assert len(load_finance(engine, la_code="351")["budget"]) == 5


def test_a_csv_of_one_table_is_told_by_its_columns(engine, tmp_path):
    path = tmp_path / "savings_tracker.csv"
    path.write_text("Ref,Workstream,Description,Financial Year,Target,Delivered,Status\n"
                    'S1,Inclusion,Toolkit,2024/25,"£400,000",410000,Blue\n'
                    "S2,Inclusion,Early help,2024-25,600000,,completed\n", encoding="utf-8")
    assert detect_kind(path, read_bytes(path)) == "finance"
    report = run_import(engine, path, la_code="351")
    assert report.status == "loaded", report.message
    s = load_finance(engine, la_code="351")["savings"]
    assert s["target"].tolist() == [400_000.0, 600_000.0] and s["status"].tolist() == ["blue", "blue"]
    budget = tmp_path / "budget.csv"
    budget.write_text("financial_year,period,line,budget,forecast_outturn,actual_to_date\n"
                      "2024-25,October,post16,100,110,60\n", encoding="utf-8")
    assert run_import(engine, budget, la_code="351").status == "loaded"
    assert load_finance(engine, la_code="351")["budget"]["period"].tolist() == [7]
    one_sheet = workbook(tmp_path / "plan.xlsx", {"Sheet1": (AGREEMENT, GOOD_AGREEMENT)}, readme=False)
    assert run_import(engine, one_sheet, la_code="351").status == "loaded"
    assert len(load_finance(engine, la_code="351")["agreement"]) == 2


def test_a_mapping_file_names_their_sheets_columns_and_lines(engine, tmp_path):
    toml = tmp_path / "finance.toml"
    toml.write_text('la_code = "351"\n'
                    '[sheets]\n"HN Monitoring" = "budget"\n"DSG plan" = "agreement"\n'
                    '[columns]\n"FY" = "financial_year"\n"Month" = "period"\n"Budget line" = "line"\n'
                    '"Annual budget" = "budget"\n"Projected" = "forecast_outturn"\n"Spent" = "actual_to_date"\n'
                    '"In-year" = "planned_in_year_balance"\n"Cumulative" = "planned_cumulative_balance"\n'
                    '[values.line]\n"Independent special schools" = "special_independent"\n'
                    '"HNB income" = "income"\n', encoding="utf-8")
    mapping = load_mapping(toml)
    path = workbook(tmp_path / "council.xlsx", {
        "HN Monitoring": (("FY", "Month", "Budget line", "Annual budget", "Projected", "Spent"),
                          [("2024-25", 7, "Independent special schools", 1_000, 1_100, 600),
                           ("2024-25", 7, "HNB income", 2_000, 2_000, 1_200)]),
        "DSG plan": (("FY", "In-year", "Cumulative"), [("2024-25", 500, -100)]),
    })
    assert detect_kind(path, read_bytes(path), mapping) == "finance"
    report = run_import(engine, path, mapping=mapping)  # the LA from the mapping file
    assert report.status == "loaded", report.message
    assert report.la_code == "351"
    f = load_finance(engine, la_code="351")
    assert f["budget"]["line"].tolist() == ["income", "special_independent"]
    assert f["agreement"]["planned_cumulative_balance"].tolist() == [-100.0]


def test_detection(tmp_path):
    path = good(tmp_path)
    assert detect_kind(path, read_bytes(path)) == "finance"
    csv = tmp_path / "agreement.csv"
    csv.write_text(",".join(AGREEMENT) + "\n2024-25,1,2,3,4\n", encoding="utf-8")
    assert detect_kind(csv, read_bytes(csv)) == "finance"
    no_budget = workbook(tmp_path / "x.xlsx", {"savings": (SAVINGS, GOOD_SAVINGS)})  # README + savings
    assert detect_kind(no_budget, read_bytes(no_budget)) == "finance"  # then refused: no budget sheet


def test_an_la_is_needed(engine, tmp_path, monkeypatch):
    report = run_import(engine, good(tmp_path))
    assert report.status == "rejected" and "no la_code column and no LA code was given" in report.message


def test_the_sample_workbook_loads_with_nothing_rejected(engine):
    path = SAMPLE_DIR / "finance.xlsx"
    assert detect_kind(path, read_bytes(path)) == "finance"
    report = run_import(engine, path, la_code="351", synthetic_hashes=sample_hashes())
    assert report.status == "loaded", report.message
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (89, 89, 0)
    assert (count(engine, "finance_budget"), count(engine, "finance_agreement"), count(engine, "finance_saving")) \
        == (72, 5, 12)
    f = load_finance(engine, la_code="351")
    b = f["budget"]
    assert sorted(set(b["financial_year"])) == [f"{y}-{(y + 1) % 100:02d}" for y in range(2018, 2026)]
    assert set(b.loc[b["financial_year"] == "2025-26", "period"]) == {7}
    assert set(b.loc[b["financial_year"] != "2025-26", "period"]) == {12}
    spend = b[b["line"] != "income"].groupby("financial_year")["forecast_outturn"].sum()
    assert spend["2025-26"] == 53_800_000.0 and spend["2018-19"] == 37_000_000.0
    a = f["agreement"]
    # the deficit built up in 2018-19 and 2019-20 (-7.0m - 9.0m) planned back to zero by March 2025
    assert a["planned_cumulative_balance"].tolist() == [-11_600_000.0, -9_700_000.0, -6_800_000.0,
                                                        -3_400_000.0, 0.0]
    income = b[b["line"] == "income"].set_index("financial_year")["forecast_outturn"]
    assert (income - spend).loc[["2018-19", "2019-20"]].sum() == -16_000_000.0
    assert a["dfe_contribution"].sum() == pytest.approx(19_900_000.0)
    s = f["savings"]
    assert len(s) == 12 and s["workstream"].nunique() == 4 and set(s["status"]) == {"purple", "red", "amber",
                                                                                   "green", "blue"}
    from data_access import queries
    from data_access.samples import synthetic_counts

    assert not queries.holds_real_records(engine)
    assert synthetic_counts(engine)["finance"] == 89


def test_real_finance_counts_as_real_data(engine, tmp_path):
    from data_access import queries

    assert not queries.holds_real_records(engine)
    assert run_import(engine, good(tmp_path), la_code="351").status == "loaded"
    assert queries.holds_real_records(engine)


def test_the_sample_generator_writes_the_same_bytes():
    from sample_data._finance import finance_bytes

    assert finance_bytes() == (SAMPLE_DIR / "finance.xlsx").read_bytes()
    wb = openpyxl.load_workbook(SAMPLE_DIR / "finance.xlsx", read_only=True)
    assert wb.sheetnames == ["README", "budget", "agreement", "savings"]
    first = next(wb["README"].iter_rows(max_row=1, values_only=True))[0]
    assert first.startswith("SYNTHETIC SAMPLE DATA")
    wb.close()


@pytest.mark.usefixtures("no_local_settings")
def test_senddash_import_kind_finance(db_url, tmp_path, capsys):
    from dashboard.cli import main

    path = good(tmp_path, "hn_finance.xlsx")
    code = main(["--db", db_url, "import", "--kind", "finance", "--la", "351", str(path)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    assert "hn_finance.xlsx: finance loaded: 11 rows read, 11 loaded, 0 rejected." in out
    engine = make_engine(db_url)
    assert len(load_finance(engine, la_code="351")["budget"]) == 6
    engine.dispose()
