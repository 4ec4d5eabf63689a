//! The collection list (下月催款明细) for finance and managers: every signed deal awaiting
//! payment, by rep and hospital with totals (`GET /collections`), kept on the device like
//! every dashboard view, with its CSV.

use leptos::prelude::*;
use rounds_shared::api::{CollectionList, CollectionsEndpoint};

use super::bar::{FilterBar, Freshness};
use super::fetch::fetch_api;
use crate::api;
use crate::format;
use crate::i18n::{Text, t};
use crate::query::TeamQuery;
use crate::route::Route;
use crate::ui::Ctx;

/// The collection list screen. Managers narrow it with the dashboard's filters; finance
/// sees every hospital's.
#[component]
pub(crate) fn Collections(q: TeamQuery) -> impl IntoView {
    let ctx = Ctx::get();
    let filters = q.api_filters();
    let f = filters.clone();
    let data = fetch_api(move || api::get::<CollectionsEndpoint>(f.clone()));
    let csv = api::get::<CollectionsEndpoint>(filters).csv_url();
    let is_manager = ctx.session.with_value(|s| s.is_manager());
    let tz = ctx.repo().read(|d| d.org.tz);
    let body = move || {
        let locale = ctx.locale.get();
        let fetched = data.get();
        let Some(list): Option<CollectionList> = fetched.value else {
            let why = fetched.error.map_or(Text::Loading, |_| Text::NoDataYet);
            return view! { <p class="empty">{t(locale, why)}</p> }.into_any();
        };
        if list.reps.is_empty() {
            return view! { <p class="empty">{t(locale, Text::NothingOwed)}</p> }.into_any();
        }
        let rows = list
            .reps
            .into_iter()
            .map(|rep| {
                let hospitals = rep
                    .hospitals
                    .into_iter()
                    .map(|h| {
                        let deals = h
                            .deals
                            .into_iter()
                            .map(|d| {
                                let signed = d
                                    .signed_at
                                    .map(|s| format::date(s.date(tz), locale))
                                    .unwrap_or_default();
                                view! {
                                    <tr class="deal" data-testid="receivable">
                                        <td></td><td>{d.title}</td><td>{d.product_line}</td><td>{signed}</td>
                                        <td class="num" data-fen=d.amount.fen().to_string()>{format::money(d.amount, locale)}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <tr class="hospital"><td></td><th colspan="3">{h.name}</th>
                                <td class="num">{format::money(h.total, locale)}</td></tr>
                            {deals}
                        }
                    })
                    .collect_view();
                view! {
                    <tr class="rep" data-testid="collection-rep"><th colspan="4">{rep.rep_name}</th>
                        <td class="num">{format::money(rep.total, locale)}</td></tr>
                    {hospitals}
                }
            })
            .collect_view();
        view! {
            <p class="reading" data-testid="collection-total" data-fen=list.total.fen().to_string()>
                {t(locale, Text::Owed)} " " {format::money(list.total, locale)} " · " {list.deals} " " {t(locale, Text::DealsUnit)}
            </p>
            <table class="list-table collections"><tbody>{rows}</tbody></table>
        }
        .into_any()
    };
    view! {
        <div class="screen dash collections">
            {is_manager.then(|| view! { <FilterBar q=q.clone() make=Route::Collections /> })}
            <Freshness data />
            <section class="card" data-testid="collections">
                <h2>{move || ctx.t(Text::CollectionsNav)}</h2>
                {body}
                <a class="csv" href=csv.clone() download="collections.csv">{move || ctx.t(Text::ExportCsv)}</a>
            </section>
        </div>
    }
}
