//! Managers' and admins' view of hand-off notices (`GET /notices`): open and overdue by
//! department and by person, average turnaround, the list (overdue first) and its CSV.

use leptos::prelude::*;
use rounds_shared::api::{DeskCount, NoticeItem, NoticeReport, NoticesEndpoint};
use rounds_shared::labels::Labelled;

use super::bar::Freshness;
use super::fetch::fetch_api;
use crate::api;
use crate::format;
use crate::i18n::Text;
use crate::ui::Ctx;
use crate::ui::notice::NoticeText as N;

const STATUSES: [(&str, N); 5] = [
    ("open", N::Open),
    ("overdue", N::Overdue),
    ("help", N::HelpNeeded),
    ("done", N::Done),
    ("all", N::All),
];

fn tr(text: N) -> &'static str {
    crate::ui::notice::tr(text)
}

fn hours(h: Option<f64>) -> String {
    h.map_or_else(|| "—".to_owned(), |h| format!("{h:.1}"))
}

fn count_rows(rows: Vec<DeskCount>, testid: &'static str) -> impl IntoView {
    rows.into_iter()
        .map(|c| {
            let name = c.name.clone();
            view! {
                <tr data-testid=testid data-name=name>
                    <th>{c.name}</th>
                    <td class="num" data-open=c.open.to_string()>{c.open}</td>
                    <td class="num" data-overdue=c.overdue.to_string()>{c.overdue}</td>
                    <td class="num">{c.done}</td>
                    <td class="num">{hours(c.avg_turnaround_hours)}</td>
                </tr>
            }
        })
        .collect_view()
}

fn item(ctx: Ctx, n: NoticeItem) -> impl IntoView {
    let locale = ctx.locale.get_untracked();
    let due = n.due.map(|d| format::date(d, locale)).unwrap_or_default();
    let status = if n.overdue {
        format!("{} · {}", n.status.label(locale), tr(N::Overdue))
    } else {
        n.status.label(locale).to_owned()
    };
    let help = n.needs_help.then(|| {
        view! { <span class="chip warn">{tr(N::HelpNeeded)} ": " {n.help_needed.clone()}</span> }
    });
    view! {
        <tr data-testid="team-notice" data-id=n.id.to_string() class=if n.overdue { "overdue" } else { "" }>
            <td>{n.kind.label(locale)}</td>
            <td>{n.hospital}</td>
            <td>{n.details}</td>
            <td>{n.issuer_name}</td>
            <td>{n.department.label(locale)} " " {n.handler_name.unwrap_or_default()}</td>
            <td>{status} {help}</td>
            <td>{due}</td>
        </tr>
    }
}

/// The notices screen of the dashboard.
#[component]
pub(crate) fn TeamNotices() -> impl IntoView {
    let ctx = Ctx::get();
    let status = RwSignal::new("open");
    let data = fetch_api(move || api::get::<NoticesEndpoint>(format!("status={}", status.get())));
    let csv = move || api::get::<NoticesEndpoint>(format!("status={}", status.get())).csv_url();
    let body = move || {
        let fetched = data.get();
        let Some(report): Option<NoticeReport> = fetched.value else {
            let why = fetched.error.map_or(Text::Loading, |_| Text::NoDataYet);
            return view! { <p class="empty">{ctx.t(why)}</p> }.into_any();
        };
        let all = report.all.clone();
        let list = report
            .notices
            .into_iter()
            .map(|n| item(ctx, n))
            .collect_view();
        view! {
            <p class="reading" data-testid="notice-totals" data-open=all.open.to_string()
                data-overdue=all.overdue.to_string() data-done=all.done.to_string()>
                {tr(N::Open)} " " {all.open} " · " {tr(N::Overdue)} " " {all.overdue} " · "
                {tr(N::Done)} " " {all.done} " · " {tr(N::AvgTurnaround)} " " {hours(all.avg_turnaround_hours)}
            </p>
            <table class="list-table">
                <thead><tr><th>{tr(N::Department)}</th><th>{tr(N::Open)}</th><th>{tr(N::Overdue)}</th>
                    <th>{tr(N::Done)}</th><th>{tr(N::AvgTurnaround)}</th></tr></thead>
                <tbody>{count_rows(report.by_department, "desk-count")}</tbody>
            </table>
            <table class="list-table">
                <thead><tr><th>{tr(N::ByPerson)}</th><th>{tr(N::Open)}</th><th>{tr(N::Overdue)}</th>
                    <th>{tr(N::Done)}</th><th>{tr(N::AvgTurnaround)}</th></tr></thead>
                <tbody>{count_rows(report.by_handler, "person-count")}</tbody>
            </table>
            <table class="list-table notices" data-total=report.total.to_string()>
                <thead><tr><th>{tr(N::Kind)}</th><th>{tr(N::Hospital)}</th><th>{tr(N::Details)}</th>
                    <th>{tr(N::IssuedBy)}</th><th>{tr(N::Handler)}</th><th>{tr(N::Status)}</th><th>{tr(N::Due)}</th></tr></thead>
                <tbody>{list}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="screen dash team-notices">
            <Freshness data />
            <section class="card" data-testid="team-notices">
                <h2>{tr(N::Notices)}</h2>
                <nav class="chips">
                    {STATUSES.into_iter().map(|(key, label)| view! {
                        <button type="button" data-status=key
                            class=move || if status.get() == key { "chip on" } else { "chip" }
                            on:click=move |_| status.set(key)>{tr(label)}</button>
                    }).collect_view()}
                </nav>
                {body}
                <a class="csv" href=csv download="notices.csv">{move || ctx.t(Text::ExportCsv)}</a>
            </section>
        </div>
    }
}

/// A rep's overdue notices, for their weekly-meeting page (nothing when none).
pub(crate) fn overdue_list(report: Option<NoticeReport>) -> impl IntoView {
    let ctx = Ctx::get();
    let items: Vec<NoticeItem> = report.map(|r| r.notices).unwrap_or_default();
    (!items.is_empty()).then(|| {
        view! {
            <h3>{tr(N::Overdue)} " · " {tr(N::Notices)}</h3>
            <table class="list-table" data-testid="meeting-overdue-notices">
                <tbody>{items.into_iter().map(|n| item(ctx, n)).collect_view()}</tbody>
            </table>
        }
    })
}
