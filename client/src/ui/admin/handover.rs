//! Hand-over: a rep's hospitals (all, or a selection) to another rep, or split between
//! several by territory; and the orphan accounts (owner disabled or gone) with one action
//! to hand them over. The new owner's phone receives them, with their history, on its next
//! sync; the former owner's phone loses them.

use std::collections::BTreeSet;

use leptos::prelude::*;
use rounds_shared::api::{
    AccountSummary, AccountsEndpoint, HANDOVERS_PATH, HandOverReport, HandOverRequest, RegionOwner,
    UserSummary, UsersEndpoint,
};
use rounds_shared::ids::AccountId;
use rounds_shared::model::UserRole;

use super::text::{Text, tr};
use super::{Outcome, change, load};

fn reps(people: &[UserSummary]) -> Vec<UserSummary> {
    people
        .iter()
        .filter(|u| !u.disabled && matches!(u.role, UserRole::Rep | UserRole::Manager))
        .cloned()
        .collect()
}

#[component]
fn RepSelect(
    people: Signal<Vec<UserSummary>>,
    pick: RwSignal<String>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    view! {
        <select data-testid=testid on:change=move |e| pick.set(event_target_value(&e))>
            <option value="">{move || tr(Text::ChooseRep)}</option>
            {move || reps(&people.get()).into_iter().map(|u| {
                let sel = u.username == pick.get_untracked();
                view! { <option value=u.username.clone() selected=sel>{format!("{} ({})", u.display_name, u.username)}</option> }
            }).collect_view()}
        </select>
    }
}

fn report_text(r: Option<HandOverReport>) -> String {
    let r = r.unwrap_or(HandOverReport { moved: 0, kept: 0 });
    format!(
        "{} {} · {} {}",
        tr(Text::Moved),
        r.moved,
        tr(Text::Kept),
        r.kept
    )
}

/// The hand-over screen.
#[component]
pub(crate) fn HandOver() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let people = load::<UsersEndpoint>(String::new, reload);
    let accounts = load::<AccountsEndpoint>(String::new, reload);
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let people_list = Signal::derive(move || people.get().and_then(Result::ok).unwrap_or_default());
    let all = move || accounts.get().and_then(Result::ok).unwrap_or_default();

    let send = move |body: HandOverRequest| {
        change(
            "POST",
            HANDOVERS_PATH.into(),
            body,
            reload,
            message,
            report_text,
        );
    };
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let unticked: RwSignal<BTreeSet<AccountId>> = RwSignal::new(BTreeSet::new());
    let split = RwSignal::new(false);
    let region_owner: RwSignal<Vec<(String, RwSignal<String>)>> = RwSignal::new(Vec::new());
    let of_from = move || -> Vec<AccountSummary> {
        let f = from.get();
        all()
            .into_iter()
            .filter(|a| !f.is_empty() && a.owner_username == f)
            .collect()
    };
    Effect::new(move |_| {
        from.track();
        unticked.set(BTreeSet::new());
        let regions: BTreeSet<String> = of_from().into_iter().map(|a| a.region).collect();
        region_owner.set(
            regions
                .into_iter()
                .map(|r| (r, RwSignal::new(String::new())))
                .collect(),
        );
    });
    let hand_over = move |_| {
        let chosen: Vec<AccountId> = of_from()
            .iter()
            .map(|a| a.id)
            .filter(|id| !unticked.with_untracked(|u| u.contains(id)))
            .collect();
        let by_region: Vec<RegionOwner> = if split.get_untracked() {
            region_owner
                .get_untracked()
                .into_iter()
                .filter(|(_, o)| !o.get_untracked().is_empty())
                .map(|(region, o)| RegionOwner {
                    region,
                    to: o.get_untracked(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let body = HandOverRequest {
            from: Some(from.get_untracked()),
            accounts: Some(chosen),
            to: Some(to.get_untracked()).filter(|t| !t.is_empty()),
            by_region,
            ..Default::default()
        };
        send(body);
    };
    let orphan_to = RwSignal::new(String::new());
    let hand_orphans = move |_| {
        let body = HandOverRequest {
            orphans: true,
            to: Some(orphan_to.get_untracked()),
            ..Default::default()
        };
        send(body);
    };

    let selection = move || {
        let list = of_from();
        let count = list.len();
        let picked = count - unticked.with(|u| list.iter().filter(|a| u.contains(&a.id)).count());
        view! {
            <p class="sub" data-testid="handover-count">{format!("{picked} / {count} {}", tr(Text::Selected))}</p>
            <ul class="pick-list">
                {list.into_iter().map(|a| {
                    let id = a.id;
                    view! {
                        <li><label class="check">
                            <input type="checkbox" prop:checked=move || !unticked.with(|u| u.contains(&id))
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    unticked.update(|u| { if on { u.remove(&id); } else { u.insert(id); } });
                                } />
                            {a.name} <span class="sub">{a.region}</span>
                        </label></li>
                    }
                }).collect_view()}
            </ul>
        }
    };
    let splits = move || {
        split.get().then(|| {
            region_owner.get().into_iter().map(|(region, pick)| view! {
                <label>{region.clone()} <RepSelect people=people_list pick testid=format!("region-{region}") /></label>
            }).collect_view()
        })
    };
    let orphans = move || {
        let list: Vec<AccountSummary> = all().into_iter().filter(|a| a.orphan).collect();
        if list.is_empty() {
            return view! { <p class="empty" data-testid="orphans" data-count="0">{tr(Text::NoOrphans)}</p> }.into_any();
        }
        let n = list.len();
        view! {
            <ul class="pick-list" data-testid="orphans" data-count=n.to_string()>
                {list.into_iter().map(|a| view! { <li>{a.name} <span class="sub">{a.owner_username}</span></li> }).collect_view()}
            </ul>
            <div class="admin-form inline">
                <label>{tr(Text::HandOverOrphans)} <RepSelect people=people_list pick=orphan_to testid="orphans-to" /></label>
                <button data-testid="orphans-hand-over" on:click=hand_orphans>{tr(Text::HandOver)}</button>
            </div>
        }.into_any()
    };

    view! {
        <section class="card" data-testid="handover">
            <div class="admin-form inline">
                <label>{move || tr(Text::From)} <RepSelect people=people_list pick=from testid="handover-from" /></label>
                <label>{move || tr(Text::To)} <RepSelect people=people_list pick=to testid="handover-to" /></label>
                <label class="check"><input type="checkbox" prop:checked=split
                    on:change=move |e| split.set(event_target_checked(&e)) />{move || tr(Text::SplitByTerritory)}</label>
            </div>
            {splits}
            {selection}
            <button data-testid="handover-go" on:click=hand_over>{move || tr(Text::HandOverAll)}</button>
        </section>
        <Outcome message />
        <section class="card">
            <h3>{move || tr(Text::Orphans)}</h3>
            {orphans}
        </section>
    }
}
