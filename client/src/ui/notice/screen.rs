//! One notice: what the rep asked for, where it stands, who did what, and — for the
//! receiving department — accept, pass on to a colleague, and answer with a receipt
//! (done; or cannot be done, why, the help needed and a new date).

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::doc::NoticeView;
use rounds_shared::ids::{NoticeEventId, NoticeId, ReceiptId, UserId};
use rounds_shared::labels::Labelled;
use rounds_shared::model::{Audit, NoticeEvent, NoticeEventKind, Receipt, ReceiptOutcome};
use rounds_shared::notice::NoticeState;
use rounds_shared::time::Timestamp;

use super::status_class;
use super::text::{Text as N, tr};
use crate::format;
use crate::repo::now;
use crate::ui::Ctx;
use crate::ui::widgets::{SaveNote, Saving};

/// The notice screen.
#[component]
pub(in crate::ui) fn NoticeScreen(id: NoticeId) -> impl IntoView {
    let ctx = Ctx::get();
    let found = Memo::new(move |_| {
        ctx.repo().read(|d| {
            let today = now().date(d.org.tz);
            d.notices.get(&id).map(|v| (v.clone(), v.state(today)))
        })
    });
    move || match found.get() {
        None => view! { <p class="empty">{tr(N::NoticeNotHere)}</p> }.into_any(),
        Some((view, state)) => view! { <NoticeBody view state /> }.into_any(),
    }
}

fn name_of(ctx: Ctx, who: UserId) -> String {
    ctx.repo().read(|d| {
        d.people
            .get(&who)
            .or_else(|| d.colleagues.get(&who))
            .cloned()
            .unwrap_or_else(|| "—".into())
    })
}

#[component]
fn NoticeBody(view: NoticeView, state: NoticeState) -> impl IntoView {
    let ctx = Ctx::get();
    let locale = ctx.locale.get_untracked();
    let tz = ctx.repo().read(|d| d.org.tz);
    let n = view.notice.clone();
    let mine = ctx
        .session
        .with_value(|s| n.answered_by(s.user.id, s.user.role));
    let when = |t: Timestamp| format::date_time(t, tz, locale);
    let field = |label: N, value: String| {
        (!value.is_empty()).then(|| view! { <dt>{tr(label)}</dt><dd>{value}</dd> })
    };
    let chip = if state.overdue {
        format!("{} · {}", state.status.label(locale), tr(N::Overdue))
    } else {
        state.status.label(locale).to_owned()
    };
    let asked = if mine { N::HelpRequested } else { N::HelpAsked };
    let help = state.answer.clone().filter(|_| state.needs_help).map(|a| {
        view! {
            <div class="banner warn" role="alert" data-testid="help-asked">
                <strong>{tr(asked)}</strong>
                <p>{a.reason.clone()} " · " {tr(N::HelpNeeded)} ": " {a.help_needed.clone()}</p>
                {a.new_due.map(|d| view! { <p>{tr(N::NewDue)} ": " {format::date(d, locale)}</p> })}
            </div>
        }
    });
    // Who did what, oldest first.
    let mut history: Vec<(Timestamp, String, &'static str)> = view
        .events
        .iter()
        .map(|e| {
            let what = match (e.kind, e.to) {
                (NoticeEventKind::Reassigned, Some(to)) => {
                    format!("{} {}", tr(N::PassedTo), name_of(ctx, to))
                }
                _ => e.kind.label(locale).to_owned(),
            };
            (
                e.audit.created_at,
                format!("{} · {what}", name_of(ctx, e.audit.created_by)),
                "event",
            )
        })
        .chain(view.receipts.iter().map(|r| {
            let mut parts = vec![r.outcome.label(locale).to_owned()];
            if !r.reason.is_empty() {
                parts.push(r.reason.clone());
            }
            if !r.help_needed.is_empty() {
                parts.push(format!("{}: {}", tr(N::HelpNeeded), r.help_needed));
            }
            if let Some(d) = r.new_due {
                parts.push(format!("{}: {}", tr(N::NewDue), format::date(d, locale)));
            }
            (
                r.audit.created_at,
                format!(
                    "{} · {} · {}",
                    name_of(ctx, r.audit.created_by),
                    tr(N::Answered),
                    parts.join(" · ")
                ),
                "receipt",
            )
        }))
        .collect();
    history.sort_by_key(|(t, _, _)| *t);
    let handler = state
        .handler
        .map_or_else(|| tr(N::Nobody).to_owned(), |h| name_of(ctx, h));
    view! {
        <div class="screen notice" data-testid="notice" data-status=state.status.key() data-help=state.needs_help.to_string()>
            <h2 class="title">{n.kind.label(locale)} " · " {n.hospital.clone()}</h2>
            <p class="sub">
                <span class=status_class(&state) data-testid="notice-status">{chip}</span>
                " " {n.department.label(locale)}
            </p>
            {help}
            <dl class="facts">
                {field(N::Details, n.details.clone())}
                {field(N::Due, state.due.map(|d| format::date(d, locale)).unwrap_or_default())}
                {field(N::DeliveryMethod, n.delivery_method.clone())}
                {field(N::Address, n.address.clone())}
                {field(N::Contact, n.contact.clone())}
                {field(N::IssuedBy, name_of(ctx, n.audit.created_by))}
                {field(N::IssuedAt, when(n.audit.created_at))}
                {field(N::Handler, handler)}
            </dl>
            <section class="card">
                <h2>{tr(N::History)}</h2>
                <ol class="timeline" data-testid="notice-history">
                    {history.into_iter().map(|(t, what, kind)| view! {
                        <li data-kind=kind><span class="sub">{when(t)}</span> " " {what}</li>
                    }).collect_view()}
                </ol>
            </section>
            {mine.then(|| view! { <DeskActions id=n.id received=state.received.is_some() /> })}
        </div>
    }
}

/// What the receiving department does: accept, pass on, answer.
#[component]
fn DeskActions(id: NoticeId, received: bool) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.session.with_value(|s| s.user.id);
    let colleagues: Vec<(String, String)> = ctx.repo().read(|d| {
        d.colleagues
            .iter()
            .filter(|(u, _)| **u != me)
            .map(|(u, name)| (u.to_string(), name.clone()))
            .collect()
    });
    let state = RwSignal::new(Saving::Idle);
    let step = move |kind: NoticeEventKind, to: Option<UserId>| {
        let e = NoticeEvent {
            id: NoticeEventId::generate(),
            kind,
            to,
            audit: Audit::new(now(), me),
        };
        state.set(Saving::Busy);
        let repo = ctx.repo();
        spawn_local(async move {
            let result = repo.edit_notice(id, |d| d.put(&e)).await;
            Saving::settle(ctx, state, result);
        });
    };
    let colleague = RwSignal::new(String::new());
    let outcome = RwSignal::new(ReceiptOutcome::Done.key().to_owned());
    let reason = RwSignal::new(String::new());
    let help = RwSignal::new(String::new());
    let new_due = RwSignal::new(String::new());
    let answer = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let outcome =
            ReceiptOutcome::from_key(&outcome.get_untracked()).unwrap_or(ReceiptOutcome::Done);
        if outcome == ReceiptOutcome::CannotDo && reason.get_untracked().trim().is_empty() {
            state.set(Saving::Failed(tr(N::ReasonRequired).to_owned()));
            return;
        }
        let r = Receipt {
            id: ReceiptId::generate(),
            outcome,
            reason: reason.get_untracked().trim().to_owned(),
            help_needed: help.get_untracked().trim().to_owned(),
            new_due: new_due.get_untracked().parse().ok(),
            audit: Audit::new(now(), me),
        };
        state.set(Saving::Busy);
        let repo = ctx.repo();
        spawn_local(async move {
            let result = repo.edit_notice(id, |d| d.put(&r)).await;
            Saving::settle(ctx, state, result);
        });
    };
    let cannot = move || outcome.get() == ReceiptOutcome::CannotDo.key();
    view! {
        <section class="card desk">
            {(!received).then(|| view! {
                <button class="primary big" data-testid="accept" on:click=move |_| step(NoticeEventKind::Received, None)>{tr(N::Accept)}</button>
            })}
            {(!colleagues.is_empty()).then(|| view! {
                <div class="row-form">
                    <select name="colleague" prop:value=move || colleague.get() on:change=move |e| colleague.set(event_target_value(&e))>
                        <option value="">{tr(N::ChooseColleague)}</option>
                        {colleagues.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                    <button type="button" class="secondary" data-testid="pass-on" on:click=move |_| {
                        if let Ok(to) = colleague.get_untracked().parse::<UserId>() {
                            step(NoticeEventKind::Reassigned, Some(to));
                        }
                    }>{tr(N::PassOn)}</button>
                </div>
            })}
            <form class="form receipt-form" on:submit=answer>
                <h2>{tr(N::Answer)}</h2>
                <label>
                    <span>{tr(N::Outcome)}</span>
                    <select name="outcome" prop:value=move || outcome.get() on:change=move |e| outcome.set(event_target_value(&e))>
                        {ReceiptOutcome::ALL.iter().map(|o| view! { <option value=o.key()>{move || o.label(ctx.locale.get())}</option> }).collect_view()}
                    </select>
                </label>
                <Show when=cannot>
                    <label>
                        <span>{tr(N::Reason)}</span>
                        <input type="text" name="reason" prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e)) />
                    </label>
                    <label>
                        <span>{tr(N::HelpNeeded)}</span>
                        <input type="text" name="help" prop:value=move || help.get() on:input=move |e| help.set(event_target_value(&e)) />
                    </label>
                    <label>
                        <span>{tr(N::NewDue)}</span>
                        <input type="date" name="new_due" prop:value=move || new_due.get() on:input=move |e| new_due.set(event_target_value(&e)) />
                    </label>
                </Show>
                <button class="primary" type="submit" data-testid="send-receipt">{tr(N::SendAnswer)}</button>
            </form>
            <SaveNote state />
        </section>
    }
}
