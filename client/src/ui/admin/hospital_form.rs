//! One hospital's details: a new hospital (name, level, owner) or an edit of an existing
//! one's (level, territory, zone, address, departments, sample volume). Edits are written
//! into the hospital's document on the server, so phones receive them like any edit.

use leptos::prelude::*;
use rounds_shared::api::{AccountSummary, HospitalDetails, UserSummary};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{Account, HospitalLevel, UserRole, Zone};

use super::change;
use super::text::{Text, tr};
use crate::ui::Ctx;

/// The form; `editing` is the hospital to change, or `None` for a new one.
#[component]
pub(crate) fn HospitalForm(
    editing: Option<AccountSummary>,
    people: Signal<Vec<UserSummary>>,
    reload: RwSignal<u32>,
    message: RwSignal<Option<(bool, String)>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let a = editing.clone();
    let name = RwSignal::new(a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let owner = RwSignal::new(String::new());
    let level = RwSignal::new(a.as_ref().map_or(HospitalLevel::Grade3A, |a| a.level));
    let region = RwSignal::new(a.as_ref().map(|a| a.region.clone()).unwrap_or_default());
    let zone = RwSignal::new(a.as_ref().and_then(|a| a.zone));
    let address = RwSignal::new(a.as_ref().map(|a| a.address.clone()).unwrap_or_default());
    let departments = RwSignal::new(
        a.as_ref()
            .map(|a| a.departments.join("；"))
            .unwrap_or_default(),
    );
    let volume = RwSignal::new(
        a.as_ref()
            .and_then(|a| a.annual_sample_volume)
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    let id = a.as_ref().map(|a| a.id);
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let mut body = HospitalDetails {
            level: Some(level.get_untracked()),
            region: Some(region.get_untracked()),
            zone: zone.get_untracked(),
            address: Some(address.get_untracked()),
            departments: Some(
                Account::departments_from(&departments.get_untracked())
                    .into_iter()
                    .collect(),
            ),
            annual_sample_volume: volume.get_untracked().trim().parse().ok(),
            ..HospitalDetails::default()
        };
        let done = |_: Option<serde_json::Value>| tr(Text::SavedOnServer).to_owned();
        match id {
            Some(id) => change(
                "PATCH",
                format!("/api/v1/accounts/{id}"),
                body,
                reload,
                message,
                done,
            ),
            None => {
                body.name = Some(name.get_untracked());
                body.owner = Some(owner.get_untracked());
                change(
                    "POST",
                    "/api/v1/accounts".into(),
                    body,
                    reload,
                    message,
                    done,
                );
            }
        }
        on_done.run(());
    };
    let is_new = id.is_none();
    let locale = ctx.locale.get_untracked();
    view! {
        <form class="card admin-form" on:submit=submit data-testid="hospital-form">
            <h3>{if is_new { tr(Text::NewHospital).to_owned() } else { format!("{} · {}", tr(Text::Edit), name.get_untracked()) }}</h3>
            {is_new.then(|| view! {
                <label>{tr(Text::Hospitals)}<input name="name" required prop:value=name on:input=move |e| name.set(event_target_value(&e)) /></label>
                <label>{tr(Text::Owner)}<select name="owner" required on:change=move |e| owner.set(event_target_value(&e))>
                    <option value="">{tr(Text::ChooseRep)}</option>
                    {people.get_untracked().into_iter()
                        .filter(|u| !u.disabled && matches!(u.role, UserRole::Rep | UserRole::Manager))
                        .map(|u| view! { <option value=u.username.clone()>{format!("{} ({})", u.display_name, u.username)}</option> })
                        .collect_view()}
                </select></label>
            })}
            <label>{tr(Text::Level)}<select name="level" on:change=move |e| {
                if let Some(l) = HospitalLevel::from_key(&event_target_value(&e)) { level.set(l) }
            }>
                {HospitalLevel::ALL.iter().map(|l| view! {
                    <option value=l.key() selected=*l == level.get_untracked()>{l.label(locale)}</option>
                }).collect_view()}
            </select></label>
            <label>{tr(Text::Territory)}<input name="region" list="territories" prop:value=region on:input=move |e| region.set(event_target_value(&e)) /></label>
            <label>{tr(Text::Zone)}<select name="zone" on:change=move |e| zone.set(Zone::from_key(&event_target_value(&e)))>
                <option value="">"—"</option>
                {Zone::ALL.iter().map(|z| view! {
                    <option value=z.key() selected=Some(*z) == zone.get_untracked()>{z.label(locale)}</option>
                }).collect_view()}
            </select></label>
            <label>{tr(Text::Address)}<input name="address" prop:value=address on:input=move |e| address.set(event_target_value(&e)) /></label>
            <label>{tr(Text::Departments)}<input name="departments" prop:value=departments on:input=move |e| departments.set(event_target_value(&e)) /></label>
            <label>{tr(Text::SampleVolume)}<input name="volume" inputmode="numeric" prop:value=volume on:input=move |e| volume.set(event_target_value(&e)) /></label>
            <button type="submit">{move || ctx.t(crate::i18n::Text::Save)}</button>
            <button type="button" class="link" on:click=move |_| on_done.run(())>{move || ctx.t(crate::i18n::Text::Cancel)}</button>
        </form>
    }
}
