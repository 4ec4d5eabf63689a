//! The plans' tools on the phone, offline: which planned visits were made (the shared
//! matching rule), hospitals suggested for the week (due by their quarterly-plan or default
//! frequency, or a next step), a day's visits put in route order, and the quarter's
//! coverage.

use chrono::NaiveDate;
use leptos::prelude::*;
use rounds_shared::funnel::{last_linked_visits, stalled};
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::{GeoPoint, PlannedVisit, QuarterlyPlan};
use rounds_shared::plan::{
    Coverage, Due, HospitalDue, HospitalSeen, Planned, Suggestion, coverage, months_between,
    order_route, planned, suggest,
};
use rounds_shared::time::{PeriodKey, next_day};

use super::Ctx;
use crate::format;
use crate::i18n::Text;
use crate::repo::Data;

/// The visits `me` made: hospital and day (what planned visits are matched against, and
/// the calendar's visits outside the plan).
pub(super) fn visits_made(d: &Data, me: UserId) -> Vec<(AccountId, NaiveDate)> {
    let tz = d.org.tz;
    d.visits_by(me)
        .map(|(a, v)| (a.account.id, v.at.date(tz)))
        .collect()
}

/// Each of the user's hospitals' default visits a month, by its class and deal (what the
/// quarterly plan starts from), and whether it has a location (for the route).
pub(super) fn default_frequencies(d: &Data) -> std::collections::BTreeMap<AccountId, (u32, bool)> {
    d.my_accounts()
        .into_iter()
        .map(|a| {
            let default = planned_for(d, None, a).per_month;
            (a.account.id, (default, a.account.location.is_some()))
        })
        .collect()
}

/// What the quarter's `plan` (looked up once by the caller; `None`: the defaults) holds for
/// hospital `a`.
fn planned_for(d: &Data, plan: Option<&QuarterlyPlan>, a: &crate::repo::AccountView) -> Planned {
    planned(
        plan,
        &d.org.template,
        a.account.id,
        a.account.class,
        &a.records.opportunities,
    )
}

/// The hospitals due a visit this week, from the device's data.
pub(super) fn suggestions(d: &Data, today: NaiveDate, last_day: NaiveDate) -> Vec<Suggestion> {
    let tz = d.org.tz;
    let plan = d
        .quarterly_plan(PeriodKey::quarter_of(today))
        .map(|(p, _)| p);
    let now = crate::repo::now();
    let hospitals: Vec<HospitalDue> = d
        .my_accounts()
        .into_iter()
        .map(|a| HospitalDue {
            stalled_days: stalled_days(d, a, now),
            account: a.account.id,
            per_month: planned_for(d, plan, a).per_month,
            last_visit: a.records.visits.iter().map(|v| v.at.date(tz)).max(),
            next_step_due: a
                .records
                .opportunities
                .iter()
                .filter(|o| !o.position.has_left())
                .filter_map(|o| o.next_step_due)
                .min(),
        })
        .collect();
    suggest(&hospitals, today, last_day)
}

/// Days the hospital's longest-idle stalled deal has gone without a stage move or a linked
/// visit (the rule of 今日's stalled list), if it has one.
fn stalled_days(
    d: &Data,
    a: &crate::repo::AccountView,
    now: rounds_shared::time::Timestamp,
) -> Option<i64> {
    stalled(
        &d.org.template,
        &a.records.opportunities,
        &last_linked_visits(&a.records.visits),
        now,
        d.org.stalled_after_days,
    )
    .first()
    .map(|s| s.idle_days)
}

/// The quarter's coverage of the user's hospitals up to `today`, as the manager's
/// dashboard works it out (`GET /coverage`), from the device's data.
pub(super) fn my_coverage(d: &Data, quarter: PeriodKey, today: NaiveDate, weeks: u32) -> Coverage {
    let tz = d.org.tz;
    let (first, last) = quarter.dates();
    let as_of = today.clamp(first, last);
    let plan = d.quarterly_plan(quarter).map(|(p, _)| p);
    let hospitals: Vec<HospitalSeen> = d
        .my_accounts()
        .into_iter()
        .map(|a| {
            let days: Vec<NaiveDate> = a
                .records
                .visits
                .iter()
                .map(|v| v.at.date(tz))
                .filter(|day| *day <= as_of)
                .collect();
            let p = planned_for(d, plan, a);
            HospitalSeen {
                account: a.account.id,
                name: a.account.name.clone(),
                class: a.account.class,
                zone: a.account.zone,
                per_month: p.per_month,
                in_funnel: p.in_funnel,
                visits: days.iter().filter(|day| **day >= first).count() as u32,
                last_visit: days.iter().max().copied(),
                focus: p.focus,
            }
        })
        .collect();
    coverage(
        &hospitals,
        months_between(first, next_day(as_of)),
        as_of,
        weeks,
    )
}

/// `visits` with those of `day` put in route order from the first of them (the rest of the
/// week as it was); hospitals with no location keep their place at the end.
pub(super) fn route_day(d: &Data, visits: &[PlannedVisit], day: NaiveDate) -> Vec<PlannedVisit> {
    let location = |a: AccountId| d.accounts.get(&a).and_then(|v| v.account.location);
    let (today, rest): (Vec<PlannedVisit>, Vec<PlannedVisit>) =
        visits.iter().cloned().partition(|v| v.day == day);
    let (placed, unplaced): (Vec<PlannedVisit>, Vec<PlannedVisit>) = today
        .into_iter()
        .partition(|v| location(v.account).is_some());
    let Some(first) = placed.first() else {
        return visits.to_vec();
    };
    let start: GeoPoint = location(first.account).unwrap_or(GeoPoint { lat: 0.0, lng: 0.0 });
    let stops: Vec<GeoPoint> = placed[1..]
        .iter()
        .filter_map(|v| location(v.account))
        .collect();
    let order = order_route(start, &stops);
    let mut out: Vec<PlannedVisit> = rest.into_iter().filter(|v| v.day < day).collect();
    out.push(first.clone());
    out.extend(order.into_iter().map(|i| placed[i + 1].clone()));
    out.extend(unplaced);
    out.extend(visits.iter().filter(|v| v.day > day).cloned());
    out
}

/// Why a hospital is suggested, in words.
pub(super) fn reason(ctx: Ctx, due: Due) -> String {
    let locale = ctx.locale.get_untracked();
    match due {
        Due::NeverVisited => ctx.t(Text::NeverVisited).to_owned(),
        Due::Overdue { days } => format!(
            "{} {days} {}",
            ctx.t(Text::OverdueBy),
            ctx.t(Text::DaysUnit)
        ),
        Due::Stalled { days } => format!(
            "{} {days} {}",
            ctx.t(Text::DealStalledFor),
            ctx.t(Text::DaysUnit)
        ),
        Due::ThisWeek { on } => format!("{} {}", ctx.t(Text::DueOn), format::day(on, locale)),
        Due::NextStep { on } => format!("{} {}", ctx.t(Text::NextStepDue), format::day(on, locale)),
    }
}
