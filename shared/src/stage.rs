//! Funnel stages as data: an organisation picks a template (ordered stages with win rates and
//! exit criteria) and may edit it. An opportunity's [`Position`] is a stage of the template or
//! one of the two terminal states outside the order, lost and dropped.
//!
//! ```
//! use rounds_shared::stage::{Position, StageTemplate};
//! let t = StageTemplate::default_eight();
//! assert_eq!(t.stages.len(), 8);
//! let present = t.position_of(&"present_value".parse::<Position>().unwrap()).unwrap();
//! assert_eq!(present.index, 5);
//! assert_eq!(present.stage.win_rate.to_string(), "60%");
//! ```

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::money::WinRate;

/// The stable key of a stage inside a template, e.g. `collect_info`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageKey(String);

/// A stage key that is empty, too long, uses other characters than `a-z 0-9 _ -`, or is one
/// of the reserved words `lost` and `dropped`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a stage key: use 1 to 40 characters from a-z, 0-9, _ and -, not `lost` or `dropped`"
)]
pub struct InvalidStageKey(pub String);

impl StageKey {
    /// A key from a literal in this crate; `shipped_templates_are_valid` checks every one.
    pub(crate) fn literal(k: &str) -> Self {
        Self(k.to_owned())
    }
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for StageKey {
    type Err = InvalidStageKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = !s.is_empty()
            && s.len() <= 40
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
            && s != LOST
            && s != DROPPED;
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidStageKey(s.to_owned()))
        }
    }
}

impl TryFrom<String> for StageKey {
    type Error = InvalidStageKey;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<StageKey> for String {
    fn from(k: StageKey) -> String {
        k.0
    }
}

impl fmt::Display for StageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const LOST: &str = "lost";
const DROPPED: &str = "dropped";

/// Where an opportunity is: at a stage of the funnel, or out of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Position {
    /// In the funnel at this stage.
    Stage(StageKey),
    /// 丢单: the customer stopped buying or chose a competitor.
    Lost,
    /// 流失: disappeared from the funnel.
    Dropped,
}

impl Position {
    /// The stage, when in the funnel.
    pub fn stage(&self) -> Option<&StageKey> {
        match self {
            Self::Stage(k) => Some(k),
            Self::Lost | Self::Dropped => None,
        }
    }
    /// Lost or dropped.
    pub fn has_left(&self) -> bool {
        !matches!(self, Self::Stage(_))
    }
}

impl FromStr for Position {
    type Err = InvalidStageKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            LOST => Ok(Self::Lost),
            DROPPED => Ok(Self::Dropped),
            other => other.parse().map(Self::Stage),
        }
    }
}

impl TryFrom<String> for Position {
    type Error = InvalidStageKey;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Position> for String {
    fn from(p: Position) -> String {
        p.to_string()
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Stage(k) => f.write_str(k.as_str()),
            Self::Lost => f.write_str(LOST),
            Self::Dropped => f.write_str(DROPPED),
        }
    }
}

/// One item of a stage's exit checklist. It guides the rep; it never blocks a move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExitCriterion {
    /// Stable key, recorded on the opportunity when ticked.
    pub key: String,
    /// Chinese text.
    pub zh: String,
    /// English text.
    pub en: String,
}

/// One stage of the funnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stage {
    /// Stable key.
    pub key: StageKey,
    /// Chinese name, as reps say it.
    pub zh: String,
    /// English name.
    pub en: String,
    /// Probability of winning from this stage; 100% means won.
    pub win_rate: WinRate,
    /// What should be true before leaving the stage.
    #[serde(default)]
    pub exit_criteria: Vec<ExitCriterion>,
}

impl Stage {
    /// A stage with a 100% win rate counts as won.
    pub fn is_won(&self) -> bool {
        self.win_rate == WinRate::CERTAIN
    }
}

/// An ordered list of stages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageTemplate {
    /// Stages, earliest first.
    pub stages: Vec<Stage>,
}

/// A stage together with its place in the order.
#[derive(Debug, Clone, Copy)]
pub struct StageAt<'a> {
    /// 0 for the first stage.
    pub index: usize,
    /// The stage.
    pub stage: &'a Stage,
}

/// What is wrong with a template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTemplate {
    /// No stages at all.
    #[error("a stage template needs at least one stage")]
    Empty,
    /// Two stages share a key.
    #[error("stage key `{0}` is used twice")]
    DuplicateKey(StageKey),
    /// A later stage has a lower win rate than an earlier one.
    #[error("stage `{later}` has a lower win rate than the stage before it, `{earlier}`")]
    DecreasingWinRate { earlier: StageKey, later: StageKey },
}

impl StageTemplate {
    /// Checks keys are unique and win rates never fall along the order (so won stages, at
    /// 100%, come last).
    pub fn validate(&self) -> Result<(), InvalidTemplate> {
        if self.stages.is_empty() {
            return Err(InvalidTemplate::Empty);
        }
        let mut seen = HashSet::new();
        for s in &self.stages {
            if !seen.insert(&s.key) {
                return Err(InvalidTemplate::DuplicateKey(s.key.clone()));
            }
        }
        for pair in self.stages.windows(2) {
            if pair[1].win_rate < pair[0].win_rate {
                return Err(InvalidTemplate::DecreasingWinRate {
                    earlier: pair[0].key.clone(),
                    later: pair[1].key.clone(),
                });
            }
        }
        Ok(())
    }

    /// The stage with this key.
    pub fn stage(&self, key: &StageKey) -> Option<StageAt<'_>> {
        self.stages
            .iter()
            .enumerate()
            .find(|(_, s)| &s.key == key)
            .map(|(index, stage)| StageAt { index, stage })
    }

    /// The stage a position names, if it is a stage of this template.
    pub fn position_of(&self, position: &Position) -> Option<StageAt<'_>> {
        position.stage().and_then(|k| self.stage(k))
    }

    /// The first stage: where new opportunities start.
    pub fn first(&self) -> Option<&Stage> {
        self.stages.first()
    }

    /// The default eight-stage template for project sales of medical equipment.
    pub fn default_eight() -> Self {
        super::stage_templates::default_eight()
    }
    /// The milestone template G 10% · G 20% · E 25% · D 30% · C 50% · B 75% · A 90% · S 100%.
    pub fn milestones() -> Self {
        super::stage_templates::milestones()
    }
    /// The five-stage template: lead → needs analysis → demo and proposal → negotiation and
    /// signing → after-sales follow-up.
    pub fn five_stage() -> Self {
        super::stage_templates::five_stage()
    }
}

impl Default for StageTemplate {
    fn default() -> Self {
        Self::default_eight()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_reject_reserved_words_and_odd_characters() {
        for bad in [
            "",
            "lost",
            "dropped",
            "Build",
            "建立信任",
            "a b",
            &"x".repeat(41),
        ] {
            assert!(bad.parse::<StageKey>().is_err(), "{bad}");
        }
        assert_eq!("lost".parse::<Position>().unwrap(), Position::Lost);
        assert_eq!("dropped".parse::<Position>().unwrap(), Position::Dropped);
        assert!("build_trust".parse::<Position>().unwrap().stage().is_some());
    }

    #[test]
    fn shipped_templates_are_valid() {
        for t in [
            StageTemplate::default_eight(),
            StageTemplate::milestones(),
            StageTemplate::five_stage(),
        ] {
            t.validate().unwrap();
            assert!(t.stages.last().unwrap().is_won());
            assert_eq!(t.stages.iter().filter(|s| s.is_won()).count(), 1);
        }
    }

    #[test]
    fn invalid_templates_say_why() {
        let mut t = StageTemplate::default_eight();
        t.stages.swap(1, 2);
        assert!(matches!(
            t.validate(),
            Err(InvalidTemplate::DecreasingWinRate { .. })
        ));
        let mut t = StageTemplate::default_eight();
        t.stages[1].key = t.stages[0].key.clone();
        assert!(matches!(
            t.validate(),
            Err(InvalidTemplate::DuplicateKey(_))
        ));
        assert_eq!(
            StageTemplate { stages: vec![] }.validate(),
            Err(InvalidTemplate::Empty)
        );
    }
}
