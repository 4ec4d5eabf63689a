use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Audit, ProcurementStep, Qualification, Qualifier, Stakeholder};
use crate::ids::{ContactId, OpportunityId, StageEventId, UserId};
use crate::money::Money;
use crate::stage::Position;
use crate::time::Timestamp;

/// A sales opportunity (销售机会 / 项目) at one hospital.
///
/// ```
/// use rounds_shared::ids::{OpportunityId, UserId};
/// use rounds_shared::model::Opportunity;
/// use rounds_shared::money::Money;
/// use rounds_shared::stage::Position;
/// use rounds_shared::time::Timestamp;
///
/// let rep = UserId::generate();
/// let stage = |k: &str| k.parse::<Position>().unwrap();
/// let mut opp = Opportunity::new(
///     OpportunityId::generate(), "生化分析仪", "生化", Money::from_yuan(800_000),
///     stage("collect_info"), Timestamp(1_000), rep,
/// );
/// opp.move_to(stage("analyse"), Timestamp(2_000), rep).unwrap();
/// assert_eq!(opp.history.len(), 2); // created at collect_info, then moved
/// assert!(opp.move_to(stage("analyse"), Timestamp(3_000), rep).is_err()); // already there
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opportunity {
    /// Id within the account.
    pub id: OpportunityId,
    /// Short name of the project, e.g. 全自动生化分析仪采购.
    pub title: String,
    /// Product line, e.g. 生化 or 免疫.
    pub product_line: String,
    /// Expected contract amount.
    pub amount: Money,
    /// Where it is now.
    pub position: Position,
    /// Expected close date.
    pub expected_close: Option<NaiveDate>,
    /// Competitors in the deal.
    pub competitors: BTreeSet<String>,
    /// The agreed next step.
    pub next_step: String,
    /// When the next step is due.
    pub next_step_due: Option<NaiveDate>,
    /// Exit criteria ticked (keys from the stage template).
    pub checked: BTreeSet<String>,
    /// Why and to whom it was lost, when lost.
    pub lost: Option<LostInfo>,
    /// The rep responsible.
    pub owner: UserId,
    /// Who takes part in this deal (the buying centre), by contact.
    #[serde(default)]
    pub stakeholders: BTreeMap<ContactId, Stakeholder>,
    /// The MANCOHT answers given so far.
    #[serde(default)]
    pub mancoht: BTreeMap<Qualifier, Qualification>,
    /// Where the hospital's own procurement process is, when known.
    #[serde(default)]
    pub procurement: Option<ProcurementStep>,
    /// Every move, oldest first; the first event (with no `from`) is its creation.
    pub history: Vec<StageEvent>,
    /// Created and updated.
    pub audit: Audit,
}

/// One move in an opportunity's history: `{from, to, at, by}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEvent {
    /// Unique, so concurrent moves from two devices are both kept once.
    pub id: StageEventId,
    /// Where it was; `None` for the creation event.
    pub from: Option<Position>,
    /// Where it went.
    pub to: Position,
    /// When (device clock).
    pub at: Timestamp,
    /// Who moved it.
    pub by: UserId,
}

/// Why an opportunity was lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostInfo {
    /// The reason, in the rep's words.
    pub reason: String,
    /// The competitor who won, if any.
    pub competitor: Option<String>,
}

/// A stage move that would change nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the opportunity is already at `{0}`")]
pub struct MoveError(pub Position);

impl Opportunity {
    /// A new opportunity at `position`, with its creation recorded in the history.
    pub fn new(
        id: OpportunityId,
        title: &str,
        product_line: &str,
        amount: Money,
        position: Position,
        at: Timestamp,
        by: UserId,
    ) -> Self {
        let created = StageEvent {
            id: StageEventId::generate(),
            from: None,
            to: position.clone(),
            at,
            by,
        };
        Self {
            id,
            title: title.to_owned(),
            product_line: product_line.to_owned(),
            amount,
            position,
            expected_close: None,
            competitors: BTreeSet::new(),
            next_step: String::new(),
            next_step_due: None,
            checked: BTreeSet::new(),
            lost: None,
            owner: by,
            stakeholders: BTreeMap::new(),
            mancoht: BTreeMap::new(),
            procurement: None,
            history: vec![created],
            audit: Audit::new(at, by),
        }
    }

    /// Moves to `to` (a stage, lost or dropped), appending to the history. Leaving `lost`
    /// clears the lost reason.
    pub fn move_to(
        &mut self,
        to: Position,
        at: Timestamp,
        by: UserId,
    ) -> Result<&StageEvent, MoveError> {
        if self.position == to {
            return Err(MoveError(to));
        }
        let event = StageEvent {
            id: StageEventId::generate(),
            from: Some(self.position.clone()),
            to: to.clone(),
            at,
            by,
        };
        if to != Position::Lost {
            self.lost = None;
        }
        self.position = to;
        self.audit.touch(at, by);
        self.history.push(event);
        Ok(&self.history[self.history.len() - 1])
    }

    /// Marks it lost (丢单) with the reason and the competitor who won.
    pub fn mark_lost(
        &mut self,
        info: LostInfo,
        at: Timestamp,
        by: UserId,
    ) -> Result<(), MoveError> {
        self.move_to(Position::Lost, at, by)?;
        self.lost = Some(info);
        Ok(())
    }

    /// Where it stood at instant `t` (after every event at or before `t`), or `None` if it
    /// did not exist yet. Events are taken in time order whatever order they are stored in.
    pub fn position_at(&self, t: Timestamp) -> Option<&Position> {
        self.move_at(t).map(|e| &e.to)
    }

    /// When it got where it stood at instant `t`: its last move at or before `t`.
    pub fn moved_at(&self, t: Timestamp) -> Option<Timestamp> {
        self.move_at(t).map(|e| e.at)
    }

    /// When it got where it is now: its latest move (its creation if it never moved).
    pub fn last_moved(&self) -> Option<Timestamp> {
        self.history.iter().map(|e| e.at).max()
    }

    /// The move that put it where it stood at `t`, in time order (then id).
    fn move_at(&self, t: Timestamp) -> Option<&StageEvent> {
        self.history
            .iter()
            .filter(|e| e.at <= t)
            .max_by_key(|e| (e.at, e.id))
    }

    /// Where an opportunity with this history is now: the destination of its latest move,
    /// latest by (device time, event id). **The history is the source of truth**: the
    /// `stage` field of the document is a copy kept for older readers. After two devices
    /// moved it concurrently offline, every device, the read model and the dashboard
    /// pick the same move, and both stay in the history (and the `stage` field shows the
    /// other value as a conflict with its author). `None` for an empty history.
    ///
    /// ```
    /// use rounds_shared::ids::{StageEventId, UserId};
    /// use rounds_shared::model::{Opportunity, StageEvent};
    /// use rounds_shared::stage::Position;
    /// use rounds_shared::time::Timestamp;
    ///
    /// let (rep, manager) = (UserId::generate(), UserId::generate());
    /// let event = |to: &str, at, by| StageEvent {
    ///     id: StageEventId::generate(), from: None, to: to.parse().unwrap(), at: Timestamp(at), by,
    /// };
    /// // Stored in any order (two devices appended concurrently): the latest move wins.
    /// let history = vec![event("analyse", 1, rep), event("dropped", 9, manager), event("present_value", 5, rep)];
    /// assert_eq!(Opportunity::current(&history), Some(&Position::Dropped));
    /// assert_eq!(Opportunity::current(&[]), None);
    /// ```
    pub fn current(history: &[StageEvent]) -> Option<&Position> {
        history.iter().max_by_key(|e| (e.at, e.id)).map(|e| &e.to)
    }

    /// The history sorted by time (then id, so concurrent moves order the same everywhere).
    pub fn sorted_history(&self) -> Vec<&StageEvent> {
        let mut events: Vec<&StageEvent> = self.history.iter().collect();
        events.sort_by_key(|e| (e.at, e.id));
        events
    }
}
