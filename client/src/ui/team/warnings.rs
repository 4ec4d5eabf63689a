//! Deals at risk for the manager: each rep's count of deal warnings and the deals with their
//! warnings (`GET /warnings`, computed on the server by the phone's own rules), on the team
//! screen and on each rep's page of the weekly meeting.

use leptos::prelude::*;
use rounds_shared::api::{WarningsEndpoint, WarningsReport};
use rounds_shared::ids::OpportunityId;
use rounds_shared::labels::Labelled;

use super::fetch::{Fetched, fetch_api_when};
use crate::api;
use crate::format;
use crate::i18n::{Text, t};
use crate::route::Route;
use crate::ui::Ctx;
use crate::ui::deal::text::{Text as D, t as dt};
use crate::ui::widgets::Go;

/// The deal warnings `query()` (the dashboard's query string, with a page or a stage)
/// asks for, when it asks.
pub(crate) fn fetch_warnings_when(
    query: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> RwSignal<Fetched<WarningsReport>> {
    fetch_api_when(move || query().map(api::get::<WarningsEndpoint>))
}

/// The warning kinds of one deal, joined, for a drill-down row.
pub(crate) fn kinds_of(report: &Fetched<WarningsReport>, id: OpportunityId) -> String {
    let locale = Ctx::get().locale.get_untracked();
    report
        .value
        .as_ref()
        .and_then(|r| r.deals.iter().find(|d| d.opportunity.id == id))
        .map(|d| {
            d.warnings
                .iter()
                .map(|w| w.kind.label(locale))
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default()
}

/// Per-rep counts (when `per_rep`) and the deals at risk, at most `limit` of them.
#[component]
pub(crate) fn WarningsPanel(
    data: RwSignal<Fetched<WarningsReport>>,
    csv: String,
    per_rep: bool,
    limit: usize,
) -> impl IntoView {
    let ctx = Ctx::get();
    move || {
        let locale = ctx.locale.get();
        let report = data.get().value.unwrap_or(WarningsReport {
            total: 0,
            limit: 0,
            offset: 0,
            deals: Vec::new(),
            per_rep: Vec::new(),
        });
        let names = ctx.repo().read(|d| d.people.clone());
        let counts = per_rep.then(|| {
            view! {
                <table class="list-table" data-testid="warnings-per-rep">
                    <thead><tr><th>{t(locale, Text::Rep)}</th><th>{dt(locale, D::AtRisk)}</th><th>{dt(locale, D::Warnings)}</th></tr></thead>
                    <tbody>{report.per_rep.iter().map(|r| {
                        let detail = r.by_kind.iter()
                            .map(|k| format!("{} {}", k.kind.label(locale), k.count))
                            .collect::<Vec<_>>()
                            .join(", ");
                        view! {
                            <tr data-rep=r.rep.to_string()>
                                <td>{names.get(&r.rep).cloned().unwrap_or_else(|| r.rep.to_string())}</td>
                                <td class="num">{r.deals}</td>
                                <td class="num" title=detail>{r.warnings}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
            }
        });
        let total = report.total.max(report.deals.len());
        let deals = report
            .deals
            .into_iter()
            .take(limit)
            .map(|d| {
                let o = d.opportunity;
                let to = Route::Opportunity(o.account_id, o.id);
                let label = format!("{} · {}", o.account_name, o.title);
                view! {
                    <li class="deal-at-risk" data-testid="deal-at-risk" data-title=o.title>
                        <Go to class="row">
                            <span class="main">{label}</span>
                            <span class="side">{format::money(o.amount, locale)}</span>
                        </Go>
                        <ul class="warning-chips">{d.warnings.into_iter().map(|w| view! {
                            <li class="chip warn" data-kind=w.kind.key()
                                title=format!("{}: {}", dt(locale, D::Suggest), w.next_step(locale))>
                                <strong>{w.kind.label(locale)}</strong>{format!("\u{a0}· {}", w.reason(locale))}
                            </li>
                        }).collect_view()}</ul>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card" data-testid="warnings-panel">
                <h2>{dt(locale, D::Warnings)} <span class="count">{total}</span></h2>
                {counts}
                {if total == 0 {
                    view! { <p class="empty">{dt(locale, D::NoRisk)}</p> }.into_any()
                } else {
                    view! { <ul class="list deals-at-risk">{deals}</ul> }.into_any()
                }}
                <a class="csv" href=csv.clone() download="warnings.csv">{t(locale, Text::ExportCsv)}</a>
            </section>
        }
    }
}

/// The CSV address of the warnings `filters` cover.
pub(crate) fn csv_url(filters: &str) -> String {
    api::get::<WarningsEndpoint>(filters.to_owned()).csv_url()
}
