//! What the dashboard reads from the API: the shared contract's types.

pub(crate) use rounds_shared::api::{
    ActivityCell as Cell, FunnelReport, OppItem, Page, Person, RepActivity, TeamInfo, TrendPoint,
};
