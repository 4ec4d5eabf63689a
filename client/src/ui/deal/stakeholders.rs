//! An opportunity's buying centre: who takes part in this deal, with their roles, attitude
//! and trust for it and the rep's plan for them; and the hospital's procurement step.

use leptos::prelude::*;
use rounds_shared::ids::{AccountId, ContactId};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{
    Attitude, BuyingRole, Opportunity, ProcurementStep, Stakeholder, TrustLevel,
};

use super::Change;
use super::text::{Text as D, tr};
use crate::i18n::Text;
use crate::repo::now;
use crate::ui::Ctx;

/// Applies `f` to the stakeholder `id` of the opportunity, marking the change.
fn edit(change: Change, id: ContactId, f: impl FnOnce(&mut Stakeholder) + 'static) {
    let me = Ctx::get().repo().me();
    change.run(Box::new(move |o: &mut Opportunity| {
        let Some(s) = o.stakeholders.get_mut(&id) else {
            return false;
        };
        f(s);
        o.audit.touch(now(), me);
        true
    }));
}

/// The buying-centre section of the opportunity screen.
#[component]
pub(in crate::ui) fn BuyingCentre(
    account: AccountId,
    opp: Opportunity,
    change: Change,
) -> impl IntoView {
    let ctx = Ctx::get();
    let contacts = ctx.repo().read(|d| {
        d.accounts
            .get(&account)
            .map(|a| a.records.contacts.clone())
            .unwrap_or_default()
    });
    let me = ctx.repo().me();
    let missing: Vec<(ContactId, String)> = contacts
        .iter()
        .filter(|c| !opp.stakeholders.contains_key(&c.id))
        .map(|c| (c.id, c.name.clone()))
        .collect();
    let picker = view! { <ProcurementPicker opp=opp.clone() change /> };
    let rows = opp
        .stakeholders
        .iter()
        .map(|(id, s)| {
            let name = contacts
                .iter()
                .find(|c| c.id == *id)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| "?".into());
            view! { <StakeholderRow id=*id name s=s.clone() change /> }
        })
        .collect_view();
    let add = move |e: leptos::ev::Event| {
        let Ok(id) = event_target_value(&e).parse::<ContactId>() else {
            return;
        };
        change.run(Box::new(move |o| {
            o.stakeholders.insert(id, Stakeholder::default());
            o.audit.touch(now(), me);
            true
        }));
    };
    view! {
        <section class="card buying-centre">
            <h2>{move || tr(D::BuyingCentre)}</h2>
            {picker}
            {opp.stakeholders.is_empty().then(|| view! { <p class="empty">{move || tr(D::NoStakeholders)}</p> })}
            <ul class="stakeholders" data-testid="stakeholders">{rows}</ul>
            {(!missing.is_empty()).then(|| view! {
                <label>
                    <span>{move || tr(D::AddStakeholder)}</span>
                    <select name="add_stakeholder" on:change=add>
                        <option value="">{move || tr(D::ChooseContact)}</option>
                        {missing.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
            })}
        </section>
    }
}

#[component]
fn StakeholderRow(id: ContactId, name: String, s: Stakeholder, change: Change) -> impl IntoView {
    let ctx = Ctx::get();
    let key = |k: Option<&'static str>| k.unwrap_or_default().to_owned();
    let (attitude, trust) = (
        key(s.attitude.map(|a| a.key())),
        key(s.trust.map(|t| t.key())),
    );
    let me = ctx.repo().me();
    let remove = move |_| {
        change.run(Box::new(move |o| {
            o.audit.touch(now(), me);
            o.stakeholders.remove(&id).is_some()
        }));
    };
    let roles = s.roles.clone();
    let label = name.clone();
    view! {
        <li class="stakeholder" data-testid="stakeholder" data-name=name>
            <div class="who"><strong>{label}</strong>
                <button type="button" class="link" on:click=remove>{move || tr(D::Remove)}</button></div>
            <div class="chips">
                {BuyingRole::ALL.iter().map(|r| {
                    let (r, on) = (*r, roles.contains(r));
                    view! {
                        <button type="button" class=if on { "chip on" } else { "chip" } aria-pressed=on.to_string()
                            on:click=move |_| edit(change, id, move |s| { if !s.roles.remove(&r) { s.roles.insert(r); } })>
                            {move || r.label(ctx.locale.get())}
                        </button>
                    }
                }).collect_view()}
            </div>
            <div class="pair">
                <select name="attitude" on:change=move |e| {
                    let a = Attitude::from_key(&event_target_value(&e));
                    edit(change, id, move |s| s.attitude = a);
                }>
                    <option value="">{move || format!("{}: {}", ctx.t(Text::Attitude), tr(D::AsOnContact))}</option>
                    {Attitude::ALL.iter().map(|a| view! { <option value=a.key() selected=attitude == a.key()>{move || a.label(ctx.locale.get())}</option> }).collect_view()}
                </select>
                <select name="trust" on:change=move |e| {
                    let t = TrustLevel::from_key(&event_target_value(&e));
                    edit(change, id, move |s| s.trust = t);
                }>
                    <option value="">{move || format!("{}: {}", ctx.t(Text::Trust), tr(D::AsOnContact))}</option>
                    {TrustLevel::ALL.iter().map(|t| view! { <option value=t.key() selected=trust == t.key()>{move || t.label(ctx.locale.get())}</option> }).collect_view()}
                </select>
            </div>
            <label><span>{move || tr(D::Plan)}</span>
                <input name="plan" prop:value=s.plan.clone() on:change=move |e| {
                    let plan = event_target_value(&e).trim().to_owned();
                    edit(change, id, move |s| s.plan = plan);
                } /></label>
        </li>
    }
}

/// The hospital's procurement step for this deal.
#[component]
fn ProcurementPicker(opp: Opportunity, change: Change) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.repo().me();
    let current = opp.procurement.map(|p| p.key()).unwrap_or_default();
    view! {
        <label class="procurement">
            <span>{move || tr(D::Procurement)}</span>
            <select name="procurement" on:change=move |e| {
                let step = ProcurementStep::from_key(&event_target_value(&e));
                change.run(Box::new(move |o| {
                    if o.procurement == step { return false; }
                    o.procurement = step;
                    o.audit.touch(now(), me);
                    true
                }));
            }>
                <option value="">{move || tr(D::StepUnknown)}</option>
                {ProcurementStep::ALL.iter().enumerate().map(|(i, s)| view! {
                    <option value=s.key() selected=current == s.key()>{move || format!("{}. {}", i + 1, s.label(ctx.locale.get()))}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
