//! Bar charts as plain geometry for the templates to draw as inline SVG: no script, no
//! library, nothing fetched; they print, and their numbers are also written on the bars
//! (a chart must be readable without colour).

/// One bar (one series of one bucket).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The value, written above the bar.
    pub value: u64,
    /// Where the value is written (centre).
    pub cx: f64,
    /// Where the value is written (baseline).
    pub label_y: f64,
    /// Its series (0: this run, 1: the previous one), for the CSS class.
    pub series: usize,
}

/// One bucket: its label and its bars.
#[derive(Clone, Debug, PartialEq)]
pub struct Bucket {
    /// The label under the bars.
    pub label: String,
    /// Centre of the bucket, for the label.
    pub centre: f64,
    /// Its bars, one per series.
    pub bars: Vec<Bar>,
}

/// A vertical bar chart.
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    /// Its HTML id.
    pub id: &'static str,
    /// The title (also the SVG's accessible name).
    pub title: String,
    /// Width of the drawing.
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
    /// The axis line's y.
    pub axis_y: f64,
    /// Where bucket labels are written.
    pub label_y: f64,
    /// The buckets.
    pub buckets: Vec<Bucket>,
    /// The series' names, for the legend.
    pub series: Vec<String>,
}

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 240.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 40.0;
const SIDE: f64 = 10.0;

/// Lay out `series` (each a value per bucket) as grouped bars.
pub fn bar_chart(
    id: &'static str,
    title: String,
    labels: Vec<String>,
    series: Vec<(String, Vec<u64>)>,
) -> BarChart {
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let axis_y = HEIGHT - BOTTOM;
    let plot = axis_y - TOP;
    let slot = (WIDTH - 2.0 * SIDE) / labels.len().max(1) as f64;
    let per = series.len().max(1) as f64;
    let bar_width = (slot * 0.8) / per;
    let buckets = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let left = SIDE + slot * i as f64 + slot * 0.1;
            let bars = series
                .iter()
                .enumerate()
                .map(|(s, (_, values))| {
                    let value = values.get(i).copied().unwrap_or(0);
                    let height = (value as f64 / max * plot).max(if value > 0 { 1.0 } else { 0.0 });
                    let y = axis_y - height;
                    Bar {
                        x: round(left + bar_width * s as f64),
                        y: round(y),
                        width: round(bar_width - 2.0),
                        height: round(height),
                        value,
                        cx: round(left + bar_width * s as f64 + (bar_width - 2.0) / 2.0),
                        label_y: round(y - 4.0),
                        series: s,
                    }
                })
                .collect();
            Bucket {
                label,
                centre: round(SIDE + slot * i as f64 + slot / 2.0),
                bars,
            }
        })
        .collect();
    BarChart {
        id,
        title,
        width: WIDTH,
        height: HEIGHT,
        axis_y,
        label_y: axis_y + 18.0,
        buckets,
        series: series.into_iter().map(|(name, _)| name).collect(),
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_stay_inside() {
        let c = bar_chart(
            "c",
            "t".into(),
            vec!["0★".into(), "1★".into(), "2★".into()],
            vec![
                ("now".into(), vec![0, 5, 10]),
                ("before".into(), vec![1, 2, 3]),
            ],
        );
        assert_eq!(c.buckets.len(), 3);
        let tallest = &c.buckets[2].bars[0];
        assert_eq!(tallest.y, TOP);
        assert_eq!(tallest.y + tallest.height, c.axis_y);
        assert_eq!(c.buckets[0].bars[0].height, 0.0);
        assert_eq!(c.buckets[1].bars[0].height * 2.0, tallest.height);
        for b in c.buckets.iter().flat_map(|b| &b.bars) {
            assert!(b.x >= 0.0 && b.x + b.width <= c.width, "{b:?}");
        }
        assert_eq!(c.series, vec!["now", "before"]);
    }

    #[test]
    fn an_empty_run_draws_flat_bars() {
        let c = bar_chart(
            "c",
            "t".into(),
            vec!["a".into()],
            vec![("x".into(), vec![0])],
        );
        assert_eq!(c.buckets[0].bars[0].height, 0.0);
    }
}
