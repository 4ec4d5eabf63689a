//! The team's weekly plans against what was done (`GET /attainment`), any week: per rep,
//! visits planned, done, the rate, visits outside the plan, and each planned visit by day
//! (the rep's week); below, the quarter's plans and coverage ([`super::coverage`]).

use chrono::Duration;
use leptos::prelude::*;
use rounds_shared::api::{AttainmentEndpoint, AttainmentReport};
use rounds_shared::time::PeriodKey;

use super::bar::Freshness;
use super::fetch::fetch_api;
use crate::api;
use crate::format;
use crate::i18n::Text;
use crate::repo::now;
use crate::ui::Ctx;

/// The plan attainment screen of the dashboard.
#[component]
pub(crate) fn TeamAttainment() -> impl IntoView {
    let ctx = Ctx::get();
    let this_week = ctx
        .repo()
        .read(|d| PeriodKey::week_of(now().date(d.org.tz)));
    let week = RwSignal::new(this_week);
    let step = move |days: i64| {
        week.update(|w| *w = PeriodKey::week_of(w.dates().0 + Duration::days(days)));
    };
    let data = fetch_api(move || api::get::<AttainmentEndpoint>(format!("week={}", week.get())));
    let body = move || {
        let locale = ctx.locale.get();
        let Some(report): Option<AttainmentReport> = data.get().value else {
            return view! { <p class="empty">{ctx.t(Text::Loading)}</p> }.into_any();
        };
        let rows = report
            .reps
            .into_iter()
            .map(|r| {
                let items = r
                    .items
                    .into_iter()
                    .map(|i| {
                        view! {
                            <li data-testid="attainment-item" data-done=i.done.to_string()>
                                {format::day(i.day, locale)} " " {i.hospital} " "
                                <span class=if i.done { "chip good" } else { "chip bad" }>
                                    {ctx.t(if i.done { Text::VisitDone } else { Text::VisitMissed })}
                                </span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <tr data-testid="attainment-rep" data-rep=r.rep.to_string()
                        data-planned=r.planned.to_string() data-done=r.done.to_string()>
                        <th>{r.name}</th>
                        <td class="num">{r.planned}</td>
                        <td class="num">{r.done}</td>
                        <td class="num">{format::share(r.rate)}</td>
                        <td class="num">{r.visits}</td>
                        <td class="num">{r.unplanned}</td>
                        <td><ul class="plain">{items}</ul></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p class="reading" data-testid="attainment-total">
                {report.week} " · " {ctx.t(Text::PlanDone)} " " {report.done} " / " {report.planned}
                " · " {format::share(report.rate)}
            </p>
            <table class="list-table">
                <thead><tr>
                    <th></th><th>{ctx.t(Text::PlannedVisits)}</th><th>{ctx.t(Text::VisitDone)}</th>
                    <th>{ctx.t(Text::PlanRate)}</th><th>{ctx.t(Text::VisitsMade)}</th>
                    <th>{ctx.t(Text::Unplanned)}</th><th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="screen dash team-attainment">
            <Freshness data />
            <section class="card" data-testid="team-attainment">
                <h2>{move || ctx.t(Text::PlanAttainment)}</h2>
                <p class="week-nav">
                    <button class="link" data-testid="week-before" on:click=move |_| step(-7)>"‹ " {move || ctx.t(Text::WeekBefore)}</button>
                    <button class="link" data-testid="week-after" on:click=move |_| step(7)
                        disabled={move || week.get() >= this_week}>{move || ctx.t(Text::WeekAfter)} " ›"</button>
                </p>
                {body}
            </section>
            <section class="card" data-testid="team-coverage">
                <h2>{move || crate::ui::quarter::tr(crate::ui::quarter::QuarterText::QuarterAndCoverage)}</h2>
                <super::coverage::TeamCoverage />
            </section>
        </div>
    }
}
