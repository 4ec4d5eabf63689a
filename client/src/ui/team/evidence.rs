//! A visit's evidence in the manager's feed: check-in and check-out times with the
//! duration, the distance from the hospital, the photo (thumbnail; full size on tap), the
//! server's flags, and setting the hospital's location from the check-in. Above the feed,
//! the flags counted per rep.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::api::{LocateFromVisit, RepFlags, VisitFlagsEndpoint, VisitItem};
use rounds_shared::labels::Labelled;

use super::fetch::fetch_api;
use crate::api;
use crate::query::TeamQuery;
use crate::route::Route;
use crate::ui::Ctx;
use crate::ui::visit::photo::blob_url;
use crate::ui::visit::text::{Text, stay, tr};

/// Asks the person to confirm `question`.
fn confirmed(question: &str) -> bool {
    web_sys::window().is_some_and(|w| w.confirm_with_message(question).unwrap_or(false))
}

/// The check-in, photo and flags of one visit in the feed.
#[component]
pub(super) fn VisitEvidence(item: VisitItem) -> impl IntoView {
    let ctx = Ctx::get();
    let tz = ctx.repo().read(|d| d.org.tz);
    let state: RwSignal<Option<String>> = RwSignal::new(None);
    let locale = ctx.locale.get_untracked();
    let times = item.checked_in_at.map(|at| {
        let distance = item
            .distance_m
            .map(|m| format!(" · {} {m:.0} {}", tr(Text::FromHospital), tr(Text::Metres)));
        stay(at, item.left_at, tz, locale) + &distance.unwrap_or_default()
    });
    let locate = {
        let (account, visit) = (item.account_id, item.id);
        move |_| {
            if !confirmed(tr(Text::ConfirmLocation)) {
                return;
            }
            // Read here: the task below runs outside the screen's reactive owner.
            let done = tr(Text::LocationSet);
            spawn_local(async move {
                let path = format!("/api/v1/accounts/{account}/location");
                let body = LocateFromVisit { visit };
                let said = match crate::http::json_opt::<()>("PUT", &path, Some(&body)).await {
                    Ok(_) => done.to_owned(),
                    Err(e) => e.to_string(),
                };
                let _ = state.try_set(Some(said));
            });
        }
    };
    let flags = item.flags.clone();
    let keys = flags.iter().map(|f| f.key()).collect::<Vec<_>>().join(",");
    view! {
        <div class="evidence" data-testid="evidence" data-flags=keys>
            {times.map(|t| view! { <div class="sub" data-testid="feed-check-in">{t}</div> })}
            {item.photo.clone().map(|p| view! {
                <a class="photo" href=blob_url(&p.hash) target="_blank" rel="noopener" data-testid="feed-photo" data-hash=p.hash.clone()
                    on:click=|e| e.stop_propagation()>
                    <img src=blob_url(p.thumb.as_deref().unwrap_or(&p.hash)) alt=tr(Text::Photo) loading="lazy" />
                </a>
            })}
            {(!flags.is_empty()).then(|| view! {
                <div class="flags">
                    {flags.iter().map(|f| view! { <span class="chip" data-flag=f.key()>{f.label(locale)}</span> }).collect_view()}
                </div>
            })}
            {item.location.is_some().then(|| view! {
                <button class="link" on:click=move |e| { e.stop_propagation(); locate(e) }>{tr(Text::SetLocation)}</button>
            })}
            {move || state.get().map(|s| view! { <p class="note" role="status">{s}</p> })}
        </div>
    }
}

/// The flag filter and the flags counted per rep, for the feed's period and filters.
#[component]
pub(super) fn FlagSummary(q: TeamQuery) -> impl IntoView {
    let ctx = Ctx::get();
    let filters = q.api_filters();
    let data = fetch_api(move || api::get::<VisitFlagsEndpoint>(filters.clone()));
    let chosen = q.flag.clone();
    let pick = {
        let q = q.clone();
        move |e: leptos::ev::Event| {
            ctx.go(Route::TeamVisits(q.with("flag", &event_target_value(&e))))
        }
    };
    let table = move || {
        let locale = ctx.locale.get();
        let reps: Vec<RepFlags> = data.get().value?;
        let flags = rounds_shared::evidence::VisitFlag::ALL;
        Some(view! {
            <table class="flag-counts" data-testid="flag-counts">
                <thead><tr>
                    <th></th><th>{tr(Text::AllVisits)}</th><th>{tr(Text::Flagged)}</th>
                    {flags.iter().map(|f| view! { <th>{f.label(locale)}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {reps.into_iter().map(|r| view! {
                        <tr data-rep=r.rep_id.to_string()>
                            <th>{r.rep_name.clone()}</th><td>{r.visits}</td><td>{r.flagged}</td>
                            {r.counts.iter().map(|c| view! { <td data-flag=c.flag.key()>{c.count}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })
    };
    view! {
        <section class="card">
            <h2>{move || tr(Text::FlagsByRep)}</h2>
            <label class="filter">
                <select name="flag" on:change=pick prop:value=chosen.clone()>
                    <option value="">{move || tr(Text::AllVisits)}</option>
                    {rounds_shared::evidence::VisitFlag::ALL.iter().map(|f| {
                        let key = f.key();
                        view! { <option value=key selected=chosen == key>{move || f.label(ctx.locale.get())}</option> }
                    }).collect_view()}
                </select>
            </label>
            {table}
        </section>
    }
}
