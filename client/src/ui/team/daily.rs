//! The manager's daily 3E review (`GET /daily`): every rep's list of a day in one place,
//! who has not submitted by the cut-off, help requests first; a comment, the "reviewed"
//! mark and a spot check per list (`PUT /daily/{rep}/{day}/review`), which reach the rep.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::api::{DailyEndpoint, DailyReport, RepDay, ReviewInput};

use super::bar::Freshness;
use super::fetch::fetch_api;
use crate::api;
use crate::format;
use crate::repo::now;
use crate::ui::Ctx;
use crate::ui::daily::{DailyText as T, tr};

/// The daily lists screen of the dashboard.
#[component]
pub(crate) fn TeamDaily() -> impl IntoView {
    let ctx = Ctx::get();
    let today = ctx.repo().read(|d| now().date(d.org.tz));
    let day = RwSignal::new(today.to_string());
    let reload = RwSignal::new(0u32);
    let data = fetch_api(move || {
        reload.track();
        api::get::<DailyEndpoint>(format!("day={}", day.get()))
    });
    let body = move || {
        let fetched = data.get();
        let Some(report): Option<DailyReport> = fetched.value else {
            return view! { <p class="empty">{ctx.t(crate::i18n::Text::Loading)}</p> }.into_any();
        };
        if report.reps.is_empty() {
            return view! { <p class="empty">{tr(T::NoReps)}</p> }.into_any();
        }
        let cards = report
            .reps
            .into_iter()
            .map(|r| view! { <RepCard r day=report.day reload /> })
            .collect_view();
        view! {
            <p class="reading" data-testid="daily-totals" data-submitted=report.submitted.to_string()
                data-missing=report.missing.to_string() data-reviewed=report.reviewed.to_string()>
                {tr(T::Submitted)} " " {report.submitted} " · " {tr(T::NotSubmitted)} " " {report.missing}
                " · " {tr(T::HelpNeeded)} " " {report.help} " · " {tr(T::Reviewed)} " " {report.reviewed}
                " · " {tr(T::Cutoff)} " " {report.cutoff}
            </p>
            {cards}
        }
        .into_any()
    };
    view! {
        <div class="screen dash team-daily">
            <Freshness data />
            <section class="card" data-testid="team-daily">
                <h2>{move || tr(T::TeamDaily)}</h2>
                <label>
                    <span>{move || tr(T::Day)}</span>
                    <input type="date" name="day" prop:value=move || day.get() on:change=move |e| day.set(event_target_value(&e)) />
                </label>
                {body}
            </section>
        </div>
    }
}

#[component]
fn RepCard(r: RepDay, day: chrono::NaiveDate, reload: RwSignal<u32>) -> impl IntoView {
    let ctx = Ctx::get();
    let tz = ctx.repo().read(|d| d.org.tz);
    let submitted = r.list.as_ref().and_then(|l| l.submitted_at);
    let status = match (submitted, r.late) {
        (Some(at), late) => format!(
            "{} {}{}",
            tr(T::Submitted),
            format::time(at, tz),
            if late {
                format!(" · {}", tr(T::Late))
            } else {
                String::new()
            }
        ),
        (None, true) => tr(T::Missing).to_owned(),
        (None, false) => tr(T::NotSubmitted).to_owned(),
    };
    let chip = match (submitted.is_some(), r.late) {
        (true, false) => "chip good",
        (true, true) => "chip warn",
        (false, _) => "chip bad",
    };
    let list = r.list.clone().filter(|l| l.submitted_at.is_some());
    let help = list
        .as_ref()
        .map(|l| l.help_needed.clone())
        .filter(|h| !h.trim().is_empty());
    let names = move |a| {
        ctx.repo()
            .read(|d| d.accounts.get(&a).map(|v| v.account.name.clone()))
            .unwrap_or_else(|| "—".into())
    };
    let comment = RwSignal::new(
        r.review
            .as_ref()
            .map(|v| v.comment.clone())
            .unwrap_or_default(),
    );
    let follow = RwSignal::new(r.review.as_ref().is_some_and(|v| v.follow_up));
    let failed = RwSignal::new(None::<String>);
    let rep = r.rep;
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let input = ReviewInput {
            comment: comment.get_untracked(),
            reviewed: true,
            follow_up: follow.get_untracked(),
        };
        spawn_local(async move {
            let path = format!("/api/v1/daily/{rep}/{day}/review");
            match crate::http::json_opt::<serde_json::Value>("PUT", &path, Some(&input)).await {
                Ok(_) => {
                    failed.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => failed.set(Some(e.to_string())),
            }
        });
    };
    let reviewed = r.review.as_ref().is_some_and(|v| v.reviewed);
    view! {
        <section class="card rep-daily" data-testid="rep-daily" data-name=r.name.clone()
            data-submitted=submitted.is_some().to_string() data-reviewed=reviewed.to_string()>
            <h2>{r.name.clone()} <span class=chip>{status}</span>
                {reviewed.then(|| view! { <span class="chip good">{tr(T::Reviewed)}</span> })}</h2>
            {help.map(|h| view! { <div class="banner warn" data-testid="daily-help"><strong>{tr(T::HelpNeeded)} ": "</strong>{h}</div> })}
            {list.map(|l| {
                let tomorrow: Vec<String> = l.tomorrow.iter().map(|p| names(p.account)).collect();
                view! {
                    {crate::ui::daily::entry_rows(l.entries)}
                    <p class="sub">{tr(T::Tomorrow)} ": " {tomorrow.join("、")}</p>
                    <form class="form review-form" on:submit=save>
                        <label>
                            <span>{tr(T::Comment)}</span>
                            <textarea name="comment" prop:value=move || comment.get() on:input=move |e| comment.set(event_target_value(&e))></textarea>
                        </label>
                        <label class="check">
                            <input type="checkbox" name="follow_up" prop:checked=move || follow.get() on:change=move |e| follow.set(event_target_checked(&e)) />
                            <span>{tr(T::FollowUp)}</span>
                        </label>
                        <button class="primary" type="submit" data-testid="review-daily">{tr(T::MarkReviewed)}</button>
                        {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    </form>
                }
            })}
        </section>
    }
}
