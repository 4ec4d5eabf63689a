//! Arrive, then report: 到达签到 records the arrival (time, place with its accuracy, and a
//! photo if one is taken) as a visit of its own at once; 离开签退 records the leave time.
//! The report is written into that visit then or later.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::{AccountId, UserId, VisitId};
use rounds_shared::model::{CheckIn, GeoPoint, Visit};
use rounds_shared::time::{DAY_MS, Timestamp};
use wasm_bindgen::JsCast;

use super::photo::Thumb;
use super::text::{Text, tr};
use crate::format;
use crate::photo::{PhotoError, prepare};
use crate::repo::{Data, EditError, Repo, now};
use crate::ui::Ctx;
use crate::ui::widgets::{SaveNote, Saving};

/// How long after a check-in a position that arrives late is still added to it.
const LATE_FIX_MS: i64 = 5 * 60_000;

/// The visit a visit form writes into, once the rep has checked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tied {
    /// Its hospital.
    pub account: AccountId,
    /// The visit.
    pub visit: VisitId,
}

/// Where the phone was when asked, and how far off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Fix {
    pub point: GeoPoint,
    pub accuracy_m: Option<f64>,
}

/// `me`'s visit still open at `now`: checked in within a day and not yet checked out, or
/// checked out with no report written. The latest, if several.
pub(super) fn open_visit(d: &Data, me: UserId, now: Timestamp) -> Option<(AccountId, Visit)> {
    d.accounts
        .iter()
        .flat_map(|(id, a)| a.records.visits.iter().map(move |v| (*id, v)))
        .filter(|(_, v)| v.audit.created_by == me && now.0 - v.at.0 < DAY_MS)
        .filter(|(_, v)| {
            v.check_in.as_ref().is_some_and(|c| {
                c.left_at.is_none() || (v.purpose.is_empty() && v.content.is_empty())
            })
        })
        .max_by_key(|(_, v)| v.at)
        .map(|(a, v)| (a, v.clone()))
}

/// On 今日: the visit checked in and not finished, if any, opening its form (which resumes
/// it) — the rep who left the form to look something up finds the way back.
#[component]
pub(crate) fn OpenVisit() -> impl IntoView {
    let ctx = Ctx::get();
    let open = Memo::new(move |_| {
        let me = ctx.repo().me();
        ctx.repo().read(|d| {
            let (account, v) = open_visit(d, me, now())?;
            let name = d.accounts.get(&account)?.account.name.clone();
            Some((account, name, v.check_in?, d.org.tz))
        })
    });
    move || {
        open.get().map(|(account, name, c, tz)| {
            let what = if c.left_at.is_some() { Text::ReportDue } else { Text::ReportOrCheckOut };
            view! {
                <crate::ui::widgets::Go to=crate::route::Route::LogVisit(Some(account)) class="button secondary big open-visit">
                    <span data-testid="open-visit">
                        {tr(Text::VisitingNow)} " · " {name} " · " {tr(Text::CheckedIn)} " "
                        {format::time(c.at, tz)} " — " {tr(what)}
                    </span>
                </crate::ui::widgets::Go>
            }
        })
    }
}

/// The tied visit as this device holds it now.
pub(super) fn current(repo: &Repo, tied: Option<Tied>) -> Option<Visit> {
    let t = tied?;
    repo.read(|d| {
        d.accounts
            .get(&t.account)?
            .records
            .visits
            .iter()
            .find(|v| v.id == t.visit)
            .cloned()
    })
}

/// The file a file input holds, if any.
fn chosen_file(e: &leptos::ev::Event) -> Option<web_sys::File> {
    e.target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?
        .files()?
        .get(0)
}

/// Stores `visit` (new or changed), with `photo`'s bytes when it brings one; `preparing`
/// is what the screen says meanwhile.
async fn store(
    repo: &Repo,
    account: AccountId,
    visit: Visit,
    photo: Option<web_sys::File>,
    (state, preparing): (RwSignal<Saving>, &'static str),
) -> Result<(), EditError> {
    let mut visit = visit;
    let Some(file) = photo else {
        return repo.edit_account(account, |d| d.put(&visit)).await;
    };
    let _ = state.try_set(Saving::Note(preparing));
    let prepared = match prepare(&file, now(), repo.me()).await {
        Ok(p) => p,
        Err(e @ PhotoError::NotAnImage) | Err(e @ PhotoError::Browser(_)) => {
            let _ = state.try_set(Saving::Failed(e.to_string()));
            return Ok(());
        }
    };
    if let Some(c) = visit.check_in.as_mut() {
        c.photo_ref = Some(prepared.reference);
    }
    repo.edit_account_with_photo(account, prepared.bytes, |d| d.put(&visit))
        .await
}

/// The check-in card at the top of the visit form.
#[component]
pub(super) fn CheckInCard(
    chosen: RwSignal<Option<AccountId>>,
    tied: RwSignal<Option<Tied>>,
    fix: RwSignal<Option<Fix>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let state = RwSignal::new(Saving::Idle);
    // From the tap (or the photo's arrival) to the visit on disk, in ms (benchmarks).
    let took = RwSignal::new(0.0f64);
    let visit = Memo::new(move |_| current(&ctx.repo(), tied.get()));
    // The phone's position often comes after the tap (indoors it takes a while): it is
    // added to a check-in made without one within the last few minutes.
    Effect::new(move |_| {
        let (Some(here), Some(t), Some(mut v)) = (fix.get(), tied.get_untracked(), visit.get())
        else {
            return;
        };
        let Some(c) = v.check_in.as_mut() else { return };
        if c.location.is_some() || now().0 - c.at.0 > LATE_FIX_MS {
            return;
        }
        c.location = Some(here.point);
        c.accuracy_m = here.accuracy_m;
        let repo = ctx.repo();
        spawn_local(async move {
            if let Err(e) = repo.edit_account(t.account, |d| d.put(&v)).await {
                leptos::logging::warn!("the check-in's location was not saved: {e}");
            }
        });
    });

    let run = move |account: AccountId, next: Visit, photo: Option<web_sys::File>| {
        let repo = ctx.repo();
        let started = crate::ui::now_ms();
        state.set(Saving::Busy);
        // Read here: the task below runs outside the screen's reactive owner.
        let preparing = tr(Text::PreparingPhoto);
        spawn_local(async move {
            let id = next.id;
            let result = store(&repo, account, next, photo, (state, preparing)).await;
            if matches!(state.get_untracked(), Saving::Failed(_)) && result.is_ok() {
                return; // the photo was refused; said so
            }
            let _ = took.try_set(crate::ui::now_ms() - started);
            if result.is_ok() {
                let _ = tied.try_set(Some(Tied { account, visit: id }));
            }
            Saving::settle(ctx, state, result);
        });
    };
    let arrive = move |photo: Option<web_sys::File>| {
        let Some(account) = chosen.get_untracked() else {
            state.set(Saving::Failed(
                ctx.t(crate::i18n::Text::ChooseHospital).to_owned(),
            ));
            return;
        };
        let at = now();
        let here = fix.get_untracked();
        let mut visit = Visit::new(at, ctx.repo().me());
        visit.check_in = Some(CheckIn {
            at,
            location: here.map(|f| f.point),
            accuracy_m: here.and_then(|f| f.accuracy_m),
            photo: None,
            photo_ref: None,
            left_at: None,
        });
        run(account, visit, photo);
    };
    let change = move |f: fn(&mut Visit, Timestamp)| -> Option<(AccountId, Visit)> {
        let (t, mut v) = (tied.get_untracked()?, visit.get_untracked()?);
        let at = now();
        f(&mut v, at);
        v.audit.touch(at, ctx.repo().me());
        Some((t.account, v))
    };
    let add_photo = move |file: web_sys::File| {
        if let Some((account, v)) = change(|_, _| {}) {
            run(account, v, Some(file));
        }
    };
    let leave = move |_| {
        if let Some((account, v)) = change(|v, at| {
            if let Some(c) = v.check_in.as_mut() {
                c.left_at = Some(at);
            }
        }) {
            run(account, v, None);
        }
    };

    let summary = move || {
        let v = visit.get()?;
        let c = v.check_in.clone()?;
        let tz = ctx.repo().read(|d| d.org.tz);
        let place = match (c.location, c.accuracy_m) {
            (Some(_), Some(m)) => format!(
                "{} · {} {m:.0} {}",
                tr(Text::LocationShown),
                tr(Text::Accuracy),
                tr(Text::Metres)
            ),
            (Some(_), None) => tr(Text::LocationShown).to_owned(),
            (None, _) => tr(Text::NoLocation).to_owned(),
        };
        let times = super::text::stay(c.at, c.left_at, tz, ctx.locale.get());
        Some(view! {
            <p class="checked-in" data-testid="checked-in" data-left=c.left_at.is_some().to_string()>
                <strong>{times}</strong> " · " {place}
            </p>
            {c.photo_ref.map(|p| view! { <Thumb photo=p /> })}
        })
    };
    let photo_input = move |label: Text| {
        view! {
            <label class="button secondary photo-input">
                {move || tr(label)}
                <input type="file" accept="image/*" capture="environment" name="photo" hidden
                    on:change=move |e| {
                        if let Some(file) = chosen_file(&e) {
                            if tied.get_untracked().is_some() { add_photo(file) } else { arrive(Some(file)) }
                        }
                    } />
            </label>
        }
    };
    view! {
        <section class="card check-in" data-testid="check-in" data-took-ms=move || format!("{:.1}", took.get())>
            {summary}
            {move || match visit.get() {
                None => view! {
                    <p class="sub">{tr(Text::NotCheckedIn)}</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="check-in-button" on:click=move |_| arrive(None)>{move || tr(Text::CheckIn)}</button>
                        {photo_input(Text::PhotoCheckIn)}
                    </div>
                }.into_any(),
                Some(v) => {
                    let open = v.check_in.as_ref().is_some_and(|c| c.left_at.is_none());
                    let no_photo = v.check_in.as_ref().is_some_and(|c| c.photo_ref.is_none());
                    view! {
                        <p class="sub">{tr(Text::ReportLater)}</p>
                        <div class="actions">
                            {open.then(|| view! { <button type="button" class="primary" data-testid="check-out-button" on:click=leave>{move || tr(Text::CheckOut)}</button> })}
                            {no_photo.then(|| photo_input(Text::AddPhoto))}
                        </div>
                    }.into_any()
                }
            }}
            <SaveNote state />
        </section>
    }
}
