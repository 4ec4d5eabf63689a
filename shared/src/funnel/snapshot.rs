//! The funnel at one instant: count, amount and weighted amount per stage, and whether it
//! is funnel-shaped.

use serde::{Deserialize, Serialize};

use super::history::Place;
use crate::model::Opportunity;
use crate::money::Money;
use crate::stage::{StageKey, StageTemplate};
use crate::time::Timestamp;

/// One stage's row of the funnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRow {
    /// The stage.
    pub stage: StageKey,
    /// Opportunities at the stage.
    pub count: usize,
    /// Their total amount.
    pub amount: Money,
    /// Amount × the stage's win rate.
    pub weighted: Money,
    /// Whether the stage counts as won (100%).
    pub won: bool,
}

/// The funnel as it stood at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// When.
    pub at: Timestamp,
    /// A row per stage of the template, in order (won stages last).
    pub stages: Vec<StageRow>,
    /// Σ amount × win rate over open (not won) stages.
    pub weighted_pipeline: Money,
    /// Opportunities lost by then.
    pub lost: usize,
    /// Opportunities dropped by then.
    pub dropped: usize,
    /// Opportunities at a stage the template does not have (e.g. after a template change).
    pub unplaced: usize,
}

impl Snapshot {
    /// The funnel at instant `at`, from each opportunity's history: "as of" any past date.
    ///
    /// ```
    /// use rounds_shared::funnel::Snapshot;
    /// use rounds_shared::ids::{OpportunityId, UserId};
    /// use rounds_shared::model::Opportunity;
    /// use rounds_shared::money::Money;
    /// use rounds_shared::stage::StageTemplate;
    /// use rounds_shared::time::Timestamp;
    ///
    /// let t = StageTemplate::default_eight();
    /// let rep = UserId::generate();
    /// let mut o = Opportunity::new(OpportunityId::generate(), "彩超", "超声", Money::from_yuan(1_000_000),
    ///     "dig_needs".parse().unwrap(), Timestamp(0), rep);
    /// o.move_to("present_value".parse().unwrap(), Timestamp(100), rep).unwrap();
    /// let then = Snapshot::at(&t, [&o], Timestamp(50));
    /// assert_eq!(then.weighted_pipeline, Money::from_yuan(300_000)); // 30%
    /// let now = Snapshot::at(&t, [&o], Timestamp(100));
    /// assert_eq!(now.weighted_pipeline, Money::from_yuan(600_000)); // 60%
    /// ```
    pub fn at<'a>(
        template: &StageTemplate,
        opportunities: impl IntoIterator<Item = &'a Opportunity>,
        at: Timestamp,
    ) -> Snapshot {
        let mut stages: Vec<StageRow> = template
            .stages
            .iter()
            .map(|s| StageRow {
                stage: s.key.clone(),
                count: 0,
                amount: Money::ZERO,
                weighted: Money::ZERO,
                won: s.is_won(),
            })
            .collect();
        let (mut lost, mut dropped, mut unplaced) = (0, 0, 0);
        for opp in opportunities {
            let Some(position) = opp.position_at(at) else {
                continue;
            };
            match Place::of(template, position) {
                Place::Open(i) | Place::Won(i) => {
                    let row = &mut stages[i];
                    row.count += 1;
                    row.amount += opp.amount;
                    row.weighted += opp.amount.weighted(template.stages[i].win_rate);
                }
                Place::Left if *position == crate::stage::Position::Lost => lost += 1,
                Place::Left => dropped += 1,
                Place::Unknown => unplaced += 1,
            }
        }
        let weighted_pipeline = stages.iter().filter(|r| !r.won).map(|r| r.weighted).sum();
        Snapshot {
            at,
            stages,
            weighted_pipeline,
            lost,
            dropped,
            unplaced,
        }
    }

    /// Checks the funnel narrows: no open stage may hold more opportunities than the open
    /// stage before it. Each widening is named.
    pub fn shape(&self) -> ShapeCheck {
        let open: Vec<&StageRow> = self.stages.iter().filter(|r| !r.won).collect();
        let widenings = open
            .windows(2)
            .filter(|pair| pair[1].count > pair[0].count)
            .map(|pair| Widening {
                stage: pair[1].stage.clone(),
                count: pair[1].count,
                previous: pair[0].stage.clone(),
                previous_count: pair[0].count,
            })
            .collect();
        ShapeCheck { widenings }
    }
}

/// Whether a funnel is funnel-shaped, and where it is not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShapeCheck {
    /// Each place where a stage holds more than the stage before it.
    pub widenings: Vec<Widening>,
}

impl ShapeCheck {
    /// True when every stage holds no more than the one before.
    pub fn is_funnel_shaped(&self) -> bool {
        self.widenings.is_empty()
    }
}

/// A later stage holding more opportunities than the stage before it: some step of the
/// rep's work upstream of `stage` needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Widening {
    /// The stage that holds too many.
    pub stage: StageKey,
    /// How many it holds.
    pub count: usize,
    /// The stage before it.
    pub previous: StageKey,
    /// How many that holds.
    pub previous_count: usize,
}
