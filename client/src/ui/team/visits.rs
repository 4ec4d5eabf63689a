//! Every visit report of the team, newest first, filterable by rep and hospital, with
//! unread markers (kept on this device).

use rounds_shared::api::VisitsEndpoint;

use crate::api;
use std::collections::BTreeSet;

use leptos::prelude::*;

use super::bar::{FilterBar, Freshness};
use super::fetch::fetch_api;
use crate::format;
use crate::i18n::{Text, t};
use crate::query::TeamQuery;
use crate::route::Route;
use crate::ui::Ctx;
use crate::ui::widgets::Go;

const READ_KEY: &str = "rounds.read-visits";

fn read_set() -> BTreeSet<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(READ_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn save_read(set: &BTreeSet<String>) {
    if let (Some(s), Ok(text)) = (
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()),
        serde_json::to_string(set),
    ) {
        let _ = s.set_item(READ_KEY, &text);
    }
}

/// The visit feed.
#[component]
pub(crate) fn VisitFeed(q: TeamQuery) -> impl IntoView {
    let ctx = Ctx::get();
    let mut filters = q.api_filters();
    if !q.flag.is_empty() {
        filters.push_str(&format!("&flag={}", q.flag));
    }
    let csv = api::get::<VisitsEndpoint>(format!("{filters}&limit=1000")).csv_url();
    let data = fetch_api(move || api::get::<VisitsEndpoint>(format!("{filters}&limit=200")));
    let hospital = RwSignal::new(String::new());
    let read = RwSignal::new(read_set());
    let mark_all = move |_| {
        let ids: Vec<String> = data
            .get_untracked()
            .value
            .map(|p| p.items.into_iter().map(|v| v.id.to_string()).collect())
            .unwrap_or_default();
        read.update(|r| r.extend(ids));
        save_read(&read.get_untracked());
    };
    let list = move || {
        let locale = ctx.locale.get();
        let page = data.get().value?;
        // Not tracked: a synced change must not redraw (and reset) the whole feed.
        let tz = untrack(move || ctx.repo().read(|d| d.org.tz));
        let needle = hospital.get().trim().to_lowercase();
        let seen = read.get();
        let items = page
            .items
            .into_iter()
            .filter(|v| needle.is_empty() || v.account_name.to_lowercase().contains(&needle))
            .map(|v| {
                let unread = !seen.contains(&v.id.to_string());
                let id = v.id;
                let to = Route::Account(v.account_id);
                let whole = v.clone();
                view! {
                    <li class=if unread { "visit unread" } else { "visit" } on:click=move |_| {
                        read.update(|r| { r.insert(id.to_string()); });
                        save_read(&read.get_untracked());
                    }>
                        <div class="when">
                            {unread.then(|| view! { <span class="dot" title=t(locale, Text::Unread)></span> })}
                            {format::date_time(v.at, tz, locale)} " · " <strong>{v.author_name.clone()}</strong> " · "
                            <Go to>{v.account_name.clone()}</Go>
                        </div>
                        <div class="purpose">{v.purpose.clone()}</div>
                        <super::evidence::VisitEvidence item=whole />
                        <p>{v.content.clone()}</p>
                        {(!v.problems.is_empty()).then(|| view! { <p class="sub">{t(locale, Text::Problems)} ": " {v.problems.clone()}</p> })}
                        {(!v.next_step.is_empty()).then(|| view! { <p class="next">{t(locale, Text::NextStep)} ": " {v.next_step.clone()}</p> })}
                        <Comments account=v.account_id visit=v.id />
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <p class="sub">{page.total} " " {t(locale, Text::VisitsNav)}</p>
            <ul class="visits feed" data-testid="visit-feed">{items}</ul>
        })
    };
    view! {
        <div class="screen dash">
            <FilterBar q=q.clone() make=Route::TeamVisits />
            <Freshness data=data />
            <super::evidence::FlagSummary q=q.clone() />
            <section class="card">
                <h2>{move || ctx.t(Text::VisitsNav)}
                    <button class="link" on:click=mark_all>{move || ctx.t(Text::MarkAllRead)}</button>
                </h2>
                <input class="search" type="search" placeholder=move || ctx.t(Text::SearchAccounts)
                    prop:value=move || hospital.get() on:input=move |e| hospital.set(event_target_value(&e)) />
                {list}
                <a class="csv" href=csv download="visits.csv">{move || ctx.t(Text::ExportCsv)}</a>
            </section>
        </div>
    }
}

/// The comments on one visit (from the account's document on this device) and a box to add
/// one; it syncs like any record, so the rep sees it with the visit.
#[component]
fn Comments(
    account: rounds_shared::ids::AccountId,
    visit: rounds_shared::ids::VisitId,
) -> impl IntoView {
    let ctx = Ctx::get();
    let text = RwSignal::new(String::new());
    let state = RwSignal::new(crate::ui::widgets::Saving::Idle);
    let existing = move || {
        ctx.repo().read(|d| {
            d.accounts.get(&account).map(|a| {
                a.records
                    .comments
                    .iter()
                    .filter(|c| c.visit == visit)
                    .map(|c| {
                        (
                            d.people
                                .get(&c.audit.created_by)
                                .cloned()
                                .unwrap_or_default(),
                            c.text.clone(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = text.get_untracked().trim().to_owned();
        if body.is_empty() {
            return;
        }
        let repo = ctx.repo();
        let comment = rounds_shared::model::VisitComment {
            id: rounds_shared::ids::CommentId::generate(),
            visit,
            text: body,
            audit: rounds_shared::model::Audit::new(crate::repo::now(), repo.me()),
        };
        leptos::task::spawn_local(async move {
            let result = repo.edit_account(account, |d| d.put(&comment)).await;
            if result.is_ok() {
                let _ = text.try_set(String::new());
            }
            let _ = state.try_set(crate::ui::widgets::Saving::from(result));
        });
    };
    view! {
        <div class="comments" on:click=|e| e.stop_propagation()>
            {move || existing().unwrap_or_default().into_iter().map(|(who, body)| view! {
                <p class="comment" data-testid="comment"><strong>{who}</strong> ": " {body}</p>
            }).collect_view()}
            <Show when=move || ctx.repo().read(|d| d.accounts.contains_key(&account))>
                <form class="comment-form" on:submit=save>
                    <input name="comment" placeholder=move || ctx.t(Text::CommentPlaceholder)
                        prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e)) />
                    <button class="secondary" type="submit">{move || ctx.t(Text::Comment)}</button>
                </form>
            </Show>
            <crate::ui::widgets::SaveNote state />
        </div>
    }
    .into_any()
}
