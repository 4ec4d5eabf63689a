//! A co-visit report (协同拜访报告): the manager writes it for a rep and one of their visits —
//! joint, demonstration or coaching call, observations, coaching points. It goes into the
//! account's document like any record, so it works offline and syncs when it can.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::{AccountId, CoVisitId, UserId};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{Audit, CoVisit, CoVisitKind};

use crate::format;
use crate::i18n::Text;
use crate::repo::now;
use crate::ui::Ctx;
use crate::ui::widgets::{SaveNote, Saving};

/// The co-visit form.
#[component]
pub(crate) fn CoVisitForm() -> impl IntoView {
    let ctx = Ctx::get();
    let rep = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let visit = RwSignal::new(String::new());
    let kind = RwSignal::new(CoVisitKind::Joint.key().to_owned());
    let observations = RwSignal::new(String::new());
    let coaching = RwSignal::new(String::new());
    let state = RwSignal::new(Saving::Idle);
    let saved = RwSignal::new(0u32);
    let reps = Memo::new(move |_| {
        ctx.repo().read(|d| {
            let mut owners: Vec<(UserId, String)> = d
                .accounts
                .values()
                .map(|a| a.account.owner)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(|id| {
                    (
                        id,
                        d.people.get(&id).cloned().unwrap_or_else(|| id.to_string()),
                    )
                })
                .collect();
            owners.sort_by(|a, b| a.1.cmp(&b.1));
            owners
        })
    });
    let accounts = Memo::new(move |_| {
        let owner: Option<UserId> = rep.get().parse().ok();
        ctx.repo().read(|d| {
            let mut list: Vec<(AccountId, String)> = d
                .accounts
                .values()
                .filter(|a| Some(a.account.owner) == owner)
                .map(|a| (a.account.id, a.account.name.clone()))
                .collect();
            list.sort_by(|a, b| a.1.cmp(&b.1));
            list
        })
    });
    let visits = Memo::new(move |_| {
        let locale = ctx.locale.get();
        let chosen: Option<AccountId> = account.get().parse().ok();
        ctx.repo().read(|d| {
            let tz = d.org.tz;
            chosen
                .and_then(|a| d.accounts.get(&a))
                .map(|a| {
                    a.records
                        .visits
                        .iter()
                        .rev()
                        .take(30)
                        .map(|v| {
                            (
                                v.id.to_string(),
                                format!("{} {}", format::date_time(v.at, tz, locale), v.purpose),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let (Ok(rep_id), Ok(account_id)) = (
            rep.get_untracked().parse::<UserId>(),
            account.get_untracked().parse::<AccountId>(),
        ) else {
            state.set(Saving::Failed(ctx.t(Text::ChooseRepAndHospital).to_owned()));
            return;
        };
        if observations.get_untracked().trim().is_empty() {
            state.set(Saving::Failed(ctx.t(Text::ObservationsRequired).to_owned()));
            return;
        }
        let repo = ctx.repo();
        let at = now();
        let report = CoVisit {
            id: CoVisitId::generate(),
            manager: repo.me(),
            rep: rep_id,
            visit: visit.get_untracked().parse().ok(),
            at,
            kind: CoVisitKind::from_key(&kind.get_untracked()).unwrap_or(CoVisitKind::Joint),
            observations: observations.get_untracked().trim().to_owned(),
            coaching_points: coaching.get_untracked().trim().to_owned(),
            audit: Audit::new(at, repo.me()),
        };
        state.set(Saving::Busy);
        spawn_local(async move {
            let result = repo.edit_account(account_id, |d| d.put(&report)).await;
            if result.is_ok() {
                let _ = saved.try_update(|n| *n += 1);
                let _ = observations.try_set(String::new());
                let _ = coaching.try_set(String::new());
            }
            let _ = state.try_set(Saving::from(result));
        });
    };
    let select = move |label: Text,
                       name: &'static str,
                       value: RwSignal<String>,
                       options: Signal<Vec<(String, String)>>| {
        view! {
            <label><span>{move || ctx.t(label)}</span>
                <select name=name prop:value=move || value.get() on:change=move |e| value.set(event_target_value(&e))>
                    <option value="">"—"</option>
                    {move || options.get().into_iter().map(|(k, l)| view! { <option value=k>{l}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let area = move |label: Text, name: &'static str, value: RwSignal<String>| {
        view! {
            <label><span>{move || ctx.t(label)}</span>
                <textarea name=name rows="4" prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))></textarea></label>
        }
    };
    view! {
        <form class="form card screen covisit-form" on:submit=save data-testid="covisit-form" data-saved=move || saved.get().to_string()>
            <h2>{move || ctx.t(Text::CoVisitReport)}</h2>
            {select(Text::Rep, "rep", rep, Signal::derive(move || reps.get().into_iter().map(|(id, n)| (id.to_string(), n)).collect()))}
            {select(Text::Hospital, "account", account, Signal::derive(move || accounts.get().into_iter().map(|(id, n)| (id.to_string(), n)).collect()))}
            {select(Text::VisitLabel, "visit", visit, Signal::derive(move || visits.get()))}
            <label><span>{move || ctx.t(Text::CoVisitKindLabel)}</span>
                <select name="kind" prop:value=move || kind.get() on:change=move |e| kind.set(event_target_value(&e))>
                    {CoVisitKind::ALL.iter().map(|k| view! { <option value=k.key()>{move || k.label(ctx.locale.get())}</option> }).collect_view()}
                </select>
            </label>
            {area(Text::Observations, "observations", observations)}
            {area(Text::CoachingPoints, "coaching", coaching)}
            <button class="primary" type="submit">{move || ctx.t(Text::Save)}</button>
            <SaveNote state />
        </form>
    }
}
