//! Hospitals: the list with owners (orphans marked), export as a sheet, and import from a
//! CSV or Excel sheet — a dry run listing every row's result first, then an import that
//! saves every row or none.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::api::{
    AccountSummary, AccountsEndpoint, Endpoint, IMPORT_PATH, ImportOutcome, ImportReport,
};
use rounds_shared::labels::Labelled;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::hospital_form::HospitalForm;
use super::text::{Text, tr};
use super::{Outcome, explain, load};
use crate::http;
use crate::ui::Ctx;

/// The chosen file's name and bytes.
async fn read_file(input: &web_sys::HtmlInputElement) -> Option<(String, Vec<u8>)> {
    let file = input.files()?.get(0)?;
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()))
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// The import card: choose a file, dry run, import.
#[component]
fn Import(reload: RwSignal<u32>) -> impl IntoView {
    let ctx = Ctx::get();
    let file: RwSignal<Option<(String, Vec<u8>)>, LocalStorage> = RwSignal::new_local(None);
    let report: RwSignal<Option<Result<ImportReport, String>>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let run = move |commit: bool| {
        let Some((name, bytes)) = file.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let path = format!("{IMPORT_PATH}?commit={commit}&file={}", encode(&name));
            let answer = http::upload::<ImportReport>(&path, &bytes).await;
            let committed = answer.as_ref().is_ok_and(|r| r.committed);
            let _ = report.try_set(Some(answer.map_err(|e| explain(&e))));
            let _ = busy.try_set(false);
            if committed {
                reload.update(|n| *n += 1);
            }
        });
    };
    let chosen = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let el: web_sys::HtmlInputElement = el.unchecked_into();
        report.set(None);
        spawn_local(async move {
            let read = read_file(&el).await;
            file.set(read);
        });
    };
    let summary = move || {
        let locale = ctx.locale.get();
        match report.get()? {
            Err(e) => Some(
                view! { <p class="outcome error" data-testid="import-error">{e}</p> }.into_any(),
            ),
            Ok(r) => {
                let state = if r.committed {
                    format!(
                        "{} · {} {} · {} {}",
                        tr(Text::ImportDone),
                        tr(Text::NewRows),
                        r.new,
                        tr(Text::Updated),
                        r.updated
                    )
                } else if r.errors > 0 {
                    tr(Text::ImportHasErrors).to_owned()
                } else {
                    tr(Text::ImportNothingSaved).to_owned()
                };
                let class = if r.errors > 0 {
                    "outcome error"
                } else {
                    "outcome ok"
                };
                let can_commit = !r.committed && r.errors == 0 && r.new + r.updated > 0;
                // Errors first, then what changes; unchanged rows are only counted.
                let mut rows: Vec<_> = r
                    .rows
                    .iter()
                    .filter(|x| x.outcome != ImportOutcome::Unchanged)
                    .cloned()
                    .collect();
                rows.sort_by_key(|x| (x.outcome != ImportOutcome::Error, x.row));
                Some(view! {
                    <p class=class data-testid="import-summary" data-committed=r.committed.to_string()
                        data-errors=r.errors.to_string() data-new=r.new.to_string() data-updated=r.updated.to_string()>
                        {state}
                    </p>
                    <p class="sub">
                        {format!("{} {} · {} {} · {} {} · {} {}", tr(Text::NewRows), r.new, tr(Text::Updated), r.updated,
                            tr(Text::Unchanged), r.unchanged, tr(Text::Errors), r.errors)}
                    </p>
                    {can_commit.then(|| view! {
                        <button data-testid="import-commit" disabled=move || busy.get() on:click=move |_| run(true)>{tr(Text::Commit)}</button>
                    })}
                    <div class="table-wrap">
                    <table class="admin-table" data-testid="import-rows">
                        <thead><tr><th class="num">{tr(Text::RowNo)}</th><th>{tr(Text::Hospitals)}</th>
                            <th>{tr(Text::Outcome)}</th><th>{tr(Text::Column)}</th><th>{tr(Text::Reason)}</th></tr></thead>
                        <tbody>
                        {rows.into_iter().map(|x| {
                            let class = if x.outcome == ImportOutcome::Error { "error" } else { "" };
                            view! {
                                <tr class=class data-outcome=x.outcome.key()>
                                    <td class="num">{x.row}</td><td>{x.name}</td><td>{x.outcome.label(locale)}</td>
                                    <td>{x.column.unwrap_or_default()}</td><td>{x.message}</td>
                                </tr>
                            }
                        }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any())
            }
        }
    };
    view! {
        <section class="card" data-testid="import">
            <h3>{move || tr(Text::Import)}</h3>
            <p class="sub">{move || tr(Text::ImportHelp)}</p>
            <input type="file" node_ref=input data-testid="import-file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                on:change=chosen />
            <button data-testid="import-dry-run" disabled=move || busy.get() || file.with(Option::is_none)
                on:click=move |_| run(false)>{move || tr(Text::DryRun)}</button>
            {summary}
        </section>
    }
}

/// The hospitals screen.
#[component]
pub(crate) fn Hospitals() -> impl IntoView {
    let ctx = Ctx::get();
    let reload = RwSignal::new(0u32);
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let people = load::<rounds_shared::api::UsersEndpoint>(String::new, reload);
    let people = Signal::derive(move || people.get().and_then(Result::ok).unwrap_or_default());
    // The form shown: none, a new hospital, or one being edited.
    let form: RwSignal<Option<Option<AccountSummary>>> = RwSignal::new(None);
    let close = Callback::new(move |()| form.set(None));
    let orphans = RwSignal::new(false);
    let filter = RwSignal::new(String::new());
    let list = load::<AccountsEndpoint>(
        move || {
            if orphans.get() {
                "orphans=true".into()
            } else {
                String::new()
            }
        },
        reload,
    );
    let rows = move || {
        let locale = ctx.locale.get();
        let items = match list.get() {
            None => return view! { <p class="loading">"…"</p> }.into_any(),
            Some(Err(e)) => return view! { <p class="outcome error">{e}</p> }.into_any(),
            Some(Ok(items)) => items,
        };
        let f = filter.get().to_lowercase();
        let total = items.len();
        let shown: Vec<_> = items
            .into_iter()
            .filter(|a| {
                f.is_empty()
                    || a.name.to_lowercase().contains(&f)
                    || a.owner_username.to_lowercase().contains(&f)
                    || a.region.to_lowercase().contains(&f)
            })
            .collect();
        view! {
            <p class="sub" data-testid="hospital-count" data-total=total.to_string()>{format!("{} / {total}", shown.len())}</p>
            <div class="table-wrap">
            <table class="admin-table" data-testid="hospitals">
                <thead><tr><th>{tr(Text::Hospitals)}</th><th>{tr(Text::Level)}</th><th>{tr(Text::Territory)}</th>
                    <th>{tr(Text::Zone)}</th><th>{tr(Text::Relationship)}</th><th>{tr(Text::Owner)}</th><th></th></tr></thead>
                <tbody>
                {shown.into_iter().take(500).map(|a| {
                    let this = a.clone();
                    view! {
                        <tr class=if a.orphan { "orphan" } else { "" }>
                            <td>{a.name}</td><td>{a.level.label(locale)}</td><td>{a.region}</td>
                            <td>{a.zone.map(|z| z.label(locale))}</td>
                            <td data-testid="relationship">{[a.relationship_stage.map(|s| s.label(locale)), a.tier.map(|t| t.label(locale)), a.attitude.map(|x| x.label(locale))].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</td>
                            <td>{a.owner_username}</td>
                            <td>{a.orphan.then(|| tr(Text::Orphan))}
                                <button class="link" on:click=move |_| form.set(Some(Some(this.clone())))>{tr(Text::Edit)}</button></td>
                        </tr>
                    }
                }).collect_view()}
                </tbody>
            </table>
            </div>
        }.into_any()
    };
    view! {
        <Import reload />
        <button on:click=move |_| form.set(Some(None))>{move || tr(Text::NewHospital)}</button>
        {move || form.get().map(|editing| view! {
            <HospitalForm editing people reload message on_done=close />
        })}
        <Outcome message />
        <section class="card">
            <div class="admin-form inline">
                <label class="find">{move || tr(Text::Search)}
                    <input type="search" prop:value=filter on:input=move |e| filter.set(event_target_value(&e)) /></label>
                <label class="check"><input type="checkbox" prop:checked=orphans
                    on:change=move |e| orphans.set(event_target_checked(&e)) />{move || tr(Text::Orphans)}</label>
                <a class="csv" href=AccountsEndpoint::url("format=csv") download="hospitals.csv">{move || tr(Text::ExportSheet)}</a>
            </div>
            {rows}
        </section>
    }
}
