//! Reading an opportunity's stage history against a template and a period.

use crate::model::Opportunity;
use crate::stage::{Position, StageTemplate};
use crate::time::{Period, Timestamp};

/// Where an opportunity stands in the template's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// At an open stage (win rate below 100%), by index.
    Open(usize),
    /// At a won stage, by index.
    Won(usize),
    /// Lost or dropped.
    Left,
    /// At a stage the template does not have.
    Unknown,
}

impl Place {
    pub(crate) fn of(template: &StageTemplate, position: &Position) -> Place {
        match position {
            Position::Lost | Position::Dropped => Place::Left,
            Position::Stage(_) => match template.position_of(position) {
                Some(at) if at.stage.is_won() => Place::Won(at.index),
                Some(at) => Place::Open(at.index),
                None => Place::Unknown,
            },
        }
    }
    pub(crate) fn index(self) -> Option<usize> {
        match self {
            Place::Open(i) | Place::Won(i) => Some(i),
            Place::Left | Place::Unknown => None,
        }
    }
}

/// An opportunity's history seen through one period.
#[derive(Debug)]
pub(crate) struct Course {
    /// Where it stood just before the period began (`None`: not yet created).
    pub(crate) before: Option<Place>,
    /// Where it went, in order, during the period.
    pub(crate) during: Vec<Place>,
    /// Where it stood at the end of the period (`None`: not yet created).
    pub(crate) end: Option<Place>,
}

impl Course {
    pub(crate) fn of(template: &StageTemplate, opp: &Opportunity, period: &Period) -> Course {
        let last_before = Timestamp(period.start.0 - 1);
        let last_in = Timestamp(period.end.0 - 1);
        let place = |t| opp.position_at(t).map(|p| Place::of(template, p));
        let during = opp
            .sorted_history()
            .into_iter()
            .filter(|e| period.contains(e.at))
            .map(|e| Place::of(template, &e.to))
            .collect();
        Course {
            before: place(last_before),
            during,
            end: place(last_in),
        }
    }

    /// Every place held during the period, starting with the one it entered with.
    pub(crate) fn held(&self) -> impl Iterator<Item = Place> + '_ {
        self.before.into_iter().chain(self.during.iter().copied())
    }

    /// Was it at an open stage at some moment of the period?
    pub(crate) fn was_open(&self) -> bool {
        self.held().any(|p| matches!(p, Place::Open(_)))
    }

    /// The first stage index it held in the funnel during the period.
    pub(crate) fn first_stage(&self) -> Option<usize> {
        self.held().find_map(|p| match p {
            Place::Open(i) => Some(i),
            _ => None,
        })
    }

    /// Did it reach a won stage during the period and stay there to the end?
    pub(crate) fn won_in_period(&self) -> bool {
        matches!(self.end, Some(Place::Won(_))) && !matches!(self.before, Some(Place::Won(_)))
    }
}
