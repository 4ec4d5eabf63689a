//! The daily list (日清单): the rep's end-of-day list, built from the day's visits, with the
//! help needed and tomorrow's plan, submitted offline; the manager's review shown on it; and
//! on 今日 where today's list stands.

mod text;

pub(crate) use text::{Text as DailyText, tr};

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::{AccountId, PlanId, UserId};
use rounds_shared::model::{Audit, DailyEntry, DailyList, DailyReview, PlannedVisit};

use super::Ctx;
use super::widgets::{Go, SaveNote, Saving};
use crate::format;
use crate::repo::{Data, now};
use crate::route::Route;
use text::Text as T;

/// The day's visits by `me`, as list entries.
fn entries_of(d: &Data, me: UserId, day: NaiveDate) -> Vec<DailyEntry> {
    let tz = d.org.tz;
    let mut visits: Vec<_> = d
        .visits_by(me)
        .filter(|(_, v)| v.at.date(tz) == day)
        .collect();
    visits.sort_by_key(|(_, v)| v.at);
    visits
        .into_iter()
        .map(|(a, v)| DailyEntry {
            account: a.account.id,
            hospital: a.account.name.clone(),
            visit: Some(v.id),
            purpose: v.purpose.clone(),
            content: v.content.clone(),
            problems: v.problems.clone(),
            next_step: v.next_step.clone(),
        })
        .collect()
}

/// Today's list and its review, if any.
fn todays(d: &Data, day: NaiveDate) -> (Option<DailyList>, Option<DailyReview>) {
    let list = d.daily_lists.iter().find(|l| l.day == day).cloned();
    let review = list
        .as_ref()
        .and_then(|l| d.daily_reviews.iter().find(|r| r.id == l.id).cloned());
    (list, review)
}

/// The entries of a list, for the rep and the manager alike.
pub(super) fn entry_rows(entries: Vec<DailyEntry>) -> impl IntoView {
    view! {
        <ul class="list daily-entries">
            {entries.into_iter().map(|e| view! {
                <li data-testid="daily-entry">
                    <span class="main">{e.hospital} " · " {e.purpose}</span>
                    <span class="sub">{e.content}</span>
                    {(!e.problems.is_empty()).then(|| view! { <span class="sub">{tr(T::Problems)} ": " {e.problems}</span> })}
                    {(!e.next_step.is_empty()).then(|| view! { <span class="sub">{tr(T::NextStep)} ": " {e.next_step}</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The manager's review, as the rep sees it.
fn review_box(review: Option<DailyReview>) -> impl IntoView {
    review.map(|r| {
        view! {
            <div class="banner review" data-testid="daily-review" data-reviewed=r.reviewed.to_string()>
                {r.reviewed.then(|| view! { <span class="chip good">{tr(T::Reviewed)}</span> })}
                {r.follow_up.then(|| view! { <span class="chip warn">{tr(T::FollowUp)}</span> })}
                {(!r.comment.is_empty()).then(|| view! { <p><strong>{tr(T::ManagerComment)} ": "</strong>{r.comment.clone()}</p> })}
            </div>
        }
    })
}

/// The rep's daily list screen.
#[component]
pub(super) fn DailyListScreen() -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.repo().me();
    let day = ctx.repo().read(|d| now().date(d.org.tz));
    let (existing, _) = ctx.repo().read(|d| todays(d, day));
    let help = RwSignal::new(
        existing
            .as_ref()
            .map(|l| l.help_needed.clone())
            .unwrap_or_default(),
    );
    let tomorrow = RwSignal::new(
        existing
            .as_ref()
            .map(|l| {
                l.tomorrow
                    .iter()
                    .map(|p| p.account)
                    .collect::<Vec<AccountId>>()
            })
            .unwrap_or_default(),
    );
    let adding = RwSignal::new(String::new());
    let state = RwSignal::new(Saving::Idle);
    let current = Memo::new(move |_| ctx.repo().read(|d| todays(d, day)));
    let live = Memo::new(move |_| ctx.repo().read(|d| entries_of(d, me, day)));
    let names = Memo::new(move |_| ctx.repo().read(|d| d.my_account_names()));
    let name_of = move |a: AccountId| {
        names
            .get()
            .into_iter()
            .find(|(id, _)| *id == a)
            .map(|(_, n)| n)
            .unwrap_or_default()
    };
    let store = move |submit: bool| {
        let (found, _) = current.get_untracked();
        let next = day.succ_opt().unwrap_or(day);
        let mut list = found.unwrap_or_else(|| DailyList {
            id: PlanId::generate(),
            day,
            entries: Vec::new(),
            help_needed: String::new(),
            tomorrow: Vec::new(),
            submitted_at: None,
            audit: Audit::new(now(), me),
        });
        list.entries = live.get_untracked();
        list.help_needed = help.get_untracked().trim().to_owned();
        list.tomorrow = tomorrow
            .get_untracked()
            .into_iter()
            .map(|account| PlannedVisit {
                account,
                day: next,
                purpose: String::new(),
            })
            .collect();
        if submit {
            list.submitted_at = Some(now());
        }
        list.audit.touch(now(), me);
        state.set(Saving::Busy);
        let repo = ctx.repo();
        spawn_local(async move {
            let result = repo.edit_personal(|d| d.put(&list)).await;
            Saving::settle(ctx, state, result);
        });
    };
    view! {
        <div class="screen daily">
            <h2 class="title">{move || tr(T::DailyList)} " · " {move || format::date(day, ctx.locale.get())}</h2>
            {move || {
                let (list, review) = current.get();
                let submitted = list.and_then(|l| l.submitted_at);
                view! {
                    <p class="sub" data-testid="daily-status" data-submitted=submitted.is_some().to_string()>
                        {match submitted {
                            Some(at) => format!("{} {}", tr(T::Submitted), format::time(at, ctx.repo().read(|d| d.org.tz))),
                            None => tr(T::NotSubmitted).to_owned(),
                        }}
                    </p>
                    {review_box(review)}
                }
            }}
            <section class="card">
                <h2>{move || tr(T::TodaysVisits)} <span class="count">{move || live.get().len()}</span></h2>
                {move || {
                    let entries = live.get();
                    if entries.is_empty() {
                        view! { <p class="empty">{tr(T::NoVisits)}</p> }.into_any()
                    } else {
                        entry_rows(entries).into_any()
                    }
                }}
            </section>
            <label class="block">
                <span>{move || tr(T::HelpNeeded)}</span>
                <textarea name="help" prop:value=move || help.get() on:input=move |e| help.set(event_target_value(&e))></textarea>
            </label>
            <section class="card">
                <h2>{move || tr(T::Tomorrow)}</h2>
                <ul class="list">
                    {move || tomorrow.get().into_iter().map(|a| view! {
                        <li data-testid="tomorrow" class="row-form">
                            <span class="main">{name_of(a)}</span>
                            <button type="button" class="secondary" on:click=move |_| tomorrow.update(|t| t.retain(|x| *x != a))>{tr(T::Remove)}</button>
                        </li>
                    }).collect_view()}
                </ul>
                <select name="tomorrow" prop:value=move || adding.get() on:change=move |e| {
                    if let Ok(a) = event_target_value(&e).parse::<AccountId>() {
                        tomorrow.update(|t| if !t.contains(&a) { t.push(a) });
                    }
                    adding.set(String::new());
                }>
                    <option value="">{move || tr(T::AddHospital)}</option>
                    {move || names.get().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                </select>
            </section>
            <div class="actions">
                <button class="primary" data-testid="submit-daily" on:click=move |_| store(true)>{move || tr(T::Submit)}</button>
                <button class="secondary" on:click=move |_| store(false)>{move || tr(T::SaveDraft)}</button>
            </div>
            <SaveNote state />
        </div>
    }
}

/// On 今日: where today's list stands, and the way to it.
#[component]
pub(super) fn DailySummary() -> impl IntoView {
    let ctx = Ctx::get();
    let status = Memo::new(move |_| {
        ctx.repo().read(|d| {
            let (list, review) = todays(d, now().date(d.org.tz));
            (
                list.and_then(|l| l.submitted_at).is_some(),
                review.is_some_and(|r| r.reviewed),
            )
        })
    });
    move || {
        let (submitted, reviewed) = status.get();
        let label = match (submitted, reviewed) {
            (_, true) => tr(T::Reviewed),
            (true, false) => tr(T::Submitted),
            (false, false) => tr(T::NotSubmitted),
        };
        view! {
            <Go to=Route::Daily class="button secondary big">
                {tr(T::DailyList)} " · " <span data-testid="daily-summary">{label}</span>
            </Go>
        }
    }
}
