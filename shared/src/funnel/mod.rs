//! The funnel maths, once, for the server (teams) and the phone (the rep's own funnel,
//! offline): DOMAIN.md, "The three funnel formulas".
//!
//! Everything here is a pure function of a stage template, opportunities with their stage
//! histories, and a period or instant, so the funnel "as of" any past date is the same
//! computation as today's.

mod classify;
mod deals;
mod flow;
mod formulas;
mod history;
mod snapshot;
mod standards;

pub use classify::{GridAction, abc_classes, grid_action};
pub use deals::{Deals, receivables, signed_in, signing_stage};
pub use flow::{
    Conversion, StageDuration, Stalled, conversion, days_in_stage, last_linked_visits, stalled,
};
pub use formulas::{Formulas, Fraction, won_in};
pub use snapshot::{ShapeCheck, Snapshot, StageRow, Widening};
pub use standards::{Figure, funnel_figure, measured_over};
