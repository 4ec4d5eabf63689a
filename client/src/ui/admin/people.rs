//! People: everyone with their role, team, territory and standing; a new person gets a
//! one-time password shown once; edit, disable (their phone is signed out and wiped at
//! once), re-enable, reset a password.

use leptos::prelude::*;
use rounds_shared::api::{
    DisabledChange, NewUserRequest, OneTimePassword, PasswordReset, TeamInfo, TeamsEndpoint,
    UserEdit, UserSummary, UsersEndpoint,
};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{OrgConfig, UserRole};

use super::text::{Text, tr};
use super::{Outcome, change, load};
use crate::ui::Ctx;

fn team_name(teams: &[TeamInfo], id: Option<rounds_shared::ids::TeamId>) -> String {
    id.and_then(|id| teams.iter().find(|t| t.id == id))
        .map(|t| t.name.clone())
        .unwrap_or_default()
}

/// Options for a team select: none, then every team by name.
fn team_options(teams: &[TeamInfo], selected: &str) -> impl IntoView + use<> {
    let none = view! { <option value="" selected=selected.is_empty()>{tr(Text::NoTeam)}</option> };
    let rest = teams
        .iter()
        .map(|t| {
            let sel = t.name == selected;
            view! { <option value=t.name.clone() selected=sel>{t.name.clone()}</option> }
        })
        .collect_view();
    (none, rest)
}

fn role_options(selected: UserRole) -> impl IntoView + use<> {
    let locale = Ctx::get().locale.get();
    UserRole::ALL
        .iter()
        .map(|r| {
            view! { <option value=r.key() selected=*r == selected>{r.label(locale)}</option> }
        })
        .collect_view()
}

/// The people screen.
#[component]
pub(crate) fn People() -> impl IntoView {
    let ctx = Ctx::get();
    // A manager sees their own teams' reps and may rename them and set their territory;
    // creating people, roles, teams, disabling and passwords are an administrator's.
    let admin = super::is_admin();
    let reload = RwSignal::new(0u32);
    let people = load::<UsersEndpoint>(String::new, reload);
    let teams = load::<TeamsEndpoint>(String::new, reload);
    let org = load::<rounds_shared::api::OrgEndpoint>(String::new, reload);
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let secret: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let filter = RwSignal::new(String::new());
    let editing: RwSignal<Option<String>> = RwSignal::new(None);
    let team_list = move || teams.get().and_then(Result::ok).unwrap_or_default();
    let territories = move || {
        org.get()
            .and_then(Result::ok)
            .map(|o: OrgConfig| o.territories)
            .unwrap_or_default()
    };

    // The form for a new person.
    let (username, name, role, team, region) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(UserRole::Rep),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let show_secret = move |login: String| {
        move |r: Option<OneTimePassword>| {
            let otp = r.map(|r| r.one_time_password).unwrap_or_default();
            secret.set(Some((login, otp)));
            tr(Text::Done).to_owned()
        }
    };
    let create = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let body = NewUserRequest {
            username: username.get_untracked().trim().to_owned(),
            display_name: name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            team: Some(team.get_untracked()).filter(|t| !t.is_empty()),
            region: region.get_untracked(),
        };
        let login = body.username.clone();
        secret.set(None);
        change(
            "POST",
            <UsersEndpoint as rounds_shared::api::Endpoint>::PATH.into(),
            body,
            reload,
            message,
            show_secret(login),
        );
        username.set(String::new());
        name.set(String::new());
    };

    let rows = move || {
        let locale = ctx.locale.get();
        let list = match people.get() {
            None => return view! { <p class="loading">"…"</p> }.into_any(),
            Some(Err(e)) => return view! { <p class="outcome error">{e}</p> }.into_any(),
            Some(Ok(list)) => list,
        };
        let teams = team_list();
        let f = filter.get().to_lowercase();
        let shown: Vec<UserSummary> = list
            .into_iter()
            .filter(|u| {
                f.is_empty()
                    || u.username.to_lowercase().contains(&f)
                    || u.display_name.to_lowercase().contains(&f)
            })
            .collect();
        view! {
            <table class="admin-table" data-testid="people">
                <thead><tr>
                    <th>{tr(Text::LoginName)}</th><th>{tr(Text::Name)}</th><th>{tr(Text::Role)}</th>
                    <th>{tr(Text::Team)}</th><th>{tr(Text::Territory)}</th><th>{tr(Text::Status)}</th>
                    <th class="num">{tr(Text::HospitalsOwned)}</th><th></th>
                </tr></thead>
                <tbody>
                {shown.into_iter().map(|u| {
                    let login = u.username.clone();
                    let status = if u.disabled { tr(Text::Disabled) }
                        else if u.must_change_password { tr(Text::MustChange) }
                        else { tr(Text::Active) };
                    let class = if u.disabled { "disabled" } else { "" };
                    let (l1, l2, l3) = (login.clone(), login.clone(), login.clone());
                    let disabled = u.disabled;
                    let toggle = move |_| {
                        if !disabled && !confirm(tr(Text::ConfirmDisable)) {
                            return;
                        }
                        change::<_, ()>("PUT", format!("/api/v1/users/{l1}/disabled"),
                            DisabledChange { disabled: !disabled }, reload, message,
                            |_| tr(Text::Done).to_owned());
                    };
                    let reset = move |_| {
                        secret.set(None);
                        change("PUT", format!("/api/v1/users/{l2}/password"),
                            PasswordReset::default(), reload, message, show_secret(l2.clone()));
                    };
                    view! {
                        <tr class=class data-user=login.clone()>
                            <td>{u.username.clone()}</td>
                            <td>{u.display_name.clone()}</td>
                            <td>{u.role.label(locale)}</td>
                            <td>{team_name(&teams, u.team)}</td>
                            <td>{u.region.clone()}</td>
                            <td>{status}</td>
                            <td class="num">{u.accounts}</td>
                            <td class="actions">
                                <button class="link" on:click=move |_| editing.set(Some(l3.clone()))>{tr(Text::Edit)}</button>
                                {admin.then(|| view! {
                                    <button class="link" data-action="toggle" on:click=toggle>
                                        {if disabled { tr(Text::Enable) } else { tr(Text::Disable) }}
                                    </button>
                                    <button class="link" data-action="reset" on:click=reset>{tr(Text::ResetPassword)}</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };

    let editor = move || {
        let login = editing.get()?;
        let list = people.get()?.ok()?;
        let u = list.into_iter().find(|u| u.username == login)?;
        let teams = team_list();
        let (name, role, team, region) = (
            RwSignal::new(u.display_name.clone()),
            RwSignal::new(u.role),
            RwSignal::new(team_name(&teams, u.team)),
            RwSignal::new(u.region.clone()),
        );
        let save = move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            let body = UserEdit {
                display_name: Some(name.get_untracked()),
                role: Some(role.get_untracked()).filter(|r| admin && *r != u.role),
                team: Some(team.get_untracked()).filter(|_| admin),
                region: Some(region.get_untracked()),
            };
            change::<_, UserSummary>(
                "PATCH",
                format!("/api/v1/users/{}", u.username),
                body,
                reload,
                message,
                |_| tr(Text::Done).to_owned(),
            );
            editing.set(None);
        };
        Some(view! {
            <form class="card admin-form" on:submit=save data-testid="edit-person">
                <h3>{tr(Text::Edit)} " · " {login.clone()}</h3>
                <label>{tr(Text::Name)}<input prop:value=name on:input=move |e| name.set(event_target_value(&e)) /></label>
                {admin.then(|| view! {
                    <label>{tr(Text::Role)}<select on:change=move |e| {
                        if let Some(r) = UserRole::from_key(&event_target_value(&e)) { role.set(r) }
                    }>{role_options(u.role)}</select></label>
                    <label>{tr(Text::Team)}<select on:change=move |e| team.set(event_target_value(&e))>{team_options(&teams, &team.get_untracked())}</select></label>
                })}
                <label>{tr(Text::Territory)}<input list="territories" prop:value=region on:input=move |e| region.set(event_target_value(&e)) /></label>
                <button type="submit">{move || ctx.t(crate::i18n::Text::Save)}</button>
                <button type="button" class="link" on:click=move |_| editing.set(None)>{move || ctx.t(crate::i18n::Text::Cancel)}</button>
            </form>
        })
    };

    view! {
        <datalist id="territories">
            {move || territories().into_iter().map(|t| view! { <option value=t.name /> }).collect_view()}
        </datalist>
        <Show when=move || admin>
        <form class="card admin-form" on:submit=create data-testid="new-person">
            <h3>{move || tr(Text::NewPerson)}</h3>
            <label>{move || tr(Text::LoginName)}<input name="username" required prop:value=username on:input=move |e| username.set(event_target_value(&e)) /></label>
            <label>{move || tr(Text::Name)}<input name="display_name" required prop:value=name on:input=move |e| name.set(event_target_value(&e)) /></label>
            <label>{move || tr(Text::Role)}<select name="role" on:change=move |e| {
                if let Some(r) = UserRole::from_key(&event_target_value(&e)) { role.set(r) }
            }>{move || role_options(role.get_untracked())}</select></label>
            <label>{move || tr(Text::Team)}<select name="team" on:change=move |e| team.set(event_target_value(&e))>{move || team_options(&team_list(), &team.get_untracked())}</select></label>
            <label>{move || tr(Text::Territory)}<input name="region" list="territories" prop:value=region on:input=move |e| region.set(event_target_value(&e)) /></label>
            <button type="submit">{move || tr(Text::Create)}</button>
        </form>
        </Show>
        <Outcome message />
        {move || secret.get().filter(|(_, p)| !p.is_empty()).map(|(login, otp)| view! {
            <div class="card secret" role="alert">
                <p>{login} " · " {tr(Text::OneTimeIs)}</p>
                <code data-testid="one-time-password">{otp}</code>
            </div>
        })}
        {editor}
        <label class="find">{move || tr(Text::Search)}
            <input type="search" prop:value=filter on:input=move |e| filter.set(event_target_value(&e)) /></label>
        {rows}
    }
}

fn confirm(text: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(text).ok())
        .unwrap_or(false)
}
