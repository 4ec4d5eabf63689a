//! The dashboard's filter bar (period, team, rep, region, level, product, as-of) and the
//! freshness note. Every change goes into the URL, so a view can be shared.

use leptos::prelude::*;
use rounds_shared::labels::Labelled;
use rounds_shared::model::HospitalLevel;
use rounds_shared::time::PeriodKey;

use super::dto::TeamInfo;
use super::fetch::{Fetched, fetch_api};
use crate::i18n::Text;
use crate::query::TeamQuery;
use crate::route::Route;
use crate::ui::Ctx;

/// The teams the manager may see, with their people.
pub(crate) fn teams() -> RwSignal<Fetched<Vec<TeamInfo>>> {
    fetch_api(|| crate::api::get::<rounds_shared::api::TeamsEndpoint>(""))
}

/// Whether the signed-in user leads `team` (admins lead every team).
pub(crate) fn mine(team: &TeamInfo, ctx: &Ctx) -> bool {
    ctx.session.with_value(|s| {
        s.user.role == rounds_shared::model::UserRole::Admin
            || team.managers.contains(&s.user.username)
    })
}

/// The period choices: this week, month and quarter and a custom range; or, for a report
/// made per week (`weekly`), this week and the eight before it by name.
fn period_choices(weekly: bool, ctx: Ctx) -> Vec<(String, Signal<String>)> {
    let named = |k: &str, t: Text| (k.to_owned(), Signal::derive(move || ctx.t(t).to_owned()));
    if !weekly {
        return vec![
            named("week", Text::ThisWeek),
            named("month", Text::ThisMonth),
            named("", Text::ThisQuarter),
            named("custom", Text::Custom),
        ];
    }
    let tz = ctx.repo().read(|d| d.org.tz);
    let today = crate::repo::now().date(tz);
    let mut out = vec![named("", Text::ThisWeek)];
    for back in 1..=8 {
        let week = PeriodKey::week_of(today - chrono::Duration::weeks(back));
        let first = week.dates().0;
        let key = week.to_string();
        out.push((
            key.clone(),
            Signal::derive(move || {
                format!("{key} · {}", crate::format::date(first, ctx.locale.get()))
            }),
        ));
    }
    out
}

/// Period and filters. `make` builds the route for a changed query. A `weekly` report
/// offers weeks only.
#[component]
pub(crate) fn FilterBar(
    q: TeamQuery,
    make: fn(TeamQuery) -> Route,
    #[prop(optional)] weekly: bool,
) -> impl IntoView {
    let ctx = Ctx::get();
    let teams = teams();
    let q = StoredValue::new(q);
    let set = move |key: &'static str| {
        move |e: leptos::ev::Event| {
            let mut next = q.get_value().with(key, &event_target_value(&e));
            next.stage.clear();
            if key == "team" {
                next.rep.clear();
            }
            ctx.go(make(next));
        }
    };
    let value = move |key: &'static str| {
        q.with_value(|q| match key {
            "period" => q.period.clone(),
            "team" => q.team.clone(),
            "rep" => q.rep.clone(),
            "level" => q.level.clone(),
            "region" => q.region.clone(),
            "product" => q.product.clone(),
            "from" => q.from.clone(),
            "to" => q.to.clone(),
            _ => q.as_of.clone(),
        })
    };
    let periods = period_choices(weekly, ctx);
    view! {
        <div class="filter-bar" data-testid="filters">
            <label><span>{move || ctx.t(Text::Period)}</span>
                <select name="period" prop:value=value("period") on:change=set("period")>
                    {periods.into_iter().map(|(k, label)| view! { <option value=k>{label}</option> }).collect_view()}
                </select>
            </label>
            <Show when=move || value("period") == "custom">
                <label><span>{move || ctx.t(Text::From)}</span>
                    <input type="date" name="from" prop:value=value("from") on:change=set("from") /></label>
                <label><span>{move || ctx.t(Text::To)}</span>
                    <input type="date" name="to" prop:value=value("to") on:change=set("to") /></label>
            </Show>
            <label><span>{move || ctx.t(Text::Team)}</span>
                <select name="team" prop:value=value("team") on:change=set("team")>
                    <option value="">{move || ctx.t(Text::All)}</option>
                    {move || teams.get().value.unwrap_or_default().into_iter().filter(|t| mine(t, &ctx)).map(|t| view! { <option value=t.name.clone()>{t.name.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label><span>{move || ctx.t(Text::Rep)}</span>
                <select name="rep" prop:value=value("rep") on:change=set("rep")>
                    <option value="">{move || ctx.t(Text::All)}</option>
                    {move || {
                        let team = value("team");
                        teams.get().value.unwrap_or_default().into_iter()
                            .filter(|t| mine(t, &ctx))
                            .filter(|t| team.is_empty() || t.name == team)
                            .flat_map(|t| t.people)
                            .filter(|p| p.role == rounds_shared::model::UserRole::Rep)
                            .map(|p| view! { <option value=p.username.clone()>{p.display_name.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <label><span>{move || ctx.t(Text::Region)}</span>
                <input name="region" prop:value=value("region") on:change=set("region") /></label>
            <label><span>{move || ctx.t(Text::Level)}</span>
                <select name="level" prop:value=value("level") on:change=set("level")>
                    <option value="">{move || ctx.t(Text::All)}</option>
                    {HospitalLevel::ALL.iter().map(|l| view! { <option value=l.key()>{move || l.label(ctx.locale.get())}</option> }).collect_view()}
                </select>
            </label>
            <label><span>{move || ctx.t(Text::ProductLine)}</span>
                <input name="product" prop:value=value("product") on:change=set("product") /></label>
            <label><span>{move || ctx.t(Text::AsOf)}</span>
                <input type="date" name="as_of" prop:value=value("as_of") on:change=set("as_of") /></label>
        </div>
    }
}

/// "Updated 14:05 (3 minutes ago)" for `data`, and whether it is the copy kept on this device.
#[component]
pub(crate) fn Freshness<T>(data: RwSignal<Fetched<T>>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let ctx = Ctx::get();
    move || {
        let (at, offline, loading) = data.with(|f| (f.fetched_at, f.is_offline(), f.loading));
        let Some(at) = at else {
            return view! {
                <p class="freshness" data-testid="freshness" data-loading=loading.to_string()>
                    {if loading { ctx.t(Text::Loading) } else { ctx.t(Text::NoDataYet) }}
                </p>
            }
            .into_any();
        };
        let minutes = ((js_sys::Date::now() - at) / 60_000.0).max(0.0).floor() as i64;
        let tz = ctx.repo().read(|d| d.org.tz);
        let time = crate::format::time(rounds_shared::time::Timestamp(at as i64), tz);
        let class = if offline {
            "freshness stale"
        } else {
            "freshness"
        };
        view! {
            <p class=class data-testid="freshness" data-loading=loading.to_string()>
                {ctx.t(Text::DataAsOf)} " " {time} " (" {minutes} " " {ctx.t(Text::MinutesAgo)} ")"
                {offline.then(|| view! { " · " <strong>{ctx.t(Text::OfflineCopy)}</strong> })}
            </p>
        }
        .into_any()
    }
}
