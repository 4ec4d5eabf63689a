//! The rep's plans worked out on the device (and the server): the day's route, how often to
//! see each hospital, and plan against what was done. The maths of time and territory
//! management (DOMAIN.md, "Time and territory") lives here once.

mod attainment;
mod coverage;
mod frequency;
mod route;
mod suggest;

pub use attainment::{FUNNEL_GUIDE, frequency_compliance, funnel_share, planned_done};
pub use coverage::{
    Coverage, CoverageCell, HospitalCoverage, HospitalSeen, coverage, months_between,
};
pub use frequency::{Planned, default_frequency, planned};
pub use route::{distance_km, order_route, route_km};
pub use suggest::{Due, HospitalDue, Suggestion, suggest};
