//! How the organisation's configuration is stored in index documents. Only the server
//! writes it, so its ordered lists are replaced whole when they change.

use automerge::AutomergeError;

use super::codec::{Fields, MapCodec, Put};
use crate::model::{
    OrgConfig, RepStart, RoadmapPhase, Standard, StandardMetric, Target, TargetSubject, Territory,
    TerritoryZone, Zone,
};
use crate::money::{Money, WinRate};
use crate::stage::{ExitCriterion, Stage, StageKey, StageTemplate};
use crate::time::{PeriodKey, TzOffset};

impl MapCodec for ExitCriterion {
    fn read(f: &mut Fields<'_>) -> Self {
        ExitCriterion {
            key: f.required("key"),
            zh: f.or_default("zh"),
            en: f.or_default("en"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("key", &self.key)?;
        p.scalar("zh", &self.zh)?;
        p.scalar("en", &self.en)
    }
}

impl MapCodec for Stage {
    fn read(f: &mut Fields<'_>) -> Self {
        Stage {
            key: f.required_or("key", StageKey::literal("unknown")),
            zh: f.or_default("zh"),
            en: f.or_default("en"),
            win_rate: f.required::<WinRate>("win_rate"),
            exit_criteria: f.map_list("exit_criteria"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("key", &self.key)?;
        p.scalar("zh", &self.zh)?;
        p.scalar("en", &self.en)?;
        p.scalar("win_rate", &self.win_rate)?;
        p.map_list("exit_criteria", &self.exit_criteria)
    }
}

impl MapCodec for StageTemplate {
    fn read(f: &mut Fields<'_>) -> Self {
        StageTemplate {
            stages: f.map_list("stages"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.map_list("stages", &self.stages)
    }
}

impl MapCodec for Standard {
    fn read(f: &mut Fields<'_>) -> Self {
        Standard {
            metric: f.required_or("metric", StandardMetric::VisitsPerWeek),
            stage: f.opt("stage"),
            minimum: f.required("minimum"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("metric", &self.metric)?;
        p.opt("stage", self.stage.as_ref())?;
        p.scalar("minimum", &self.minimum)
    }
}

impl MapCodec for Target {
    fn read(f: &mut Fields<'_>) -> Self {
        Target {
            subject: f.required_or("subject", TargetSubject::Org),
            period: f.required_or("period", PeriodKey::Year { year: 1970 }),
            amount: f.required::<Money>("amount"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("subject", &self.subject)?;
        p.scalar("period", &self.period)?;
        p.scalar("amount", &self.amount)
    }
}

impl MapCodec for TerritoryZone {
    fn read(f: &mut Fields<'_>) -> Self {
        TerritoryZone {
            zone: f.required_or("zone", Zone::A),
            area: f.or_default("area"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("zone", &self.zone)?;
        p.scalar("area", &self.area)
    }
}

impl MapCodec for Territory {
    fn read(f: &mut Fields<'_>) -> Self {
        Territory {
            name: f.or_default("name"),
            zones: f.map_list("zones"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("name", &self.name)?;
        p.map_list("zones", &self.zones)
    }
}

impl MapCodec for RoadmapPhase {
    fn read(f: &mut Fields<'_>) -> Self {
        RoadmapPhase {
            zh: f.or_default("zh"),
            en: f.or_default("en"),
            from_week: f.opt("from_week").unwrap_or(1),
            until_week: f.opt("until_week"),
            standards: f.map_list("standards"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("zh", &self.zh)?;
        p.scalar("en", &self.en)?;
        p.scalar("from_week", &self.from_week)?;
        p.opt("until_week", self.until_week.as_ref())?;
        p.map_list("standards", &self.standards)
    }
}

impl MapCodec for RepStart {
    fn read(f: &mut Fields<'_>) -> Self {
        RepStart {
            rep: f.required_or("rep", crate::ids::UserId::NOBODY),
            started: f.required_or("started", chrono::NaiveDate::MIN),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("rep", &self.rep)?;
        p.scalar("started", &self.started)
    }
}

impl MapCodec for OrgConfig {
    fn read(f: &mut Fields<'_>) -> Self {
        let defaults = OrgConfig::default();
        OrgConfig {
            template: f.child("template").unwrap_or(defaults.template),
            standards: f.map_list("standards"),
            targets: f.map_list("targets"),
            tz: TzOffset {
                minutes: f.opt("tz_minutes").unwrap_or(defaults.tz.minutes),
            },
            stalled_after_days: f
                .opt("stalled_after_days")
                .unwrap_or(defaults.stalled_after_days),
            territories: f.map_list("territories"),
            phases: f.map_list("phases"),
            starts: f.map_list("starts"),
            daily_cutoff_minutes: f
                .opt("daily_cutoff_minutes")
                .unwrap_or(defaults.daily_cutoff_minutes),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.child("template", Some(&self.template))?;
        p.map_list("standards", &self.standards)?;
        p.map_list("targets", &self.targets)?;
        p.scalar("tz_minutes", &self.tz.minutes)?;
        p.scalar("stalled_after_days", &self.stalled_after_days)?;
        p.map_list("territories", &self.territories)?;
        p.map_list("phases", &self.phases)?;
        p.map_list("starts", &self.starts)?;
        p.scalar("daily_cutoff_minutes", &self.daily_cutoff_minutes)
    }
}
