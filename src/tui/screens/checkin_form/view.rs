//! How the check-in form is laid out and drawn: its fields, the stressors with their
//! severities, the suggestions for what was flagged, and the saved confirmation.

use super::*;

pub(super) const MARKER: usize = 2;
pub(super) const LABEL_WIDTH: usize = 12;
pub(super) const INDENT: u16 = (MARKER + LABEL_WIDTH) as u16;
pub(super) const DATE_BOX: usize = 11;

pub(super) struct FormLayout {
    pub(super) title: Rect,
    pub(super) date: Rect,
    pub(super) wellbeing: Rect,
    pub(super) stressors: Rect,
    pub(super) notes: Rect,
    pub(super) follow_up: Rect,
    pub(super) visibility: Rect,
    pub(super) suggestion: Rect,
    pub(super) error: Rect,
}

pub(super) fn layout(area: Rect) -> FormLayout {
    // Title, gap, date, wellbeing, follow-up, visibility, gap, two rows of suggestions
    // and one of problems are fixed; the checklist and the notes share the rest.
    let rest = area.height.saturating_sub(10);
    let stressors = (rest / 2).clamp(3, 13).min(rest);
    let notes = rest.saturating_sub(stressors).max(3);
    let [
        title,
        _,
        date,
        wellbeing,
        stressors,
        notes,
        follow_up,
        visibility,
        _,
        suggestion,
        error,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(stressors),
        Constraint::Length(notes),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Fill(1),
    ])
    .areas(area);
    FormLayout {
        title,
        date,
        wellbeing,
        stressors,
        notes,
        follow_up,
        visibility,
        suggestion,
        error,
    }
}

/// The notes box's inside: what the editor wraps to.
pub(super) fn notes_box(areas: &FormLayout) -> Rect {
    let r = areas.notes;
    Rect::new(r.x + INDENT, r.y, r.width.saturating_sub(INDENT), r.height)
}

pub(super) fn notes_width(areas: &FormLayout) -> usize {
    usize::from(notes_box(areas).width.saturating_sub(2))
}

pub(super) fn label_spans(label: &str, focused: bool, theme: Theme) -> Vec<Span<'static>> {
    let style = if focused {
        theme.style(Meaning::Focus)
    } else {
        theme.style(Meaning::Text)
    };
    vec![
        Span::styled(if focused { "▶ " } else { "  " }, style),
        Span::styled(widgets::fit(label, LABEL_WIDTH), style),
    ]
}

/// "( ) low  (•) moderate  ( ) high": the chosen option is marked, not only coloured.
pub(super) fn options<T: PartialEq + Copy>(
    choices: &[(T, &str)],
    chosen: Option<T>,
    theme: Theme,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, (value, word)) in choices.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        let on = chosen == Some(*value);
        let style = if on {
            theme.style(Meaning::Focus)
        } else {
            theme.style(Meaning::Text)
        };
        spans.push(Span::styled(
            format!("({}) {word}", if on { "•" } else { " " }),
            style,
        ));
    }
    spans
}

pub(crate) fn render(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    form: &CheckinForm,
    typing: bool,
) {
    if let Some(saved) = &form.saved {
        return render_saved(frame, area, state, form, saved);
    }
    let theme = state.theme;
    let areas = layout(area);
    let width = usize::from(area.width);
    let kind = if form.supervises {
        "supervisor check-in"
    } else {
        "mentoring check-in"
    };
    let heading = match form.editing {
        Some(id) => format!("Edit check-in {id} with"),
        None => "New check-in with".to_string(),
    };
    frame.render_widget(
        Line::from(vec![
            Span::styled(
                format!(
                    "{heading} {} ({})",
                    sanitize(&form.person.name),
                    sanitize(&form.person.employee_id)
                ),
                theme.style(Meaning::Title),
            ),
            Span::styled(format!(" · {kind}"), theme.style(Meaning::Muted)),
        ]),
        areas.title,
    );
    let mut cursor = None;
    let date_line = |label: &str, text: &str, focused: bool, hint: &str, row: Rect| {
        let (mut line, col) =
            widgets::input_line(label, LABEL_WIDTH, text, DATE_BOX, focused, theme);
        // The hint whole, or its first word ("optional"), or nothing: never cut.
        let room = usize::from(row.width).saturating_sub(line.width() + 2);
        let first = hint.split(',').next().unwrap_or(hint);
        let shown = [hint, first].into_iter().find(|h| h.len() <= room);
        if let Some(shown) = shown {
            line.spans.push(Span::styled(
                format!("  {shown}"),
                theme.style(Meaning::Muted),
            ));
        }
        (line, Position::new(row.x + col, row.y))
    };
    let (line, at) = date_line(
        "Date",
        &form.date,
        form.focus == FormField::Date,
        "YYYY-MM-DD",
        areas.date,
    );
    frame.render_widget(line, areas.date);
    if form.focus == FormField::Date {
        cursor = Some(at);
    }
    // Wellbeing: the chosen number in brackets, so it reads without colour.
    let mut spans = label_spans("Wellbeing", form.focus == FormField::Wellbeing, theme);
    for n in 1..=5u8 {
        let chosen = form.wellbeing == Some(n);
        let text = if chosen {
            format!("[{n}]")
        } else {
            format!(" {n} ")
        };
        let style = if chosen {
            theme.style(Meaning::Focus)
        } else {
            theme.style(Meaning::Text)
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        "  1 very low · 5 very good · press 1–5",
        theme.style(Meaning::Muted),
    ));
    frame.render_widget(Line::from(spans), areas.wellbeing);
    render_stressors(frame, areas.stressors, theme, form);
    // Notes.
    let notes_focused = form.focus == FormField::Notes;
    frame.render_widget(
        Line::from(label_spans("Notes", notes_focused, theme)),
        Rect::new(areas.notes.x, areas.notes.y, INDENT, 1),
    );
    let boxed = notes_box(&areas);
    let block = Block::bordered().border_style(theme.style(if notes_focused {
        Meaning::Focus
    } else {
        Meaning::Muted
    }));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let (rows, (col, row)) = form
        .notes
        .view(usize::from(inner.width), usize::from(inner.height));
    if form.notes.is_empty() && !notes_focused {
        frame.render_widget(
            Line::styled(
                widgets::truncate(
                    "What you talked about, as much as helps. Enter starts a new line.",
                    usize::from(inner.width),
                ),
                theme.style(Meaning::Muted),
            ),
            inner,
        );
    } else {
        frame.render_widget(
            Paragraph::new(rows.into_iter().map(Line::raw).collect::<Vec<_>>()),
            inner,
        );
    }
    if notes_focused {
        cursor = Some(Position::new(
            inner.x + u16::try_from(col).unwrap_or(0),
            inner.y + u16::try_from(row).unwrap_or(0),
        ));
    }
    let (line, at) = date_line(
        "Follow-up",
        &form.follow_up,
        form.focus == FormField::FollowUp,
        "optional, YYYY-MM-DD",
        areas.follow_up,
    );
    frame.render_widget(line, areas.follow_up);
    if form.focus == FormField::FollowUp {
        cursor = Some(at);
    }
    let shown = form.shown_visibility();
    let mut spans = label_spans("Visibility", form.focus == FormField::Visibility, theme);
    spans.extend(options(
        &[
            (Visibility::Chain, "chain"),
            (Visibility::Private, "private"),
        ],
        Some(shown),
        theme,
    ));
    let who = match shown {
        Visibility::Chain => "shared with the employee and the chain",
        Visibility::Private => "only you and the employee may read it",
    };
    spans.push(Span::styled(
        format!("  {who}"),
        theme.style(Meaning::Muted),
    ));
    frame.render_widget(Line::from(spans), areas.visibility);
    render_suggestions(frame, areas.suggestion, theme, form, width);
    if let Some(problem) = &form.error {
        let lines: Vec<Line> = widgets::wrap_words(&widgets::sentence(problem), width)
            .into_iter()
            .map(|l| Line::styled(l, theme.style(Meaning::Alert)))
            .collect();
        frame.render_widget(Paragraph::new(lines), areas.error);
    } else if form.busy {
        frame.render_widget(
            Line::styled("Saving…", theme.style(Meaning::Muted)),
            areas.error,
        );
    }
    if let Some(at) = cursor
        && typing
        && !form.busy
        && area.contains(at)
    {
        frame.set_cursor_position(at);
    }
}

pub(super) const SEVERITIES: [(Severity, &str); 3] = [
    (Severity::Low, "low"),
    (Severity::Moderate, "moderate"),
    (Severity::High, "high"),
];

pub(super) fn render_stressors(frame: &mut Frame, area: Rect, theme: Theme, form: &CheckinForm) {
    let focused = form.focus == FormField::Stressors;
    let rows = usize::from(area.height);
    let window = form.stressor_cursor.window(form.stressors.len(), rows);
    // Narrower where the window is (a magnifier), so a long name ends in a cut mark
    // rather than at the edge: label column, "› [x] ".
    let title_width = usize::from(area.width)
        .saturating_sub(MARKER + LABEL_WIDTH + 6)
        .clamp(8, 24);
    let ticked = form
        .stressors
        .iter()
        .filter(|s| s.severity.is_some())
        .count();
    let below = form
        .stressors
        .len()
        .saturating_sub(form.stressor_cursor.offset + rows);
    let last = rows.saturating_sub(1);
    let mut lines = Vec::new();
    for (row, i) in window.enumerate() {
        let choice = &form.stressors[i];
        // The label column also says how many are ticked and how many more lie below,
        // since the list may be scrolled past what was ticked.
        let mut spans = match row {
            0 => label_spans("Stressors", focused, theme),
            1 if ticked > 0 => muted_label(&format!("{ticked} ticked"), theme),
            r if r == last && below > 0 => muted_label(&format!("↓ {below} more"), theme),
            _ => vec![Span::raw(" ".repeat(MARKER + LABEL_WIDTH))],
        };
        let current = focused && i == form.stressor_cursor.selected;
        let tick = if choice.severity.is_some() { "x" } else { " " };
        let style = if current {
            theme.style(Meaning::Selected)
        } else {
            theme.style(Meaning::Text)
        };
        spans.push(Span::styled(
            format!(
                "{}[{tick}] {}",
                if current { "› " } else { "  " },
                widgets::fit(&sanitize(&choice.title), title_width)
            ),
            style,
        ));
        if choice.severity.is_some() {
            spans.push(Span::raw(" "));
            spans.extend(options(&SEVERITIES, choice.severity, theme));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

pub(super) fn muted_label(text: &str, theme: Theme) -> Vec<Span<'static>> {
    vec![Span::styled(
        widgets::fit(&format!("  {text}"), MARKER + LABEL_WIDTH),
        theme.style(Meaning::Muted),
    )]
}

pub(super) fn render_suggestions(
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    form: &CheckinForm,
    width: usize,
) {
    let flags = form.flags();
    let (text, meaning) = if flags.is_empty() {
        (
            "Tick a stressor to see resources that help with it.".to_string(),
            Meaning::Muted,
        )
    } else {
        let names: Vec<String> = form
            .suggestions()
            .iter()
            .map(|r| sanitize(&r.name).into_owned())
            .collect();
        let list = if names.is_empty() {
            "nothing in the catalog yet".to_string()
        } else {
            names.join(" · ")
        };
        (
            format!("Might help with what came up: {list}"),
            Meaning::Text,
        )
    };
    let mut lines = widgets::wrap_words(&text, width);
    if lines.len() > 2 {
        let second = format!("{} {}", lines[1], lines[2]);
        lines.truncate(1);
        lines.push(widgets::truncate(&second, width));
    }
    frame.render_widget(
        Paragraph::new(
            lines
                .into_iter()
                .map(|l| Line::styled(l, theme.style(meaning)))
                .collect::<Vec<_>>(),
        ),
        area,
    );
}

pub(super) fn render_saved(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    form: &CheckinForm,
    saved: &SavedCheckin,
) {
    let theme = state.theme;
    let width = usize::from(area.width);
    let mut lines = vec![
        Line::styled("Check-in saved", theme.style(Meaning::Title)),
        Line::raw(""),
    ];
    let said = format!(
        "The check-in with {} on {} is recorded (check-in {}).",
        sanitize(&form.person.name),
        day(saved.on),
        saved.id
    );
    lines.extend(widgets::wrap_words(&said, width).into_iter().map(Line::raw));
    lines.push(Line::raw(""));
    if saved.suggestions.is_empty() {
        lines.push(Line::styled(
            "Nothing noted in the last 90 days calls for a particular resource.",
            theme.style(Meaning::Muted),
        ));
    } else {
        lines.push(Line::styled(
            "Suggested for what was noted in the last 90 days:",
            theme.style(Meaning::Title),
        ));
        for r in &saved.suggestions {
            lines.push(Line::raw(widgets::truncate(
                &format!("  {} — {}", sanitize(&r.name), sanitize(&r.contact)),
                width,
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Press r to propose a referral, or Esc when you are done.",
        theme.style(Meaning::Muted),
    ));
    frame.render_widget(Paragraph::new(lines), area);
}
