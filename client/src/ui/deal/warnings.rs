//! The deal warnings on the device: on the opportunity, and the three deals most at risk on
//! the 今日 screen. Computed offline by `rounds_shared::deal`, the code the server runs for
//! the manager's views.

use leptos::prelude::*;
use rounds_shared::deal::{DealFacts, VisitSummary, Warning, most_at_risk, warnings};
use rounds_shared::ids::{AccountId, OpportunityId};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{Opportunity, OrgConfig};
use rounds_shared::time::Timestamp;

use super::text::{Text as D, tr};
use crate::repo::AccountView;
use crate::repo::now;
use crate::route::Route;
use crate::ui::Ctx;
use crate::ui::widgets::Go;

/// A hospital on the device with its visits summed up once, as of now.
struct Hospital<'a> {
    account: &'a AccountView,
    visits: VisitSummary,
    now: Timestamp,
}

impl<'a> Hospital<'a> {
    fn new(account: &'a AccountView) -> Self {
        let now = now();
        Self {
            account,
            visits: VisitSummary::of(&account.records.visits, now),
            now,
        }
    }

    /// The warnings of `opp`, one of its opportunities.
    fn warnings(&self, opp: &Opportunity, org: &OrgConfig) -> Vec<Warning> {
        let facts = DealFacts {
            contacts: &self.account.records.contacts,
            visits: &self.visits,
        };
        warnings(opp, &facts, &org.template, self.now)
    }
}

/// One warning: what, why, and the suggested next step.
#[component]
fn WarningItem(warning: Warning) -> impl IntoView {
    let ctx = Ctx::get();
    let kind = warning.kind;
    view! {
        <li class="warning" data-testid="warning" data-kind=kind.key()>
            <strong>{move || kind.label(ctx.locale.get())}</strong>
            <span class="reason">{
                let w = warning.clone();
                move || w.reason(ctx.locale.get())
            }</span>
            <span class="suggest">{move || tr(D::Suggest)} ": " {move || warning.next_step(ctx.locale.get())}</span>
        </li>
    }
}

/// The opportunity's warnings, recomputed as anything in the hospital's document changes.
#[component]
pub(in crate::ui) fn DealWarningList(
    account: AccountId,
    opportunity: OpportunityId,
) -> impl IntoView {
    let ctx = Ctx::get();
    let found = move || {
        ctx.repo()
            .read(|d| {
                let a = d.accounts.get(&account)?;
                let o = a.opportunity(opportunity)?;
                Some(Hospital::new(a).warnings(o, &d.org))
            })
            .unwrap_or_default()
    };
    view! {
        <section class="card warnings" data-testid="deal-warnings">
            <h2>{move || tr(D::Warnings)}</h2>
            {move || {
                let list = found();
                if list.is_empty() {
                    view! { <p class="empty">{tr(D::NoWarnings)}</p> }.into_any()
                } else {
                    view! { <ul class="warning-list">{list.into_iter().map(|w| view! { <WarningItem warning=w /> }).collect_view()}</ul> }.into_any()
                }
            }}
        </section>
    }
}

/// The three deals of mine most at risk, for 今日.
#[component]
pub(in crate::ui) fn AtRisk() -> impl IntoView {
    let ctx = Ctx::get();
    let top = Memo::new(move |_| {
        let locale = ctx.locale.get();
        ctx.repo().read(|d| {
            let mut deals = Vec::new();
            for a in d.my_accounts() {
                let hospital = Hospital::new(a);
                for o in &a.records.opportunities {
                    let found = hospital.warnings(o, &d.org);
                    deals.push((a.account.id, &a.account.name, o, found));
                }
            }
            most_at_risk(&mut deals, |(_, _, o, w)| (w.len(), o.amount));
            deals
                .into_iter()
                .take(3)
                .map(|(account, name, o, found)| {
                    let kinds: Vec<&str> = found.iter().map(|w| w.kind.label(locale)).collect();
                    (
                        account,
                        o.id,
                        format!("{name} · {}", o.title),
                        kinds.join(" · "),
                        found.len(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card at-risk" data-testid="at-risk">
            <h2>{move || tr(D::AtRisk)}</h2>
            {move || {
                let list = top.get();
                if list.is_empty() {
                    return view! { <p class="empty">{tr(D::NoRisk)}</p> }.into_any();
                }
                view! {
                    <ul class="list">
                        {list.into_iter().map(|(account, opp, title, kinds, n)| view! {
                            <li><Go to=Route::Opportunity(account, opp) class="row">
                                <span class="main">{title}</span>
                                <span class="sub warn">{kinds}</span>
                                <span class="side">{n}</span>
                            </Go></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
