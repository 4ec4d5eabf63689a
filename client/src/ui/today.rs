//! Today: what I logged today, the next steps that are due, and the opportunities that have
//! gone quiet.

use leptos::prelude::*;
use rounds_shared::funnel::{last_linked_visits, stalled};
use rounds_shared::ids::{AccountId, OpportunityId};

use super::Ctx;
use super::widgets::{Go, Section, position_label};
use crate::format;
use crate::i18n::Text;
use crate::repo::now;
use crate::route::Route;

#[derive(Clone, PartialEq)]
struct Row {
    account: AccountId,
    opportunity: Option<OpportunityId>,
    title: String,
    detail: String,
    when: String,
}

/// The Today screen.
#[component]
pub(super) fn Today() -> impl IntoView {
    let ctx = Ctx::get();
    let data = Memo::new(move |_| {
        let locale = ctx.locale.get();
        ctx.repo().read(|d| {
            let t = now();
            let tz = d.org.tz;
            let today = t.date(tz);
            let mut visits = Vec::new();
            let mut due = Vec::new();
            let mine = d.my_accounts();
            let last_visit = last_linked_visits(mine.iter().flat_map(|a| &a.records.visits));
            for a in mine {
                for v in &a.records.visits {
                    if v.at.date(tz) == today {
                        visits.push(Row {
                            account: a.account.id,
                            opportunity: None,
                            title: a.account.name.clone(),
                            detail: v.purpose.clone(),
                            when: format::time(v.at, tz),
                        });
                    }
                }
                for o in &a.records.opportunities {
                    if o.position.has_left() || o.next_step.is_empty() {
                        continue;
                    }
                    if let Some(by) = o.next_step_due.filter(|by| *by <= today) {
                        due.push((
                            by,
                            Row {
                                account: a.account.id,
                                opportunity: Some(o.id),
                                title: format!("{} · {}", a.account.name, o.title),
                                detail: o.next_step.clone(),
                                when: format::date(by, locale),
                            },
                        ));
                    }
                }
            }
            visits.sort_by(|a, b| b.when.cmp(&a.when));
            due.sort_by_key(|(by, _)| *by);
            let opps: Vec<_> = d.my_opportunities().collect();
            let quiet = stalled(
                &d.org.template,
                opps.iter().map(|(_, o)| *o),
                &last_visit,
                t,
                d.org.stalled_after_days,
            )
            .into_iter()
            .filter_map(|s| {
                let (a, o) = opps.iter().find(|(_, o)| o.id == s.opportunity)?;
                Some(Row {
                    account: a.account.id,
                    opportunity: Some(o.id),
                    title: format!("{} · {}", a.account.name, o.title),
                    detail: position_label(&d.org, &o.position, locale),
                    when: format!("{} {}", s.idle_days, rounds_shared_days(locale)),
                })
            })
            .collect::<Vec<_>>();
            (
                format::day(today, locale),
                visits,
                due.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
                quiet,
            )
        })
    });
    let rows = move |rows: Vec<Row>, empty: Text| {
        if rows.is_empty() {
            return view! { <p class="empty">{ctx.t(empty)}</p> }.into_any();
        }
        view! {
            <ul class="list">
                {rows.into_iter().map(|r| {
                    let to = match r.opportunity {
                        Some(o) => Route::Opportunity(r.account, o),
                        None => Route::Account(r.account),
                    };
                    view! {
                        <li><Go to class="row">
                            <span class="main">{r.title}</span>
                            <span class="sub">{r.detail}</span>
                            <span class="side">{r.when}</span>
                        </Go></li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="screen today">
            <p class="date">{move || data.get().0}</p>
            <super::visit::OpenVisit />
            <Go to=Route::LogVisit(None) class="button primary big">{move || ctx.t(Text::LogVisit)}</Go>
            <Section title=Text::VisitsToday count=Signal::derive(move || data.get().1.len())>
                {move || rows(data.get().1, Text::NoVisitsToday)}
            </Section>
            <Section title=Text::NextStepsDue count=Signal::derive(move || data.get().2.len())>
                {move || rows(data.get().2, Text::NothingDue)}
            </Section>
            <super::daily::DailySummary />
            <super::notice::NoticeSummary />
            <super::deal::AtRisk />
            <Section title=Text::Stalled count=Signal::derive(move || data.get().3.len())>
                {move || rows(data.get().3, Text::NothingStalled)}
            </Section>
            <SignOut />
        </div>
    }
}

fn rounds_shared_days(locale: rounds_shared::labels::Locale) -> &'static str {
    crate::i18n::t(locale, Text::DaysIdle)
}

/// Who is signed in, and signing out (the device keeps everything, unsynced changes too).
#[component]
fn SignOut() -> impl IntoView {
    let ctx = Ctx::get();
    let (name, role) = ctx
        .session
        .with_value(|s| (s.user.display_name.clone(), s.user.role));
    let sign_out = move |_| {
        let waiting = ctx.repo().status.get_untracked().waiting;
        let window = web_sys::window();
        if waiting > 0
            && !window
                .as_ref()
                .and_then(|w| w.confirm_with_message(ctx.t(Text::SignOutWaiting)).ok())
                .unwrap_or(false)
        {
            return;
        }
        leptos::task::spawn_local(async move {
            crate::session::Session::sign_out().await;
            if let Some(w) = web_sys::window() {
                let _ = w.location().replace("/");
            }
        });
    };
    view! {
        <p class="who-am-i">
            {name} " · " {move || rounds_shared::labels::Labelled::label(&role, ctx.locale.get())}
            <button class="link" on:click=sign_out>{move || ctx.t(Text::SignOut)}</button>
        </p>
    }
}
