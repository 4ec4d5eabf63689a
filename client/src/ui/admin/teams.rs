//! Teams with their managers and members, and the sales territories (region → zones A–D)
//! that hospitals and reps belong to.

use leptos::prelude::*;
use rounds_shared::api::{NewManager, NewTeam, OrgEndpoint, TeamsEndpoint, UsersEndpoint};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{OrgConfig, Territory, TerritoryZone, UserRole, Zone};

use super::text::{Text, tr};
use super::{Outcome, change, load};
use crate::ui::Ctx;

/// The teams and territories screen.
#[component]
pub(crate) fn Teams() -> impl IntoView {
    let ctx = Ctx::get();
    let reload = RwSignal::new(0u32);
    let teams = load::<TeamsEndpoint>(String::new, reload);
    let people = load::<UsersEndpoint>(String::new, reload);
    let org = load::<OrgEndpoint>(String::new, reload);
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let new_team = RwSignal::new(String::new());
    let add_team = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = NewTeam {
            name: new_team.get_untracked().trim().to_owned(),
        };
        change::<_, ()>(
            "POST",
            "/api/v1/teams".into(),
            body,
            reload,
            message,
            |_| tr(Text::Done).to_owned(),
        );
        new_team.set(String::new());
    };
    let managers = move || {
        people
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.role == UserRole::Manager && !u.disabled)
            .collect::<Vec<_>>()
    };
    let team_rows = move || {
        let list = teams.get()?.ok()?;
        Some(view! {
            <table class="admin-table" data-testid="teams">
                <thead><tr><th>{tr(Text::Team)}</th><th>{tr(Text::Managers)}</th><th>{tr(Text::Members)}</th><th></th></tr></thead>
                <tbody>
                {list.into_iter().map(|t| {
                    let pick = RwSignal::new(String::new());
                    let team = t.name.clone();
                    let add = move |_| {
                        let username = pick.get_untracked();
                        if username.is_empty() { return; }
                        change::<_, ()>("POST", format!("/api/v1/teams/{team}/managers"),
                            NewManager { username }, reload, message, |_| tr(Text::Done).to_owned());
                    };
                    let members: Vec<String> = t.people.iter().map(|p| p.display_name.clone()).collect();
                    view! {
                        <tr>
                            <td>{t.name.clone()}</td>
                            <td>{t.managers.join(", ")}</td>
                            <td>{members.join("、")}</td>
                            <td class="actions">
                                <select on:change=move |e| pick.set(event_target_value(&e))>
                                    <option value="">{tr(Text::AddManager)}</option>
                                    {managers().into_iter().map(|m| view! {
                                        <option value=m.username.clone()>{m.display_name.clone()}</option>
                                    }).collect_view()}
                                </select>
                                <button class="link" on:click=add>{tr(Text::AddManager)}</button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
                </tbody>
            </table>
        })
    };

    // Territories: edited as a list, saved whole.
    let draft: RwSignal<Vec<Territory>> = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        if let Some(Ok(o)) = org.get() {
            let o: OrgConfig = o;
            draft.set(o.territories);
        }
    });
    let save_territories = move |_| {
        let body: Vec<Territory> = draft
            .get_untracked()
            .into_iter()
            .map(|mut t| {
                t.name = t.name.trim().to_owned();
                t.zones.retain(|z| !z.area.trim().is_empty());
                t
            })
            .filter(|t| !t.name.is_empty())
            .collect();
        change::<_, OrgConfig>(
            "PUT",
            "/api/v1/org/territories".into(),
            body,
            reload,
            message,
            |_| tr(Text::SavedOnServer).to_owned(),
        );
    };
    let territory_rows = move || {
        let locale = ctx.locale.get();
        draft
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let zones = Zone::ALL.iter().map(|z| {
                    let z = *z;
                    let area = t.zones.iter().find(|x| x.zone == z).map(|x| x.area.clone()).unwrap_or_default();
                    view! {
                        <label class="zone">{z.label(locale)}
                            <input prop:value=area on:change=move |e| {
                                let area = event_target_value(&e);
                                draft.update(|d| {
                                    let zs = &mut d[i].zones;
                                    match zs.iter_mut().find(|x| x.zone == z) {
                                        Some(x) => x.area = area,
                                        None => zs.push(TerritoryZone { zone: z, area }),
                                    }
                                    zs.sort_by_key(|x| x.zone);
                                });
                            } />
                        </label>
                    }
                }).collect_view();
                view! {
                    <div class="territory" data-testid="territory">
                        <label>{tr(Text::Territory)}
                            <input prop:value=t.name.clone() on:change=move |e| {
                                let name = event_target_value(&e);
                                draft.update(|d| d[i].name = name);
                            } />
                        </label>
                        {zones}
                        <button class="link" on:click=move |_| draft.update(|d| { d.remove(i); })>{tr(Text::Remove)}</button>
                    </div>
                }
            })
            .collect_view()
    };

    view! {
        <section class="card">
            <form class="admin-form inline" on:submit=add_team>
                <label>{move || tr(Text::NewTeam)}<input required prop:value=new_team on:input=move |e| new_team.set(event_target_value(&e)) /></label>
                <button type="submit">{move || tr(Text::Create)}</button>
            </form>
            {team_rows}
        </section>
        <Outcome message />
        <section class="card">
            <h3>{move || tr(Text::Territories)}</h3>
            {territory_rows}
            <button class="link" on:click=move |_| draft.update(|d| d.push(Territory { name: String::new(), zones: Vec::new() }))>
                {move || tr(Text::AddTerritory)}
            </button>
            <button on:click=save_territories>{move || ctx.t(crate::i18n::Text::Save)}</button>
        </section>
    }
}
