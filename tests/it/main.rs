//! The integration tests, one binary: each module drives the real `steady` binary (or the
//! benchmark) against real vault files in temporary folders. One test binary links once,
//! which keeps a clean build small and quick; `cargo test <module>::` runs one area.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod account_admin_cli;
mod accounts_cli;
mod architecture;
mod ascii_tui;
mod audit_cli;
mod backup_cli;
mod bench_smoke;
mod checkin_cli;
mod concurrency_cli;
mod crash_cli;
mod csv_cli;
mod demo_cli;
mod ecosystem_cli;
mod export_cli;
mod faults_cli;
mod home_page;
mod hostile_text_cli;
mod integrity_cli;
mod login_tally_cli;
mod operator_cli;
mod parsers_props;
mod progress_cli;
mod purge_cli;
mod referral_cli;
mod report_cli;
mod resources_cli;
mod roster_cli;
mod rules_cli;
mod rules_daily;
mod rules_incremental;
mod score_cli;
mod screen_reader_pty;
mod secrets_cli;
mod selfcheck_cli;
mod selfcheck_own_list;
mod selfcheck_sealed;
mod settings_cli;
mod ssh_cli;
mod ssh_keys_cli;
mod ssh_props;
mod text_files_cli;
mod vault_cli;
