//! The week on the phone, drawn offline: a schematic map of the day's route from the
//! hospitals' coordinates (no map tiles: every hospital a dot coloured by zone, the day's
//! stops numbered and joined in order), and the week's calendar of planned and made visits.

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use rounds_shared::ids::AccountId;
use rounds_shared::model::{GeoPoint, PlannedVisit, Zone};

use super::Ctx;
use crate::format;
use crate::i18n::Text;
use crate::repo::Data;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 220.0;
const PAD: f64 = 14.0;

/// A zone's colour on the map (no zone: grey).
fn colour(zone: Option<Zone>) -> &'static str {
    match zone {
        Some(Zone::A) => "#2a7de1",
        Some(Zone::B) => "#e1822a",
        Some(Zone::C) => "#2aa84a",
        Some(Zone::D) => "#a83ad1",
        None => "#8a8a8a",
    }
}

/// Places points in the drawing: longitude scaled by the latitude's cosine, so distances
/// look right; the whole set fitted into the box.
struct Frame {
    min: (f64, f64),
    scale: f64,
    cos: f64,
}

impl Frame {
    fn fit(points: &[GeoPoint]) -> Option<Frame> {
        let first = points.first()?;
        let mean = points.iter().map(|p| p.lat).sum::<f64>() / points.len() as f64;
        let cos = mean.to_radians().cos().max(0.1);
        let (mut x0, mut x1, mut y0, mut y1) = (first.lng, first.lng, first.lat, first.lat);
        for p in points {
            (x0, x1) = (x0.min(p.lng), x1.max(p.lng));
            (y0, y1) = (y0.min(p.lat), y1.max(p.lat));
        }
        let span_x = ((x1 - x0) * cos).max(1e-6);
        let span_y = (y1 - y0).max(1e-6);
        let scale = ((WIDTH - 2.0 * PAD) / span_x).min((HEIGHT - 2.0 * PAD) / span_y);
        Some(Frame {
            min: (x0, y1),
            scale,
            cos,
        })
    }

    fn at(&self, p: GeoPoint) -> (f64, f64) {
        (
            PAD + (p.lng - self.min.0) * self.cos * self.scale,
            PAD + (self.min.1 - p.lat) * self.scale,
        )
    }
}

/// What the map draws: every hospital of the user's with a location (with its zone), and
/// the day's stops in the plan's order.
type MapPoints = (Vec<(GeoPoint, Option<Zone>)>, Vec<(AccountId, GeoPoint)>);

/// The map's points for `day`.
fn map_points(d: &Data, visits: &[PlannedVisit], day: NaiveDate) -> MapPoints {
    let all = d
        .my_accounts()
        .into_iter()
        .filter_map(|a| a.account.location.map(|l| (l, a.account.zone)))
        .collect();
    let stops = visits
        .iter()
        .filter(|v| v.day == day)
        .filter_map(|v| {
            let at = d.accounts.get(&v.account)?.account.location?;
            Some((v.account, at))
        })
        .collect();
    (all, stops)
}

/// The day's route on a schematic map.
#[component]
pub(super) fn RouteMap(
    visits: RwSignal<Vec<PlannedVisit>>,
    day: Signal<Option<NaiveDate>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let points = Memo::new(move |_| {
        let planned = visits.get();
        let day = day.get()?;
        Some(ctx.repo().read(|d| map_points(d, &planned, day)))
    });
    move || {
        let (all, stops) = points.get()?;
        let located: Vec<GeoPoint> = all.iter().map(|(p, _)| *p).collect();
        let frame = Frame::fit(&located)?;
        let dots = all
            .iter()
            .map(|(p, z)| {
                let (x, y) = frame.at(*p);
                view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="2.5" fill=colour(*z) opacity="0.55" /> }
            })
            .collect_view();
        let line: Vec<String> = stops
            .iter()
            .map(|(_, p)| {
                let (x, y) = frame.at(*p);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let numbered = stops
            .iter()
            .enumerate()
            .map(|(i, (a, p))| {
                let (x, y) = frame.at(*p);
                view! {
                    <g data-testid="route-stop" data-account=a.to_string() data-n=(i + 1).to_string()>
                        <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="8" fill="#0b6e4f" />
                        <text x=format!("{x:.1}") y=format!("{:.1}", y + 3.5) text-anchor="middle" font-size="10" fill="#fff">{i + 1}</text>
                    </g>
                }
            })
            .collect_view();
        Some(view! {
            <svg class="route-map" data-testid="route-map" data-stops=stops.len().to_string()
                viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=ctx.t(Text::RouteMap)>
                <rect width=WIDTH.to_string() height=HEIGHT.to_string() fill="#f4f7f5" rx="6" />
                {dots}
                <polyline points=line.join(" ") fill="none" stroke="#0b6e4f" stroke-width="2" />
                {numbered}
            </svg>
        })
    }
}

/// The week's calendar: each day's planned visits, marked made or not once the day has
/// come, and the visits made outside the plan.
#[component]
pub(super) fn WeekCalendar(
    visits: RwSignal<Vec<PlannedVisit>>,
    marks: Memo<Vec<bool>>,
    made: Memo<Vec<(AccountId, NaiveDate)>>,
    monday: NaiveDate,
    today: NaiveDate,
) -> impl IntoView {
    let ctx = Ctx::get();
    move || {
        let locale = ctx.locale.get();
        let planned = visits.get();
        let marks = marks.get();
        let made = made.get();
        let names = ctx.repo().read(|d| {
            planned
                .iter()
                .map(|v| {
                    d.accounts
                        .get(&v.account)
                        .map(|a| a.account.name.clone())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
        });
        (0..7)
            .map(|i| {
                let day = monday + Duration::days(i);
                let items = planned
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.day == day)
                    .map(|(j, _)| {
                        let class = match (day <= today, marks.get(j).copied().unwrap_or(false)) {
                            (false, _) => "planned",
                            (true, true) => "planned done",
                            (true, false) => "planned missed",
                        };
                        view! { <li class=class>{names[j].clone()}</li> }
                    })
                    .collect_view();
                let outside = made
                    .iter()
                    .filter(|(a, d)| *d == day && !planned.iter().any(|v| v.day == day && v.account == *a))
                    .count();
                view! {
                    <div class=if day == today { "cal-day today" } else { "cal-day" } data-testid="calendar-day"
                        data-day=day.to_string() data-unplanned=outside.to_string()>
                        <strong>{format::day(day, locale)}</strong>
                        <ul class="plain">{items}</ul>
                        {(outside > 0).then(|| view! { <span class="sub">"+" {outside} " " {ctx.t(Text::Unplanned)}</span> })}
                    </div>
                }
            })
            .collect_view()
    }
}
