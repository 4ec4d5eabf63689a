//! The filters every funnel and dashboard endpoint takes, checked and turned into a scope:
//! what the user may see, narrowed (never widened) by the filters.

use chrono::NaiveDate;
use rounds_shared::ids::{TeamId, UserId};
use rounds_shared::model::{HospitalLevel, OrgConfig, TargetSubject, UserRole};
use rounds_shared::money::Money;
use rounds_shared::time::{Period, PeriodKey, Timestamp, next_day};
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{AccountScope, OppQuery, User};
use crate::sync::account_scope;

/// Query parameters shared by the funnel endpoints.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct Filters {
    /// `week`, `month`, `quarter` (default), `year`, `custom` (with `from` and `to`), or a
    /// named period: `2026-W48`, `2026-11`, `2026-Q4`, `2026`.
    pub period: Option<String>,
    /// First day of a custom period (YYYY-MM-DD).
    pub from: Option<String>,
    /// Last day of a custom period (YYYY-MM-DD).
    pub to: Option<String>,
    /// Team name or id.
    pub team: Option<String>,
    /// Rep username or id.
    pub rep: Option<String>,
    /// Region, as written on accounts.
    pub region: Option<String>,
    /// Hospital grade key (3a, 2a, …).
    pub level: Option<String>,
    /// Product line.
    pub product: Option<String>,
    /// The funnel as it stood at the end of this day (YYYY-MM-DD).
    pub as_of: Option<String>,
    /// Stage, for drill-downs.
    pub stage: Option<String>,
    /// Days without a move or visit that make an opportunity stalled (1 to 3650).
    pub days: Option<String>,
    /// Page size of lists (1 to 1000).
    pub limit: Option<String>,
    /// Rows to skip in lists.
    pub offset: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// A deal-warning kind (`no_coach`, `single_threaded`, …), for the warnings list.
    pub warning: Option<String>,
    /// A visit flag (`no_check_in`, `far_from_hospital`, `clock_ahead`, `reported_late`),
    /// for the visit feed.
    pub flag: Option<String>,
}

fn bad(code: &'static str, message: String) -> AppError {
    AppError::BadRequest { code, message }
}

/// Parameter `name`'s value of a closed set (a key such as `no_coach`), if given; a key
/// outside the set is a 400 listing the keys it may take.
pub(crate) fn keyed<T: serde::de::DeserializeOwned>(
    name: &str,
    value: Option<&str>,
) -> Result<Option<T>, AppError> {
    value
        .map(|v| {
            serde_json::from_value(serde_json::Value::String(v.to_owned()))
                .map_err(|e| bad("invalid_filter", format!("`{name}`: {e}")))
        })
        .transpose()
}

/// A whole-number parameter between `min` and `max`.
fn number(
    name: &str,
    text: Option<&str>,
    default: u32,
    min: u32,
    max: u32,
    code: &'static str,
) -> Result<u32, AppError> {
    let Some(text) = text else { return Ok(default) };
    text.parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            bad(
                code,
                format!("`{name}` must be a whole number between {min} and {max}, not `{text}`"),
            )
        })
}

/// The dates a filter may name: wide enough for any business record, narrow enough that no
/// date arithmetic on them can overflow.
const FIRST_DATE: (i32, u32, u32) = (1900, 1, 1);
const LAST_DATE: (i32, u32, u32) = (2999, 12, 31);

fn date(name: &str, text: &str) -> Result<NaiveDate, AppError> {
    let ymd = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| (ymd(FIRST_DATE)..=ymd(LAST_DATE)).contains(d))
        .ok_or_else(|| {
            bad(
                "invalid_date",
                format!(
                    "`{name}` must be a date like 2026-11-23 between 1900-01-01 and 2999-12-31, not `{text}`"
                ),
            )
        })
}

/// The filters checked against the user's rights and the organisation.
#[derive(Debug)]
pub(crate) struct Scope {
    pub period: Period,
    pub period_key: Option<PeriodKey>,
    pub as_of: Timestamp,
    pub query: OppQuery,
    pub target: Option<Money>,
    pub org: OrgConfig,
    pub now: Timestamp,
    /// Whose target applies: `None` for a manager's own view (their teams' targets summed).
    pub subject: Option<TargetSubject>,
    /// The teams the user manages.
    pub managed: Vec<TeamId>,
}

impl Scope {
    /// The scope's target for the period `key`.
    pub(crate) fn target_in(&self, key: PeriodKey) -> Option<Money> {
        match self.subject {
            Some(subject) => self.org.target(subject, key),
            None => {
                let sum: Money = self
                    .managed
                    .iter()
                    .filter_map(|t| self.org.target(TargetSubject::Team(*t), key))
                    .sum();
                (sum > Money::ZERO).then_some(sum)
            }
        }
    }
}

impl Filters {
    /// Resolves the filters for `user`.
    pub(crate) async fn scope(&self, state: &AppState, user: &User) -> Result<Scope, AppError> {
        self.scope_with(state, user, None).await
    }

    /// Resolves the filters for `user`, who reads what `reads` says when given (a view
    /// wider than what they sync, such as finance's over every hospital's receivables) and
    /// otherwise what they sync.
    pub(crate) async fn scope_with(
        &self,
        state: &AppState,
        user: &User,
        reads: Option<AccountScope>,
    ) -> Result<Scope, AppError> {
        let org = state.store(|s| s.org_config()).await?;
        let now = Timestamp(state.now_ms());
        let today = now.date(org.tz);
        let (period, period_key) = self.period(today, &org)?;
        let as_of = match &self.as_of {
            Some(d) => {
                Timestamp(Timestamp::start_of(next_day(date("as_of", d)?), org.tz).0 - 1).min(now)
            }
            None => Timestamp(period.end.0 - 1).min(now),
        };
        let level = self
            .level
            .as_deref()
            .map(|l| {
                HospitalLevel::from_key(l).ok_or_else(|| {
                    let keys: Vec<&str> = HospitalLevel::ALL.iter().map(|v| v.key()).collect();
                    bad(
                        "invalid_filter",
                        format!(
                            "unknown hospital level `{l}`; use one of: {}",
                            keys.join(", ")
                        ),
                    )
                })
            })
            .transpose()?;

        // What the user may see.
        let me = user.id;
        // Whom the user sees (the rule in `sync::account_scope`), as a list of owners.
        let managed = state.store(move |s| s.managed_teams(me)).await?;
        let rule = reads.unwrap_or_else(|| account_scope(user, &managed));
        let allowed: Option<Vec<UserId>> = match &rule {
            AccountScope::All => None,
            AccountScope::Owners { owner, teams } => {
                let (owner, teams) = (*owner, teams.clone());
                Some(
                    state
                        .store(move |s| {
                            let mut all = vec![owner];
                            for t in teams {
                                all.extend(s.team_members(t)?);
                            }
                            Ok(all)
                        })
                        .await?,
                )
            }
            AccountScope::Nothing => return Err(AppError::Forbidden),
        };
        let may_see = |id: &UserId| allowed.as_ref().is_none_or(|a| a.contains(id));

        // Filters narrow it.
        let mut owners = allowed.clone();
        let mut subject = match user.role {
            UserRole::Rep => Some(TargetSubject::Rep(me)),
            UserRole::Admin => Some(TargetSubject::Org),
            _ => None,
        };
        if let Some(t) = &self.team {
            let key = t.clone();
            let team = state
                .store(move |s| {
                    Ok(s.teams()?
                        .into_iter()
                        .find(|x| x.name == key || x.id.to_string() == key))
                })
                .await?
                .ok_or_else(|| bad("invalid_filter", format!("unknown team `{t}`")))?;
            let sees_team = match &rule {
                AccountScope::All => true,
                AccountScope::Owners { teams, .. } => teams.contains(&team.id),
                AccountScope::Nothing => false,
            };
            if !sees_team {
                return Err(AppError::Forbidden);
            }
            let id = team.id;
            let members = state.store(move |s| s.team_members(id)).await?;
            owners = Some(members);
            subject = Some(TargetSubject::Team(team.id));
        }
        if let Some(r) = &self.rep {
            let key = r.clone();
            let rep = state
                .store(move |s| {
                    Ok(s.users()?
                        .into_iter()
                        .find(|u| u.username == key || u.id.to_string() == key))
                })
                .await?
                .ok_or_else(|| bad("invalid_filter", format!("unknown rep `{r}`")))?;
            if !may_see(&rep.id) || owners.as_ref().is_some_and(|o| !o.contains(&rep.id)) {
                return Err(AppError::Forbidden);
            }
            owners = Some(vec![rep.id]);
            subject = Some(TargetSubject::Rep(rep.id));
        }
        let query = OppQuery {
            owners,
            region: self.region.clone(),
            level,
            product_line: self.product.clone(),
        };
        let mut scope = Scope {
            period,
            period_key,
            as_of,
            query,
            target: None,
            org,
            now,
            subject,
            managed,
        };
        scope.target = period_key.and_then(|key| scope.target_in(key));
        Ok(scope)
    }

    fn period(
        &self,
        today: NaiveDate,
        org: &OrgConfig,
    ) -> Result<(Period, Option<PeriodKey>), AppError> {
        let custom = || -> Result<(Period, Option<PeriodKey>), AppError> {
            let (Some(f), Some(t)) = (&self.from, &self.to) else {
                return Err(bad(
                    "invalid_period",
                    "a custom period needs both `from` and `to`".into(),
                ));
            };
            let (first, last) = (date("from", f)?, date("to", t)?);
            let period = Period::from_dates(first, last, org.tz).map_err(|e| {
                bad(
                    "invalid_period",
                    format!("{e}: `from` must not be after `to`"),
                )
            })?;
            Ok((period, None))
        };
        let key = match self.period.as_deref() {
            None if self.from.is_some() || self.to.is_some() => return custom(),
            Some("custom") => return custom(),
            None | Some("quarter") => PeriodKey::quarter_of(today),
            Some("week") => PeriodKey::week_of(today),
            Some("month") => PeriodKey::month_of(today),
            Some("year") => PeriodKey::Year {
                year: chrono::Datelike::year(&today),
            },
            Some(text) => text
                .parse::<PeriodKey>()
                .map_err(|e| bad("invalid_period", e.to_string()))?,
        };
        if self.from.is_some() || self.to.is_some() {
            return Err(bad(
                "invalid_period",
                "`from` and `to` go with `period=custom` only".into(),
            ));
        }
        Ok((key.period(org.tz), Some(key)))
    }

    /// The page size and offset of a list.
    pub(crate) fn page(&self) -> Result<(usize, usize), AppError> {
        let limit = number("limit", self.limit.as_deref(), 100, 1, 1000, "invalid_page")?;
        let offset = number(
            "offset",
            self.offset.as_deref(),
            0,
            0,
            u32::MAX,
            "invalid_page",
        )?;
        Ok((limit as usize, offset as usize))
    }

    /// CSV or not, and the page to answer with (CSV answers every row).
    pub(crate) fn output(&self) -> Result<(bool, usize, usize), AppError> {
        if self.csv()? {
            return Ok((true, usize::MAX, 0));
        }
        let (limit, offset) = self.page()?;
        Ok((false, limit, offset))
    }

    /// The `stage` asked for (a stage of `template`, `lost` or `dropped`), if any.
    pub(crate) fn position(
        &self,
        template: &rounds_shared::stage::StageTemplate,
    ) -> Result<Option<rounds_shared::stage::Position>, AppError> {
        let Some(s) = self.stage.as_deref() else {
            return Ok(None);
        };
        let p: rounds_shared::stage::Position =
            s.parse()
                .map_err(|e: rounds_shared::stage::InvalidStageKey| {
                    bad("invalid_filter", e.to_string())
                })?;
        if p.stage().is_some() && template.position_of(&p).is_none() {
            return Err(bad("invalid_filter", format!("unknown stage `{s}`")));
        }
        Ok(Some(p))
    }

    /// Whether the answer should be CSV.
    pub(crate) fn csv(&self) -> Result<bool, AppError> {
        super::csv::wanted(self.format.as_deref())
    }

    /// The stalled threshold in days, `default` when not given.
    pub(crate) fn stalled_days(&self, default: u32) -> Result<u32, AppError> {
        number(
            "days",
            self.days.as_deref(),
            default,
            1,
            3650,
            "invalid_filter",
        )
    }
}
