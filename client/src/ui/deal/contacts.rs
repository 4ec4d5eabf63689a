//! A hospital's people as an organisation chart (组织结构图): each contact under whom they
//! report to, with their buying roles, attitude, trust and any organisation change; adding
//! and editing a contact.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::doc::Conflict;
use rounds_shared::ids::{AccountId, ContactId};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{Attitude, BuyingRole, Contact, OrgChange, OrgChangeKind, TrustLevel};

use super::text::{Text as D, tr};
use crate::i18n::Text;
use crate::repo::now;
use crate::ui::Ctx;
use crate::ui::widgets::{ConflictNote, FormActions, Saving, Section};

/// The contacts section of the hospital screen.
#[component]
pub(in crate::ui) fn ContactsSection(account: AccountId) -> impl IntoView {
    let ctx = Ctx::get();
    let adding = RwSignal::new(false);
    let contacts = move || {
        ctx.repo().read(|d| {
            d.accounts
                .get(&account)
                .map(|a| (a.records.contacts.clone(), a.conflicts.clone()))
                .unwrap_or_default()
        })
    };
    view! {
        <Section title=Text::Contacts>
            <p class="sub">{move || tr(D::OrgChart)}</p>
            <ul class="contacts org-chart" data-testid="org-chart">
                {move || {
                    let (list, conflicts) = contacts();
                    Contact::chart(&list).into_iter().map(|(depth, c)| {
                        let boss = c.reports_to.and_then(|b| list.iter().find(|x| x.id == b)).map(|b| b.name.clone());
                        let c_conflicts = conflicts.get(&c.id.to_string()).cloned().unwrap_or_default();
                        view! { <ContactCard account contact=c.clone() depth boss conflicts=c_conflicts /> }
                    }).collect_view()
                }}
            </ul>
            <Show when=move || adding.get() fallback=move || view! {
                <button class="secondary" on:click=move |_| adding.set(true)>{move || ctx.t(Text::AddContact)}</button>
            }>
                <ContactForm account contact=None done=Callback::new(move |_| adding.set(false)) />
            </Show>
        </Section>
    }
}

#[component]
fn ContactCard(
    account: AccountId,
    contact: Contact,
    depth: usize,
    boss: Option<String>,
    conflicts: Vec<Conflict>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let editing = RwSignal::new(false);
    let c = contact.clone();
    view! {
        <li class="contact" data-testid="contact" data-depth=depth style=format!("--depth: {}", depth.min(6))>
            <Show when=move || !editing.get() fallback={
                let c = contact.clone();
                move || view! { <ContactForm account contact=Some(c.clone()) done=Callback::new(move |_| editing.set(false)) /> }
            }>
                {
                    let c = c.clone();
                    let conflicts = conflicts.clone();
                    let boss = boss.clone();
                    move || {
                        let locale = ctx.locale.get();
                        let roles = c.roles.iter().map(|r| view! { <span class="chip">{r.label(locale)}</span> }).collect_view();
                        let change = c.org_change.map(|o| view! { <span class="chip warn" data-testid="org-change">{o.kind.label(locale)}</span> });
                        view! {
                            <div class="who">
                                <strong>{c.name.clone()}</strong>
                                <span class="sub">{c.department.clone()} " " {c.title.clone()}</span>
                                {boss.clone().map(|b| view! { <span class="sub boss">{tr(D::ReportsToShort)} " " {b}</span> })}
                            </div>
                            <div class="chips">{roles}{change}</div>
                            <div class="sub">
                                {[c.attitude.map(|a| a.label(locale)), c.trust.map(|t| t.label(locale))].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                                {(!c.phone.is_empty()).then(|| view! { " · " <a class="tel" href=format!("tel:{}", c.phone)>{c.phone.clone()}</a> })}
                            </div>
                            <ConflictNote conflicts=conflicts.clone() />
                            <button class="link" on:click=move |_| editing.set(true)>{ctx.t(Text::Edit)}</button>
                        }
                    }
                }
            </Show>
        </li>
    }
}

/// Adds a contact or edits one: name, title, buying roles, attitude, trust, whom they
/// report to, and whether they left or changed role.
#[component]
fn ContactForm(account: AccountId, contact: Option<Contact>, done: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.repo().me();
    let base = contact.unwrap_or_else(|| Contact::new("", me, now()));
    let name = RwSignal::new(base.name.clone());
    let department = RwSignal::new(base.department.clone());
    let title = RwSignal::new(base.title.clone());
    let phone = RwSignal::new(base.phone.clone());
    let roles = RwSignal::new(base.roles.clone());
    let key = |k: Option<&'static str>| k.unwrap_or_default().to_owned();
    let attitude = RwSignal::new(key(base.attitude.map(|a| a.key())));
    let trust = RwSignal::new(key(base.trust.map(|a| a.key())));
    let boss = RwSignal::new(base.reports_to.map(|b| b.to_string()).unwrap_or_default());
    let change = RwSignal::new(key(base.org_change.map(|o| o.kind.key())));
    // Everyone else at the hospital who is not (through others) reporting to this person.
    let others: Vec<(String, String)> = ctx.repo().read(|d| {
        let list = d
            .accounts
            .get(&account)
            .map(|a| a.records.contacts.clone())
            .unwrap_or_default();
        let under = |mut at: Option<ContactId>| {
            let mut steps = 0;
            while let Some(up) = at {
                if up == base.id || steps > list.len() {
                    return true;
                }
                steps += 1;
                at = list.iter().find(|x| x.id == up).and_then(|x| x.reports_to);
            }
            false
        };
        list.iter()
            .filter(|c| c.id != base.id && !under(c.reports_to))
            .map(|c| (c.id.to_string(), c.name.clone()))
            .collect()
    });
    let state = RwSignal::new(Saving::Idle);
    let base = StoredValue::new(base);
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if name.get_untracked().trim().is_empty() {
            state.set(Saving::Failed(ctx.t(Text::NameRequired).to_owned()));
            return;
        }
        let mut c = base.get_value();
        c.name = name.get_untracked().trim().to_owned();
        c.department = department.get_untracked();
        c.title = title.get_untracked();
        c.phone = phone.get_untracked();
        c.roles = roles.get_untracked();
        c.attitude = Attitude::from_key(&attitude.get_untracked());
        c.trust = TrustLevel::from_key(&trust.get_untracked());
        c.reports_to = boss.get_untracked().parse().ok();
        let kind = OrgChangeKind::from_key(&change.get_untracked());
        if kind != c.org_change.map(|o| o.kind) {
            c.org_change = kind.map(|kind| OrgChange { kind, at: now() });
        }
        c.audit.touch(now(), me);
        state.set(Saving::Busy);
        let repo = ctx.repo();
        spawn_local(async move {
            let result = repo.edit_account(account, |d| d.put(&c)).await;
            let ok = result.is_ok();
            Saving::settle(ctx, state, result);
            if ok {
                let _ = done.try_run(());
            }
        });
    };
    let text = move |label: Text, value: RwSignal<String>, kind: &'static str| {
        view! {
            <label>
                <span>{move || ctx.t(label)}</span>
                <input type=kind prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
            </label>
        }
    };
    view! {
        <form class="form contact-form" on:submit=save>
            {text(Text::Name, name, "text")}
            {text(Text::Department, department, "text")}
            {text(Text::JobTitle, title, "text")}
            {text(Text::Phone, phone, "tel")}
            <fieldset class="chips">
                <legend>{move || ctx.t(Text::BuyingRoles)}</legend>
                {BuyingRole::ALL.iter().map(|r| {
                    let r = *r;
                    view! {
                        <button type="button"
                            class=move || if roles.get().contains(&r) { "chip on" } else { "chip" }
                            aria-pressed=move || roles.get().contains(&r).to_string()
                            on:click=move |_| roles.update(|set| { if !set.remove(&r) { set.insert(r); } })>
                            {move || r.label(ctx.locale.get())}
                        </button>
                    }
                }).collect_view()}
            </fieldset>
            <label>
                <span>{move || ctx.t(Text::Attitude)}</span>
                <select prop:value=move || attitude.get() on:change=move |e| attitude.set(event_target_value(&e))>
                    <option value="">"—"</option>
                    {Attitude::ALL.iter().map(|a| view! { <option value=a.key()>{move || a.label(ctx.locale.get())}</option> }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || ctx.t(Text::Trust)}</span>
                <select prop:value=move || trust.get() on:change=move |e| trust.set(event_target_value(&e))>
                    <option value="">"—"</option>
                    {TrustLevel::ALL.iter().map(|a| view! { <option value=a.key()>{move || a.label(ctx.locale.get())}</option> }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || tr(D::ReportsTo)}</span>
                <select name="reports_to" prop:value=move || boss.get() on:change=move |e| boss.set(event_target_value(&e))>
                    <option value="">"—"</option>
                    {others.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || tr(D::OrgChange)}</span>
                <select name="org_change" prop:value=move || change.get() on:change=move |e| change.set(event_target_value(&e))>
                    <option value="">{move || tr(D::NoChange)}</option>
                    {OrgChangeKind::ALL.iter().map(|k| view! { <option value=k.key()>{move || k.label(ctx.locale.get())}</option> }).collect_view()}
                </select>
            </label>
            <FormActions state done />
        </form>
    }
}
