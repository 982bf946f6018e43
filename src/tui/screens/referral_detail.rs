//! One referral with its history of events, and (for a coordinator) the same moves as the
//! queue. Shows the desk's `referral_page`; the desk judges every move.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::checkin_detail::{fact_lines, render_document};
use super::my_records::MyRecords;
use super::{Ctx, Reply, queue};
use crate::domain::referral::{self, QueueMark, Referral, ReferralEvent};
use crate::domain::text::sanitize;
use crate::policy;
use crate::tui::keymap::Command;
use crate::tui::list;
use crate::tui::page::Loaded;
use crate::tui::record::{self, day};
use crate::tui::state::{Action, Effect, Message, State, User, View, Workspace};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// What the page shows (the desk's `referral_page`).
pub(crate) use crate::desk::ReferralPage as ReferralDetailData;

#[derive(Debug)]
pub(crate) struct ReferralDetail {
    pub data: ReferralDetailData,
    pub offset: usize,
}

/// The desk's answer to `OpenReferral`: fresh data for the page already open, or a new page.
pub(crate) fn opened(ws: &mut Workspace, data: ReferralDetailData) {
    if let Some(View::ReferralDetail(detail)) = ws.views.last_mut()
        && detail.data.referral.id == data.referral.id
    {
        detail.data = data;
        return;
    }
    ws.views.push(View::ReferralDetail(Box::new(ReferralDetail {
        data,
        offset: 0,
    })));
}

/// The desk's verdict on a change: say so, and show the referral as it now stands.
pub(crate) fn changed(ws: &mut Workspace, result: Result<Referral, String>, ctx: &Ctx) -> Effect {
    let referral = match result {
        Ok(referral) => referral,
        Err(problem) => {
            ws.message = Some(Message::alert(widgets::sentence(&problem)));
            return Effect::None;
        }
    };
    // Pages below show the referral as it now stands, without reading anything again.
    for view in &mut ws.views {
        let referrals = match view {
            View::Person(page) => &mut page.record.referrals,
            view => match view.page_mut::<MyRecords>().map(|page| &mut page.data) {
                Some(Loaded::Ready(data)) => &mut data.referrals,
                _ => continue,
            },
        };
        for r in referrals.iter_mut().filter(|r| r.id == referral.id) {
            *r = referral.clone();
        }
    }
    let consent_changed = matches!(
        ws.views.last(),
        Some(View::ReferralDetail(d))
            if d.data.referral.id == referral.id && d.data.referral.consent != referral.consent
    );
    let news = if consent_changed {
        format!(
            "Referral {}: the employee's consent is recorded as {}.",
            referral.id, referral.consent
        )
    } else {
        format!(
            "Referral {} is now {}.",
            referral.id,
            record::referral_state(&referral)
        )
    };
    ws.message = Some(Message::calm(news));
    match ws.views.last() {
        Some(View::ReferralDetail(detail)) if detail.data.referral.id == referral.id => {
            Effect::OpenReferral(referral.id)
        }
        _ => Effect::RefreshHome {
            role: ws.user.role,
            as_of: ctx.today,
        },
    }
}

static BACK: Command = list::BACK;

/// Coordinators work a referral; the person it is about, or its proposer, records the
/// consent; either may withdraw it (the policy table's rule).
/// Only the moves its lifecycle allows now, each by name.
pub(crate) fn commands(detail: &ReferralDetail, user: &User) -> Vec<&'static Command> {
    let referral = &detail.data.referral;
    // As the desk decides the change, so the footer offers it; a coordinator's moves only
    // in a role that works referrals.
    let actor = policy::ReferralActor {
        works_referrals: detail.data.viewer.works_referrals
            && user.may(policy::Action::WorkReferrals),
        ..detail.data.viewer
    };
    let consent_only = policy::ReferralMove {
        consent_only: true,
        ..policy::ReferralMove::default()
    };
    let withdraws = policy::ReferralMove {
        withdraws: true,
        ..policy::ReferralMove::default()
    };
    queue::lifecycle_commands(
        referral,
        actor.works_referrals,
        policy::may_change_referral(actor, consent_only),
        policy::may_change_referral(actor, withdraws),
    )
    .into_iter()
    .chain([&BACK])
    .chain(list::DOCUMENT_MOVES.iter())
    .collect()
}

pub(crate) fn update(detail: &mut ReferralDetail, action: Action, ctx: &Ctx, user: &User) -> Reply {
    if action == Action::Back {
        return Reply::back();
    }
    let total = document(&detail.data, usize::from(ctx.page.width), ctx.today).len();
    if list::scroll_page(
        &mut detail.offset,
        &action,
        total,
        usize::from(ctx.page.height),
    ) {
        return Reply::none();
    }
    let allowed = commands(detail, user).iter().any(|c| c.action == action);
    if !allowed {
        return Reply::none();
    }
    queue::act(
        &detail.data.referral,
        &detail.data.resource_name,
        &action,
        ctx,
    )
    .unwrap_or_else(Reply::none)
}

fn event_line(e: &ReferralEvent, actors: &record::AuthorNames) -> String {
    let mut text = format!(
        "{}  {} · consent {} · by {}",
        day(e.on_date),
        record::status_words(e.status),
        e.consent,
        record::who(&e.actor, actors)
    );
    if let Some(outcome) = e.outcome {
        text.push_str(&format!(" · {}", outcome.as_str().replace('_', " ")));
    }
    let note = record::first_line(&e.note);
    if !note.is_empty() {
        text.push_str(" — ");
        text.push_str(&note);
    }
    text
}

pub(crate) fn document(
    data: &ReferralDetailData,
    width: usize,
    today: NaiveDate,
) -> Vec<(String, Meaning)> {
    let r = &data.referral;
    let mut lines = vec![
        (
            widgets::truncate(
                &format!("Referral {} · {}", r.id, sanitize(&data.resource_name)),
                width,
            ),
            Meaning::Title,
        ),
        (String::new(), Meaning::Text),
    ];
    let mut fact = |label: &str, value: String| lines.extend(fact_lines(label, &value, width));
    let who = match &data.person_name {
        Some(name) => format!("{} — {}", sanitize(&r.employee_id), sanitize(name)),
        None => sanitize(&r.employee_id).into_owned(),
    };
    fact("Employee", who);
    let last_event = data.events.last().map_or(r.created_on, |e| e.on_date);
    let mut stands = record::referral_state(r);
    if r.status.is_open() {
        let waited = (today - r.created_on).num_days().max(0);
        stands.push_str(&format!(
            " · open {}",
            widgets::count(u64::try_from(waited).unwrap_or(0), "day", "days")
        ));
        let mark = match referral::queue_mark(r, last_event, today) {
            QueueMark::NotReady => "waiting for consent",
            mark => queue::mark_word(mark),
        };
        if !mark.is_empty() {
            stands.push_str(&format!(" · {mark}"));
        }
    }
    fact("Status", stands);
    fact("Consent", r.consent.as_str().into());
    fact("Urgency", record::urgency_text(r.urgency));
    let by = if r.self_referral {
        "a self-referral".to_string()
    } else {
        format!("by {}", record::who(&r.created_by, &data.actors))
    };
    fact("Proposed", format!("{} {by}", day(r.created_on)));
    if r.reason.trim().is_empty() {
        fact("Reason", "none given".into());
    } else {
        let reason = record::text_lines(&r.reason, width.saturating_sub(14).max(10));
        for (i, line) in reason.into_iter().enumerate() {
            fact(if i == 0 { "Reason" } else { "" }, line);
        }
    }
    lines.push((String::new(), Meaning::Text));
    lines.push(("History".into(), Meaning::Title));
    lines.extend(data.events.iter().map(|e| {
        (
            widgets::truncate(&event_line(e, &data.actors), width),
            Meaning::Text,
        )
    }));
    lines
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, detail: &ReferralDetail) {
    let lines = document(&detail.data, usize::from(area.width), state.clock.today());
    render_document(frame, area, state, &lines, detail.offset);
}
