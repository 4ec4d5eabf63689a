//! Two small SVG charts of our own: the funnel (centred bars, stages top to bottom) and a
//! line chart. Chosen over a charting library: the library candidates for Leptos/WASM add
//! hundreds of KB or need JavaScript, and these two shapes need about a hundred lines whose
//! geometry is tested below. SVG also prints crisply for the weekly meeting.

use leptos::prelude::*;

/// Bar widths proportional to `values`, the largest `full` wide; a zero gets a hairline so
/// the stage is still visible.
pub(crate) fn bar_widths(values: &[f64], full: f64) -> Vec<f64> {
    let max = values.iter().copied().fold(0.0, f64::max);
    values
        .iter()
        .map(|v| {
            if max > 0.0 && *v > 0.0 {
                (v / max * full).max(2.0)
            } else {
                1.0
            }
        })
        .collect()
}

/// An SVG path through `values` (gaps where `None`) on a `w` × `h` canvas, `lo`..`hi` bottom
/// to top.
pub(crate) fn line_path(values: &[Option<f64>], w: f64, h: f64, lo: f64, hi: f64) -> String {
    let n = values.len().max(2) - 1;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let mut out = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let x = i as f64 / n as f64 * w;
                let y = h - (v - lo) / span * h;
                out.push_str(&format!(
                    "{}{x:.1},{y:.1} ",
                    if pen_down { "L" } else { "M" }
                ));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    out.trim_end().to_owned()
}

/// A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `v`.
pub(crate) fn nice_max(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * p)
}

/// One stage of the funnel chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FunnelRow {
    /// The stage key (for clicks).
    pub key: String,
    /// The stage's name.
    pub label: String,
    /// What sizes the bar.
    pub value: f64,
    /// The figures written beside it.
    pub text: String,
}

const W: f64 = 640.0;
const LABEL: f64 = 130.0;
const FIGURES: f64 = 150.0;
const ROW: f64 = 34.0;

/// The funnel: stages top to bottom, bar width by `value`; a click on a stage drills in.
#[component]
pub(crate) fn FunnelChart(
    rows: Vec<FunnelRow>,
    #[prop(optional)] selected: String,
    #[prop(optional)] on_pick: Option<Callback<String>>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let full = W - LABEL - FIGURES;
    let widths = bar_widths(&rows.iter().map(|r| r.value).collect::<Vec<_>>(), full);
    let height = ROW * rows.len() as f64;
    let view_box = format!("0 0 {W} {height}");
    let bars = rows
        .into_iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (row, w))| {
            let y = i as f64 * ROW;
            let x = LABEL + (full - w) / 2.0;
            let key = row.key.clone();
            let class = if row.key == selected { "bar picked" } else { "bar" };
            view! {
                <g class=class data-stage=row.key.clone() on:click=move |_| {
                    if let Some(f) = on_pick { f.run(key.clone()) }
                }>
                    <title>{format!("{} {}", row.label, row.text)}</title>
                    <text x="0" y=y + ROW * 0.62 class="label">{row.label.clone()}</text>
                    <rect x=x y=y + 4.0 width=w height=ROW - 8.0 rx="3"></rect>
                    <text x=W y=y + ROW * 0.62 text-anchor="end" class="figures">{row.text.clone()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class=if compact { "funnel-chart compact" } else { "funnel-chart" } viewBox=view_box role="img" preserveAspectRatio="xMinYMin meet">
            {bars}
        </svg>
    }
}

/// One line of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    /// Its name in the legend.
    pub name: String,
    /// CSS class giving its colour.
    pub class: &'static str,
    /// One value per x label.
    pub values: Vec<Option<f64>>,
}

/// Lines over shared x labels, each series scaled to the common `0..max` axis, labelled
/// with `unit`.
#[component]
pub(crate) fn LineChart(labels: Vec<String>, series: Vec<Series>, unit: String) -> impl IntoView {
    let (w, h, left, bottom) = (640.0, 200.0, 48.0, 24.0);
    let max = nice_max(
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .fold(0.0, f64::max),
    );
    let plot_w = w - left - 8.0;
    let plot_h = h - bottom - 8.0;
    let n = labels.len().max(2) - 1;
    let ticks = labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 == 0 || *i == labels.len() - 1)
        .map(|(i, l)| {
            let x = left + i as f64 / n as f64 * plot_w;
            view! { <text x=x y=h - 6.0 text-anchor="middle" class="tick">{l.clone()}</text> }
        })
        .collect_view();
    let lines = series
        .iter()
        .map(|s| {
            let d = line_path(&s.values, plot_w, plot_h, 0.0, max);
            view! { <path class=format!("line {}", s.class) d=d transform=format!("translate({left},8)")></path> }
        })
        .collect_view();
    let legend = series
        .iter()
        .map(|s| view! { <span class=format!("key {}", s.class)>{s.name.clone()}</span> })
        .collect_view();
    view! {
        <figure class="line-chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img">
                <line x1=left y1="8" x2=left y2=8.0 + plot_h class="axis"></line>
                <line x1=left y1=8.0 + plot_h x2=w - 8.0 y2=8.0 + plot_h class="axis"></line>
                <text x=left - 6.0 y="14" text-anchor="end" class="tick">{format!("{max}{unit}")}</text>
                <text x=left - 6.0 y=8.0 + plot_h text-anchor="end" class="tick">"0"</text>
                {ticks}
                {lines}
            </svg>
            <figcaption>{legend}</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_zero_keeps_a_hairline() {
        assert_eq!(bar_widths(&[10.0, 5.0, 0.0], 100.0), vec![100.0, 50.0, 1.0]);
        assert_eq!(bar_widths(&[0.0, 0.0], 100.0), vec![1.0, 1.0]);
        assert_eq!(
            bar_widths(&[1000.0, 1.0], 100.0)[1],
            2.0,
            "tiny but visible"
        );
    }

    #[test]
    fn lines_run_left_to_right_bottom_up_and_break_at_gaps() {
        let d = line_path(
            &[Some(0.0), Some(50.0), None, Some(100.0)],
            300.0,
            100.0,
            0.0,
            100.0,
        );
        assert_eq!(d, "M0.0,100.0 L100.0,50.0 M300.0,0.0");
        assert_eq!(line_path(&[], 10.0, 10.0, 0.0, 1.0), "");
    }

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_max(85.3), 100.0);
        assert_eq!(nice_max(120.0), 200.0);
        assert_eq!(nice_max(0.4), 0.5);
        assert_eq!(nice_max(0.0), 1.0);
    }
}
