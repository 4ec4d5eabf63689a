//! A hospital's profile on the phone, offline like every edit: grade, address, zone,
//! departments, annual sample volume, payment record, attitude toward us, relationship
//! stage, key-account tier and location. Only fields the rep changed are written, so an
//! edit merges with a colleague's or the administrator's.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::AccountId;
use rounds_shared::labels::Labelled;
use rounds_shared::model::{
    Account, AccountAttitude, GeoPoint, HospitalLevel, KeyAccountTier, PaymentRecord,
    RelationshipStage, Zone,
};

use super::Ctx;
use super::widgets::{FormActions, Saving};
use crate::i18n::Text;

/// A select of a closed set's values (empty: unknown), bound to `value` (a key).
fn choice<T: Labelled + Copy + Send + Sync + 'static>(
    ctx: Ctx,
    label: Text,
    name: &'static str,
    all: &'static [T],
    key: fn(T) -> &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label>
            <span>{move || ctx.t(label)}</span>
            <select name=name prop:value=move || value.get() on:change=move |e| value.set(event_target_value(&e))>
                <option value="">"—"</option>
                {all.iter().map(|v| {
                    let v = *v;
                    view! { <option value=key(v)>{move || v.label(ctx.locale.get())}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
/// The profile form of `account`.
#[component]
pub(super) fn ProfileForm(account: AccountId, done: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.repo().me();
    let Some(a) = ctx
        .repo()
        .read(|d| d.accounts.get(&account).map(|a| a.account.clone()))
    else {
        return view! { <p class="empty">{move || ctx.t(Text::NotFound)}</p> }.into_any();
    };
    let key = |k: Option<&'static str>| RwSignal::new(k.unwrap_or_default().to_owned());
    let level = RwSignal::new(a.level.key().to_owned());
    let address = RwSignal::new(a.address.clone());
    let zone = key(a.zone.map(|z| z.key()));
    let departments = RwSignal::new(a.departments.iter().cloned().collect::<Vec<_>>().join("、"));
    let volume = RwSignal::new(
        a.annual_sample_volume
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    let payment = key(a.payment_record.map(|p| p.key()));
    let attitude = key(a.attitude.map(|x| x.key()));
    let stage = key(a.relationship_stage.map(|x| x.key()));
    let tier = key(a.tier.map(|x| x.key()));
    let location: RwSignal<Option<GeoPoint>> = RwSignal::new(a.location);
    let state = RwSignal::new(Saving::Idle);
    let base = StoredValue::new(a);
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let volume_text = volume.get_untracked();
        let annual_sample_volume = match volume_text.trim() {
            "" => None,
            t => match t.replace([',', '，'], "").parse::<u64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    state.set(Saving::Failed(ctx.t(Text::SampleVolumeNumber).to_owned()));
                    return;
                }
            },
        };
        let mut a = base.get_value();
        a.level = HospitalLevel::from_key(&level.get_untracked()).unwrap_or(a.level);
        a.address = address.get_untracked().trim().to_owned();
        a.zone = Zone::from_key(&zone.get_untracked());
        a.departments = Account::departments_from(&departments.get_untracked());
        a.annual_sample_volume = annual_sample_volume;
        a.payment_record = PaymentRecord::from_key(&payment.get_untracked());
        a.attitude = AccountAttitude::from_key(&attitude.get_untracked());
        a.relationship_stage = RelationshipStage::from_key(&stage.get_untracked());
        a.tier = KeyAccountTier::from_key(&tier.get_untracked());
        a.location = location.get_untracked();
        a.audit.touch(crate::repo::now(), me);
        state.set(Saving::Busy);
        let repo = ctx.repo();
        spawn_local(async move {
            let result = repo.edit_account(account, |d| d.set_account(&a)).await;
            let ok = result.is_ok();
            Saving::settle(ctx, state, result);
            if ok {
                let _ = done.try_run(());
            }
        });
    };
    let text = move |label: Text,
                     name: &'static str,
                     value: RwSignal<String>,
                     mode: &'static str| {
        view! {
            <label>
                <span>{move || ctx.t(label)}</span>
                <input name=name inputmode=mode prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
            </label>
        }
    };
    let here = move |_| crate::geo::locate(move |p, _| location.set(Some(p)));
    view! {
        <form class="form profile-form" on:submit=save data-testid="profile-form">
            {choice(ctx, Text::Level, "level", HospitalLevel::ALL, HospitalLevel::key, level)}
            {text(Text::Address, "address", address, "text")}
            {choice(ctx, Text::Zone, "zone", Zone::ALL, Zone::key, zone)}
            {text(Text::Departments, "departments", departments, "text")}
            {text(Text::SampleVolume, "annual_sample_volume", volume, "numeric")}
            {choice(ctx, Text::PaymentRecord, "payment_record", PaymentRecord::ALL, PaymentRecord::key, payment)}
            {choice(ctx, Text::HospitalAttitude, "attitude", AccountAttitude::ALL, AccountAttitude::key, attitude)}
            {choice(ctx, Text::RelationshipStage, "relationship_stage", RelationshipStage::ALL, RelationshipStage::key, stage)}
            {choice(ctx, Text::KeyAccountTier, "tier", KeyAccountTier::ALL, KeyAccountTier::key, tier)}
            <p class="note">
                {move || location.get().map(|p| format!("{:.5}, {:.5}", p.lat, p.lng))}
                <button type="button" class="link" on:click=here>{move || ctx.t(Text::LocationHere)}</button>
            </p>
            <FormActions state done />
        </form>
    }
    .into_any()
}
