use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::{TeamId, UserId};
use crate::labels::closed_enum;
use crate::money::Money;
use crate::stage::{StageKey, StageTemplate};
use crate::time::{PeriodKey, TzOffset};

/// The organisation's configuration, carried to every user in their index document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgConfig {
    /// The funnel's stages.
    pub template: StageTemplate,
    /// Activity standards (a rep's success roadmap).
    pub standards: Vec<Standard>,
    /// Revenue targets per period.
    pub targets: Vec<Target>,
    /// The zone dates and periods are reckoned in.
    pub tz: TzOffset,
    /// An opportunity with no stage move and no visit for this many days is stalled.
    pub stalled_after_days: u32,
    /// Sales territories (regions) with their route-plan zones; hospitals and reps belong
    /// to one by name. Empty: any region is accepted.
    #[serde(default)]
    pub territories: Vec<Territory>,
    /// The success roadmap's phases by tenure (empty: everyone is held to `standards`).
    #[serde(default)]
    pub phases: Vec<super::RoadmapPhase>,
    /// Reps' start dates, from which their tenure counts.
    #[serde(default)]
    pub starts: Vec<super::RepStart>,
    /// When the day's lists (日清单) are due, in minutes after local midnight (18:00 by
    /// default).
    #[serde(default = "OrgConfig::default_cutoff")]
    pub daily_cutoff_minutes: u32,
}

/// A sales territory (区域): a region divided into route-plan zones A–D.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Territory {
    /// Its name, as hospitals' and reps' `region` give it.
    pub name: String,
    /// What each zone covers (e.g. A → 浦东北), for the zones in use.
    #[serde(default)]
    pub zones: Vec<TerritoryZone>,
}

/// One zone of a territory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerritoryZone {
    /// Which zone.
    pub zone: super::Zone,
    /// What it covers.
    #[serde(default)]
    pub area: String,
}

impl Default for OrgConfig {
    fn default() -> Self {
        Self {
            template: StageTemplate::default_eight(),
            standards: Standard::defaults(),
            targets: Vec::new(),
            tz: TzOffset::BEIJING,
            stalled_after_days: 30,
            territories: Vec::new(),
            phases: Vec::new(),
            starts: Vec::new(),
            daily_cutoff_minutes: Self::default_cutoff(),
        }
    }
}

impl OrgConfig {
    /// Daily lists are due at 18:00 unless the organisation says otherwise.
    pub const fn default_cutoff() -> u32 {
        18 * 60
    }

    /// The daily lists' cut-off as `HH:MM`.
    pub fn cutoff_text(&self) -> String {
        format!(
            "{:02}:{:02}",
            self.daily_cutoff_minutes / 60,
            self.daily_cutoff_minutes % 60
        )
    }

    /// Reads `HH:MM` (00:00–23:59) as minutes after midnight.
    pub fn parse_cutoff(text: &str) -> Option<u32> {
        let (h, m) = text.trim().split_once(':')?;
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60 && text.trim().len() == 5).then_some(h * 60 + m)
    }

    /// Whether `region` is one of the territories (any region is, when none are set).
    pub fn knows_region(&self, region: &str) -> bool {
        self.territories.is_empty() || self.territories.iter().any(|t| t.name == region)
    }

    /// The target for `subject` in `period`, if one is set.
    pub fn target(&self, subject: TargetSubject, period: PeriodKey) -> Option<Money> {
        self.targets
            .iter()
            .find(|t| t.subject == subject && t.period == period)
            .map(|t| t.amount)
    }
}

closed_enum! {
    /// What an activity standard measures.
    pub enum StandardMetric {
        VisitsPerWeek = "visits_per_week", "每周拜访次数", "Visits a week";
        NewProspectsPerWeek = "new_prospects_per_week", "每周新增潜在客户", "New prospects a week";
        WeeklyPlanSubmitted = "weekly_plan_submitted", "周计划已提交", "Weekly plan submitted";
        KeyAccountsReviewedPerWeek = "key_accounts_reviewed_per_week", "每周与经理回顾重点客户", "Key accounts reviewed with manager a week";
        AccountsInStage = "accounts_in_stage", "阶段客户数", "Accounts in stage";
        ContractsPerMonth = "contracts_per_month", "每月签约数", "Contracts a month";
        NewBusinessPerMonth = "new_business_per_month", "每月新增业务额", "New business a month";
        ReceivablesCollectedPercent = "receivables_collected_percent", "回款率", "Receivables collected";
        DailyListsOnTime = "daily_lists_on_time", "日清单按时提交(天/周)", "Daily lists in on time a week";
        DailyListsReviewed = "daily_lists_reviewed", "日清单经理点评(天/周)", "Daily lists reviewed a week";
    }
}

/// One standard: at least `minimum` of `metric` (for `AccountsInStage`, in `stage`).
/// Counts are plain numbers, money is in fen, percentages are whole percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standard {
    /// What is measured.
    pub metric: StandardMetric,
    /// The stage, for `AccountsInStage`.
    #[serde(default)]
    pub stage: Option<StageKey>,
    /// The least that meets the standard.
    pub minimum: i64,
}

impl Standard {
    /// At least `minimum` of `metric` (one that takes no stage).
    pub fn plain(metric: StandardMetric, minimum: i64) -> Standard {
        Standard {
            metric,
            stage: None,
            minimum,
        }
    }

    /// At least `minimum` accounts in stage `stage`.
    pub fn in_stage(stage: &str, minimum: i64) -> Standard {
        Standard {
            metric: StandardMetric::AccountsInStage,
            stage: Some(StageKey::literal(stage)),
            minimum,
        }
    }

    /// The standards from the source's success roadmap (DOMAIN.md, "Standards").
    pub fn defaults() -> Vec<Standard> {
        use StandardMetric as M;
        let (plain, in_stage) = (Standard::plain, Standard::in_stage);
        vec![
            plain(M::VisitsPerWeek, 8),
            plain(M::NewProspectsPerWeek, 2),
            plain(M::WeeklyPlanSubmitted, 1),
            plain(M::KeyAccountsReviewedPerWeek, 5),
            in_stage("analyse", 40),
            in_stage("build_trust", 20),
            in_stage("dig_needs", 12),
            in_stage("present_value", 10),
            in_stage("win_commitment", 7),
            plain(M::ContractsPerMonth, 2),
            plain(M::NewBusinessPerMonth, Money::from_yuan(30_000).fen()),
            plain(M::ReceivablesCollectedPercent, 90),
            plain(M::DailyListsOnTime, 5),
            plain(M::DailyListsReviewed, 5),
        ]
    }
}

/// A revenue target for one subject and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Target {
    /// Whose target.
    pub subject: TargetSubject,
    /// Which period, usually a quarter.
    pub period: PeriodKey,
    /// The amount.
    pub amount: Money,
}

/// Whose target: the whole organisation, a team, or a rep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetSubject {
    /// The whole organisation.
    Org,
    /// One team.
    Team(TeamId),
    /// One rep.
    Rep(UserId),
}

impl fmt::Display for TargetSubject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Org => f.write_str("org"),
            Self::Team(id) => write!(f, "team:{id}"),
            Self::Rep(id) => write!(f, "rep:{id}"),
        }
    }
}

/// Text that does not name a target subject.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a target subject: use org, team:<id> or rep:<id>")]
pub struct InvalidSubject(pub String);

impl FromStr for TargetSubject {
    type Err = InvalidSubject;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once(':') {
            None if s == "org" => Ok(Self::Org),
            Some(("team", id)) => Ok(Self::Team(
                id.parse().map_err(|_| InvalidSubject(s.to_owned()))?,
            )),
            Some(("rep", id)) => Ok(Self::Rep(
                id.parse().map_err(|_| InvalidSubject(s.to_owned()))?,
            )),
            _ => Err(InvalidSubject(s.to_owned())),
        }
    }
}

impl Serialize for TargetSubject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TargetSubject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}
