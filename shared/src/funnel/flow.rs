//! How opportunities move: stage-to-stage conversion, average days in stage, stalled ones.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::history::{Course, Place};
use crate::ids::OpportunityId;
use crate::model::Opportunity;
use crate::stage::{StageKey, StageTemplate};
use crate::time::{Period, Timestamp};

/// Conversion from one stage to the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversion {
    /// The stage.
    pub from: StageKey,
    /// The stage after it.
    pub to: StageKey,
    /// Opportunities that were at or passed through `from` during the period.
    pub entered: usize,
    /// Of those, how many reached `to` or beyond by the end of the period.
    pub advanced: usize,
}

impl Conversion {
    /// `advanced / entered`, or `None` when nothing entered.
    pub fn rate(&self) -> Option<f64> {
        (self.entered > 0).then(|| self.advanced as f64 / self.entered as f64)
    }
}

/// Stage-to-stage conversion during `period`. A move that skips stages passes through
/// them: an opportunity moved from stage 2 to stage 5 counts as having entered and
/// advanced from stages 2, 3 and 4.
pub fn conversion<'a>(
    template: &StageTemplate,
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
    period: Period,
) -> Vec<Conversion> {
    let n = template.stages.len();
    let mut entered = vec![0usize; n];
    let mut advanced = vec![0usize; n];
    for opp in opportunities {
        let course = Course::of(template, opp, &period);
        let indices: Vec<usize> = course.held().filter_map(Place::index).collect();
        let (Some(&low), Some(&high)) = (indices.iter().min(), indices.iter().max()) else {
            continue;
        };
        for i in low..=high.min(n - 1) {
            entered[i] += 1;
            if high > i {
                advanced[i] += 1;
            }
        }
    }
    template
        .stages
        .windows(2)
        .enumerate()
        .map(|(i, pair)| Conversion {
            from: pair[0].key.clone(),
            to: pair[1].key.clone(),
            entered: entered[i],
            advanced: advanced[i],
        })
        .collect()
}

/// How long opportunities stay in a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageDuration {
    /// The stage.
    pub stage: StageKey,
    /// Stays in the stage that ended during the period.
    pub stays: usize,
    /// Their average length in days, or `None` when there were none.
    pub average_days: Option<f64>,
}

/// Average days in each stage, over the stays that ended (by a move out) during `period`.
pub fn days_in_stage<'a>(
    template: &StageTemplate,
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
    period: Period,
) -> Vec<StageDuration> {
    let n = template.stages.len();
    let mut total_days = vec![0.0f64; n];
    let mut stays = vec![0usize; n];
    for opp in opportunities {
        let events = opp.sorted_history();
        for pair in events.windows(2) {
            let (enter, leave) = (pair[0], pair[1]);
            if !period.contains(leave.at) {
                continue;
            }
            if let Some(i) = Place::of(template, &enter.to).index() {
                stays[i] += 1;
                total_days[i] += leave.at.days_since(enter.at).max(0.0);
            }
        }
    }
    template
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| StageDuration {
            stage: s.key.clone(),
            stays: stays[i],
            average_days: (stays[i] > 0).then(|| total_days[i] / stays[i] as f64),
        })
        .collect()
}

/// An open opportunity with no stage move and no visit for a while.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stalled {
    /// The opportunity.
    pub opportunity: OpportunityId,
    /// Its last stage move or linked visit.
    pub last_activity: Timestamp,
    /// Whole days since then.
    pub idle_days: i64,
}

/// Each opportunity's latest linked visit among `visits` (what [`stalled`] reads; the
/// server's read model answers the same from SQL).
///
/// ```
/// use rounds_shared::funnel::last_linked_visits;
/// use rounds_shared::ids::{OpportunityId, UserId};
/// use rounds_shared::model::Visit;
/// use rounds_shared::time::Timestamp;
///
/// let (deal, rep) = (OpportunityId::generate(), UserId::generate());
/// let mut early = Visit::new(Timestamp(1_000), rep);
/// early.opportunity = Some(deal);
/// let mut late = Visit::new(Timestamp(5_000), rep);
/// late.opportunity = Some(deal);
/// let unlinked = Visit::new(Timestamp(9_000), rep);
/// let last = last_linked_visits([&late, &early, &unlinked]);
/// assert_eq!(last.len(), 1);
/// assert_eq!(last[&deal], Timestamp(5_000));
/// ```
pub fn last_linked_visits<'a>(
    visits: impl IntoIterator<Item = &'a crate::model::Visit>,
) -> HashMap<OpportunityId, Timestamp> {
    let mut out: HashMap<OpportunityId, Timestamp> = HashMap::new();
    for v in visits {
        if let Some(o) = v.opportunity {
            let at = out.entry(o).or_insert(v.at);
            *at = (*at).max(v.at);
        }
    }
    out
}

/// Open opportunities whose last stage move or linked visit is at least `after_days` days
/// before `now`, longest idle first. `last_visit` gives each opportunity's latest linked
/// visit, where there is one.
pub fn stalled<'a>(
    template: &StageTemplate,
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
    last_visit: &HashMap<OpportunityId, Timestamp>,
    now: Timestamp,
    after_days: u32,
) -> Vec<Stalled> {
    let mut out: Vec<Stalled> = opportunities
        .into_iter()
        .filter(|o| matches!(Place::of(template, &o.position), Place::Open(_)))
        .filter_map(|o| {
            let moved = o
                .history
                .iter()
                .map(|e| e.at)
                .max()
                .unwrap_or(o.audit.created_at);
            let last_activity = last_visit.get(&o.id).map_or(moved, |v| moved.max(*v));
            let idle_days = ((now.0 - last_activity.0) / crate::time::DAY_MS).max(0);
            (idle_days >= i64::from(after_days)).then_some(Stalled {
                opportunity: o.id,
                last_activity,
                idle_days,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.idle_days
            .cmp(&a.idle_days)
            .then(a.opportunity.cmp(&b.opportunity))
    });
    out
}
