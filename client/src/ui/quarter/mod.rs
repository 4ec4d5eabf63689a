//! The quarterly plan (季计划) on the phone, offline: the rep's hospitals by zone, each with
//! its visits a month (the default by class and deal until the rep sets one) and whom to
//! see there, the quarter's priorities, submitted to the manager, whose comment and
//! approval come back here; above it, the quarter's coverage so far, worked out on the
//! device with the code the manager's dashboard uses.

mod text;
pub(crate) mod view;

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::{AccountId, PlanId};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{Audit, PlanReview, QuarterlyPlan, Zone};
use rounds_shared::plan::HospitalCoverage;
use rounds_shared::time::{PeriodKey, Timestamp};

use super::widgets::{SaveNote, Saving};
use super::{Ctx, plan_tools};
use crate::format;
use crate::repo::now;
use text::Text as T;
pub(crate) use text::{Text as QuarterText, tr};

/// A hospital unseen for this many weeks is flagged.
pub(crate) const IDLE_WEEKS: u32 = 4;

/// Where a quarterly plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    /// Not submitted yet.
    Draft,
    /// Submitted, not approved since.
    Submitted,
    /// Approved since it was last submitted.
    Approved,
}

impl Standing {
    /// Where a plan submitted at `submitted` (if it was) stands, given its review.
    pub(crate) fn of(submitted: Option<Timestamp>, review: Option<&PlanReview>) -> Standing {
        match (submitted, review) {
            (None, _) => Standing::Draft,
            (Some(at), Some(r)) if r.approved && r.audit.updated_at >= at => Standing::Approved,
            (Some(_), _) => Standing::Submitted,
        }
    }

    /// Its name for tests and styles (`data-state`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Standing::Draft => "draft",
            Standing::Submitted => "submitted",
            Standing::Approved => "approved",
        }
    }

    /// Its words.
    pub(crate) fn text(self) -> T {
        match self {
            Standing::Draft => T::Draft,
            Standing::Submitted => T::AwaitingApproval,
            Standing::Approved => T::Approved,
        }
    }

    /// Its chip's classes.
    pub(crate) fn chip(self) -> &'static str {
        match self {
            Standing::Draft => "chip",
            Standing::Submitted => "chip warn",
            Standing::Approved => "chip good",
        }
    }
}

/// One hospital's line: its figures, and its frequency and whom to see, editable.
fn hospital_row(
    h: HospitalCoverage,
    (default, located): (u32, bool),
    freq: RwSignal<BTreeMap<AccountId, u32>>,
    focus: RwSignal<BTreeMap<AccountId, String>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let locale = ctx.locale.get_untracked();
    let a = h.account;
    let set = freq.with_untracked(|f| f.get(&a).map(ToString::to_string));
    let who = focus.with_untracked(|f| f.get(&a).cloned().unwrap_or_default());
    view! {
        <li class="row quarter-row" data-testid="quarter-hospital" data-account=a.to_string()
            data-idle=h.idle.to_string() data-per-month=h.per_month.to_string()
            data-last=h.last_visit.map(|d| d.to_string()).unwrap_or_default() data-located=located.to_string()>
            <span class="main">{h.hospital.clone()} " "
                {h.class.map(|c| view! { <span class="chip">{c.label(locale)}</span> })}
                {h.idle.then(|| view! { " " <span class="chip warn">{tr(T::Idle)}</span> })}
            </span>
            <span class="sub">
                {tr(T::VisitsSoFar)} " " {h.visits} " · " {view::last_seen(locale, &h)}
            </span>
            <label class="inline">
                <input type="number" name="frequency" min="0" max="30" inputmode="numeric"
                    placeholder=default.to_string() prop:value=set.unwrap_or_default()
                    on:change=move |e| {
                        let text = event_target_value(&e);
                        freq.update(|f| match text.trim().parse::<u32>() {
                            Ok(n) if n <= 30 => { f.insert(a, n); }
                            _ => { f.remove(&a); }
                        });
                    } />
                " " {tr(T::PerMonth)} " (" {tr(T::DefaultFrequency)} " " {default} ")"
            </label>
            <input name="focus" placeholder=tr(T::Focus) prop:value=who
                on:change=move |e| {
                    let text = event_target_value(&e).trim().to_owned();
                    focus.update(|f| if text.is_empty() { f.remove(&a); } else { f.insert(a, text); });
                } />
        </li>
    }
}

/// The quarterly plan screen.
#[component]
pub(super) fn QuarterlyPlanScreen() -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.repo().me();
    let (today, tz) = ctx.repo().read(|d| (now().date(d.org.tz), d.org.tz));
    let quarter = PeriodKey::quarter_of(today);
    let existing = ctx
        .repo()
        .read(|d| d.quarterly_plan(quarter).map(|(p, _)| p.clone()));
    let plan = existing.unwrap_or_else(|| QuarterlyPlan {
        id: PlanId::generate(),
        quarter,
        visit_frequency: BTreeMap::new(),
        focus: BTreeMap::new(),
        notes: String::new(),
        submitted_at: None,
        audit: Audit::new(now(), me),
    });
    let freq = RwSignal::new(plan.visit_frequency.clone());
    let focus = RwSignal::new(plan.focus.clone());
    let notes = RwSignal::new(plan.notes.clone());
    let plan = StoredValue::new(plan);
    let state = RwSignal::new(Saving::Idle);
    let status = Memo::new(move |_| {
        ctx.repo().read(|d| {
            d.quarterly_plan(quarter)
                .map(|(p, r)| (p.submitted_at, r.cloned()))
        })
    });
    let coverage = Memo::new(move |_| {
        ctx.repo()
            .read(|d| plan_tools::my_coverage(d, quarter, today, IDLE_WEEKS))
    });
    let defaults = Memo::new(move |_| ctx.repo().read(plan_tools::default_frequencies));

    let store = move |submit: bool| {
        let mut p = plan.get_value();
        if let Some((current, _)) = ctx.repo().read(|d| {
            d.quarterly_plan(quarter)
                .map(|(p, r)| (p.clone(), r.cloned()))
        }) {
            p.id = current.id;
            p.submitted_at = current.submitted_at;
        }
        p.visit_frequency = freq.get_untracked();
        p.focus = focus.get_untracked();
        p.notes = notes.get_untracked().trim().to_owned();
        if submit {
            p.submitted_at = Some(now());
        }
        p.audit.touch(now(), me);
        plan.set_value(p.clone());
        state.set(Saving::Busy);
        let repo = ctx.repo();
        spawn_local(async move {
            let result = repo.edit_personal(|d| d.put(&p)).await;
            Saving::settle(ctx, state, result);
        });
    };

    let head = move || {
        let locale = ctx.locale.get();
        let (submitted, review) = status.get().unwrap_or_default();
        let stands = Standing::of(submitted, review.as_ref());
        view! {
            <p class=if stands == Standing::Approved { "badge ok" } else { "badge" } data-testid="quarter-state" data-state=stands.key()>
                {tr(stands.text())}
                {submitted.map(|at| format!(" · {} {}", tr(T::SubmittedAt), format::date_time(at, tz, locale)))}
            </p>
            {review.filter(|r| !r.comment.is_empty()).map(|r| view! {
                <div class="banner review" data-testid="quarter-review">
                    <p><strong>{tr(T::ManagerComment)} ": "</strong>{r.comment}</p>
                </div>
            })}
        }
    };
    let zones = move || {
        let all = coverage.get().rows;
        let defaults = defaults.get();
        let locale = ctx.locale.get();
        Zone::ALL
            .iter()
            .map(|z| Some(*z))
            .chain([None])
            .filter_map(|z| {
                let rows: Vec<HospitalCoverage> =
                    all.iter().filter(|h| h.zone == z).cloned().collect();
                (!rows.is_empty()).then(|| {
                    let title = z.map_or(tr(T::NoZone), |z| z.label(locale));
                    let items = rows
                        .into_iter()
                        .map(|h| {
                            let facts = defaults.get(&h.account).copied().unwrap_or((1, false));
                            hospital_row(h, facts, freq, focus)
                        })
                        .collect_view();
                    view! {
                        <h3 data-testid="quarter-zone" data-zone=z.map_or("none", Zone::key)>{title}</h3>
                        <ul class="list">{items}</ul>
                    }
                })
            })
            .collect_view()
    };

    view! {
        <div class="screen quarter">
            <h2 class="title">{move || tr(T::QuarterlyPlan)} " · " {quarter.to_string()}</h2>
            {head}
            <section class="card">
                <h2>{move || tr(T::Coverage)}</h2>
                {move || view::summary(ctx.locale.get(), &coverage.get(), IDLE_WEEKS)}
            </section>
            <section class="card">
                <h2>{move || tr(T::Rows)}</h2>
                {zones}
            </section>
            <label class="block">
                <span>{move || tr(T::PlanNotes)}</span>
                <textarea name="notes" rows="3" prop:value=move || notes.get() on:input=move |e| notes.set(event_target_value(&e))></textarea>
            </label>
            <div class="actions">
                <button class="primary" data-testid="submit-quarter" on:click=move |_| store(true)>{move || tr(T::Submit)}</button>
                <button class="secondary" on:click=move |_| store(false)>{move || tr(T::SaveDraft)}</button>
            </div>
            <SaveNote state />
        </div>
    }
}
