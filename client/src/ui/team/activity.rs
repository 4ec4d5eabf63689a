//! Activity against the standards: reps down, standards across, each cell met or behind;
//! sortable by any column; a cell opens the records behind it.

use rounds_shared::api::ActivityEndpoint;

use crate::api;
use leptos::prelude::*;
use rounds_shared::labels::Locale;
use rounds_shared::model::StandardMetric;

use super::bar::{FilterBar, Freshness};
use super::dto::{Cell, RepActivity};
use super::fetch::fetch_api;
use crate::i18n::{Text, t};
use crate::query::TeamQuery;
use crate::route::Route;
use crate::ui::Ctx;
use crate::ui::widgets::{Go, standard_figure, standard_label};

/// Where a cell's records are, for `week` (`week` for this one, or a name like `2026-W47`).
fn records(rep: &RepActivity, cell: &Cell, week: &str) -> Option<Route> {
    let q = TeamQuery {
        rep: rep.username.clone(),
        period: week.to_owned(),
        ..TeamQuery::default()
    };
    match cell.metric {
        StandardMetric::VisitsPerWeek => Some(Route::TeamVisits(q)),
        StandardMetric::AccountsInStage => Some(Route::Team(TeamQuery {
            stage: cell.stage.as_ref()?.to_string(),
            period: String::new(),
            ..q
        })),
        StandardMetric::NewProspectsPerWeek => Some(Route::Team(q)),
        StandardMetric::DailyListsOnTime | StandardMetric::DailyListsReviewed => {
            Some(Route::TeamDaily)
        }
        _ => Some(Route::RepAccounts(rep.rep_id)),
    }
}

/// Whether two cells measure the same standard (its minimum aside).
fn same_standard(a: &Cell, b: &Cell) -> bool {
    a.metric == b.metric && a.stage == b.stage
}

/// The activity table.
#[component]
pub(crate) fn TeamActivity(q: TeamQuery) -> impl IntoView {
    let ctx = Ctx::get();
    let filters = q.api_filters();
    // The week picked (a week's name such as 2026-W47), or this week; cells link to it.
    let week = if q.period.is_empty() {
        "week".to_owned()
    } else {
        q.period.clone()
    };
    let csv = api::get::<ActivityEndpoint>(filters.clone()).csv_url();
    let data = fetch_api(move || api::get::<ActivityEndpoint>(filters.clone()));
    // Sort: column index (None: by name) and direction.
    let sort: RwSignal<(Option<usize>, bool)> = RwSignal::new((None, false));
    let table = move || {
        let locale = ctx.locale.get();
        let a = data.get().value?;
        let org = ctx.repo().read(|d| d.org.clone());
        // Reps in different phases of the success roadmap are held to different
        // standards: the columns are every standard anyone is held to, in first-seen order.
        let mut header: Vec<Cell> = Vec::new();
        for c in a.reps.iter().flat_map(|r| r.cells.iter()) {
            if !header.iter().any(|h| same_standard(h, c)) {
                header.push(c.clone());
            }
        }
        let cell_of = |r: &RepActivity, i: usize| {
            header
                .get(i)
                .and_then(|h| r.cells.iter().find(|c| same_standard(c, h)))
                .cloned()
        };
        let mut reps = a.reps.clone();
        let (col, desc) = sort.get();
        match col {
            Some(i) => reps.sort_by_key(|r| cell_of(r, i).map_or(i64::MIN, |c| c.actual)),
            None => reps.sort_by(|x, y| x.display_name.cmp(&y.display_name)),
        }
        if desc {
            reps.reverse();
        }
        let name =
            |c: &Cell, locale: Locale| standard_label(&org, c.metric, c.stage.as_ref(), locale);
        let click = move |i: Option<usize>| {
            sort.update(|(c, d)| {
                if *c == i {
                    *d = !*d
                } else {
                    *c = i;
                    *d = false
                }
            })
        };
        Some(view! {
            <p class="sub">{a.week.to_string()}</p>
            <div class="table-wrap">
            <table class="activity-table" data-testid="activity-table">
                <thead><tr>
                    <th><button class="sort" on:click=move |_| click(None)>{t(locale, Text::Rep)}</button></th>
                    {header.iter().enumerate().map(|(i, c)| view! {
                        <th><button class="sort" on:click=move |_| click(Some(i))>{name(c, locale)}</button>
                            <span class="sub">" ≥ " {standard_figure(c.metric, c.minimum, None, locale)}
                                {c.period.map(|p| format!(" · {p}"))}</span></th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {reps.iter().map(|r| view! {
                        <tr>
                            <th>{r.display_name.clone()}</th>
                            {(0..header.len()).map(|i| {
                                let Some(c) = cell_of(r, i) else {
                                    return view! { <td class="none">"—"</td> }.into_any();
                                };
                                let class = if c.met { "met" } else { "behind" };
                                let text = standard_figure(c.metric, c.actual, c.basis, locale);
                                match records(r, &c, &week) {
                                    Some(to) => view! { <td class=class><Go to>{text}</Go></td> }.into_any(),
                                    None => view! { <td class=class>{text}</td> }.into_any(),
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        })
    };
    view! {
        <div class="screen dash">
            <FilterBar q=q.clone() make=Route::TeamActivity weekly=true />
            <Freshness data=data />
            <section class="card">
                <h2>{move || ctx.t(Text::ActivityNav)}</h2>
                {table}
                <a class="csv" href=csv download="activity.csv">{move || ctx.t(Text::ExportCsv)}</a>
            </section>
        </div>
    }
}
