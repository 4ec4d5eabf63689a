//! The success roadmap by tenure: phases (training, the first months with a quota …), each
//! with its own standards' minimums, and each rep's start date, from which their phase is
//! reckoned. The training material's phases load with one button.

use leptos::prelude::*;
use rounds_shared::api::{OrgEndpoint, RoadmapChange, UsersEndpoint};
use rounds_shared::labels::Locale;
use rounds_shared::model::{OrgConfig, RepStart, RoadmapPhase, UserRole};

use super::text::{Text, tr};
use super::{Outcome, change, load};
use crate::ui::Ctx;
use crate::ui::widgets::standard_label;

/// The roadmap card of the settings screen.
#[component]
pub(crate) fn Roadmap(reload: RwSignal<u32>) -> impl IntoView {
    let ctx = Ctx::get();
    let org = load::<OrgEndpoint>(String::new, reload);
    let people = load::<UsersEndpoint>(String::new, reload);
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let phases: RwSignal<Vec<RoadmapPhase>> = RwSignal::new(Vec::new());
    let starts: RwSignal<Vec<RepStart>> = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        if let Some(Ok(o)) = org.get() {
            let o: OrgConfig = o;
            phases.set(o.phases);
            starts.set(o.starts);
        }
    });
    let save = move |_| {
        let body = RoadmapChange {
            phases: phases.get_untracked(),
            starts: starts.get_untracked(),
        };
        change::<_, OrgConfig>(
            "PUT",
            "/api/v1/org/roadmap".into(),
            body,
            reload,
            message,
            |_| tr(Text::SavedOnServer).to_owned(),
        );
    };
    let phase_rows = move || {
        let locale = ctx.locale.get();
        let o = org.get()?.ok()?;
        Some(phases.get().into_iter().enumerate().map(|(i, p)| {
            let name = if locale == Locale::En { p.en.clone() } else { p.zh.clone() };
            let until = p.until_week.map(|u| (u - 1).to_string()).unwrap_or_else(|| "…".into());
            view! {
                <div class="phase" data-testid="phase">
                    <h4>{format!("{name} · {} {}–{until}", tr(Text::TenureWeeks), p.from_week)}</h4>
                    <table class="admin-table"><tbody>
                    {p.standards.iter().enumerate().map(|(j, s)| view! {
                        <tr><td>{standard_label(&o, s.metric, s.stage.as_ref(), locale)}</td>
                            <td><input type="number" min="0" prop:value=s.minimum.to_string() on:change=move |e| {
                                if let Ok(n) = event_target_value(&e).parse::<i64>() {
                                    phases.update(|ps| ps[i].standards[j].minimum = n);
                                }
                            } /></td></tr>
                    }).collect_view()}
                    </tbody></table>
                </div>
            }
        }).collect_view())
    };
    let start_rows = move || {
        let reps: Vec<_> = people
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.role == UserRole::Rep && !u.disabled)
            .collect();
        reps.into_iter().map(|u| {
            let id = u.id;
            let date = starts.with(|s| s.iter().find(|s| s.rep == id).map(|s| s.started.to_string()))
                .unwrap_or_default();
            view! {
                <tr><td>{u.display_name}</td>
                    <td><input type="date" prop:value=date data-rep=u.username on:change=move |e| {
                        let picked = event_target_value(&e).parse().ok();
                        starts.update(|s| {
                            s.retain(|x| x.rep != id);
                            if let Some(started) = picked {
                                s.push(RepStart { rep: id, started });
                            }
                        });
                    } /></td></tr>
            }
        }).collect_view()
    };
    view! {
        <section class="card" data-testid="roadmap">
            <h3>{move || tr(Text::Roadmap)}</h3>
            <p class="sub">{move || tr(Text::RoadmapHelp)}</p>
            <button class="link" on:click=move |_| phases.set(RoadmapPhase::source())>{move || tr(Text::LoadSourceRoadmap)}</button>
            <button class="link" on:click=move |_| phases.set(Vec::new())>{move || tr(Text::Remove)}</button>
            {phase_rows}
            <h4>{move || tr(Text::StartDates)}</h4>
            <table class="admin-table"><tbody>{start_rows}</tbody></table>
            <button on:click=save>{move || ctx.t(crate::i18n::Text::Save)}</button>
            <Outcome message />
        </section>
    }
}
