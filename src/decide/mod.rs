//! The decision: from where a person lives to the regimes that protect them, the competent
//! authority and the date an answer is due.

mod decision;
mod due_date;
mod path;
mod suggestion;

pub use decision::{
    Decision, RegimeDecision, closest_authority, contact_warnings, decide, subdivision_matters,
    unchecked_subdivision_warning,
};
pub use due_date::{
    DueDate, due_date, end_of_period, extended_due_date, extended_from_due, next_working_day, shift,
};
pub use path::{PathStep, WINDOW_MARGIN_DAYS, Within, path, refusal_window, reminder_reply_by};
pub use suggestion::{Suggestion, suggestions};
