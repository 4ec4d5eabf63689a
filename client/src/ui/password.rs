//! Choosing one's own password after signing in with a one-time password (a new person,
//! or a reset). The server allows nothing else until then; once it is changed the app
//! signs in again with the new password and opens.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::api::{OWN_PASSWORD_PATH, PasswordChange};
use rounds_shared::labels::Locale;

use super::admin::explain;
use super::admin::text::{Text, t};
use crate::http;
use crate::session::Session;

/// The form.
#[component]
pub(super) fn ChoosePassword(
    locale: RwSignal<Locale>,
    session: Session,
    on_signed_in: Callback<Session>,
) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let tr = move |text| t(locale.get(), text);
    let username = session.user.username.clone();
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if new.get_untracked() != again.get_untracked() {
            error.set(Some(
                t(locale.get_untracked(), Text::PasswordsDiffer).to_owned(),
            ));
            return;
        }
        busy.set(true);
        error.set(None);
        let body = PasswordChange {
            current: current.get_untracked(),
            new: new.get_untracked(),
        };
        let username = username.clone();
        spawn_local(async move {
            let changed = http::json_opt::<()>("PUT", OWN_PASSWORD_PATH, Some(&body)).await;
            let signed_in = match changed {
                Ok(_) => Session::sign_in(&username, &body.new).await,
                Err(e) => Err(e),
            };
            match signed_in {
                Ok(session) => {
                    let _ = on_signed_in.try_run(session);
                }
                Err(e) => {
                    let _ = error.try_set(Some(explain(&e)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let field = move |label: Text, name: &'static str, value: RwSignal<String>| {
        view! {
            <label>
                <span>{move || tr(label)}</span>
                <input name=name type="password" required autocomplete=if name == "current" { "current-password" } else { "new-password" }
                    prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
            </label>
        }
    };
    view! {
        <form class="login card" on:submit=submit data-testid="choose-password">
            <h2>{move || tr(Text::ChoosePassword)}</h2>
            <p>{move || tr(Text::ChoosePasswordWhy)}</p>
            {field(Text::CurrentPassword, "current", current)}
            {field(Text::NewPassword, "new", new)}
            {field(Text::RepeatPassword, "again", again)}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button class="primary" type="submit" disabled=move || busy.get()>
                {move || tr(Text::Done)}
            </button>
        </form>
    }
}
