//! The app shell: for now the organisation's funnel stages; the rep and manager screens follow.

use leptos::prelude::*;
use rounds_shared::labels::Locale;
use rounds_shared::stage::StageTemplate;

use crate::i18n::{Text, t};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (locale, set_locale) = signal(Locale::ZhCn);
    let stages = StageTemplate::default_eight().stages;
    let toggle = move |_| {
        set_locale.update(|l| {
            *l = if *l == Locale::ZhCn {
                Locale::En
            } else {
                Locale::ZhCn
            }
        });
    };
    view! {
        <header class="bar">
            <h1>{move || t(locale.get(), Text::AppName)}</h1>
            <button class="lang" on:click=toggle>{move || t(locale.get(), Text::SwitchLanguage)}</button>
        </header>
        <main>
            <p class="tagline">{move || t(locale.get(), Text::Tagline)}</p>
            <h2>{move || t(locale.get(), Text::FunnelStages)}</h2>
            <ol class="stages">
                {stages
                    .into_iter()
                    .map(|s| {
                        let rate = s.win_rate.to_string();
                        view! {
                            <li>
                                <span class="name">
                                    {move || if locale.get() == Locale::ZhCn { s.zh.clone() } else { s.en.clone() }}
                                </span>
                                <span class="rate">{move || t(locale.get(), Text::WinRate)} " " {rate.clone()}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </main>
    }
}
