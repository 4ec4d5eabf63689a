//! The team's quarter (`GET /coverage`): each rep's quarterly plan with its standing and
//! the manager's comment and approval (`PUT /quarterly/{rep}/{quarter}/review`, which
//! reaches the rep's phone), and their territory coverage so far — hospitals visited by
//! ABC class and zone, frequency kept, hospitals unseen for weeks, the 20/70 share — with
//! the hospital-by-hospital table and CSV.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::api::{CoverageEndpoint, CoverageReport, PlanReviewInput, RepCoverage};

use super::fetch::fetch_api;
use crate::api;
use crate::ui::Ctx;
use crate::ui::quarter::{IDLE_WEEKS, QuarterText as T, Standing, tr, view};

/// The team's quarterly plans and coverage (`rep`: one rep only, for the meeting page).
#[component]
pub(crate) fn TeamCoverage(#[prop(optional, into)] rep: Option<String>) -> impl IntoView {
    let ctx = Ctx::get();
    let reload = RwSignal::new(0u32);
    let query = format!(
        "weeks={IDLE_WEEKS}{}",
        rep.map(|r| format!("&rep={r}")).unwrap_or_default()
    );
    let csv = api::get::<CoverageEndpoint>(format!("{query}&format=csv")).url();
    let data = fetch_api(move || {
        reload.track();
        api::get::<CoverageEndpoint>(query.clone())
    });
    move || {
        let locale = ctx.locale.get();
        let Some(report): Option<CoverageReport> = data.get().value else {
            return view! { <p class="empty">{ctx.t(crate::i18n::Text::Loading)}</p> }.into_any();
        };
        let quarter = report.quarter.clone();
        let several = report.reps.len() > 1;
        let reps = report
            .reps
            .into_iter()
            .map(|r| view! { <RepQuarter r quarter=quarter.clone() reload /> })
            .collect_view();
        view! {
            <p class="sub">{report.quarter.clone()} " · " {report.from.to_string()} " – " {report.to.to_string()}</p>
            {several.then(|| view::summary(locale, &report.team, report.weeks))}
            <a class="csv link" href=csv.clone() download="">{ctx.t(crate::i18n::Text::ExportCsv)}</a>
            {reps}
        }
        .into_any()
    }
}

#[component]
fn RepQuarter(r: RepCoverage, quarter: String, reload: RwSignal<u32>) -> impl IntoView {
    let ctx = Ctx::get();
    let locale = ctx.locale.get_untracked();
    let submitted = r.plan.as_ref().and_then(|p| p.submitted_at);
    let stands = r
        .plan
        .as_ref()
        .map(|_| Standing::of(submitted, r.review.as_ref()));
    let comment = RwSignal::new(
        r.review
            .as_ref()
            .map(|v| v.comment.clone())
            .unwrap_or_default(),
    );
    let failed = RwSignal::new(None::<String>);
    let rep = r.rep;
    let quarter = StoredValue::new(quarter);
    let send = move |approved: bool| {
        let input = PlanReviewInput {
            comment: comment.get_untracked(),
            approved,
        };
        let path = format!("/api/v1/quarterly/{rep}/{}/review", quarter.get_value());
        spawn_local(async move {
            match crate::http::json_opt::<serde_json::Value>("PUT", &path, Some(&input)).await {
                Ok(_) => {
                    failed.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => failed.set(Some(e.to_string())),
            }
        });
    };
    let open = RwSignal::new(false);
    let rows = r.coverage.rows.clone();
    let notes = r
        .plan
        .as_ref()
        .map(|p| p.notes.clone())
        .filter(|n| !n.is_empty());
    view! {
        <section class="card rep-quarter" data-testid="rep-quarter" data-name=r.name.clone()
            data-state=stands.map_or("none", Standing::key)>
            <h2>{r.name.clone()} " "
                <span class=stands.map_or("chip", Standing::chip)>
                    {tr(stands.map_or(T::NoPlan, Standing::text))}
                </span>
            </h2>
            {notes.map(|n| view! { <p><strong>{tr(T::PlanNotes)} ": "</strong>{n}</p> })}
            {view::summary(locale, &r.coverage, IDLE_WEEKS)}
            <button class="link" on:click=move |_| open.update(|o| *o = !*o)>{move || tr(T::Rows)}</button>
            {move || open.get().then(|| view::rows(ctx.locale.get(), &rows))}
            {submitted.map(|_| view! {
                <form class="form review-form" on:submit=move |e| { e.prevent_default(); send(true); }>
                    <label>
                        <span>{tr(T::Comment)}</span>
                        <textarea name="comment" prop:value=move || comment.get() on:input=move |e| comment.set(event_target_value(&e))></textarea>
                    </label>
                    <button class="primary" type="submit" data-testid="approve-quarter">{tr(T::Approve)}</button>
                    <button class="secondary" type="button" on:click=move |_| send(false)>{tr(T::SendComment)}</button>
                    {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                </form>
            })}
        </section>
    }
}

/// On a rep's weekly-meeting page: their coverage this quarter and the hospitals they have
/// not seen for weeks.
#[component]
pub(crate) fn MeetingCoverage(rep: String) -> impl IntoView {
    let ctx = Ctx::get();
    let data =
        fetch_api(move || api::get::<CoverageEndpoint>(format!("weeks={IDLE_WEEKS}&rep={rep}")));
    move || {
        let locale = ctx.locale.get();
        let r = data.get().value?.reps.into_iter().next()?;
        let idle: Vec<String> = r
            .coverage
            .rows
            .iter()
            .filter(|h| h.idle)
            .take(8)
            .map(|h| format!("{} ({})", h.hospital, view::last_seen(locale, h)))
            .collect();
        Some(view! {
            <div data-testid="meeting-coverage">
                <h3>{tr(T::Coverage)}</h3>
                {view::summary(locale, &r.coverage, IDLE_WEEKS)}
                {(!idle.is_empty()).then(|| view! {
                    <p class="sub"><strong>{tr(T::Idle)} ": "</strong>{idle.join("、")}</p>
                })}
            </div>
        })
    }
}
