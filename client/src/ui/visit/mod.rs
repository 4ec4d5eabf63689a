//! Log a visit in under 30 seconds: check in on arrival (with a photo if wanted), then
//! the hospital (the last one preselected), who was met (tap names), purpose (tap a usual
//! one or type), what was said, problems, next step, and the opportunity it served. The
//! report goes into the checked-in visit, now or after checking out; one saved without a
//! check-in is a visit of its own, marked as such.

mod check_in;

pub(crate) use check_in::OpenVisit;
pub(crate) mod photo;
pub(crate) mod text;

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::{AccountId, ContactId, OpportunityId};
use rounds_shared::model::Visit;

use super::Ctx;
use super::widgets::{SaveNote, Saving};
use crate::i18n::Text;
use crate::repo::now;
use check_in::{CheckInCard, Fix, Tied};

/// Usual purposes, one tap each.
const PURPOSES: [Text; 6] = [
    Text::PurposeIntro,
    Text::PurposeNeeds,
    Text::PurposeDemo,
    Text::PurposeQuote,
    Text::PurposeContract,
    Text::PurposeService,
];

/// The visit form.
#[component]
pub(super) fn LogVisit(account: Option<AccountId>) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.repo().me();
    // A visit checked in and not finished resumes here (at this hospital, or any when the
    // form was opened without one).
    let open = ctx
        .repo()
        .read(|d| check_in::open_visit(d, me, now()))
        .filter(|(a, _)| account.is_none_or(|x| x == *a));
    let start = open
        .as_ref()
        .map(|(a, _)| *a)
        .or(account)
        .or_else(|| ctx.repo().read(|d| d.last_visited(now())));
    let chosen: RwSignal<Option<AccountId>> = RwSignal::new(start);
    let tied: RwSignal<Option<Tied>> = RwSignal::new(open.as_ref().map(|(a, v)| Tied {
        account: *a,
        visit: v.id,
    }));
    let from = |f: fn(&Visit) -> String| {
        RwSignal::new(open.as_ref().map(|(_, v)| f(v)).unwrap_or_default())
    };
    let met: RwSignal<BTreeSet<ContactId>> = RwSignal::new(
        open.as_ref()
            .map(|(_, v)| v.contacts.clone())
            .unwrap_or_default(),
    );
    let purpose = from(|v| v.purpose.clone());
    let content = from(|v| v.content.clone());
    let problems = from(|v| v.problems.clone());
    let next_step = from(|v| v.next_step.clone());
    let opportunity = from(|v| v.opportunity.map(|o| o.to_string()).unwrap_or_default());
    let fix: RwSignal<Option<Fix>> = RwSignal::new(None);
    let state = RwSignal::new(Saving::Idle);
    let saved_here = RwSignal::new(0u32);
    // How long the last save took, from the tap to the change being on disk (benchmarks).
    let save_ms = RwSignal::new(0.0f64);
    crate::geo::locate(move |point, accuracy_m| {
        let _ = fix.try_set(Some(Fix { point, accuracy_m }));
    });

    let accounts = Memo::new(move |_| ctx.repo().read(|d| d.my_account_names()));
    let detail = Memo::new(move |_| {
        let Some(a) = chosen.get() else {
            return (Vec::new(), Vec::new());
        };
        ctx.repo().read(|d| {
            d.accounts.get(&a).map_or((Vec::new(), Vec::new()), |v| {
                (
                    v.records
                        .contacts
                        .iter()
                        .map(|c| (c.id, c.name.clone()))
                        .collect::<Vec<_>>(),
                    v.records
                        .opportunities
                        .iter()
                        .filter(|o| !o.position.has_left())
                        .map(|o| (o.id, o.title.clone()))
                        .collect::<Vec<_>>(),
                )
            })
        })
    });

    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let Some(account) = chosen.get_untracked() else {
            state.set(Saving::Failed(ctx.t(Text::ChooseHospital).to_owned()));
            return;
        };
        if purpose.get_untracked().trim().is_empty() && content.get_untracked().trim().is_empty() {
            state.set(Saving::Failed(ctx.t(Text::PurposeOrContent).to_owned()));
            return;
        }
        let repo = ctx.repo();
        let at = now();
        // Into the checked-in visit when there is one; otherwise a visit of its own, with
        // no check-in.
        let checked_in = check_in::current(&repo, tied.get_untracked())
            .filter(|_| tied.get_untracked().is_some_and(|t| t.account == account));
        let mut visit = checked_in.unwrap_or_else(|| Visit::new(at, repo.me()));
        visit.contacts = met.get_untracked();
        visit.purpose = purpose.get_untracked().trim().to_owned();
        visit.content = content.get_untracked().trim().to_owned();
        visit.problems = problems.get_untracked().trim().to_owned();
        visit.next_step = next_step.get_untracked().trim().to_owned();
        visit.opportunity = opportunity.get_untracked().parse::<OpportunityId>().ok();
        visit.audit.touch(at, repo.me());
        // A visit checked out (or never checked in) is finished with its report: the form
        // clears for the next one. One still checked in stays, to check out later.
        let finished = visit.check_in.as_ref().is_none_or(|c| c.left_at.is_some());
        state.set(Saving::Busy);
        let started = super::now_ms();
        spawn_local(async move {
            let result = repo.edit_account(account, |d| d.put(&visit)).await;
            let _ = save_ms.try_set(super::now_ms() - started);
            if result.is_ok() {
                let _ = saved_here.try_update(|n| *n += 1);
                if finished {
                    let _ = tied.try_set(None);
                    let _ = met.try_set(BTreeSet::new());
                    for s in [purpose, content, problems, next_step, opportunity] {
                        let _ = s.try_set(String::new());
                    }
                }
            }
            Saving::settle(ctx, state, result);
        });
    };

    let area = move |label: Text, name: &'static str, value: RwSignal<String>| {
        view! {
            <label>
                <span>{move || ctx.t(label)}</span>
                <textarea name=name rows="3" prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))></textarea>
            </label>
        }
    };
    view! {
        <form class="form visit-form screen" on:submit=save data-testid="visit-form" data-saved=move || saved_here.get().to_string() data-save-ms=move || format!("{:.1}", save_ms.get())>
            <h2 class="title">{move || ctx.t(Text::LogVisit)}</h2>
            <label>
                <span>{move || ctx.t(Text::Hospital)}</span>
                <select name="account" disabled=move || tied.get().is_some()
                    prop:value=move || chosen.get().map(|a| a.to_string()).unwrap_or_default()
                    on:change=move |e| {
                        chosen.set(event_target_value(&e).parse().ok());
                        met.set(BTreeSet::new());
                        opportunity.set(String::new());
                    }>
                    <option value="">{move || ctx.t(Text::ChooseHospital)}</option>
                    {move || accounts.get().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
            </label>
            <CheckInCard chosen tied fix />
            <fieldset class="chips">
                <legend>{move || ctx.t(Text::Met)}</legend>
                {move || (chosen.get().is_some() && detail.get().0.is_empty()).then(|| view! {
                    <p class="note" data-testid="no-contacts">{ctx.t(Text::NoContactsYet)}</p>
                })}
                {move || detail.get().0.into_iter().map(|(id, name)| view! {
                    <button type="button"
                        class=move || if met.get().contains(&id) { "chip on" } else { "chip" }
                        aria-pressed=move || met.get().contains(&id).to_string()
                        on:click=move |_| met.update(|m| { if !m.remove(&id) { m.insert(id); } })>
                        {name}
                    </button>
                }).collect_view()}
            </fieldset>
            <fieldset class="chips">
                <legend>{move || ctx.t(Text::Purpose)}</legend>
                {PURPOSES.iter().map(|p| {
                    let p = *p;
                    view! {
                        <button type="button"
                            class=move || if purpose.get() == ctx.t(p) { "chip on" } else { "chip" }
                            on:click=move |_| purpose.set(ctx.t(p).to_owned())>
                            {move || ctx.t(p)}
                        </button>
                    }
                }).collect_view()}
                <input name="purpose" prop:value=move || purpose.get() on:input=move |e| purpose.set(event_target_value(&e)) />
            </fieldset>
            {area(Text::Content, "content", content)}
            {area(Text::Problems, "problems", problems)}
            <label>
                <span>{move || ctx.t(Text::NextStep)}</span>
                <input name="next_step" prop:value=move || next_step.get() on:input=move |e| next_step.set(event_target_value(&e)) />
            </label>
            <label>
                <span>{move || ctx.t(Text::Opportunity)}</span>
                <select name="opportunity" prop:value=move || opportunity.get() on:change=move |e| opportunity.set(event_target_value(&e))>
                    <option value="">"—"</option>
                    {move || detail.get().1.into_iter().map(|(id, title)| view! { <option value=id.to_string()>{title}</option> }).collect_view()}
                </select>
            </label>
            <button class="primary big" type="submit" disabled=move || state.get() == Saving::Busy>{move || ctx.t(Text::SaveVisit)}</button>
            <SaveNote state />
        </form>
    }
}
