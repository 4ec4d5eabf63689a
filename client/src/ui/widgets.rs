//! Small pieces several screens share: in-app links, the "saved" note, stage names.

use leptos::prelude::*;
use rounds_shared::labels::Locale;
use rounds_shared::model::OrgConfig;
use rounds_shared::stage::Position;

use super::Ctx;
use crate::i18n::{Text, t};
use crate::repo::EditError;
use crate::route::Route;

/// A link to another screen, handled in the app (no page load).
#[component]
pub(super) fn Go(
    to: Route,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    let ctx = Ctx::get();
    let path = to.path();
    view! {
        <a href=path class=class on:click=move |e| {
            e.prevent_default();
            ctx.go(to.clone());
        }>{children()}</a>
    }
}

/// Where a save stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Saving {
    /// Nothing to report.
    Idle,
    /// Writing to the device.
    Busy,
    /// On the device's disk.
    Saved,
    /// Working, and what on (e.g. preparing a photo).
    Note(&'static str),
    /// Not saved: the device's storage is full (nothing saved before is lost).
    StorageFull,
    /// Not saved, and why.
    Failed(String),
}

impl Saving {
    /// The outcome of an edit.
    pub(super) fn from(result: Result<(), EditError>) -> Saving {
        match result {
            Ok(()) => Saving::Saved,
            Err(EditError::Store(e)) if e.is_full() => Saving::StorageFull,
            Err(e) => Saving::Failed(e.to_string()),
        }
    }

    /// Records in `state` how an edit ended; a success also shows the "saved on this
    /// device" toast, which stays on screen when the form clears or closes.
    pub(super) fn settle(ctx: Ctx, state: RwSignal<Saving>, result: Result<(), EditError>) {
        if result.is_ok() {
            let _ = ctx.saved.try_update(|n| *n += 1);
        }
        let _ = state.try_set(Saving::from(result));
    }
}

/// "Saved on this phone" or what went wrong, next to a form's button.
#[component]
pub(super) fn SaveNote(state: RwSignal<Saving>) -> impl IntoView {
    let ctx = Ctx::get();
    move || {
        match state.get() {
        Saving::Idle => ().into_any(),
        Saving::Busy => view! { <p class="note">{ctx.t(Text::Saving)}</p> }.into_any(),
        Saving::Note(text) => view! { <p class="note">{text}</p> }.into_any(),
        Saving::StorageFull => view! { <p class="error" role="alert" data-testid="storage-full">{ctx.t(Text::StorageFull)}</p> }.into_any(),
        Saving::Saved => view! { <p class="note saved" role="status" data-testid="saved">{ctx.t(Text::Saved)}</p> }.into_any(),
        Saving::Failed(e) => view! { <p class="error" role="alert">{ctx.t(Text::NotSaved)} " " {e}</p> }.into_any(),
    }
    }
}

/// A form's Save and Cancel buttons with its save state under them.
#[component]
pub(super) fn FormActions(state: RwSignal<Saving>, done: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    view! {
        <div class="actions">
            <button class="primary" type="submit">{move || ctx.t(Text::Save)}</button>
            <button type="button" class="secondary" on:click=move |_| done.run(())>{move || ctx.t(Text::Cancel)}</button>
        </div>
        <SaveNote state />
    }
}

/// A stage's (or lost / dropped) name in `locale`.
pub(super) fn position_label(org: &OrgConfig, p: &Position, locale: Locale) -> String {
    match p {
        Position::Stage(k) => org
            .template
            .stage(k)
            .map(|s| {
                if locale == Locale::ZhCn {
                    s.stage.zh.clone()
                } else {
                    s.stage.en.clone()
                }
            })
            .unwrap_or_else(|| k.to_string()),
        Position::Lost => t(locale, Text::Lost).to_owned(),
        Position::Dropped => t(locale, Text::Dropped).to_owned(),
    }
}

/// A standard's name: "阶段客户数 · 建立信任" for a per-stage standard.
pub(super) fn standard_label(
    org: &OrgConfig,
    metric: rounds_shared::model::StandardMetric,
    stage: Option<&rounds_shared::stage::StageKey>,
    locale: Locale,
) -> String {
    use rounds_shared::labels::Labelled;
    match stage {
        Some(k) => format!(
            "{} · {}",
            metric.label(locale),
            position_label(org, &Position::Stage(k.clone()), locale)
        ),
        None => metric.label(locale).to_owned(),
    }
}

/// A standard's figure (an actual or a minimum) in its unit: money for new business, a
/// percentage for receivables collected, a count otherwise. A percentage of nothing (no
/// contract signed, so nothing owed) is a dash.
pub(super) fn standard_figure(
    metric: rounds_shared::model::StandardMetric,
    n: i64,
    basis: Option<i64>,
    locale: Locale,
) -> String {
    use rounds_shared::model::StandardMetric as M;
    match metric {
        M::NewBusinessPerMonth => {
            crate::format::money(rounds_shared::money::Money::from_fen(n), locale)
        }
        M::ReceivablesCollectedPercent if basis == Some(0) => "—".into(),
        M::ReceivablesCollectedPercent => format!("{n}%"),
        _ => n.to_string(),
    }
}

/// A titled block of a screen.
#[component]
pub(super) fn Section(
    title: Text,
    #[prop(optional)] count: Option<Signal<usize>>,
    children: Children,
) -> impl IntoView {
    let ctx = Ctx::get();
    view! {
        <section class="card">
            <h2>
                {move || ctx.t(title)}
                {count.map(|c| view! { <span class="count">{move || c.get()}</span> })}
            </h2>
            {children()}
        </section>
    }
}

fn field_text(field: &str) -> Option<Text> {
    Some(match field {
        "amount" => Text::Amount,
        "title" => Text::OppTitle,
        "product_line" => Text::ProductLine,
        "next_step" => Text::NextStep,
        "next_step_due" => Text::NextStepDue,
        "expected_close" => Text::ExpectedClose,
        "position" => Text::Stage,
        "name" => Text::Name,
        "phone" => Text::Phone,
        "department" => Text::Department,
        "attitude" => Text::Attitude,
        "trust" => Text::Trust,
        "notes" => Text::Notes,
        _ => return None,
    })
}

/// Fields two people changed at once: the value shown, who set it, and the other value.
#[component]
pub(super) fn ConflictNote(conflicts: Vec<rounds_shared::doc::Conflict>) -> impl IntoView {
    let ctx = Ctx::get();
    let conflicts: Vec<_> = conflicts
        .into_iter()
        .filter(|c| !c.field.ends_with("_at") && !c.field.ends_with("_by"))
        .collect();
    (!conflicts.is_empty()).then_some({
        move || {
            let locale = ctx.locale.get();
            let (org, names) = ctx.repo().read(|d| (d.org.clone(), d.people.clone()));
            let me = ctx.session.with_value(|s| (s.user.id, s.user.display_name.clone()));
            let who = |by: Option<rounds_shared::ids::UserId>| match by {
                Some(id) if id == me.0 => me.1.clone(),
                Some(id) => names.get(&id).cloned().unwrap_or_else(|| t(locale, Text::Someone).to_owned()),
                None => t(locale, Text::Someone).to_owned(),
            };
            let show = |field: &str, value: &str| match field {
                "amount" => value
                    .parse::<i64>()
                    .map(|f| crate::format::money(rounds_shared::money::Money::from_fen(f), locale))
                    .unwrap_or_else(|_| value.to_owned()),
                "position" => value
                    .parse::<Position>()
                    .map(|p| position_label(&org, &p, locale))
                    .unwrap_or_else(|_| value.to_owned()),
                _ => value.to_owned(),
            };
            view! {
                <ul class="conflicts" data-testid="conflicts">
                    {conflicts.iter().filter_map(|c| {
                        let (won, others) = c.values.split_first()?;
                        let label = field_text(&c.field).map_or_else(|| c.field.clone(), |x| t(locale, x).to_owned());
                        let others: Vec<String> = others
                            .iter()
                            .map(|o| format!("{}（{}）", show(&c.field, &o.value), who(o.by)))
                            .collect();
                        Some(view! {
                            <li>
                                <strong>{label}</strong> ": " {show(&c.field, &won.value)}
                                " (" {t(locale, Text::ChangedBy)} " " {who(won.by)} ") · "
                                {t(locale, Text::OtherValue)} " " {others.join("、")}
                            </li>
                        })
                    }).collect_view()}
                </ul>
            }
        }
    })
}
