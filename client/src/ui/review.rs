//! A manager's review of an account with its rep (重点客户回顾): the reviews so far, and
//! recording one — offline too; it syncs like any record and counts toward the standard
//! "key accounts reviewed with the manager a week".

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::{AccountId, ReviewId};
use rounds_shared::model::{AccountReview, Audit};

use super::Ctx;
use super::widgets::{SaveNote, Saving, Section};
use crate::format;
use crate::i18n::Text;
use crate::repo::now;

/// Shown to a manager on a rep's account; nothing for the rep themself.
#[component]
pub(super) fn ReviewPanel(account: AccountId) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.session.with_value(|s| s.user.id);
    let manager = ctx.session.with_value(|s| s.is_manager());
    let owner = move || {
        ctx.repo()
            .read(|d| d.accounts.get(&account).map(|a| a.account.owner))
    };
    let note = RwSignal::new(String::new());
    let state = RwSignal::new(Saving::Idle);
    let past = move || {
        let locale = ctx.locale.get();
        ctx.repo().read(|d| {
            let Some(a) = d.accounts.get(&account) else {
                return Vec::new();
            };
            a.records
                .reviews
                .iter()
                .rev()
                .take(5)
                .map(|r| {
                    let who = d
                        .people
                        .get(&r.audit.created_by)
                        .cloned()
                        .unwrap_or_default();
                    let when = format::date_time(r.audit.created_at, d.org.tz, locale);
                    let note = if r.note.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", r.note)
                    };
                    format!("{when} · {who}{note}")
                })
                .collect()
        })
    };
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let Some(rep) = owner() else { return };
        let repo = ctx.repo();
        let review = AccountReview {
            id: ReviewId::generate(),
            rep,
            note: note.get_untracked().trim().to_owned(),
            audit: Audit::new(now(), repo.me()),
        };
        state.set(Saving::Busy);
        spawn_local(async move {
            let result = repo.edit_account(account, |d| d.put(&review)).await;
            if result.is_ok() {
                let _ = note.try_set(String::new());
            }
            Saving::settle(ctx, state, result);
        });
    };
    view! {
        <Show when=move || manager && owner().is_some_and(|o| o != me)>
            <Section title=Text::AccountReview>
                {move || {
                    let lines: Vec<String> = past();
                    if lines.is_empty() {
                        view! { <p class="empty">{ctx.t(Text::NotReviewed)}</p> }.into_any()
                    } else {
                        view! { <ul class="list" data-testid="reviews">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }.into_any()
                    }
                }}
                <form class="comment-form" data-testid="review-form" on:submit=save>
                    <input name="review-note" placeholder=move || ctx.t(Text::ReviewPlaceholder)
                        prop:value=move || note.get() on:input=move |e| note.set(event_target_value(&e)) />
                    <button class="secondary" type="submit">{move || ctx.t(Text::RecordReview)}</button>
                </form>
                <SaveNote state />
            </Section>
        </Show>
    }
}
