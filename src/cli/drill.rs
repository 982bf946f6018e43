//! `steady drill-checkins EMP --count N` (hidden): records N check-ins in one session,
//! printing each id once committed, so crash tests can kill it mid-write and check.

use std::io::Write;

use clap::Args;

use super::Global;
use super::output::Failure;
use super::prompt;
use crate::desk::CheckinDraftInput;

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// The employee the check-ins are about
    #[arg(value_name = "EMP")]
    pub emp: String,
    /// How many check-ins to record
    #[arg(long, default_value_t = 100)]
    pub count: u32,
}

pub(super) fn checkins(global: &Global, args: &DrillArgs) -> Result<(), Failure> {
    let mut session = prompt::unlock(global)?;
    let today = chrono::Local::now().date_naive();
    let mut out = std::io::stdout().lock();
    for i in 0..args.count {
        let draft = CheckinDraftInput {
            occurred_on: today,
            wellbeing: (1 + i % 5) as u8,
            visibility: None,
            notes: format!("drill {i}"),
            follow_up_on: None,
            stressors: Vec::new(),
        };
        let recorded = session.record_checkin(&args.emp, draft)?;
        // Printed only after the commit returned: a printed id is an acknowledged write.
        writeln!(out, "committed {}", recorded.id)
            .and_then(|()| out.flush())
            .map_err(|e| Failure::other(format!("cannot write to stdout: {e}")))?;
    }
    Ok(())
}
