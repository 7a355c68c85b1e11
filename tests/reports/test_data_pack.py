"""The monthly data pack on the sample: slide numbers fixed by the catalogue, a numbered slide per measure with
one native chart (PPTX opened back with python-pptx) and page N = slide N (PDF read back with pypdf), the
sentence against the evidence, hidden figures never drawn or written, finance only when shown. (Written from
helper-26's tests on branch issue15-pack, against this model.)"""

from __future__ import annotations

import io

import pptx
import pytest
from pypdf import PdfReader

from dashboard.disclosure.figures import evidence, measure_figures
from dashboard.measures.catalogue import BY_KEY
from dashboard.measures.categories import CATEGORY_NAMES, SOURCE_NAMES
from dashboard.reports import data_pack, render
from dashboard.reports.data_pack import (
    ALL_HIDDEN,
    CONTENTS_SLIDES,
    FIRST_MEASURE_SLIDE,
    NO_FIGURES,
    WITHHELD,
    build_pack,
    period_label,
    says,
)

LABELS = [m.label for m in BY_KEY.values()]
FIRST = FIRST_MEASURE_SLIDE
FINANCE = [m.key for m in BY_KEY.values() if m.unit == "pounds" or m.key.startswith("finance")]


@pytest.fixture(scope="module")
def built(sample_engine, sample_kpis, sample_settings):
    from dashboard import read
    from dashboard.reports.inputs import build_inputs
    from data_access import queries

    k, frames = sample_kpis
    inputs = build_inputs(k, read.programme_of(frames), queries.load_edits(sample_engine, la_code="351"),
                          sample_settings, la_name="Sample LA")
    return inputs, build_pack(inputs), render("data-pack", inputs, ".pptx"), render("data-pack", inputs, ".pdf")


def _measures(pack):
    return [s for s in pack.slides if s.kind == "measure"]


def _texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def test_slide_numbers_follow_the_catalogue_only(built):
    _, pack, _, _ = built
    assert FIRST == 2 + CONTENTS_SLIDES and CONTENTS_SLIDES == -(-len(BY_KEY) // data_pack.CONTENTS_PER_SLIDE)
    assert [s.number for s in pack.slides] == list(range(1, FIRST + len(BY_KEY)))
    assert [s.kind for s in pack.slides[:FIRST - 1]] == ["title"] + ["contents"] * CONTENTS_SLIDES
    assert [s.title for s in _measures(pack)] == LABELS and [s.key for s in _measures(pack)] == list(BY_KEY)


def test_pptx_has_a_numbered_slide_per_measure_each_with_one_chart(built):
    _, pack, data, _ = built
    prs = pptx.Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert len(slides) == 1 + CONTENTS_SLIDES + len(BY_KEY) and prs.slide_width > prs.slide_height
    assert "Monthly data pack" in _texts(slides[0]) and "Slide 1" in _texts(slides[0])
    contents = "\n".join(t for s in slides[1:FIRST - 1] for t in _texts(s))
    assert f"{FIRST}  {LABELS[0]}" in contents and f"{FIRST + len(LABELS) - 1}  {LABELS[-1]}" in contents
    drawn = 0
    for number, (slide, s) in enumerate(zip(slides[FIRST - 1:], _measures(pack), strict=True), start=FIRST):
        texts = _texts(slide)
        assert texts[0] == s.title == LABELS[number - FIRST] and f"Slide {number}" in texts and s.sentence in texts
        charts = [sh for sh in slide.shapes if sh.has_chart]
        if not s.chart:
            assert not charts and s.note in texts
            continue
        drawn += 1
        assert len(charts) == 1
        chart = charts[0].chart
        names = [series.name for series in chart.plots[0].series]
        assert names[0].startswith("This LA") and list(chart.plots[0].categories) == s.categories
        assert [list(x.values) for x in chart.plots[0].series] == [x.values for x in s.series]
        if s.chart == "line" and BY_KEY[s.key].benchmark and len(s.series) > 1:
            assert names[1:] == ["England", "North West"][:len(names) - 1]
    assert drawn > 140  # all but the few measures with nothing to draw


def test_pdf_page_n_is_slide_n(built):
    _, pack, _, data = built
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(pack.slides)
    first = reader.pages[0].extract_text()
    assert "Monthly data pack" in first and "Sample LA (LA 351)" in first
    assert f"{FIRST}  {LABELS[0]}" in reader.pages[1].extract_text()
    for n in (FIRST, FIRST + 30, len(pack.slides)):
        text = reader.pages[n - 1].extract_text()
        assert f"Slide {n}" in text and pack.slides[n - 1].title[:40] in text


def test_a_sentence_carries_the_latest_figure_with_england_and_the_region(built):
    inputs, pack, _, _ = built
    s = next(s for s in _measures(pack) if "in England" in s.sentence and "target" in s.sentence)
    e = evidence(inputs.k, s.key, inputs.settings)
    assert s.sentence.startswith(f"{s.title}: {says(e.value, e.unit)} ")
    assert f"{says(e.england, e.unit)} in England and {says(e.region, e.unit)} in the North West" in s.sentence
    assert f"the target is {says(e.target, e.unit)} ({e.rag.word.lower()})" in s.sentence


def test_hidden_figures_are_never_drawn_or_written(built):
    inputs, pack, _, _ = built
    figs = measure_figures(inputs.k)
    hidden = [s for s in _measures(pack) if "hidden to protect small numbers" in s.sentence]
    assert len(hidden) > 10, "the sample hides some latest figures"
    for s in hidden:
        assert "c" not in s.sentence.replace(".", " ").split() and s.note
    for s in _measures(pack):
        assert all(v is None or isinstance(v, int | float) for series in s.series for v in series.values)
        if s.chart == "line":  # a hidden period is a gap in the LA's line
            by = {period_label(f.period): f.value for f in figs[s.key] if f.category is None}
            for label, v in zip(s.categories, s.series[0].values, strict=True):
                assert (v is None) == (by.get(label.removesuffix(" to date")) in (None, "c")), (s.key, label)


def test_a_breakdown_is_drawn_with_its_categories_in_words(built):
    """Who made a request, sex, need and setting are bars named in words, never SEN2's codes."""
    _, pack, data, _ = built
    slides = {s.key: s for s in _measures(pack)}
    assert set(slides["requests_by_source"].categories) <= set(SOURCE_NAMES.values())
    assert "Parent or young person" in slides["requests_by_source"].categories
    assert slides["plans_by_sex"].categories == ["Male", "Female", "Not known"]
    assert "Social, emotional and mental health" in slides["plans_by_need"].categories
    for s in slides.values():
        if s.chart == "bar":
            raw = {c for c in s.categories if c in CATEGORY_NAMES.get(s.key, {})}
            assert raw == set(), (s.key, raw)
    prs = pptx.Presentation(io.BytesIO(data))
    chart = next(sh.chart for sh in list(prs.slides)[FIRST - 1 + list(BY_KEY).index("plans_by_sex")].shapes
                 if sh.has_chart)
    assert list(chart.plots[0].categories) == ["Male", "Female", "Not known"]


def test_finance_withheld_unless_shown(built, make_inputs):
    _, pack, _, _ = built
    assert FINANCE
    for key in FINANCE:
        s = _measures(pack)[list(BY_KEY).index(key)]
        assert not s.chart and s.sentence == WITHHELD
    shown = build_pack(make_inputs(show_finance=True))
    assert [s.number for s in shown.slides] == [s.number for s in pack.slides]
    for key in FINANCE:
        assert _measures(shown)[list(BY_KEY).index(key)].sentence != WITHHELD


def test_a_measure_with_no_figures_keeps_its_slide(built):
    _, pack, _, _ = built
    for s in _measures(pack):
        if not s.chart and s.key not in FINANCE:
            assert s.note in (NO_FIGURES, ALL_HIDDEN) and s.sentence in (NO_FIGURES, ALL_HIDDEN)


def test_render_refuses_other_formats(built):
    with pytest.raises(ValueError, match="written as .pdf or .pptx"):
        render("data-pack", built[0], ".docx")
