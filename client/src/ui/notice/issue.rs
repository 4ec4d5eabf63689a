//! Issuing a notice from a hospital, offline: pick the hand-off, and the template fills in
//! the department and how it comes back; the hospital's name and address come from its
//! profile, so the department never needs the hospital's document.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::doc::NoticeDoc;
use rounds_shared::ids::{AccountId, OpportunityId};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{Department, NoticeKind};
use rounds_shared::notice::template;

use super::list::NoticeRow;
use super::on_device;
use super::text::{Text as N, tr};
use crate::repo::now;
use crate::ui::Ctx;
use crate::ui::widgets::{FormActions, Saving};

/// A hospital's notices (or one deal's), and the form to issue one (for that deal).
#[component]
pub(in crate::ui) fn HospitalNotices(
    account: AccountId,
    opportunity: Option<OpportunityId>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let issuing = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        ctx.repo().read(|d| {
            on_device(d)
                .into_iter()
                .filter(|(v, _)| {
                    v.notice.account == account
                        && opportunity.is_none_or(|o| v.notice.opportunity == Some(o))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card" data-testid="hospital-notices">
            <h2>{move || tr(N::Notices)} <span class="count">{move || rows.get().len()}</span></h2>
            {move || {
                let rows = rows.get();
                (!rows.is_empty()).then(|| view! {
                    <ul class="list">
                        {rows.into_iter().map(|(view, state)| view! { <NoticeRow view state /> }).collect_view()}
                    </ul>
                })
            }}
            <Show when=move || issuing.get() fallback=move || view! {
                <button class="secondary" data-testid="issue-notice" on:click=move |_| issuing.set(true)>{move || tr(N::IssueNotice)}</button>
            }>
                <IssueForm account opportunity done=Callback::new(move |_| issuing.set(false)) />
            </Show>
        </section>
    }
}

#[component]
fn IssueForm(
    account: AccountId,
    opportunity: Option<OpportunityId>,
    done: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.session.with_value(|s| s.user.id);
    let kind = RwSignal::new(NoticeKind::Ship);
    let department = RwSignal::new(NoticeKind::Ship.department().key().to_owned());
    let details = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let delivery = RwSignal::new(NoticeKind::Ship.delivery_method().to_owned());
    let (hospital, address, deals) = ctx.repo().read(|d| {
        d.accounts.get(&account).map_or_else(Default::default, |a| {
            (
                a.account.name.clone(),
                a.account.address.clone(),
                a.records
                    .opportunities
                    .iter()
                    .filter(|o| !o.position.has_left())
                    .map(|o| (o.id.to_string(), o.title.clone()))
                    .collect::<Vec<_>>(),
            )
        })
    });
    let address = RwSignal::new(address);
    let contact = RwSignal::new(String::new());
    let deal = RwSignal::new(opportunity.map(|o| o.to_string()).unwrap_or_default());
    let state = RwSignal::new(Saving::Idle);
    let pick = move |k: NoticeKind| {
        kind.set(k);
        department.set(k.department().key().to_owned());
        delivery.set(k.delivery_method().to_owned());
    };
    let hospital = StoredValue::new(hospital);
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if details.get_untracked().trim().is_empty() {
            state.set(Saving::Failed(tr(N::DetailsRequired).to_owned()));
            return;
        }
        let mut n = template(
            kind.get_untracked(),
            account,
            &hospital.get_value(),
            me,
            now(),
        );
        if let Some(d) = Department::from_key(&department.get_untracked()) {
            n.department = d;
        }
        n.details = details.get_untracked().trim().to_owned();
        n.due = due.get_untracked().parse().ok();
        n.delivery_method = delivery.get_untracked().trim().to_owned();
        n.address = address.get_untracked().trim().to_owned();
        n.contact = contact.get_untracked().trim().to_owned();
        n.opportunity = deal.get_untracked().parse().ok();
        state.set(Saving::Busy);
        let repo = ctx.repo();
        spawn_local(async move {
            let result = match NoticeDoc::create(&n) {
                Ok(doc) => repo.create_notice(doc).await,
                Err(e) => Err(e.into()),
            };
            let ok = result.is_ok();
            Saving::settle(ctx, state, result);
            if ok {
                let _ = done.try_run(());
            }
        });
    };
    let text = move |label: N, value: RwSignal<String>, name: &'static str| {
        view! {
            <label>
                <span>{move || tr(label)}</span>
                <input type="text" name=name prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
            </label>
        }
    };
    view! {
        <form class="form notice-form" on:submit=save>
            <fieldset class="chips">
                <legend>{move || tr(N::Kind)}</legend>
                {NoticeKind::ALL.iter().map(|k| {
                    let k = *k;
                    view! {
                        <button type="button" data-kind=k.key()
                            class=move || if kind.get() == k { "chip on" } else { "chip" }
                            aria-pressed=move || (kind.get() == k).to_string()
                            on:click=move |_| pick(k)>
                            {move || k.label(ctx.locale.get())}
                        </button>
                    }
                }).collect_view()}
            </fieldset>
            <label>
                <span>{move || tr(N::Department)}</span>
                <select name="department" prop:value=move || department.get() on:change=move |e| department.set(event_target_value(&e))>
                    {Department::ALL.iter().map(|d| view! { <option value=d.key()>{move || d.label(ctx.locale.get())}</option> }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || tr(N::Details)}</span>
                <textarea name="details" placeholder=move || kind.get().details_hint()
                    prop:value=move || details.get() on:input=move |e| details.set(event_target_value(&e))></textarea>
            </label>
            <label>
                <span>{move || tr(N::Due)}</span>
                <input type="date" name="due" prop:value=move || due.get() on:input=move |e| due.set(event_target_value(&e)) />
            </label>
            {text(N::DeliveryMethod, delivery, "delivery")}
            {text(N::Address, address, "address")}
            {text(N::Contact, contact, "contact")}
            <label>
                <span>{move || tr(N::Deal)}</span>
                <select name="deal" prop:value=move || deal.get() on:change=move |e| deal.set(event_target_value(&e))>
                    <option value="">{move || tr(N::NoDeal)}</option>
                    {deals.into_iter().map(|(id, title)| view! { <option value=id>{title}</option> }).collect_view()}
                </select>
            </label>
            <FormActions state done />
        </form>
    }
}
