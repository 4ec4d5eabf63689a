//! The screens. [`App`] signs in (or finds the session kept on the device), opens the
//! device's documents, starts syncing, and shows the screen the URL names.

// `#[component]` makes a public props struct whatever the function's visibility.
#![allow(unreachable_pub)]

mod account;
mod accounts;
mod admin;
mod daily;
mod deal;
mod funnel;
mod login;
mod notice;
mod opportunity;
mod password;
mod plan;
mod plan_map;
mod plan_tools;
mod profile;
mod quarter;
mod review;
mod shell;
mod team;
mod today;
pub(crate) mod visit;
mod widgets;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::labels::Locale;

use crate::i18n::{Text, t};
use crate::repo::Repo;
use crate::route::Route;
use crate::session::Session;

const LOCALE_KEY: &str = "rounds.locale";

/// What every screen can reach.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    /// The device's documents.
    pub repo: StoredValue<Repo, LocalStorage>,
    /// The signed-in user.
    pub session: StoredValue<Session>,
    /// The interface language.
    pub locale: RwSignal<Locale>,
    /// The screen shown.
    pub route: RwSignal<Route>,
    /// How many saves succeeded: each shows the "saved on this device" toast anew.
    pub saved: RwSignal<u32>,
}

impl Ctx {
    /// The ambient context; every screen is rendered inside [`App`], which provides it.
    pub fn get() -> Ctx {
        expect_context::<Ctx>()
    }
    /// The device's documents.
    pub fn repo(&self) -> Repo {
        self.repo.get_value()
    }
    /// A string of the app's own, in the current language (tracked).
    pub fn t(&self, text: Text) -> &'static str {
        t(self.locale.get(), text)
    }
    /// Shows `route` and records it in the browser's history.
    pub fn go(&self, route: Route) {
        navigate(&route);
        self.route.set(route);
    }
}

fn navigate(route: &Route) {
    if let Some(w) = web_sys::window()
        && let Ok(history) = w.history()
    {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.path()));
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// A performance mark (benchmarks read them: time from navigation to the app being ready).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Milliseconds since navigation started, for timing saves.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn saved_locale() -> Locale {
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LOCALE_KEY).ok().flatten());
    match stored.as_deref() {
        Some("en") => Locale::En,
        _ => Locale::ZhCn,
    }
}

/// Remembers the language on the device and tells the page.
pub(crate) fn set_locale(locale: RwSignal<Locale>, to: Locale) {
    locale.set(to);
    let tag = if to == Locale::En { "en" } else { "zh-CN" };
    if let Some(w) = web_sys::window() {
        if let Some(s) = w.local_storage().ok().flatten() {
            let _ = s.set_item(LOCALE_KEY, if to == Locale::En { "en" } else { "zh" });
        }
        if let Some(root) = w.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", tag);
        }
    }
}

/// Where the app stands before a screen can show.
#[derive(Clone)]
enum Phase {
    SignedOut,
    /// Signed in with a one-time password: choose one's own first.
    MustChange(Session),
    Opening,
    Ready(Session),
    Failed(String),
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let locale = RwSignal::new(saved_locale());
    set_locale(locale, locale.get_untracked());
    // Until the saved session is found (in `localStorage`, or else in IndexedDB after a
    // kill lost the former), the app says it is opening rather than asking to sign in.
    let phase = RwSignal::new(Phase::Opening);
    let repo: StoredValue<Option<Repo>, LocalStorage> = StoredValue::new_local(None);

    let open = move |session: Session| {
        if session.must_change_password {
            phase.set(Phase::MustChange(session));
            return;
        }
        phase.set(Phase::Opening);
        spawn_local(async move {
            match Repo::open(&session).await {
                Ok(r) => {
                    r.start_sync();
                    repo.set_value(Some(r));
                    phase.set(Phase::Ready(session));
                    mark("rounds:ready");
                }
                Err(e) => phase.set(Phase::Failed(e.to_string())),
            }
        });
    };
    match Session::saved() {
        Some(session) => open(session),
        None => spawn_local(async move {
            match Session::recover().await {
                Some(session) => open(session),
                None => phase.set(Phase::SignedOut),
            }
        }),
    }
    let on_signed_in = Callback::new(move |session: Session| {
        let current = repo.get_value();
        match current {
            _ if session.must_change_password => phase.set(Phase::MustChange(session)),
            // Signed in again after the server ended the session: same user, same data.
            Some(r) if r.me() == session.user.id => {
                r.resume();
                phase.set(Phase::Ready(session));
            }
            _ => open(session),
        }
    });

    move || match phase.get() {
        Phase::SignedOut => view! { <login::Login locale on_signed_in /> }.into_any(),
        Phase::MustChange(session) => {
            view! { <password::ChoosePassword locale session on_signed_in /> }.into_any()
        }
        Phase::Opening => {
            view! { <p class="loading">{move || t(locale.get(), Text::Opening)}</p> }.into_any()
        }
        Phase::Failed(e) => view! {
            <div class="fatal">
                <h2>{move || t(locale.get(), Text::CannotOpen)}</h2>
                <p>{e}</p>
            </div>
        }
        .into_any(),
        Phase::Ready(session) => {
            let Some(r) = repo.get_value() else {
                return view! { <p class="loading">{move || t(locale.get(), Text::Opening)}</p> }
                    .into_any();
            };
            let route = RwSignal::new(Route::current());
            let ctx = Ctx {
                repo: StoredValue::new_local(r),
                session: StoredValue::new(session),
                locale,
                route,
                saved: RwSignal::new(0),
            };
            provide_context(ctx);
            view! { <shell::Shell on_signed_in /> }.into_any()
        }
    }
}
