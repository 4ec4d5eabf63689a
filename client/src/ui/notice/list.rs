//! The notice inbox: a department's notices (or a rep's issued ones) in four tabs — new,
//! in progress, overdue, done — and the count on the rep's 今日.

use leptos::prelude::*;
use rounds_shared::doc::NoticeView;
use rounds_shared::labels::Labelled;
use rounds_shared::model::NoticeStatus;
use rounds_shared::notice::NoticeState;

use super::text::{Text as N, tr};
use super::{on_device, status_class};
use crate::format;
use crate::route::Route;
use crate::ui::Ctx;
use crate::ui::widgets::Go;

/// The inbox's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    New,
    InProgress,
    Overdue,
    Done,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::New, Tab::InProgress, Tab::Overdue, Tab::Done];

    fn of(s: &NoticeState) -> Tab {
        match (s.overdue, s.status) {
            (true, _) => Tab::Overdue,
            (false, NoticeStatus::New) => Tab::New,
            (false, NoticeStatus::InProgress | NoticeStatus::Blocked) => Tab::InProgress,
            (false, NoticeStatus::Done) => Tab::Done,
        }
    }

    fn label(self) -> N {
        match self {
            Tab::New => N::New,
            Tab::InProgress => N::InProgress,
            Tab::Overdue => N::Overdue,
            Tab::Done => N::Done,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Tab::New => "new",
            Tab::InProgress => "in_progress",
            Tab::Overdue => "overdue",
            Tab::Done => "done",
        }
    }
}

/// One notice in a list.
#[component]
pub(super) fn NoticeRow(view: NoticeView, state: NoticeState) -> impl IntoView {
    let ctx = Ctx::get();
    let n = view.notice;
    let locale = ctx.locale.get_untracked();
    let due = state
        .due
        .map(|d| format::date(d, locale))
        .unwrap_or_default();
    let chip = if state.overdue {
        tr(N::Overdue).to_owned()
    } else {
        state.status.label(locale).to_owned()
    };
    let help = state
        .needs_help
        .then(|| view! { <span class="chip warn" data-testid="help">{tr(N::HelpNeeded)}</span> });
    let (status, overdue, class) = (
        state.status.key(),
        state.overdue.to_string(),
        status_class(&state),
    );
    view! {
        <li data-testid="notice-row" data-status=status data-overdue=overdue>
            <Go to=Route::Notice(n.id) class="row">
                <span class="main">{n.kind.label(locale)} " · " {n.hospital.clone()}</span>
                <span class="sub">{n.details.clone()}</span>
                <span class="side">
                    <span class=class>{chip}</span>
                    {help}
                    <span class="sub">{due}</span>
                </span>
            </Go>
        </li>
    }
}

/// The inbox: every notice on the device, by tab.
#[component]
pub(in crate::ui) fn NoticeInbox() -> impl IntoView {
    let ctx = Ctx::get();
    let department = ctx.session.with_value(|s| s.user.role.department());
    let all = Memo::new(move |_| ctx.repo().read(on_device));
    let first = Tab::ALL
        .into_iter()
        .find(|t| all.get_untracked().iter().any(|(_, s)| Tab::of(s) == *t))
        .unwrap_or(Tab::New);
    let tab = RwSignal::new(first);
    let title = if department.is_some() {
        N::Inbox
    } else {
        N::MyNotices
    };
    view! {
        <div class="screen notices">
            <h2 class="title">{move || tr(title)}</h2>
            <nav class="chips" role="tablist">
                {Tab::ALL.into_iter().map(|t| {
                    let count = move || all.get().iter().filter(|(_, s)| Tab::of(s) == t).count();
                    view! {
                        <button type="button" role="tab" data-tab=t.key()
                            class=move || if tab.get() == t { "chip on" } else { "chip" }
                            aria-selected=move || (tab.get() == t).to_string()
                            on:click=move |_| tab.set(t)>
                            {move || tr(t.label())} " " <span class="count">{count}</span>
                        </button>
                    }
                }).collect_view()}
            </nav>
            {move || {
                let rows: Vec<_> = all.get().into_iter().filter(|(_, s)| Tab::of(s) == tab.get()).collect();
                if rows.is_empty() {
                    return view! { <p class="empty">{tr(N::NoNotices)}</p> }.into_any();
                }
                view! {
                    <ul class="list" data-testid="notice-list">
                        {rows.into_iter().map(|(view, state)| view! { <NoticeRow view state /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

/// On the rep's 今日: how many notices they issued are open, those that need a look (help
/// asked first, then cannot be done or overdue), and the way to all of them.
#[component]
pub(in crate::ui) fn NoticeSummary() -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.session.with_value(|s| s.user.id);
    let mine = Memo::new(move |_| {
        let mut rows: Vec<_> = ctx
            .repo()
            .read(on_device)
            .into_iter()
            .filter(|(v, _)| v.notice.audit.created_by == me || v.notice.to == Some(me))
            .collect();
        rows.sort_by_key(|(_, s)| !s.needs_help);
        rows
    });
    move || {
        let rows = mine.get();
        let open = rows.iter().filter(|(_, s)| s.open()).count();
        let look: Vec<_> = rows
            .into_iter()
            .filter(|(v, s)| {
                let to_me = v.notice.to == Some(me) && s.open();
                to_me || s.needs_help || s.overdue || s.status == NoticeStatus::Blocked
            })
            .collect();
        let n = look.len();
        view! {
            <section class="card" data-testid="notice-summary" data-count=n.to_string() data-open=open.to_string()>
                <h2>{tr(N::Notices)} <span class="count">{open}</span></h2>
                {(n > 0).then(|| view! {
                    <ul class="list">
                        {look.into_iter().take(5).map(|(view, state)| view! { <NoticeRow view state /> }).collect_view()}
                    </ul>
                })}
                <Go to=Route::Notices class="link">{tr(N::AllNotices)}</Go>
            </section>
        }
    }
}
