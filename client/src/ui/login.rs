//! Sign in. The first sign-in needs the network; after it the app opens without one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::labels::Locale;

use crate::http::HttpError;
use crate::i18n::{Text, t};
use crate::session::Session;

fn error_text(e: &HttpError) -> Text {
    match e {
        HttpError::Offline => Text::LoginOffline,
        HttpError::Unauthorized => Text::LoginWrong,
        HttpError::Status { status: 429, .. } => Text::LoginTooMany,
        HttpError::Status { status: 400, .. } => Text::LoginMissing,
        _ => Text::LoginFailed,
    }
}

/// The sign-in form; `username` fills in who signed in before, when the device knows.
#[component]
pub(super) fn Login(
    locale: RwSignal<Locale>,
    on_signed_in: Callback<Session>,
    #[prop(optional)] username: Option<String>,
) -> impl IntoView {
    let username = RwSignal::new(username.unwrap_or_default());
    let password = RwSignal::new(String::new());
    let error: RwSignal<Option<Text>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let tr = move |text| t(locale.get(), text);
    // After the device was wiped because its user was disabled, say so once.
    let disabled = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| {
            let set = s
                .get_item(crate::repo::DISABLED_FLAG)
                .ok()
                .flatten()
                .is_some();
            let _ = s.remove_item(crate::repo::DISABLED_FLAG);
            set.then_some(())
        })
        .is_some();
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (u, p) = (username.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match Session::sign_in(&u, &p).await {
                Ok(session) => {
                    let _ = on_signed_in.try_run(session);
                }
                Err(e) => {
                    let _ = error.try_set(Some(error_text(&e)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <form class="login card" on:submit=submit>
            <h2>{move || tr(Text::SignIn)}</h2>
            {disabled.then(|| view! {
                <p class="error" role="alert" data-testid="account-disabled">
                    {move || crate::ui::admin::text::t(locale.get(), crate::ui::admin::text::Text::AccountDisabled)}
                </p>
            })}
            <label>
                <span>{move || tr(Text::Username)}</span>
                <input
                    name="username"
                    autocomplete="username"
                    autocapitalize="off"
                    required
                    prop:value=move || username.get()
                    on:input=move |e| username.set(event_target_value(&e))
                />
            </label>
            <label>
                <span>{move || tr(Text::Password)}</span>
                <input
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    prop:value=move || password.get()
                    on:input=move |e| password.set(event_target_value(&e))
                />
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{tr(e)}</p> })}
            <button class="primary" type="submit" disabled=move || busy.get()>
                {move || tr(Text::SignIn)}
            </button>
        </form>
    }
}
