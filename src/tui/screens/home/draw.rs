//! Drawing home: where each section goes at this size, the sections, and the roster's rows.

use super::*;

pub(crate) struct HomeLayout {
    pub notices: Rect,
    /// "Just for you", on the employee home when a rule holds for oneself.
    pub own: Rect,
    pub prompt_heading: Rect,
    pub prompt_rows: Rect,
    pub panel_heading: Rect,
    pub panel_rows: Rect,
    pub heading: Rect,
    pub columns: Rect,
    pub list: Rect,
}

pub(crate) fn layout(body: Rect, ws: &Workspace) -> HomeLayout {
    let notices = u16::try_from(notice_lines(ws, usize::from(body.width)).len()).unwrap_or(0);
    let gap = u16::from(notices > 0);
    let own_lines = u16::try_from(own_lines(ws, usize::from(body.width)).len()).unwrap_or(0);
    // Each upper section takes what it needs, up to a share of the screen (more for the
    // coordinator's queue, their main work); the list below always keeps a few rows.
    let to_rows = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    // A prompt takes two lines on a narrow screen; the section keeps whole prompts (and
    // one line for saying there are none).
    let per = match &ws.prompts {
        Some(list) if list.len() > 0 => prompts::lines_per_prompt(body.width),
        _ => 1,
    };
    let mut prompt_rows = match &ws.prompts {
        Some(list) => to_rows(list.len().max(1))
            .saturating_mul(per)
            .min((body.height / 4).max(per)),
        None => 0,
    };
    let panel_share = match (&ws.panel, ws.prompts.is_some()) {
        (Panel::Queue(_), false) => body.height / 2,
        (Panel::Queue(_), true) | (_, false) => body.height / 3,
        (_, true) => body.height / 4,
    };
    let mut panel_rows = if matches!(ws.panel, Panel::None) {
        0
    } else {
        to_rows(ws.panel.wanted_rows()).min(panel_share.max(1))
    };
    let total = |p: u16, q: u16| p + 2 * u16::from(p > 0) + q + 2 * u16::from(q > 0);
    // The people list's heading, its column names and at least two of its rows.
    let room = body.height.saturating_sub(notices + gap + 4);
    // One's own prompts and a blank row under them, as much as fits.
    let own = if own_lines > 0 {
        (own_lines + 1).min(room)
    } else {
        0
    };
    let room = room - own;
    while total(prompt_rows, panel_rows) > room && (prompt_rows > 1 || panel_rows > 1) {
        if panel_rows >= prompt_rows && panel_rows > 1 {
            panel_rows -= 1;
        } else {
            prompt_rows -= 1;
        }
    }
    if prompt_rows > 0 {
        prompt_rows = (prompt_rows / per * per).max(per);
    }
    let section = |rows: u16| if rows > 0 { rows + 2 } else { 0 };
    let [notices, own, prompts, panel, heading, columns, list] = Layout::vertical([
        Constraint::Length(notices + gap),
        Constraint::Length(own),
        Constraint::Length(section(prompt_rows)),
        Constraint::Length(section(panel_rows)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(body);
    let split = |area: Rect, rows: u16| -> [Rect; 3] {
        Layout::vertical([
            Constraint::Length(u16::from(rows > 0)),
            Constraint::Length(rows),
            Constraint::Fill(1),
        ])
        .areas(area)
    };
    let [prompt_heading, prompt_rows, _] = split(prompts, prompt_rows);
    let [panel_heading, panel_rows, _] = split(panel, panel_rows);
    HomeLayout {
        notices,
        own: Rect {
            height: own.height.saturating_sub(1),
            ..own
        },
        prompt_heading,
        prompt_rows,
        panel_heading,
        panel_rows,
        heading,
        columns,
        list,
    }
}

/// The coordinator's inbox on home: how many self-checks are shared with them, how many are
/// new, and the key that opens them.
fn inbox_notice(inbox: InboxCount) -> (String, Meaning) {
    let key = shared_selfchecks::OPEN.keys[0].label();
    if inbox.shared == 0 {
        return (
            format!("No self-check is shared with you yet; {key} opens the inbox."),
            Meaning::Muted,
        );
    }
    let shared = widgets::count(
        u64::try_from(inbox.shared).unwrap_or(u64::MAX),
        "self-check is",
        "self-checks are",
    );
    if inbox.new == 0 {
        return (
            format!("{shared} shared with you, none new: press {key} to read."),
            Meaning::Muted,
        );
    }
    (
        format!(
            "{shared} shared with you, {} new to you: press {key} to read.",
            widgets::thousands(inbox.new)
        ),
        Meaning::Title,
    )
}

/// One's own prompts wrapped to `width` (on the employee home only), naming the keys of the
/// commands they hint at.
fn own_lines(ws: &Workspace, width: usize) -> Vec<(String, Meaning)> {
    if ws.user.role != Role::Employee {
        return Vec::new();
    }
    let help_now = keymap::GLOBAL
        .iter()
        .find(|c| c.action == Action::OpenHelpNow)
        .map_or(Key::ch('!'), |c| c.keys[0]);
    own_prompts::lines(
        ws.own_prompts.as_ref(),
        width,
        (SELF_CHECK.keys[0], help_now),
    )
}

/// The notices wrapped to `width`.
fn notice_lines(ws: &Workspace, width: usize) -> Vec<(String, Meaning)> {
    notices(ws)
        .into_iter()
        .flat_map(|(text, meaning)| {
            widgets::wrap_words(&text, width)
                .into_iter()
                .map(move |l| (l, meaning))
        })
        .collect()
}

/// Lines above everything that the person should read: failed logins, the last thing done.
fn notices(ws: &Workspace) -> Vec<(String, Meaning)> {
    let mut lines = Vec::new();
    if ws.notice.failed_attempts > 0 {
        lines.push((
            format!(
                "{} since your last login.",
                widgets::count(
                    u64::from(ws.notice.failed_attempts),
                    "failed login attempt",
                    "failed login attempts"
                )
            ),
            Meaning::Alert,
        ));
    }
    if ws.user.role == Role::Admin {
        if let Some(at) = ws.notice.rules_failed_at {
            lines.push((
                format!(
                    "⚠ The daily rules run failed at {}; see `journalctl -u steady-rules.service`.",
                    at.format("%Y-%m-%d %H:%M UTC")
                ),
                Meaning::Alert,
            ));
        }
        lines.push((
            match ws.notice.rules_last_run {
                Some(day) => format!("The rules last ran on {day}."),
                None => "The daily rules have not run yet.".into(),
            },
            Meaning::Muted,
        ));
    }
    if let Panel::Queue(queue) = &ws.panel
        && let Some(inbox) = queue.inbox
    {
        lines.push(inbox_notice(inbox));
    }
    if ws.notice.tally_was_missing {
        lines.push((
            "The record of failed logins had been deleted or damaged, so every login waited 15 minutes once; this is now in the audit log. Tell your admin.".into(),
            Meaning::Alert,
        ));
    }
    if let Some(message) = &ws.message {
        let meaning = if message.alert {
            Meaning::Alert
        } else {
            Meaning::Text
        };
        lines.push((widgets::sentence(&message.text), meaning));
    }
    lines
}

fn heading(ws: &Workspace) -> String {
    let people = &ws.people;
    let count = if people.filter.is_empty() {
        widgets::thousands(people.total())
    } else {
        format!(
            "{} of {}",
            widgets::thousands(people.shown_len()),
            widgets::thousands(people.total())
        )
    };
    match ws.user.role {
        Role::Supervisor => format!("Your people ({count})"),
        Role::Mentor => format!("Your mentees ({count})"),
        Role::Admin | Role::Coordinator => format!("Everyone on the roster ({count})"),
        Role::Employee => "Your record".into(),
        // The app refuses operator accounts at login; nothing of the roster is theirs.
        Role::Operator => "Batch work only".into(),
    }
}

fn empty_roster(role: Role) -> &'static str {
    match role {
        Role::Supervisor => {
            "No one reports to you in the roster yet. When the roster lists people under you, they appear here."
        }
        Role::Mentor => {
            "No mentees are assigned to you yet. An administrator pairs mentors with mentees."
        }
        Role::Coordinator => "The roster is empty. An administrator imports it.",
        Role::Admin => {
            "The roster is empty. Import it with `steady people import FILE.csv`, or add people with `steady people add`."
        }
        Role::Employee => {
            "Your account is not linked to a roster entry yet. An administrator can link it."
        }
        Role::Operator => "The operator account runs batch work from the host; it has no app.",
    }
}

/// The people list's columns: how wide each is (0: not shown). The name gets what its
/// longest entry needs before the unit does, and the unit only what its longest needs; on a
/// narrow screen the unit goes first, then the follow-up, then the last check-in, so a name
/// is never cut to make room for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Columns {
    name: usize,
    id: usize,
    last: usize,
    next: usize,
    unit: usize,
}

const ID_AT_LEAST: usize = 12; // "Employee id", and a space to set it apart
const LAST_WIDTH: usize = 14; // "Last check-in", "30 Nov 2025", and a space to set it apart
const NEXT_WIDTH: usize = 15; // "Next follow-up", "was 03 Dec 2025"
const NAME_AT_LEAST: usize = 16;
/// A unit is shown whole, or at least this much of it.
const UNIT_AT_LEAST: usize = 12;

impl Columns {
    /// Columns for a list `width` wide whose longest name, employee id and unit are as
    /// given, with the last check-in and follow-up where the list has them.
    pub(super) fn fit(width: usize, seen: bool, longest: (usize, usize, usize)) -> Self {
        let (longest_name, longest_id, longest_unit) = longest;
        let id = longest_id.max(ID_AT_LEAST);
        let avail = width.saturating_sub(2);
        let (mut last, mut next) = if seen {
            (LAST_WIDTH, NEXT_WIDTH)
        } else {
            (0, 0)
        };
        let gaps = |w: usize| if w > 0 { w + 1 } else { 0 };
        let rest =
            |last: usize, next: usize| avail.saturating_sub(id + 1 + gaps(last) + gaps(next));
        if rest(last, next) < NAME_AT_LEAST {
            next = 0;
        }
        if rest(last, next) < NAME_AT_LEAST {
            last = 0;
        }
        let rest = rest(last, next);
        let mut name = longest_name.max(NAME_AT_LEAST).min(rest);
        let mut unit = rest.saturating_sub(name + 1);
        if unit < UNIT_AT_LEAST.min(longest_unit.max(1)) {
            unit = 0;
            name = rest;
        } else if unit > longest_unit.max(4) {
            unit = longest_unit.max(4);
            name = rest.saturating_sub(unit + 1);
        }
        Self {
            name,
            id,
            last,
            next,
            unit,
        }
    }

    fn row(&self, marker: &str, cells: [&str; 5]) -> String {
        let [name, id, last, next, unit] = cells;
        let mut text = format!(
            "{marker}{} {}",
            widgets::fit(name, self.name),
            widgets::fit(id, self.id)
        );
        for (cell, w) in [(last, self.last), (next, self.next), (unit, self.unit)] {
            if w > 0 {
                text.push(' ');
                text.push_str(&widgets::fit(cell, w));
            }
        }
        text.trim_end().to_string()
    }
}

/// When someone was last checked in with, for the people list.
fn last_cell(seen: Option<&LastSeen>) -> String {
    match seen.and_then(|s| s.last_checkin_on) {
        Some(on) => crate::tui::record::day(on),
        None => "none yet".into(),
    }
}

/// The follow-up the viewer asked for on that check-in: a day to come, today, or one past.
fn next_cell(seen: Option<&LastSeen>, today: chrono::NaiveDate) -> String {
    match seen.and_then(|s| s.follow_up_on) {
        Some(on) if on == today => "today".into(),
        Some(on) if on < today => format!("was {}", crate::tui::record::day(on)),
        Some(on) => crate::tui::record::day(on),
        None => String::new(),
    }
}

pub(crate) fn render(frame: &mut Frame, body: Rect, state: &State, ws: &Workspace) {
    let theme = state.theme;
    let areas = layout(body, ws);
    let notice_lines: Vec<Line> = notice_lines(ws, usize::from(body.width))
        .into_iter()
        .map(|(text, meaning)| Line::styled(text, theme.style(meaning)))
        .collect();
    frame.render_widget(Paragraph::new(notice_lines), areas.notices);
    own_prompts::render(
        frame,
        areas.own,
        theme,
        own_lines(ws, usize::from(body.width)),
    );
    let focus = section_after(ws, 0);
    if let Some(list) = &ws.prompts {
        prompts::render(
            frame,
            (areas.prompt_heading, areas.prompt_rows),
            state,
            (list, ws.user.role),
            focus == Focus::Prompts,
        );
    }
    let panel_focused = focus == Focus::Panel;
    match &ws.panel {
        Panel::Today(list) => today::render(
            frame,
            (areas.panel_heading, areas.panel_rows),
            state,
            list,
            panel_focused,
        ),
        Panel::Queue(list) => queue::render(
            frame,
            (areas.panel_heading, areas.panel_rows),
            state,
            list,
            panel_focused,
        ),
        Panel::None => {}
    }
    render_heading(frame, areas.heading, state, ws);
    let people = &ws.people;
    let width = usize::from(areas.list.width);
    let say = |frame: &mut Frame, text: &str, meaning: Meaning| {
        let lines: Vec<Line> = widgets::wrap_words(text, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.style(meaning)))
            .collect();
        frame.render_widget(Paragraph::new(lines), areas.list);
    };
    match &people.status {
        Loaded::Loading => return say(frame, "Loading…", Meaning::Muted),
        Loaded::Failed(message) => {
            return say(frame, &widgets::sentence(message), Meaning::Alert);
        }
        Loaded::Ready(()) => {}
    }
    if people.total() == 0 {
        return say(frame, empty_roster(ws.user.role), Meaning::Text);
    }
    if people.shown_len() == 0 {
        let text = format!(
            "No one matches “{}”. Esc clears the filter.",
            sanitize(&people.filter)
        );
        return say(frame, &text, Meaning::Text);
    }
    let today = state.clock.today();
    let columns = Columns::fit(width, people.has_seen(), people.longest());
    frame.render_widget(
        Line::styled(
            columns.row(
                "  ",
                [
                    "Name",
                    "Employee id",
                    "Last check-in",
                    "Next follow-up",
                    "Unit",
                ],
            ),
            theme.style(Meaning::Muted),
        ),
        areas.columns,
    );
    let rows = usize::from(areas.list.height);
    let focused = focus == Focus::People;
    for (i, (pos, person, seen)) in people.window(rows).enumerate() {
        let selected = focused && pos == people.cursor.selected;
        let marker = if selected { "▶ " } else { "  " };
        let name = if person.active {
            sanitize(&person.name)
        } else {
            format!("{} (inactive)", sanitize(&person.name)).into()
        };
        let text = columns.row(
            marker,
            [
                &name,
                &sanitize(&person.employee_id),
                &last_cell(seen),
                &next_cell(seen, today),
                &sanitize(&person.unit),
            ],
        );
        let style = if selected {
            theme.style(Meaning::Selected)
        } else {
            theme.style(Meaning::Text)
        };
        let y = areas.list.y + u16::try_from(i).unwrap_or(0);
        frame.render_widget(
            Line::styled(text, style),
            Rect::new(areas.list.x, y, areas.list.width, 1),
        );
    }
}

/// A quiet note on the heading of the section that is not focused: how to get there.
pub(crate) fn tab_here(frame: &mut Frame, area: Rect, theme: Theme) {
    // The space keeps it apart from a heading that runs up to it. Under a magnifier (below
    // 50 columns) the key alone, so the heading's count stays whole.
    let text = if area.width < 50 {
        " Tab"
    } else {
        " Tab moves here"
    };
    let width = u16::try_from(text.width()).unwrap_or(0).min(area.width);
    let at = Rect::new(area.right() - width, area.y, width, 1);
    frame.render_widget(Line::styled(text, theme.style(Meaning::Muted)), at);
}

/// "Your people (23)" on the left; the filter (with the cursor while typing) on the right.
fn render_heading(frame: &mut Frame, area: Rect, state: &State, ws: &Workspace) {
    let theme: Theme = state.theme;
    let people = &ws.people;
    frame.render_widget(Line::styled(heading(ws), theme.style(Meaning::Title)), area);
    if !people.typing && people.filter.is_empty() {
        if section_after(ws, 0) != Focus::People {
            tab_here(frame, area, theme);
        }
        return;
    }
    let shown_filter = sanitize(&people.filter);
    let max = usize::from(area.width / 2).saturating_sub(10);
    let text = widgets::truncate(&shown_filter, max);
    let label = if people.typing {
        "Filter: "
    } else {
        "Filtered by: "
    };
    let line = Line::from(vec![
        Span::styled(label, theme.style(Meaning::Muted)),
        Span::styled(text.clone(), theme.style(Meaning::Focus)),
        Span::raw(" "),
    ]);
    let width = u16::try_from(line.width())
        .unwrap_or(area.width)
        .min(area.width);
    let at = Rect::new(area.right() - width, area.y, width, 1);
    frame.render_widget(line, at);
    if people.typing && !state.help_open && !state.help_now_open {
        let x = at.x + u16::try_from(label.width() + text.width()).unwrap_or(0);
        frame.set_cursor_position(Position::new(x.min(area.right() - 1), area.y));
    }
}

#[cfg(test)]
mod tests {
    use super::Columns;

    /// At 120 columns a long unit is shown whole beside short names (it was cut at 28
    /// while the name column stood mostly empty), and the name keeps the rest.
    #[test]
    fn a_wide_list_cuts_neither_a_name_nor_a_unit() {
        let c = Columns::fit(120, false, (18, 6, 41));
        assert_eq!((c.name, c.unit), (120 - 2 - 12 - 1 - 41 - 1, 41));
        let c = Columns::fit(120, true, (18, 6, 41));
        assert!(
            c.unit >= 41 && c.name >= 18 && c.last > 0 && c.next > 0,
            "{c:?}"
        );
    }

    /// On a narrow list the unit goes first, then the follow-up, then the last check-in;
    /// a name of ordinary length is never cut for them.
    #[test]
    fn a_narrow_list_drops_columns_before_it_cuts_a_name() {
        let c = Columns::fit(80, true, (22, 6, 23));
        assert!(c.name >= 22 && c.last > 0 && c.next > 0, "{c:?}");
        let c = Columns::fit(60, true, (22, 6, 23));
        assert!(
            c.name >= 22 && c.last > 0 && c.next == 0 && c.unit == 0,
            "{c:?}"
        );
        let c = Columns::fit(40, true, (22, 6, 23));
        assert!(
            c.name >= 22 && c.last == 0 && c.next == 0 && c.unit == 0,
            "{c:?}"
        );
        // Every column's width adds up to the line, never past it.
        for width in 20..200 {
            for seen in [false, true] {
                let c = Columns::fit(width, seen, (30, 9, 30));
                let gaps = [c.last, c.next, c.unit].iter().filter(|w| **w > 0).count() + 1;
                let used = 2 + c.name + c.id + c.last + c.next + c.unit + gaps;
                assert!(used <= width.max(2 + c.name + c.id + 1), "{width}: {c:?}");
            }
        }
    }

    /// A row reads its cells in the heading's order, and a list without them has none.
    #[test]
    fn rows_carry_the_last_check_in_and_follow_up_where_the_list_has_them() {
        let c = Columns::fit(100, true, (15, 3, 10));
        let row = c.row(
            "  ",
            [
                "Lin, Jo",
                "E21",
                "17 Jun 2026",
                "was 01 Jul 2026",
                "Dispatch",
            ],
        );
        let at = |s: &str| row.find(s).unwrap();
        assert!(at("Lin") < at("E21") && at("E21") < at("17 Jun") && at("17 Jun") < at("was"));
        assert!(at("was") < at("Dispatch"), "{row}");
        let c = Columns::fit(100, false, (15, 3, 10));
        let row = c.row(
            "  ",
            ["Lin, Jo", "E21", "17 Jun 2026", "01 Jul", "Dispatch"],
        );
        assert!(!row.contains("Jun") && row.contains("Dispatch"), "{row}");
    }
}
