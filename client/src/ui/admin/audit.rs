//! The audit log: every administrative change (who, when, what before and after),
//! filtered by action, person or target, paged, and exported as CSV.

use leptos::prelude::*;
use rounds_shared::api::{AuditAction, AuditEndpoint, Endpoint};
use rounds_shared::labels::Labelled;

use super::load;
use super::text::{Text, tr};
use crate::format;
use crate::ui::Ctx;

const PAGE: usize = 50;

/// The audit log screen.
#[component]
pub(crate) fn AuditLog() -> impl IntoView {
    let ctx = Ctx::get();
    let reload = RwSignal::new(0u32);
    let action = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let offset = RwSignal::new(0usize);
    let query = move || {
        let mut q = form_urlencoded_pairs(&[
            ("action", action.get()),
            ("actor", actor.get()),
            ("target", target.get()),
        ]);
        q.push_str(&format!("&limit={PAGE}&offset={}", offset.get()));
        q
    };
    let log = load::<AuditEndpoint>(query, reload);
    let csv = move || {
        AuditEndpoint::url(&format!(
            "{}&format=csv",
            form_urlencoded_pairs(&[
                ("action", action.get()),
                ("actor", actor.get()),
                ("target", target.get())
            ])
        ))
    };
    let rows = move || {
        let locale = ctx.locale.get();
        let tz = ctx.repo().read(|d| d.org.tz);
        let page = match log.get() {
            None => return view! { <p class="loading">"…"</p> }.into_any(),
            Some(Err(e)) => return view! { <p class="outcome error">{e}</p> }.into_any(),
            Some(Ok(p)) => p,
        };
        let (total, start) = (page.total, page.offset);
        view! {
            <p class="sub" data-testid="audit-total" data-total=total.to_string()>
                {format!("{}–{} / {total}", (start + 1).min(total), start + page.items.len())}
            </p>
            <div class="table-wrap">
            <table class="admin-table" data-testid="audit">
                <thead><tr><th>{tr(Text::When)}</th><th>{tr(Text::Who)}</th><th>{tr(Text::What)}</th>
                    <th>{tr(Text::Target)}</th><th>{tr(Text::Changes)}</th></tr></thead>
                <tbody>
                {page.items.into_iter().map(|e| view! {
                    <tr data-action=e.action.key()>
                        <td>{format::date_time(e.at, tz, locale)}</td>
                        <td>{e.actor_name}</td>
                        <td>{e.action.label(locale)}</td>
                        <td>{e.target}</td>
                        <td><ul class="changes">{e.changes.into_iter().map(|c| view! {
                            <li><b>{c.field}</b> ": " <s>{c.before}</s> " → " {c.after}</li>
                        }).collect_view()}</ul></td>
                    </tr>
                }).collect_view()}
                </tbody>
            </table>
            </div>
            <div class="pager">
                <button disabled=start == 0 on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE))>{tr(Text::Previous)}</button>
                <button disabled=start + PAGE >= total on:click=move |_| offset.update(|o| *o += PAGE)>{tr(Text::Next)}</button>
            </div>
        }.into_any()
    };
    view! {
        <section class="card">
            <div class="admin-form inline">
                <select on:change=move |e| { offset.set(0); action.set(event_target_value(&e)); }>
                    <option value="">{move || tr(Text::AllActions)}</option>
                    {move || {
                        let locale = ctx.locale.get();
                        AuditAction::ALL.iter().map(|a| view! { <option value=a.key()>{a.label(locale)}</option> }).collect_view()
                    }}
                </select>
                <label>{move || tr(Text::Who)}<input placeholder="username / cli" on:change=move |e| { offset.set(0); actor.set(event_target_value(&e)); } /></label>
                <label>{move || tr(Text::Target)}<input on:change=move |e| { offset.set(0); target.set(event_target_value(&e)); } /></label>
                <a class="csv" href=csv download="audit.csv">{move || ctx.t(crate::i18n::Text::ExportCsv)}</a>
            </div>
            {rows}
        </section>
    }
}

/// `a=1&b=2` of the pairs whose value is not empty.
fn form_urlencoded_pairs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| {
            format!(
                "{k}={}",
                String::from(js_sys::encode_uri_component(v.trim()))
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}
