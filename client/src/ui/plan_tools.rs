//! The weekly plan's tools on the phone, offline: which planned visits were made (the
//! shared matching rule), hospitals suggested for the week (due by their frequency, or a
//! next step), and a day's visits put in route order.

use chrono::NaiveDate;
use leptos::prelude::*;
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::{GeoPoint, PlannedVisit};
use rounds_shared::money::WinRate;
use rounds_shared::plan::{Due, HospitalDue, Suggestion, default_frequency, order_route, suggest};

use super::Ctx;
use crate::format;
use crate::i18n::Text;
use crate::repo::Data;

/// For each planned visit, whether the user's visits made it (same hospital, same day).
pub(super) fn done_marks(d: &Data, me: UserId, planned: &[PlannedVisit]) -> Vec<bool> {
    let tz = d.org.tz;
    let made: Vec<(AccountId, NaiveDate)> = d
        .visits_by(me)
        .map(|(a, v)| (a.account.id, v.at.date(tz)))
        .collect();
    rounds_shared::plan::planned_done(planned, &made)
}

/// The hospitals due a visit this week, from the device's data.
pub(super) fn suggestions(d: &Data, today: NaiveDate, last_day: NaiveDate) -> Vec<Suggestion> {
    let tz = d.org.tz;
    let hospitals: Vec<HospitalDue> = d
        .my_accounts()
        .into_iter()
        .map(|a| {
            let open = a
                .records
                .opportunities
                .iter()
                .filter(|o| !o.position.has_left());
            let deal: Option<WinRate> = open
                .clone()
                .filter_map(|o| d.org.template.position_of(&o.position))
                .map(|s| s.stage.win_rate)
                .max();
            HospitalDue {
                account: a.account.id,
                per_month: default_frequency(a.account.class, deal),
                last_visit: a.records.visits.iter().map(|v| v.at.date(tz)).max(),
                next_step_due: open.filter_map(|o| o.next_step_due).min(),
            }
        })
        .collect();
    suggest(&hospitals, today, last_day)
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
        Due::ThisWeek { on } => format!("{} {}", ctx.t(Text::DueOn), format::day(on, locale)),
        Due::NextStep { on } => format!("{} {}", ctx.t(Text::NextStepDue), format::day(on, locale)),
    }
}
