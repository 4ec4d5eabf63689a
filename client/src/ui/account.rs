//! One hospital: its people and their buying roles, its opportunities, and every visit.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::{AccountId, OpportunityId};
use rounds_shared::labels::Labelled;
use rounds_shared::model::Opportunity;
use rounds_shared::stage::Position;

use super::Ctx;
use super::review::ReviewPanel;
use super::widgets::{FormActions, Go, Saving, Section, position_label};
use crate::format;
use crate::i18n::Text;
use crate::repo::now;
use crate::route::Route;

/// The account detail screen.
#[component]
pub(super) fn AccountScreen(account: AccountId) -> impl IntoView {
    let ctx = Ctx::get();
    let found = move || ctx.repo().read(|d| d.accounts.contains_key(&account));
    view! {
        <Show when=found fallback=move || view! { <p class="empty">{move || ctx.t(Text::NotOnDevice)}</p> }>
            <AccountBody account />
        </Show>
    }
}

/// The profile's relationship stage, tier, attitude and sample volume, when known.
fn profile_line(ctx: Ctx, account: AccountId) -> Option<String> {
    let locale = ctx.locale.get();
    ctx.repo().read(|d| {
        let a = &d.accounts.get(&account)?.account;
        let parts: Vec<String> = [
            a.relationship_stage.map(|s| s.label(locale).to_owned()),
            a.tier.map(|t| t.label(locale).to_owned()),
            a.attitude.map(|x| x.label(locale).to_owned()),
            a.annual_sample_volume
                .map(|v| format!("{} {v}", ctx.t(Text::SampleVolume))),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    })
}

#[component]
fn AccountBody(account: AccountId) -> impl IntoView {
    let ctx = Ctx::get();
    let header = move || {
        let locale = ctx.locale.get();
        ctx.repo().read(|d| {
            d.accounts.get(&account).map(|a| {
                (
                    a.account.name.clone(),
                    format!(
                        "{} · {} · {}",
                        a.account.level.label(locale),
                        a.account.region,
                        a.account.address
                    ),
                )
            })
        })
    };
    let adding_opp = RwSignal::new(false);
    let editing = RwSignal::new(false);
    view! {
        <div class="screen account">
            {move || header().map(|(name, sub)| view! { <h2 class="title">{name}</h2><p class="sub">{sub}</p> })}
            {move || profile_line(ctx, account).map(|line| view! { <p class="sub" data-testid="profile-line">{line}</p> })}
            <Show when=move || editing.get() fallback=move || view! {
                <button class="link" data-testid="edit-profile" on:click=move |_| editing.set(true)>{move || ctx.t(Text::EditProfile)}</button>
            }>
                <super::profile::ProfileForm account done=Callback::new(move |_| editing.set(false)) />
            </Show>
            <Go to=Route::LogVisit(Some(account)) class="button primary big">{move || ctx.t(Text::LogVisit)}</Go>
            <super::deal::ContactsSection account />
            <Section title=Text::Opportunities>
                <OpportunityList account />
                <Show when=move || adding_opp.get() fallback=move || view! {
                    <button class="secondary" on:click=move |_| adding_opp.set(true)>{move || ctx.t(Text::AddOpportunity)}</button>
                }>
                    <NewOpportunity account done=Callback::new(move |_| adding_opp.set(false)) />
                </Show>
            </Section>
            <super::notice::HospitalNotices account opportunity=None />
            <ReviewPanel account />
            <Section title=Text::VisitHistory>
                <VisitHistory account />
            </Section>
        </div>
    }
}

#[component]
fn OpportunityList(account: AccountId) -> impl IntoView {
    let ctx = Ctx::get();
    move || {
        let locale = ctx.locale.get();
        ctx.repo().read(|d| {
            let Some(a) = d.accounts.get(&account) else {
                return ().into_any();
            };
            if a.records.opportunities.is_empty() {
                return view! { <p class="empty">{ctx.t(Text::NoOpportunities)}</p> }.into_any();
            }
            view! {
                <ul class="list">
                    {a.records.opportunities.iter().map(|o| {
                        let stage = position_label(&d.org, &o.position, locale);
                        let (title, line, amount) = (o.title.clone(), o.product_line.clone(), format::money(o.amount, locale));
                        view! {
                            <li><Go to=Route::Opportunity(account, o.id) class="row">
                                <span class="main">{title}</span>
                                <span class="sub">{line} " · " {stage}</span>
                                <span class="side">{amount}</span>
                            </Go></li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })
    }
}

#[component]
fn NewOpportunity(account: AccountId, done: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let title = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let state = RwSignal::new(Saving::Idle);
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let Some(amount) = format::parse_yuan(&amount.get_untracked()) else {
            state.set(Saving::Failed(ctx.t(Text::AmountInvalid).to_owned()));
            return;
        };
        if title.get_untracked().trim().is_empty() {
            state.set(Saving::Failed(ctx.t(Text::TitleAmountRequired).to_owned()));
            return;
        }
        let repo = ctx.repo();
        let first = repo.read(|d| d.org.template.first().map(|s| s.key.clone()));
        let Some(first) = first else { return };
        let o = Opportunity::new(
            OpportunityId::generate(),
            title.get_untracked().trim(),
            product.get_untracked().trim(),
            amount,
            Position::Stage(first),
            now(),
            repo.me(),
        );
        state.set(Saving::Busy);
        spawn_local(async move {
            let id = o.id;
            let result = repo.edit_account(account, |d| d.put(&o)).await;
            let ok = result.is_ok();
            Saving::settle(ctx, state, result);
            if ok {
                let _ = done.try_run(());
                ctx.go(Route::Opportunity(account, id));
            }
        });
    };
    view! {
        <form class="form" on:submit=save>
            <label><span>{move || ctx.t(Text::OppTitle)}</span>
                <input prop:value=move || title.get() on:input=move |e| title.set(event_target_value(&e)) /></label>
            <label><span>{move || ctx.t(Text::ProductLine)}</span>
                <input prop:value=move || product.get() on:input=move |e| product.set(event_target_value(&e)) /></label>
            <label><span>{move || ctx.t(Text::AmountYuan)}</span>
                <input inputmode="decimal" prop:value=move || amount.get() on:input=move |e| amount.set(event_target_value(&e)) /></label>
            <FormActions state done />
        </form>
    }
}

#[component]
fn VisitHistory(account: AccountId) -> impl IntoView {
    let ctx = Ctx::get();
    move || {
        let locale = ctx.locale.get();
        ctx.repo().read(|d| {
            let Some(a) = d.accounts.get(&account) else {
                return ().into_any();
            };
            if a.records.visits.is_empty() {
                return view! { <p class="empty">{ctx.t(Text::NoVisits)}</p> }.into_any();
            }
            let tz = d.org.tz;
            view! {
                <ul class="visits" data-testid="visit-history">
                    {a.records.visits.iter().rev().map(|v| {
                        let met: Vec<String> = v.contacts.iter()
                            .filter_map(|c| a.records.contacts.iter().find(|x| x.id == *c).map(|x| x.name.clone()))
                            .collect();
                        let opp = v.opportunity.and_then(|o| a.opportunity(o)).map(|o| o.title.clone());
                        view! {
                            <li class="visit">
                                <div class="when">{format::date_time(v.at, tz, locale)}</div>
                                {super::visit::photo::CheckInLine(v, tz, locale)}
                                <div class="purpose">{v.purpose.clone()}</div>
                                {(!met.is_empty()).then(|| view! { <div class="sub">{crate::i18n::t(locale, Text::Met)} ": " {met.join("、")}</div> })}
                                {opp.map(|o| view! { <div class="sub">{crate::i18n::t(locale, Text::Opportunity)} ": " {o}</div> })}
                                <p>{v.content.clone()}</p>
                                {(!v.problems.is_empty()).then(|| view! { <p class="sub">{crate::i18n::t(locale, Text::Problems)} ": " {v.problems.clone()}</p> })}
                                {(!v.next_step.is_empty()).then(|| view! { <p class="next">{crate::i18n::t(locale, Text::NextStep)} ": " {v.next_step.clone()}</p> })}
                                {a.records.comments.iter().filter(|c| c.visit == v.id).map(|c| {
                                    let who = d.people.get(&c.audit.created_by).cloned().unwrap_or_default();
                                    view! { <p class="comment" data-testid="comment"><strong>{who}</strong> ": " {c.text.clone()}</p> }
                                }).collect_view()}
                            </li>
                        }
                    }).collect_view()}
                    {a.records.co_visits.iter().rev().map(|c| view! {
                        <li class="visit covisit">
                            <div class="when">{format::date_time(c.at, tz, locale)} " · " {c.kind.label(locale)}</div>
                            <p>{c.observations.clone()}</p>
                            <p class="next">{c.coaching_points.clone()}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })
    }
}
