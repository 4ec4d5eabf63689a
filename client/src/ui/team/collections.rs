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
    let is_finance = ctx
        .session
        .with_value(|s| s.user.role == rounds_shared::model::UserRole::Finance);
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
                let rep_id = rep.rep;
                let hospitals = rep
                    .hospitals
                    .into_iter()
                    .map(|h| {
                        let (account, hospital) = (h.account_id, h.name.clone());
                        let deals = h
                            .deals
                            .into_iter()
                            .map(|d| {
                                let signed = d
                                    .signed_at
                                    .map(|s| format::date(s.date(tz), locale))
                                    .unwrap_or_default();
                                let chase = is_finance.then(|| {
                                    let ask = Chase {
                                        account,
                                        hospital: hospital.clone(),
                                        rep: rep_id,
                                        opportunity: d.opportunity,
                                        details: format!("{} · {}", d.title, format::money(d.amount, locale)),
                                        due: d.expected_close,
                                    };
                                    view! { <td><ChaseButton ask /></td> }
                                });
                                view! {
                                    <tr class="deal" data-testid="receivable" data-opportunity=d.opportunity.to_string()>
                                        <td></td><td>{d.title}</td><td>{d.product_line}</td><td>{signed}</td>
                                        <td class="num" data-fen=d.amount.fen().to_string()>{format::money(d.amount, locale)}</td>
                                        {chase}
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

/// What a payment-chasing notice to the rep says.
#[derive(Debug, Clone)]
struct Chase {
    account: rounds_shared::ids::AccountId,
    hospital: String,
    rep: rounds_shared::ids::UserId,
    opportunity: rounds_shared::ids::OpportunityId,
    details: String,
    due: Option<chrono::NaiveDate>,
}

/// Finance's "chase with the rep" on a deal: a notice addressed to the rep, issued on this
/// device (offline too); once one is open for the deal, it says so instead.
#[component]
fn ChaseButton(ask: Chase) -> impl IntoView {
    use crate::ui::notice::{NoticeText as N, tr};
    use rounds_shared::model::NoticeKind;
    let ctx = Ctx::get();
    let me = ctx.session.with_value(|s| s.user.id);
    let opportunity = ask.opportunity;
    let sent = move || {
        ctx.repo().read(|d| {
            let today = crate::repo::now().date(d.org.tz);
            d.notices.values().any(|v| {
                v.notice.kind == NoticeKind::ChasePayment
                    && v.notice.opportunity == Some(opportunity)
                    && v.state(today).open()
            })
        })
    };
    let ask = StoredValue::new(ask);
    let failed = RwSignal::new(None::<String>);
    let issue = move |_| {
        failed.set(None);
        let a = ask.get_value();
        let now = crate::repo::now();
        let mut n = rounds_shared::notice::template(
            NoticeKind::ChasePayment,
            a.account,
            &a.hospital,
            me,
            now,
        );
        n.to = Some(a.rep);
        n.handler = Some(a.rep);
        n.opportunity = Some(a.opportunity);
        n.details = a.details;
        n.due = a.due;
        let repo = ctx.repo();
        leptos::task::spawn_local(async move {
            let result = match rounds_shared::doc::NoticeDoc::create(&n) {
                Ok(doc) => repo.create_notice(doc).await,
                Err(e) => Err(e.into()),
            };
            match result {
                Ok(()) => {
                    let _ = ctx.saved.try_update(|n| *n += 1);
                }
                Err(e) => {
                    let _ = failed.try_set(Some(e.to_string()));
                }
            }
        });
    };
    move || {
        if let Some(why) = failed.get() {
            view! { <span class="error" role="alert">{ctx.t(crate::i18n::Text::NotSaved)} " " {why}</span> }.into_any()
        } else if sent() {
            view! { <span class="chip" data-testid="chased">{tr(N::Chased)}</span> }.into_any()
        } else {
            view! { <button type="button" class="secondary" data-testid="chase" on:click=issue>{tr(N::ChaseWithRep)}</button> }.into_any()
        }
    }
}
