"""Charts the notebooks draw: readable at page width whatever the corpus's size."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from libya_analysis.analysis import plots  # noqa: E402


def _perpetrators(n: int) -> pd.DataFrame:
    rows = []
    for i in range(n):
        for category in ("killed", "injured"):
            rows.append({"perpetrator": f"group {i:02d}", "category": category, "low": i, "best": 2 * i, "high": 3 * i})
    return pd.DataFrame(rows)


def _bar_labels(fig) -> list[str]:
    ax = fig.axes[0]
    return [t.get_text() for t in ax.get_yticklabels()] or [t.get_text() for t in ax.get_xticklabels()]


def test_many_labels_are_horizontal_bars_of_a_page_width_with_the_rest_summed():
    table = _perpetrators(20)
    fig = plots.range_bars(table, label="perpetrator", title="t", max_labels=8)
    labels = _bar_labels(fig)
    assert labels[:7] == [f"group {i:02d}" for i in range(19, 12, -1)], "largest first"
    assert labels[7] == "13 others" and len(labels) == 8
    assert fig.get_size_inches()[0] <= 9
    drawn = sorted(round(p.get_width()) for p in fig.axes[0].patches)
    assert sum(2 * i for i in range(13)) in drawn, "the others' bar is the sum of their best estimates"


def test_few_labels_keep_their_order_and_stand_upright():
    months = pd.DataFrame({"month": ["2011-02", "2011-03", "2011-04"], "category": "killed",
                           "low": [5, 1, 3], "best": [6, 2, 4], "high": [7, 3, 5]})
    fig = plots.range_bars(months, label="month", title="t")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2011-02", "2011-03", "2011-04"]
    assert [round(p.get_height()) for p in fig.axes[0].patches] == [6, 2, 4]


def test_one_category_per_label_draws_one_bar_per_label():
    overall = pd.DataFrame({"label": ["killed", "injured"], "category": ["killed", "injured"],
                            "low": [10, 4], "best": [12, 5], "high": [20, 5]})
    fig = plots.range_bars(overall, label="label", title="t")
    bars = fig.axes[0].patches
    assert len(bars) == 2 and [round(b.get_height()) for b in bars] == [12, 5]
    assert [round(b.get_x() + b.get_width() / 2, 3) for b in bars] == [0, 1], "each bar on its own label"
