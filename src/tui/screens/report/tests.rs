//! The report page against a hand-made report: what each figure reads, where the bars are,
//! and how keys and clicks move the month and the unit.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use super::*;
use crate::tui::state::{Clock, VaultInfo};
use crate::tui::theme::Theme;

fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

/// A row from its figures in the order headcount, checked in, coverage, workload,
/// opened, closed, median days to accept.
fn row(unit: &str, at: &str, figures: [Figure; 7]) -> ReportRow {
    let [
        headcount,
        checked_in,
        coverage,
        workload,
        opened,
        closed,
        median,
    ] = figures;
    ReportRow {
        unit: unit.into(),
        month: month(at),
        is_total: unit == crate::report::engagement::TOTAL_UNIT,
        headcount,
        checked_in,
        coverage,
        stressors: vec![("work.workload".into(), workload)],
        opened,
        closed,
        median_days_to_accept: median,
        bands: Vec::new(),
    }
}

/// Two months; in May the small unit's figures and the total's coverage are suppressed,
/// and another unit is hidden whole.
fn report() -> EngagementReport {
    use Figure::{Count, Days, Empty, Suppressed};
    let hidden = [Suppressed; 7];
    EngagementReport {
        from: month("2026-05"),
        to: month("2026-06"),
        k: MinGroup::default(),
        rows: vec![
            row(
                "Open",
                "2026-05",
                [
                    Count(12),
                    Count(9),
                    Count(75),
                    Count(6),
                    Count(0),
                    Count(0),
                    Empty,
                ],
            ),
            row(
                "Quiet",
                "2026-05",
                [
                    Suppressed,
                    Suppressed,
                    Suppressed,
                    Suppressed,
                    Count(0),
                    Suppressed,
                    Suppressed,
                ],
            ),
            row("Tiny", "2026-05", hidden),
            row(
                "all",
                "2026-05",
                [
                    Count(23),
                    Suppressed,
                    Suppressed,
                    Count(9),
                    Count(0),
                    Suppressed,
                    Days(3.5),
                ],
            ),
            row(
                "Open",
                "2026-06",
                [
                    Count(12),
                    Count(12),
                    Count(100),
                    Count(0),
                    Count(0),
                    Count(0),
                    Empty,
                ],
            ),
            row("Quiet", "2026-06", hidden),
            row("Tiny", "2026-06", hidden),
            row(
                "all",
                "2026-06",
                [
                    Count(23),
                    Count(20),
                    Count(87),
                    Count(0),
                    Count(0),
                    Count(0),
                    Empty,
                ],
            ),
        ],
    }
}

fn draw(page: &ReportPage, width: u16, height: u16) -> Vec<String> {
    draw_in(page, Rect::new(0, 0, width, height))
}

/// The page drawn in `area` of a terminal just big enough, line by line.
fn draw_in(page: &ReportPage, area: Rect) -> Vec<String> {
    let (width, height) = (area.right(), area.bottom());
    let clock = Clock {
        local: month("2026-06").first_day().and_hms_opt(9, 0, 0).unwrap(),
        unix: 0,
    };
    let state = State::new(
        VaultInfo {
            name: "Test vault".into(),
            demo: false,
        },
        15,
        Theme::MONOCHROME,
        clock,
        Size::new(width, height),
    );
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| render(f, area, &state, page)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

fn page(selected: usize) -> ReportPage {
    ReportPage {
        to: month("2026-06"),
        status: Loaded::Ready(Box::new(Shown::new(report()))),
        month: selected,
        on_total: true,
        cursor: ListCursor::default(),
    }
}

fn words_of<'a>(lines: &'a [String], unit: &str) -> Vec<&'a str> {
    lines
        .iter()
        .find(|l| l.trim_start_matches(['▶', ' ']).starts_with(unit))
        .unwrap_or_else(|| panic!("no {unit} in {lines:#?}"))
        .split_whitespace()
        .filter(|w| *w != "▶")
        .collect()
}

#[test]
fn suppressed_figures_read_as_a_dash_in_the_table_never_as_a_number() {
    for width in [60, 80, 140] {
        let lines = draw(&page(0), width, 30);
        let quiet = words_of(&lines, "Quiet");
        let expected = ["Quiet", "—", "—", "—", "0", "—", "—"];
        let shown = quiet.len().min(expected.len());
        assert_eq!(quiet[..shown], expected[..shown], "{width}: {lines:#?}");
        assert!(shown >= 4, "at least people to opened fit at {width}");
        if width >= 140 {
            assert_eq!(quiet[7..], ["—"], "its stressor is hidden too");
        }
        let tiny = words_of(&lines, "Tiny").join(" ");
        assert_eq!(tiny, "Tiny fewer than 5 people: only the unit is shown");
        let all = words_of(&lines, "All").join(" ");
        assert!(all.starts_with("All units 23 — — 0"), "{all}");
        let open = words_of(&lines, "Open").join(" ");
        assert!(open.starts_with("Open 12 9 75% 0"), "{open}");
    }
}

/// The columns `range` of `line`.
fn cells(line: &str, range: std::ops::Range<usize>) -> String {
    line.chars().skip(range.start).take(range.len()).collect()
}

#[test]
fn a_suppressed_month_has_a_dash_and_no_bar_and_a_shown_one_its_bar() {
    let lines = draw(&page(0), 80, 30);
    let heading = lines
        .iter()
        .position(|l| l.starts_with("Check-in coverage"))
        .unwrap();
    let names = lines.iter().position(|l| l.contains("▶May")).unwrap();
    let values = names - 1;
    // Two months in 80 columns: the axis, then a slot of 7 each (a bar of 6, a gap); under
    // each bar a figure and a name, in a field of four centred under it.
    let may = 6..6 + 6;
    let june = 6 + 7..6 + 13;
    assert_eq!(cells(&lines[values], may.clone()), "    — ", "{lines:#?}");
    assert_eq!(cells(&lines[values], june.clone()), "  87% ", "{lines:#?}");
    assert_eq!(cells(&lines[names], may.clone()), " ▶May ", "{lines:#?}");
    assert_eq!(cells(&lines[names], june.clone()), "  Jun ", "{lines:#?}");
    let bars = &lines[heading + 1..values];
    assert_eq!(bars.len(), 8, "{lines:#?}");
    for line in bars {
        assert_eq!(
            cells(line, may.clone()),
            " ".repeat(6),
            "no bar at all for a suppressed month: {lines:#?}"
        );
    }
    // 87% of eight rows: seven full rows, the top one empty.
    let june_bar: Vec<String> = bars.iter().map(|l| cells(l, june.clone())).collect();
    assert_eq!(june_bar[0], " ".repeat(6), "{lines:#?}");
    assert!(
        june_bar[1..].iter().all(|c| *c == "█".repeat(6)),
        "{lines:#?}"
    );
    assert!(lines[heading + 1].starts_with("100%"), "{lines:#?}");
    assert!(lines[values - 1].starts_with("  0%"), "{lines:#?}");
}

#[test]
fn a_click_anywhere_in_a_months_slot_picks_the_month_drawn_there() {
    let lines = draw(&page(0), 80, 30);
    let area = Rect::new(0, 0, 80, 30);
    let Loaded::Ready(shown) = &page(0).status else {
        unreachable!()
    };
    let chart = layout(area, shown).chart;
    let names = lines.iter().position(|l| l.contains("▶May")).unwrap();
    for (y, line) in lines.iter().enumerate() {
        for (x, c) in line.chars().enumerate() {
            let at = Position::new(x as u16, y as u16);
            let month = chart::month_at(chart, 2, at);
            let in_bars = x >= 6 && (chart.y + 1..chart.bottom()).contains(&at.y);
            match c {
                '█' | '▇' | '—' | '8' | '7' | '%' | 'M' | 'J' if in_bars => {
                    let expected = if x < 13 { 0 } else { 1 };
                    assert_eq!(month, Some(expected), "{x},{y} {c}: {lines:#?}");
                }
                _ => {}
            }
        }
    }
    let june = lines[names].find("Jun").unwrap();
    let at = Position::new(lines[names][..june].chars().count() as u16, names as u16);
    assert_eq!(chart::month_at(chart, 2, at), Some(1));
    // The heading and the axis are no month's.
    assert_eq!(chart::month_at(chart, 2, Position::new(20, chart.y)), None);
    assert_eq!(
        chart::month_at(chart, 2, Position::new(0, chart.y + 1)),
        None
    );
    assert_eq!(
        chart::month_at(chart, 2, Position::new(79, chart.y + 2)),
        None
    );
}

#[test]
fn unit_names_reach_the_screen_without_control_characters() {
    let mut hostile = report();
    for row in &mut hostile.rows {
        if row.unit == "Open" {
            row.unit = "Open\u{1b}[2J\u{1b}]52;c;aGk=\u{7}\u{202e}x".into();
        }
    }
    let p = ReportPage {
        status: Loaded::Ready(Box::new(Shown::new(hostile))),
        ..page(0)
    };
    let lines = draw(&p, 100, 30);
    assert!(
        lines.iter().all(|l| !l.chars().any(char::is_control)),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.contains("Open␛[2J")), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains('\u{202e}')), "{lines:#?}");
}

#[test]
fn months_move_within_the_report_and_units_within_the_table() {
    let mut p = page(1);
    let ctx = Ctx {
        body: Rect::new(2, 1, 76, 22),
        page: Rect::new(2, 1, 76, 21),
        today: month("2026-06").first_day(),
        crisis_lines: 0,
    };
    update(&mut p, Action::Right, &ctx);
    assert_eq!(p.month, 1, "June is the last month");
    update(&mut p, Action::Left, &ctx);
    update(&mut p, Action::Left, &ctx);
    assert_eq!(p.month, 0);
    update(&mut p, Action::Last, &ctx);
    assert_eq!((p.on_total, p.cursor.selected), (false, 2), "three units");
    update(&mut p, Action::First, &ctx);
    assert!(p.on_total);
    update(&mut p, Action::Down, &ctx);
    assert_eq!((p.on_total, p.cursor.selected), (false, 0));
    update(&mut p, Action::Up, &ctx);
    assert!(p.on_total, "up from the first unit reaches the total");
    // A click on a month's name shows that month, on a unit's line selects it, and on
    // the total's line selects the total: where the page draws them.
    let lines = draw_in(&p, ctx.page);
    // The month names are on the last line with a marker above the table.
    let table = lines.iter().position(|l| l.contains("by unit")).unwrap();
    let names = lines[..table]
        .iter()
        .rposition(|l| l.contains('▶'))
        .unwrap();
    let click_on = |p: &mut ReportPage, text: &str, lines: &[String]| {
        let y = (names..lines.len())
            .find(|y| lines[*y].contains(text))
            .unwrap();
        let x = lines[y][..lines[y].find(text).unwrap()].chars().count();
        update(
            p,
            Action::Click {
                column: x as u16,
                row: y as u16,
            },
            &ctx,
        );
    };
    click_on(&mut p, "Jun", &lines);
    assert_eq!(p.month, 1);
    click_on(&mut p, "May", &lines);
    assert_eq!(p.month, 0);
    click_on(&mut p, "Quiet", &lines);
    assert_eq!((p.on_total, p.cursor.selected), (false, 1));
    click_on(&mut p, "All units", &lines);
    assert!(p.on_total);
    assert!(matches!(
        update(&mut p, Action::Back, &ctx).nav,
        super::super::Nav::Back
    ));
}

#[test]
fn a_month_with_any_coverage_shows_a_sliver_and_one_with_none_only_its_figure() {
    use ratatui::buffer::Buffer;
    use ratatui::widgets::Widget;

    let mut low = report();
    for row in low.rows.iter_mut().filter(|r| r.is_total) {
        row.coverage = Figure::Count(if row.month == month("2026-05") { 1 } else { 0 });
    }
    let shown = Shown::new(low);
    let chart = ChartView {
        shown: &shown,
        selected: 0,
        theme: Theme::MONOCHROME,
    };
    let mut buffer = Buffer::empty(Rect::new(0, 0, 16, 6));
    (&chart).render(buffer.area, &mut buffer);
    let mut expected = Buffer::with_lines([
        "Check-in covera…",
        "100%            ",
        "                ",
        "  0%  ▁▁▁▁      ",
        "        1%   0% ",
        "      ▶May  Jun ",
    ]);
    // Compare symbols only: the styles are the theme's business.
    expected.set_style(expected.area, ratatui::style::Style::reset());
    buffer.set_style(buffer.area, ratatui::style::Style::reset());
    assert_eq!(buffer, expected);
}
