//! The weekly meeting view, made to print: one page per rep with their funnel and
//! forecast, the stage changes of this week, stalled opportunities, and the week against
//! the standards.

use rounds_shared::api::{ActivityEndpoint, FunnelEndpoint, StalledEndpoint};

use crate::api;
use leptos::prelude::*;
use rounds_shared::ids::UserId;
use rounds_shared::time::PeriodKey;

use super::bar::{FilterBar, mine, teams};
use super::chart::{FunnelChart, FunnelRow};
use super::dto::Person;
use super::fetch::fetch_api;
use super::funnel::rows;
use crate::format;
use crate::i18n::{Text, t};
use crate::query::TeamQuery;
use crate::repo::now;
use crate::route::Route;
use crate::ui::Ctx;
use crate::ui::widgets::{position_label, standard_figure, standard_label};

/// The meeting view.
#[component]
pub(crate) fn Meeting(q: TeamQuery) -> impl IntoView {
    let ctx = Ctx::get();
    let teams = teams();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let q2 = q.clone();
    let pages = move || {
        let reps: Vec<Person> = teams
            .get()
            .value
            .unwrap_or_default()
            .into_iter()
            .filter(|t| mine(t, &ctx))
            .filter(|t| q2.team.is_empty() || t.name == q2.team)
            .flat_map(|t| t.people)
            .filter(|p| {
                p.role == rounds_shared::model::UserRole::Rep
                    && (q2.rep.is_empty() || p.username == q2.rep)
            })
            .collect();
        reps.into_iter()
            .map(|p| view! { <RepPage person=p q=q2.clone() /> })
            .collect_view()
    };
    view! {
        <div class="screen dash meeting">
            <FilterBar q=q.clone() make=Route::Meeting />
            <button class="secondary print" on:click=print>{move || ctx.t(Text::Print)}</button>
            <div data-testid="meeting">{pages}</div>
        </div>
    }
}

#[component]
fn RepPage(person: Person, q: TeamQuery) -> impl IntoView {
    let ctx = Ctx::get();
    let filters = q
        .with("rep", &person.username)
        .with("team", "")
        .api_filters();
    let f = filters.clone();
    let funnel = fetch_api(move || api::get::<FunnelEndpoint>(f.clone()));
    let f = filters.clone();
    let stalled = fetch_api(move || api::get::<StalledEndpoint>(format!("{f}&limit=10")));
    let f = q
        .with("rep", &person.username)
        .with("team", "")
        .with("period", "week")
        .api_filters();
    let activity = fetch_api(move || api::get::<ActivityEndpoint>(f.clone()));
    let risk_csv = super::warnings::csv_url(&filters);
    let f = filters.clone();
    let at_risk = super::warnings::fetch_warnings_when(move || Some(format!("{f}&limit=5")));
    let who = person.username.clone();
    let late = fetch_api(move || {
        api::get::<rounds_shared::api::NoticesEndpoint>(format!("status=overdue&rep={who}"))
    });
    let rep: Option<UserId> = Some(person.id);
    let name = person.display_name.clone();
    move || {
        let locale = ctx.locale.get();
        // Stage changes of this week, from the team's documents on this device.
        let changes = ctx.repo().read(|d| {
            let week = PeriodKey::week_of(now().date(d.org.tz)).period(d.org.tz);
            let mut out: Vec<(i64, String)> = Vec::new();
            for a in d.accounts.values().filter(|a| Some(a.account.owner) == rep) {
                for o in &a.records.opportunities {
                    for e in o
                        .history
                        .iter()
                        .filter(|e| week.contains(e.at) && e.from.is_some())
                    {
                        let from = e
                            .from
                            .as_ref()
                            .map(|p| position_label(&d.org, p, locale))
                            .unwrap_or_default();
                        out.push((
                            e.at.0,
                            format!(
                                "{} · {} · {} → {} ({})",
                                a.account.name,
                                o.title,
                                from,
                                position_label(&d.org, &e.to, locale),
                                format::date(e.at.date(d.org.tz), locale)
                            ),
                        ));
                    }
                }
            }
            out.sort();
            out.into_iter().map(|(_, s)| s).collect::<Vec<_>>()
        });
        let f = funnel.get().value;
        let rows: Vec<FunnelRow> = f
            .as_ref()
            .map(|r| rows(r, false, locale))
            .unwrap_or_default();
        let forecast = f
            .as_ref()
            .map(|r| format::percent(r.forecast.percent))
            .unwrap_or_default();
        let stalled_rows = stalled.get().value.map(|p| p.items).unwrap_or_default();
        let cells = activity
            .get()
            .value
            .and_then(|a| a.reps.into_iter().next())
            .map(|r| r.cells)
            .unwrap_or_default();
        let org = ctx.repo().read(|d| d.org.clone());
        view! {
            <section class="card rep-page">
                <h2>{name.clone()} " · " {t(locale, Text::Forecast)} " " {forecast}</h2>
                <div class="dash-grid">
                    <div><FunnelChart rows compact=false /></div>
                    <div>
                        <h3>{t(locale, Text::ChangesThisWeek)}</h3>
                        {if changes.is_empty() {
                            view! { <p class="sub">{t(locale, Text::NoChanges)}</p> }.into_any()
                        } else {
                            view! { <ul>{changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul> }.into_any()
                        }}
                        <h3>{t(locale, Text::Stalled)}</h3>
                        <ul>{stalled_rows.into_iter().map(|s| view! {
                            <li>{s.opportunity.account_name} " · " {s.opportunity.title} " · " {s.idle_days} " " {t(locale, Text::DaysIdle)}</li>
                        }).collect_view()}</ul>
                        <h3>{t(locale, Text::ActivityNav)}</h3>
                        <table class="activity">
                            <tbody>{cells.into_iter().map(|c| {
                                let label = standard_label(&org, c.metric, c.stage.as_ref(), locale);
                                view! {
                                    <tr class=if c.met { "met" } else { "behind" }>
                                        <th>{label}</th><td>{standard_figure(c.metric, c.actual, c.basis, locale)} " / " {standard_figure(c.metric, c.minimum, None, locale)}</td>
                                        <td>{if c.met { t(locale, Text::StandardMet) } else { t(locale, Text::Behind) }}</td>
                                    </tr>
                                }
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                </div>
                <super::warnings::WarningsPanel data=at_risk csv=risk_csv.clone() per_rep=false limit=5 />
                {super::notices::overdue_list(late.get().value)}
                <super::coverage::MeetingCoverage rep=person.username.clone() />
            </section>
        }
    }
}
