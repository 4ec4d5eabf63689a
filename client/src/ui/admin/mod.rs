//! The administration console (desktop first, usable on a tablet): people, teams and
//! territories, hospitals (import and export), hand-overs, the organisation's settings and
//! the audit log. Every screen works against the JSON API (`rounds_shared::api`); nothing
//! here is kept offline — an administrative change needs the server.

mod audit;
mod handover;
mod hospital_form;
mod hospitals;
mod people;
mod roadmap;
mod settings;
mod teams;
pub(crate) mod text;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::api::Endpoint;
use serde::Serialize;
use serde::de::DeserializeOwned;

use self::text::{Text, tr};
use crate::http::{self, HttpError};
use crate::route::{AdminPage, Route};
use crate::ui::Ctx;

fn page_name(page: AdminPage) -> Text {
    match page {
        AdminPage::People => Text::People,
        AdminPage::Teams => Text::Teams,
        AdminPage::Hospitals => Text::Hospitals,
        AdminPage::HandOver => Text::HandOver,
        AdminPage::Settings => Text::Settings,
        AdminPage::Audit => Text::Audit,
    }
}

/// The administration area: its navigation and the page.
#[component]
pub(crate) fn AdminScreen(page: AdminPage) -> impl IntoView {
    let ctx = Ctx::get();
    let admin = is_admin();
    let body = match page {
        AdminPage::People => view! { <people::People /> }.into_any(),
        AdminPage::Teams => view! { <teams::Teams /> }.into_any(),
        AdminPage::Hospitals => view! { <hospitals::Hospitals /> }.into_any(),
        AdminPage::HandOver => view! { <handover::HandOver /> }.into_any(),
        AdminPage::Settings => view! { <settings::Settings /> }.into_any(),
        AdminPage::Audit => view! { <audit::AuditLog /> }.into_any(),
    };
    view! {
        <div class="screen admin">
            <nav class="admin-nav" aria-label=move || tr(Text::Admin)>
                {AdminPage::ALL.into_iter().filter(|p| admin || p.for_managers()).map(|p| {
                    let route = Route::Admin(p);
                    let href = route.path();
                    let class = if p == page { "active" } else { "" };
                    view! {
                        <a href=href class=class data-page=p.slug() on:click=move |e| {
                            e.prevent_default();
                            ctx.go(route.clone());
                        }>{move || tr(page_name(p))}</a>
                    }
                }).collect_view()}
            </nav>
            <h2>{move || tr(page_name(page))}</h2>
            {body}
        </div>
    }
}

/// Whether the signed-in user is an administrator (a manager sees the people and
/// hand-over screens for their own teams, and no more).
pub(crate) fn is_admin() -> bool {
    Ctx::get()
        .session
        .with_value(|s| s.user.role == rounds_shared::model::UserRole::Admin)
}

/// What a failed request says to an administrator.
pub(crate) fn explain(e: &HttpError) -> String {
    match e {
        HttpError::Status { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// An API answer loaded when the screen opens and again whenever `reload` changes.
pub(crate) fn load<E>(
    query: impl Fn() -> String + Send + Sync + 'static,
    reload: RwSignal<u32>,
) -> RwSignal<Option<Result<E::Response, String>>>
where
    E: Endpoint + 'static,
    E::Response: Clone + Send + Sync + 'static,
{
    let out = RwSignal::new(None);
    Effect::new(move |_| {
        reload.track();
        let url = E::url(&query());
        spawn_local(async move {
            let answer = http::json::<E::Response>("GET", &url, None::<&()>).await;
            let _ = out.try_set(Some(answer.map_err(|e| explain(&e))));
        });
    });
    out
}

/// Sends a change; on success bumps `reload` and sets `message` to `ok`, otherwise to the
/// server's explanation (an error).
pub(crate) fn change<B, T>(
    method: &'static str,
    path: String,
    body: B,
    reload: RwSignal<u32>,
    message: RwSignal<Option<(bool, String)>>,
    then: impl FnOnce(Option<T>) -> String + 'static,
) where
    B: Serialize + 'static,
    T: DeserializeOwned + 'static,
{
    // `then` runs after the answer arrives, in the screen's reactive context (it may read
    // the language).
    let owner = Owner::current();
    spawn_local(async move {
        let result = http::json_opt::<T>(method, &path, Some(&body)).await;
        match result {
            Ok(v) => {
                let text = match &owner {
                    Some(o) => o.with(|| then(v)),
                    None => then(v),
                };
                let _ = message.try_set(Some((true, text)));
                reload.update(|n| *n += 1);
            }
            Err(e) => {
                let _ = message.try_set(Some((false, explain(&e))));
            }
        }
    });
}

/// The line under a form saying what the last change did.
#[component]
pub(crate) fn Outcome(message: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    move || {
        message.get().map(|(ok, text)| {
            let class = if ok { "outcome ok" } else { "outcome error" };
            view! { <p class=class role="status" data-testid="outcome">{text}</p> }
        })
    }
}
