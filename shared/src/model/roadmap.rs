//! The success roadmap by tenure (成功路线图): a rep's activity standards change with how
//! long they have been in the job — training weeks 1–4, the first months with a quota, and
//! so on. Each phase covers a range of tenure weeks and has its own standards; a rep's
//! tenure counts from their start date. Outside every phase (or with no start date) the
//! organisation's standards apply.
//!
//! ```
//! use chrono::NaiveDate;
//! use rounds_shared::ids::UserId;
//! use rounds_shared::model::{OrgConfig, RepStart, RoadmapPhase};
//! use rounds_shared::time::PeriodKey;
//!
//! let rep = UserId::generate();
//! let mut org = OrgConfig::default();
//! org.phases = RoadmapPhase::source();
//! org.starts.push(RepStart { rep, started: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap() });
//! // Week 3 of the job: training.
//! let w = PeriodKey::Week { year: 2026, week: 47 };
//! assert_eq!(org.standards_for(rep, w), org.phases[0].standards.as_slice());
//! // Someone with no start date: the organisation's standards.
//! assert_eq!(org.standards_for(UserId::generate(), w), org.standards.as_slice());
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{OrgConfig, Standard, StandardMetric};
use crate::ids::UserId;
use crate::time::PeriodKey;

/// One phase of the roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoadmapPhase {
    /// Its name in Chinese, e.g. 培训期.
    pub zh: String,
    /// Its name in English.
    pub en: String,
    /// The first tenure week it covers (the week of the start date is week 1).
    pub from_week: u32,
    /// The first tenure week it no longer covers; `None`: it has no end.
    #[serde(default)]
    pub until_week: Option<u32>,
    /// Its standards.
    #[serde(default)]
    pub standards: Vec<Standard>,
}

/// When a rep started, for the roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepStart {
    /// The rep.
    pub rep: UserId,
    /// Their first day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub started: NaiveDate,
}

impl RoadmapPhase {
    /// Whether tenure week `week` is in this phase.
    pub fn covers(&self, week: u32) -> bool {
        week >= self.from_week && self.until_week.is_none_or(|u| week < u)
    }

    /// The phases the training material sets, in the standards Rounds measures: training
    /// (weeks 1–4: prospects), the first months with a quota (weeks 5–26: visits,
    /// prospects and the early funnel); after that, the organisation's standards.
    pub fn source() -> Vec<RoadmapPhase> {
        use StandardMetric as M;
        let (plain, in_stage) = (Standard::plain, Standard::in_stage);
        vec![
            RoadmapPhase {
                zh: "培训期".into(),
                en: "Training".into(),
                from_week: 1,
                until_week: Some(5),
                standards: vec![
                    plain(M::NewProspectsPerWeek, 2),
                    plain(M::WeeklyPlanSubmitted, 1),
                ],
            },
            RoadmapPhase {
                zh: "初期（有指标）".into(),
                en: "First months with a quota".into(),
                from_week: 5,
                until_week: Some(27),
                standards: vec![
                    plain(M::VisitsPerWeek, 8),
                    plain(M::NewProspectsPerWeek, 5),
                    plain(M::WeeklyPlanSubmitted, 1),
                    in_stage("analyse", 20),
                    in_stage("build_trust", 10),
                    in_stage("dig_needs", 6),
                ],
            },
        ]
    }
}

impl OrgConfig {
    /// The standards `rep` is held to in `week`: those of the roadmap phase their tenure
    /// is in, or else the organisation's.
    pub fn standards_for(&self, rep: UserId, week: PeriodKey) -> &[Standard] {
        self.phase_of(rep, week)
            .map_or(self.standards.as_slice(), |p| p.standards.as_slice())
    }

    /// The roadmap phase `rep` is in during `week`, if any.
    pub fn phase_of(&self, rep: UserId, week: PeriodKey) -> Option<&RoadmapPhase> {
        let started = self.starts.iter().find(|s| s.rep == rep)?.started;
        let tenure = tenure_week(started, week)?;
        self.phases.iter().find(|p| p.covers(tenure))
    }
}

/// Which week of the job `week` is for someone who started on `started` (the week of the
/// start is week 1); `None` before it.
pub fn tenure_week(started: NaiveDate, week: PeriodKey) -> Option<u32> {
    let (monday, _) = week.dates();
    let first = PeriodKey::week_of(started).dates().0;
    let weeks = (monday - first).num_days().div_euclid(7);
    u32::try_from(weeks).ok().map(|w| w + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenure_counts_calendar_weeks_from_the_start() {
        // Wednesday 4 Nov 2026 is in ISO week 45.
        let start = NaiveDate::from_ymd_opt(2026, 11, 4).unwrap();
        let w = |week| PeriodKey::Week { year: 2026, week };
        assert_eq!(tenure_week(start, w(44)), None);
        assert_eq!(tenure_week(start, w(45)), Some(1));
        assert_eq!(tenure_week(start, w(49)), Some(5));
        assert_eq!(
            tenure_week(
                start,
                PeriodKey::Week {
                    year: 2027,
                    week: 1
                }
            ),
            Some(10)
        );
    }

    #[test]
    fn each_week_falls_in_its_phase_or_none() {
        let phases = RoadmapPhase::source();
        let phase = |week| phases.iter().position(|p| p.covers(week));
        assert_eq!(
            [phase(1), phase(4), phase(5), phase(26), phase(27)],
            [Some(0), Some(0), Some(1), Some(1), None]
        );
    }
}
