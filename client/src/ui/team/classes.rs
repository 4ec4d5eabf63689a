//! Classification: the ABC classes of the team's accounts by revenue won (top 1% key, next
//! 4% major, next 15% normal, the rest small), and the value × attitude grid with the
//! suggested action for each cell.

use rounds_shared::api::ClassesEndpoint;

use crate::api;
use leptos::prelude::*;
use rounds_shared::funnel::grid_action;
use rounds_shared::labels::Labelled;
use rounds_shared::model::{AccountAttitude, AccountClass, AccountValue};
use rounds_shared::money::Money;

use super::bar::{FilterBar, Freshness};
use super::fetch::fetch_api;
use crate::format;
use crate::i18n::{Text, t};
use crate::query::TeamQuery;
use crate::route::Route;
use crate::ui::Ctx;
use crate::ui::widgets::Go;

/// The classification screen.
#[component]
pub(crate) fn Classes(q: TeamQuery) -> impl IntoView {
    let ctx = Ctx::get();
    let filters = q.api_filters();
    let csv = api::get::<ClassesEndpoint>(filters.clone()).csv_url();
    let data = fetch_api(move || api::get::<ClassesEndpoint>(filters.clone()));
    let body = move || {
        let locale = ctx.locale.get();
        let all = data.get().value?;
        let count = |c: AccountClass| all.iter().filter(|a| a.class == c).count();
        let revenue = |c: AccountClass| {
            all.iter()
                .filter(|a| a.class == c)
                .map(|a| a.revenue)
                .fold(Money::ZERO, |x, y| x + y)
        };
        let grid = AccountValue::ALL
            .iter()
            .map(|v| {
                let cells = AccountAttitude::ALL
                    .iter()
                    .map(|a| {
                        let n = all
                            .iter()
                            .filter(|x| x.value == *v && x.attitude == Some(*a))
                            .count();
                        view! {
                            <td class=format!("grid-cell {}", grid_action(*v, *a).key())>
                                <strong>{n}</strong>
                                <span class="sub">{grid_action(*v, *a).label(locale)}</span>
                            </td>
                        }
                    })
                    .collect_view();
                view! { <tr><th>{v.label(locale)}</th>{cells}</tr> }
            })
            .collect_view();
        let rows = all
            .iter()
            .take(100)
            .map(|a| {
                let to = Route::Account(a.account_id);
                let name = a.name.clone();
                view! {
                    <tr>
                        <td><Go to>{name}</Go></td>
                        <td class="num">{format::money(a.revenue, locale)}</td>
                        <td>{a.class.label(locale)}</td>
                        <td>{a.attitude.map(|x| x.label(locale))}</td>
                        <td>{a.action.map(|x| x.label(locale))}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <div class="dash-grid">
                <section class="card">
                    <h2>{t(locale, Text::AbcClasses)}</h2>
                    <table class="stage-table" data-testid="abc">
                        <tbody>
                            {AccountClass::ALL.iter().map(|c| view! {
                                <tr><td>{c.label(locale)}</td><td class="num">{count(*c)}</td><td class="num">{format::money(revenue(*c), locale)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="card">
                    <h2>{t(locale, Text::ValueAttitudeGrid)}</h2>
                    <table class="grid" data-testid="grid">
                        <thead><tr><th></th>
                            {AccountAttitude::ALL.iter().map(|a| view! { <th>{a.label(locale)}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>{grid}</tbody>
                    </table>
                </section>
            </div>
            <section class="card">
                <h2>{t(locale, Text::Accounts)} <span class="count">{all.len()}</span></h2>
                <table class="list-table"><tbody>{rows}</tbody></table>
            </section>
        })
    };
    view! {
        <div class="screen dash">
            <FilterBar q=q.clone() make=Route::TeamClasses />
            <Freshness data=data />
            {body}
            <a class="csv" href=csv download="account-classes.csv">{move || ctx.t(Text::ExportCsv)}</a>
        </div>
    }
}
