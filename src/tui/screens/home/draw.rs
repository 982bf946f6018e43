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
    let mut prompt_rows = match &ws.prompts {
        Some(list) => to_rows(list.len().max(1)).min((body.height / 4).max(1)),
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

/// Column widths for name, employee id and unit; the unit goes on narrow screens.
fn columns(width: usize) -> (usize, usize, usize) {
    let id = 12;
    let unit = if width >= 60 { (width / 3).min(28) } else { 0 };
    let gaps = if unit > 0 { 2 } else { 1 };
    let name = width.saturating_sub(2 + id + unit + gaps);
    (name, id, unit)
}

fn row_text(marker: &str, name: &str, id: &str, unit: &str, width: usize) -> String {
    let (name_w, id_w, unit_w) = columns(width);
    let mut text = format!(
        "{marker}{} {}",
        widgets::fit(name, name_w),
        widgets::fit(id, id_w)
    );
    if unit_w > 0 {
        text.push(' ');
        text.push_str(&widgets::fit(unit, unit_w));
    }
    text
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
    frame.render_widget(
        Line::styled(
            row_text("  ", "Name", "Employee id", "Unit", width),
            theme.style(Meaning::Muted),
        ),
        areas.columns,
    );
    let rows = usize::from(areas.list.height);
    let focused = focus == Focus::People;
    for (i, (pos, person)) in people.window(rows).enumerate() {
        let selected = focused && pos == people.cursor.selected;
        let marker = if selected { "▶ " } else { "  " };
        let name = if person.active {
            sanitize(&person.name)
        } else {
            format!("{} (inactive)", sanitize(&person.name)).into()
        };
        let text = row_text(
            marker,
            &name,
            &sanitize(&person.employee_id),
            &sanitize(&person.unit),
            width,
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
    let text = "Tab moves here";
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
