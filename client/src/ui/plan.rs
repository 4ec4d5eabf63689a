//! This week's plan (due Friday) and my activity against the standards.

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::{AccountId, PlanId};
use rounds_shared::model::{Audit, PlannedVisit, WeeklyPlan};
use rounds_shared::time::PeriodKey;

use super::plan_map::{RouteMap, WeekCalendar};
use super::widgets::{Go, SaveNote, Saving, Section, standard_figure, standard_label};
use super::{Ctx, plan_tools};
use crate::activity;
use crate::format;
use crate::i18n::Text;
use crate::repo::now;
use crate::route::Route;

/// The weekly plan screen.
#[component]
pub(super) fn WeeklyPlanScreen() -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.repo().me();
    let (week, today, tz) = ctx.repo().read(|d| {
        let today = now().date(d.org.tz);
        (PeriodKey::week_of(today), today, d.org.tz)
    });
    let (monday, _) = week.dates();
    let friday = monday + Duration::days(4);
    let existing = ctx.repo().read(|d| d.weekly_plan(week).cloned());
    let plan = existing.unwrap_or_else(|| WeeklyPlan {
        id: PlanId::generate(),
        week,
        goals: String::new(),
        visits: Vec::new(),
        submitted_at: None,
        audit: Audit::new(now(), me),
    });
    let goals = RwSignal::new(plan.goals.clone());
    let visits = RwSignal::new(plan.visits.clone());
    let plan = StoredValue::new(plan);
    let new_account = RwSignal::new(String::new());
    let new_day = RwSignal::new(today.max(monday).to_string());
    let new_purpose = RwSignal::new(String::new());
    let state = RwSignal::new(Saving::Idle);
    let submitted = Memo::new(move |_| {
        ctx.repo()
            .read(|d| d.weekly_plan(week).and_then(|p| p.submitted_at))
    });
    let accounts = Memo::new(move |_| ctx.repo().read(|d| d.my_account_names()));

    let store = move |submit: bool| {
        let mut p = plan.get_value();
        if let Some(current) = ctx.repo().read(|d| d.weekly_plan(week).cloned()) {
            p.submitted_at = current.submitted_at;
        }
        p.goals = goals.get_untracked();
        p.visits = visits.get_untracked();
        if submit {
            p.submitted_at = Some(now());
        }
        p.audit.touch(now(), me);
        state.set(Saving::Busy);
        let repo = ctx.repo();
        spawn_local(async move {
            let result = repo.edit_personal(|d| d.put(&p)).await;
            Saving::settle(ctx, state, result);
        });
    };
    let add = move |_| {
        let (Ok(account), Ok(day)) = (
            new_account.get_untracked().parse::<AccountId>(),
            new_day.get_untracked().parse::<NaiveDate>(),
        ) else {
            return;
        };
        visits.update(|v| {
            v.push(PlannedVisit {
                account,
                day,
                purpose: new_purpose.get_untracked().trim().to_owned(),
            });
            v.sort_by_key(|p| p.day);
        });
        new_purpose.set(String::new());
    };
    let picked_day = Signal::derive(move || new_day.get().parse::<NaiveDate>().ok());
    let measures = Memo::new(move |_| ctx.repo().read(|d| activity::weekly(d, week)));
    let (_, sunday) = week.dates();
    // The visits made, read once for the plan's marks and the calendar.
    let made = Memo::new(move |_| ctx.repo().read(|d| plan_tools::visits_made(d, me)));
    let marks = Memo::new(move |_| rounds_shared::plan::planned_done(&visits.get(), &made.get()));
    let suggested = Memo::new(move |_| {
        let planned = visits.get();
        ctx.repo().read(|d| {
            plan_tools::suggestions(d, today, sunday)
                .into_iter()
                .filter(|s| !planned.iter().any(|p| p.account == s.account))
                .take(8)
                .collect::<Vec<_>>()
        })
    });
    let route = move |_| {
        let Ok(day) = new_day.get_untracked().parse::<NaiveDate>() else {
            return;
        };
        // Marks for the benchmark: ordering and drawing the day's route.
        super::mark("rounds:route-start");
        let planned = visits.get_untracked();
        visits.set(ctx.repo().read(|d| plan_tools::route_day(d, &planned, day)));
        super::mark("rounds:route-end");
    };

    view! {
        <div class="screen plan">
            <Go to=Route::Quarter class="button secondary big">
                {move || super::quarter::tr(super::quarter::QuarterText::QuarterAndCoverage)}
            </Go>
            <Section title=Text::WeeklyPlan>
                <p class="sub">
                    {week.to_string()} " · " {move || ctx.t(Text::DueFriday)} " " {move || format::day(friday, ctx.locale.get())}
                </p>
                <p class={move || if submitted.get().is_some() { "badge ok" } else if today > friday { "badge late" } else { "badge" }} data-testid="plan-state">
                    {move || match submitted.get() {
                        Some(at) => format!("{} {}", ctx.t(Text::Submitted), format::date_time(at, tz, ctx.locale.get())),
                        None => ctx.t(Text::NotSubmitted).to_owned(),
                    }}
                </p>
                <label>
                    <span>{move || ctx.t(Text::Goals)}</span>
                    <textarea name="goals" rows="3" prop:value=move || goals.get() on:input=move |e| goals.set(event_target_value(&e))></textarea>
                </label>
                <h3>{move || ctx.t(Text::PlannedVisits)}</h3>
                <ul class="list">
                    {move || {
                        let names = accounts.get();
                        let locale = ctx.locale.get();
                        visits.get().into_iter().enumerate().map(|(i, v)| {
                            let name = names.iter().find(|(id, _)| *id == v.account).map(|(_, n)| n.clone()).unwrap_or_default();
                            let done = marks.get().get(i).copied().unwrap_or(false);
                            let mark = (v.day <= today).then(|| if done {
                                view! { <span class="chip good">{ctx.t(Text::VisitDone)}</span> }.into_any()
                            } else {
                                view! { <span class="chip bad">{ctx.t(Text::VisitMissed)}</span> }.into_any()
                            });
                            let id = v.account.to_string();
                            view! {
                                <li class="row" data-testid="planned-visit" data-account=id data-day=v.day.to_string()
                                    data-done=(v.day <= today).then(|| done.to_string())>
                                    <span class="main">{name}</span>
                                    <span class="sub">{format::day(v.day, locale)} " " {v.purpose}</span>
                                    {mark}
                                    <button class="link" on:click=move |_| visits.update(|all| { if i > 0 && i < all.len() { all.swap(i - 1, i); } })>{ctx.t(Text::MoveUp)}</button>
                                    <button class="link" on:click=move |_| visits.update(|all| { if i < all.len() { all.remove(i); } })>{ctx.t(Text::Remove)}</button>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                <div class="form inline">
                    <select prop:value=move || new_account.get() on:change=move |e| new_account.set(event_target_value(&e))>
                        <option value="">{move || ctx.t(Text::ChooseHospital)}</option>
                        {move || accounts.get().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                    </select>
                    <input type="date" prop:value=move || new_day.get() on:input=move |e| new_day.set(event_target_value(&e)) />
                    <input placeholder=move || ctx.t(Text::Purpose) prop:value=move || new_purpose.get() on:input=move |e| new_purpose.set(event_target_value(&e)) />
                    <button class="secondary" on:click=add>{move || ctx.t(Text::AddToPlan)}</button>
                </div>
                <button class="secondary" data-testid="route-order" on:click=route>{move || ctx.t(Text::RouteOrder)}</button>
                <h3>{move || ctx.t(Text::RouteMap)} " · " {move || picked_day.get().map(|d| format::day(d, ctx.locale.get()))}</h3>
                <RouteMap visits day=picked_day />
                <h3>{move || ctx.t(Text::WeekCalendar)}</h3>
                <div class="calendar" data-testid="calendar">
                    <WeekCalendar visits marks made monday today />
                </div>
                <h3>{move || ctx.t(Text::Suggested)}</h3>
                <ul class="list" data-testid="suggestions">
                    {move || {
                        let names = accounts.get();
                        suggested.get().into_iter().map(|s| {
                            let name = names.iter().find(|(id, _)| *id == s.account).map(|(_, n)| n.clone()).unwrap_or_default();
                            let why = plan_tools::reason(ctx, s.due);
                            let account = s.account;
                            view! {
                                <li class="row" data-testid="suggestion" data-account=account.to_string()>
                                    <span class="main">{name}</span>
                                    <span class="sub">{why}</span>
                                    <button class="secondary" on:click=move |_| {
                                        let Ok(day) = new_day.get_untracked().parse::<NaiveDate>() else { return };
                                        visits.update(|v| {
                                            v.push(PlannedVisit { account, day, purpose: String::new() });
                                            v.sort_by_key(|p| p.day);
                                        });
                                    }>{ctx.t(Text::AddToPlan)}</button>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                <div class="actions">
                    <button class="secondary" on:click=move |_| store(false)>{move || ctx.t(Text::Save)}</button>
                    <button class="primary" on:click=move |_| store(true)>{move || ctx.t(Text::SubmitPlan)}</button>
                </div>
                <SaveNote state />
            </Section>
            <Section title=Text::MyActivity>
                <table class="activity" data-testid="activity">
                    <tbody>
                        {move || {
                            let locale = ctx.locale.get();
                            let org = ctx.repo().read(|d| d.org.clone());
                            measures.get().into_iter().map(|m| {
                                let name = standard_label(&org, m.standard.metric, m.standard.stage.as_ref(), locale);
                                view! {
                                    <tr class=if m.met() { "met" } else { "behind" }>
                                        <th>{name}</th>
                                        <td>{standard_figure(m.standard.metric, m.actual, m.basis, locale)} " / " {standard_figure(m.standard.metric, m.standard.minimum, None, locale)}</td>
                                        <td>{if m.met() { ctx.t(Text::StandardMet) } else { ctx.t(Text::Behind) }}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </Section>
        </div>
    }
}
