//! Building the engagement report: each month's figures looked up from the store's counts,
//! suppressed a column at a time, then laid out as rows. Never shows a figure it suppressed.

use std::collections::HashMap;
use std::sync::Arc;

use super::{
    EngagementCounts, EngagementReport, EngagementSpec, Figure, FigureKey, ReportRow, TOTAL_UNIT,
    UnitMonthCount,
};
use crate::report::month::Month;
use crate::report::suppress::{self, Cell, ColumnMask, MinGroup};

/// (unit, month, key).
type CellKey<'a> = (&'a str, &'a str, &'a str);

/// Cells by (unit, month, key).
fn index(rows: &[UnitMonthCount]) -> HashMap<CellKey<'_>, Cell> {
    let mut cells: HashMap<CellKey<'_>, Cell> = HashMap::new();
    for r in rows {
        let cell = cells
            .entry((r.unit.as_str(), r.month.as_str(), r.key.as_str()))
            .or_default();
        *cell = cell.plus(Cell {
            value: r.count,
            people: r.people,
        });
    }
    cells
}

/// The counts of [`EngagementCounts`], indexed for looking up one cell at a time.
struct Indexed<'a> {
    heads: HashMap<&'a str, u64>,
    checked: HashMap<CellKey<'a>, Cell>,
    stressors: HashMap<CellKey<'a>, Cell>,
    opened: HashMap<CellKey<'a>, Cell>,
    closed: HashMap<CellKey<'a>, Cell>,
    accepted: HashMap<CellKey<'a>, Cell>,
    bands: HashMap<CellKey<'a>, Cell>,
    /// (days, referrals) by (unit, month).
    days: HashMap<(&'a str, &'a str), Vec<(i64, u64)>>,
}

impl<'a> Indexed<'a> {
    fn new(counts: &'a EngagementCounts) -> Self {
        let mut days: HashMap<(&str, &str), Vec<(i64, u64)>> = HashMap::new();
        for d in &counts.accept_days {
            days.entry((d.unit.as_str(), d.month.as_str()))
                .or_default()
                .push((d.days, d.referrals));
        }
        Self {
            heads: counts
                .headcount
                .iter()
                .map(|(unit, n)| (unit.as_str(), *n))
                .collect(),
            checked: index(&counts.checked_in),
            stressors: index(&counts.stressors),
            opened: index(&counts.opened),
            closed: index(&counts.closed),
            accepted: index(&counts.accepted),
            bands: index(&counts.bands),
            days,
        }
    }
}

/// Which row of a month a figure is for.
#[derive(Clone, Copy)]
enum RowAt {
    /// The unit at this position in the spec's units.
    Unit(usize),
    Total,
}

/// One figure column of one month after suppression.
struct MonthColumn {
    /// One figure per unit row, in the spec's order.
    units: Vec<Figure>,
    total: Figure,
}

impl MonthColumn {
    /// The figure of one row; one that is missing is suppressed, never shown as something.
    fn at(&self, row: RowAt) -> Figure {
        match row {
            RowAt::Unit(i) => self.units.get(i).copied().unwrap_or(Figure::Suppressed),
            RowAt::Total => self.total,
        }
    }
}

/// Suppresses an additive column; returns its mask too, so derived columns can follow it.
fn additive(
    cells: &[Cell],
    hidden: &[bool],
    total_hidden: bool,
    k: MinGroup,
) -> (MonthColumn, ColumnMask) {
    let mask = suppress::additive_column(cells, hidden, total_hidden, k);
    let shown = |suppressed: bool, value: u64| {
        if suppressed {
            Figure::Suppressed
        } else {
            Figure::Count(value)
        }
    };
    let column = MonthColumn {
        units: cells
            .iter()
            .zip(&mask.units)
            .map(|(cell, suppressed)| shown(*suppressed, cell.value))
            .collect(),
        total: shown(mask.total, cells.iter().map(|c| c.value).sum()),
    };
    (column, mask)
}

/// The figures of one month's rows, a column at a time.
struct MonthTable {
    headcount: MonthColumn,
    checked_in: MonthColumn,
    coverage: MonthColumn,
    stressors: Vec<(FigureKey, MonthColumn)>,
    opened: MonthColumn,
    closed: MonthColumn,
    median_days_to_accept: MonthColumn,
    bands: Vec<(FigureKey, MonthColumn)>,
}

impl MonthTable {
    fn row(&self, unit: String, month: Month, at: RowAt) -> ReportRow {
        let keyed = |columns: &[(FigureKey, MonthColumn)]| {
            columns
                .iter()
                .map(|(key, column)| (Arc::clone(key), column.at(at)))
                .collect()
        };
        ReportRow {
            unit,
            month,
            is_total: matches!(at, RowAt::Total),
            headcount: self.headcount.at(at),
            checked_in: self.checked_in.at(at),
            coverage: self.coverage.at(at),
            stressors: keyed(&self.stressors),
            opened: self.opened.at(at),
            closed: self.closed.at(at),
            median_days_to_accept: self.median_days_to_accept.at(at),
            bands: keyed(&self.bands),
        }
    }
}

/// The median of a histogram of (days, referrals), or `None` if it is empty.
pub(super) fn median(histogram: &[(i64, u64)]) -> Option<f64> {
    let mut sorted = histogram.to_vec();
    sorted.sort_unstable();
    let n: u64 = sorted.iter().map(|(_, c)| c).sum();
    if n == 0 {
        return None;
    }
    let at = |position: u64| {
        let mut seen = 0;
        for (days, count) in &sorted {
            seen += count;
            if position < seen {
                return *days;
            }
        }
        0
    };
    Some((at((n - 1) / 2) + at(n / 2)) as f64 / 2.0)
}

/// `checked_in` as a whole percentage of `headcount`, rounded half up.
fn coverage_pct(headcount: u64, checked_in: u64) -> u64 {
    if headcount == 0 {
        0
    } else {
        (checked_in * 200 + headcount) / (headcount * 2)
    }
}

/// The figures of every row of `month`, with suppression applied.
fn month_table(
    spec: &EngagementSpec,
    counts: &Indexed<'_>,
    stressors: &[FigureKey],
    bands: &[FigureKey],
    month: &str,
) -> MonthTable {
    let k = spec.k;
    let cells_of = |source: &HashMap<CellKey<'_>, Cell>, key: &str| -> Vec<Cell> {
        spec.units
            .iter()
            .map(|u| {
                source
                    .get(&(u.as_str(), month, key))
                    .copied()
                    .unwrap_or_default()
            })
            .collect()
    };
    let headcounts: Vec<u64> = spec
        .units
        .iter()
        .map(|u| counts.heads.get(u.as_str()).copied().unwrap_or(0))
        .collect();
    let hidden = suppress::hidden_rows(&headcounts, k);
    let total_headcount: u64 = headcounts.iter().sum();
    let total_hidden = total_headcount < k.get();
    let additive_of = |source: &HashMap<CellKey<'_>, Cell>, key: &str| {
        additive(&cells_of(source, key), &hidden, total_hidden, k).0
    };

    // A hidden row's headcount is known to be below k (that is why it is hidden), so
    // unlike its other cells it counts as a known non-zero suppressed cell.
    let head_cells: Vec<Cell> = headcounts.iter().copied().map(Cell::of_people).collect();
    let empty_rows: Vec<bool> = headcounts.iter().map(|&h| h == 0).collect();
    let (headcount, head_mask) = additive(&head_cells, &empty_rows, total_hidden, k);
    let checked_cells = cells_of(&counts.checked, "");
    let (checked_in, checked_mask) = additive(&checked_cells, &hidden, total_hidden, k);
    // A percentage with its headcount shown gives the count back, so it goes with either.
    let percent = |suppressed: bool, headcount: u64, checked: u64| {
        if suppressed {
            Figure::Suppressed
        } else {
            Figure::Count(coverage_pct(headcount, checked))
        }
    };
    let coverage = MonthColumn {
        units: (0..spec.units.len())
            .map(|i| {
                percent(
                    head_mask.units[i] || checked_mask.units[i],
                    headcounts[i],
                    checked_cells[i].value,
                )
            })
            .collect(),
        total: percent(
            head_mask.total || checked_mask.total,
            total_headcount,
            checked_cells.iter().map(|c| c.value).sum(),
        ),
    };

    // A median cannot be subtracted from another, so it is suppressed on its own terms.
    let accepted_cells = cells_of(&counts.accepted, "");
    let mut all_days = Vec::new();
    let mut unit_medians = Vec::new();
    for (i, unit) in spec.units.iter().enumerate() {
        let histogram = counts
            .days
            .get(&(unit.as_str(), month))
            .cloned()
            .unwrap_or_default();
        all_days.extend_from_slice(&histogram);
        unit_medians.push(if suppress::standalone(accepted_cells[i], hidden[i], k) {
            Figure::Suppressed
        } else {
            median(&histogram).map_or(Figure::Empty, Figure::Days)
        });
    }
    let accepted_total = accepted_cells
        .iter()
        .fold(Cell::default(), |sum, c| sum.plus(*c));
    let median_days_to_accept = MonthColumn {
        units: unit_medians,
        total: if suppress::standalone(accepted_total, total_hidden, k) {
            Figure::Suppressed
        } else {
            median(&all_days).map_or(Figure::Empty, Figure::Days)
        },
    };

    MonthTable {
        headcount,
        checked_in,
        coverage,
        stressors: stressors
            .iter()
            .map(|key| (Arc::clone(key), additive_of(&counts.stressors, key)))
            .collect(),
        opened: additive_of(&counts.opened, ""),
        closed: additive_of(&counts.closed, ""),
        median_days_to_accept,
        bands: bands
            .iter()
            .map(|key| (Arc::clone(key), additive_of(&counts.bands, key)))
            .collect(),
    }
}

/// Builds the report: every unit × month in `spec`, then the month's `all` row, with
/// suppression applied to each month's figures.
pub fn build(spec: &EngagementSpec, counts: &EngagementCounts) -> EngagementReport {
    let counts = Indexed::new(counts);
    let shared = |keys: &[String]| -> Vec<FigureKey> {
        keys.iter().map(|k| FigureKey::from(k.as_str())).collect()
    };
    let (stressors, bands) = (shared(&spec.stressors), shared(&spec.bands));
    let mut rows = Vec::new();
    for month in spec.from.through(spec.to) {
        let table = month_table(spec, &counts, &stressors, &bands, &month.to_string());
        for (i, unit) in spec.units.iter().enumerate() {
            rows.push(table.row(unit.clone(), month, RowAt::Unit(i)));
        }
        rows.push(table.row(TOTAL_UNIT.to_string(), month, RowAt::Total));
    }
    EngagementReport {
        from: spec.from,
        to: spec.to,
        k: spec.k,
        rows,
    }
}

/// [`build`] at `spec.k`, with every figure that the vault's minimum `floor` would
/// suppress suppressed too. A report at a raised k then shows a subset of what the report
/// at the floor shows, so reports at different k cannot be set against each other: on
/// its own terms a raised k may need other complementary cells than the floor did, and
/// one report's complement could be the figure another report leaves out.
pub fn build_at_least(
    spec: &EngagementSpec,
    counts: &EngagementCounts,
    floor: MinGroup,
) -> EngagementReport {
    let mut report = build(spec, counts);
    if floor.get() >= spec.k.get() {
        return report;
    }
    let mut at_floor = build(
        &EngagementSpec {
            k: floor,
            ..spec.clone()
        },
        counts,
    );
    for (row, floor_row) in report.rows.iter_mut().zip(&mut at_floor.rows) {
        for (figure, floor_figure) in row.figures_mut().zip(floor_row.figures_mut()) {
            if *floor_figure == Figure::Suppressed {
                *figure = Figure::Suppressed;
            }
        }
    }
    report
}
