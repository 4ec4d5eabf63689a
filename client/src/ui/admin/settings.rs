//! The organisation's settings: the stage template (a change that would strand open
//! opportunities is refused with their list), the activity standards, when daily lists are
//! due, and quarterly targets for the organisation, each team and each rep — a grid, or
//! pasted from Excel.

use leptos::prelude::*;
use rounds_shared::api::{OrgEndpoint, TeamsEndpoint, TemplateChange, UsersEndpoint};
use rounds_shared::model::{OrgConfig, Standard, Target, TargetSubject, UserRole};
use rounds_shared::money::Money;
use rounds_shared::time::{PeriodKey, Timestamp};

use super::text::{Text, tr};
use super::{Outcome, change, load};
use crate::ui::Ctx;
use crate::ui::widgets::standard_label;

fn this_quarter(org: &OrgConfig) -> PeriodKey {
    let now = Timestamp(js_sys::Date::now() as i64);
    PeriodKey::quarter_of(now.date(org.tz))
}

/// The settings screen.
#[component]
pub(crate) fn Settings() -> impl IntoView {
    let ctx = Ctx::get();
    let reload = RwSignal::new(0u32);
    let org = load::<OrgEndpoint>(String::new, reload);
    let teams = load::<TeamsEndpoint>(String::new, reload);
    let people = load::<UsersEndpoint>(String::new, reload);
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let saved = || tr(Text::SavedOnServer).to_owned();

    // The template: one of the shipped ones.
    let template = RwSignal::new("default".to_owned());
    let apply_template = move |_| {
        let body = TemplateChange {
            template: Some(template.get_untracked()),
            stages: None,
        };
        change::<_, OrgConfig>(
            "PUT",
            "/api/v1/org/template".into(),
            body,
            reload,
            message,
            move |_| saved(),
        );
    };
    let stages = move || {
        let locale = ctx.locale.get();
        let o = org.get()?.ok()?;
        Some(view! {
            <ol class="stages">
                {o.template.stages.iter().map(|s| view! {
                    <li>{if locale == rounds_shared::labels::Locale::En { s.en.clone() } else { s.zh.clone() }}
                        " · " {s.win_rate.to_string()}</li>
                }).collect_view()}
            </ol>
        })
    };

    // Standards: the minimum of each, edited in place.
    let standards: RwSignal<Vec<Standard>> = RwSignal::new(Vec::new());
    let targets: RwSignal<Vec<Target>> = RwSignal::new(Vec::new());
    let quarter: RwSignal<Option<PeriodKey>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(Ok(o)) = org.get() {
            let o: OrgConfig = o;
            standards.set(o.standards.clone());
            targets.set(o.targets.clone());
            if quarter.get_untracked().is_none() {
                quarter.set(Some(this_quarter(&o)));
            }
        }
    });
    let standard_rows = move || {
        let locale = ctx.locale.get();
        let o = org.get()?.ok()?;
        Some(standards.get().into_iter().enumerate().map(|(i, s)| view! {
            <tr>
                <td>{standard_label(&o, s.metric, s.stage.as_ref(), locale)}</td>
                <td><input type="number" min="0" prop:value=s.minimum.to_string() on:change=move |e| {
                    if let Ok(n) = event_target_value(&e).parse::<i64>() { standards.update(|v| v[i].minimum = n) }
                } /></td>
            </tr>
        }).collect_view())
    };
    let save_standards = move |_| {
        change::<_, OrgConfig>(
            "PUT",
            "/api/v1/org/standards".into(),
            standards.get_untracked(),
            reload,
            message,
            move |_| saved(),
        );
    };

    // When the day's lists are due.
    let cutoff = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(o)) = org.get() {
            let o: OrgConfig = o;
            cutoff.set(o.cutoff_text());
        }
    });
    let save_cutoff = move |_| {
        change::<_, OrgConfig>(
            "PUT",
            "/api/v1/org/cutoff".into(),
            serde_json::json!({ "cutoff": cutoff.get_untracked() }),
            reload,
            message,
            move |_| saved(),
        );
    };

    // Targets: who, for the quarter picked.
    let subjects = move || -> Vec<(TargetSubject, String, Vec<String>)> {
        let mut out = vec![(
            TargetSubject::Org,
            tr(Text::Whole).to_owned(),
            vec!["org".to_owned(), tr(Text::Whole).to_owned()],
        )];
        for t in teams.get().and_then(Result::ok).unwrap_or_default() {
            out.push((TargetSubject::Team(t.id), t.name.clone(), vec![t.name]));
        }
        for u in people.get().and_then(Result::ok).unwrap_or_default() {
            if u.role == UserRole::Rep && !u.disabled {
                out.push((
                    TargetSubject::Rep(u.id),
                    u.display_name.clone(),
                    vec![u.username, u.display_name],
                ));
            }
        }
        out
    };
    let set_target = move |subject: TargetSubject, amount: Option<Money>| {
        let Some(period) = quarter.get_untracked() else {
            return;
        };
        targets.update(|ts| {
            ts.retain(|t| !(t.subject == subject && t.period == period));
            if let Some(amount) = amount {
                ts.push(Target {
                    subject,
                    period,
                    amount,
                });
            }
        });
    };
    let grid = move || {
        let period = quarter.get()?;
        let ts = targets.get();
        Some(subjects().into_iter().map(|(subject, label, _)| {
            let amount = ts.iter().find(|t| t.subject == subject && t.period == period)
                .map(|t| format!("{:.0}", t.amount.yuan())).unwrap_or_default();
            view! {
                <tr><td>{label}</td><td><input inputmode="decimal" prop:value=amount data-subject=subject.to_string()
                    on:change=move |e| set_target(subject, crate::format::parse_yuan(&event_target_value(&e))) /></td></tr>
            }
        }).collect_view())
    };
    let paste = move |e: leptos::ev::Event| {
        let text = event_target_value(&e);
        let known = subjects();
        for line in text.lines() {
            let mut cells = line.split(['\t', ',']).map(str::trim);
            let (Some(who), Some(amount)) = (cells.next(), cells.next()) else {
                continue;
            };
            if let Some((subject, _, _)) = known
                .iter()
                .find(|(_, _, names)| names.iter().any(|n| n == who))
            {
                set_target(*subject, crate::format::parse_yuan(amount));
            }
        }
    };
    let save_targets = move |_| {
        change::<_, OrgConfig>(
            "PUT",
            "/api/v1/org/targets".into(),
            targets.get_untracked(),
            reload,
            message,
            move |_| saved(),
        );
    };
    let quarters = move || {
        let o = org.get()?.ok()?;
        let now = this_quarter(&o);
        let PeriodKey::Quarter { year, quarter: q } = now else {
            return None;
        };
        let list: Vec<PeriodKey> = (-1..4)
            .map(|k: i32| {
                let n = year * 4 + (q as i32 - 1) + k;
                PeriodKey::Quarter {
                    year: n.div_euclid(4),
                    quarter: (n.rem_euclid(4) + 1) as u32,
                }
            })
            .collect();
        Some(view! {
            <select on:change=move |e| quarter.set(event_target_value(&e).parse().ok())>
                {list.into_iter().map(|p| {
                    let sel = Some(p) == quarter.get_untracked();
                    view! { <option value=p.to_string() selected=sel>{p.to_string()}</option> }
                }).collect_view()}
            </select>
        })
    };

    view! {
        <section class="card">
            <h3>{move || tr(Text::StageTemplate)}</h3>
            {stages}
            <div class="admin-form inline">
                <select on:change=move |e| template.set(event_target_value(&e))>
                    <option value="default">{move || tr(Text::TemplateDefault)}</option>
                    <option value="milestones">{move || tr(Text::TemplateMilestones)}</option>
                    <option value="five_stage">{move || tr(Text::TemplateFive)}</option>
                </select>
                <button on:click=apply_template>{move || tr(Text::Apply)}</button>
            </div>
        </section>
        <Outcome message />
        <section class="card">
            <h3>{move || tr(Text::Standards)}</h3>
            <table class="admin-table"><tbody>{standard_rows}</tbody></table>
            <button on:click=save_standards>{move || ctx.t(crate::i18n::Text::Save)}</button>
        </section>
        <section class="card" data-testid="cutoff">
            <h3>{move || tr(Text::DailyCutoff)}</h3>
            <div class="admin-form inline">
                <input type="time" name="cutoff" prop:value=move || cutoff.get() on:change=move |e| cutoff.set(event_target_value(&e)) />
                <button on:click=save_cutoff>{move || ctx.t(crate::i18n::Text::Save)}</button>
            </div>
        </section>
        <super::roadmap::Roadmap reload />
        <section class="card" data-testid="targets">
            <h3>{move || tr(Text::Targets)} " " {quarters}</h3>
            <p class="sub">{move || tr(Text::TargetsHelp)}</p>
            <table class="admin-table">
                <thead><tr><th>{move || tr(Text::Subject)}</th><th>{move || tr(Text::Amount)}</th></tr></thead>
                <tbody>{grid}</tbody>
            </table>
            <textarea rows="3" placeholder="org\t5000000" on:change=paste></textarea>
            <button on:click=save_targets>{move || ctx.t(crate::i18n::Text::Save)}</button>
        </section>
        {move || org.get().and_then(Result::err).map(|e| view! { <p class="outcome error">{e}</p> })}
    }
}
