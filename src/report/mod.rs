//! Aggregates by unit and month with small-group suppression, and their CSV/JSON export.
//! Pure: built from counts the store computed; no SQL, no I/O, no person ever named.

pub mod csv;
pub mod engagement;
pub mod month;
pub mod suppress;

pub use engagement::{EngagementReport, Figure, ReportRow};
pub use month::Month;
pub use suppress::MinGroup;
