//! The team funnel for the weekly sales meeting: the funnel chart (by count or amount), the
//! weighted pipeline, the three formulas against the period's target with a short reading,
//! the funnel-shape warning naming stage and rep, one small funnel per rep, the trend over
//! two quarters, and a drill-down from any stage to its opportunities.

use rounds_shared::api::{FunnelEndpoint, OpportunitiesEndpoint, TrendEndpoint};

use crate::api;
use leptos::prelude::*;
use rounds_shared::labels::Locale;
use rounds_shared::model::UserRole;

use super::bar::{FilterBar, Freshness, teams};
use super::chart::{FunnelChart, FunnelRow, LineChart, Series};
use super::dto::{FunnelReport, OppItem, Page, TrendPoint};
use super::fetch::{Fetched, fetch_api, fetch_api_when};
use crate::format;
use crate::i18n::{Text, t};
use crate::query::TeamQuery;
use crate::route::Route;
use crate::ui::Ctx;
use crate::ui::widgets::Go;

/// The chart rows of a funnel report, sized by amount or by count.
pub(crate) fn rows(report: &FunnelReport, by_amount: bool, locale: Locale) -> Vec<FunnelRow> {
    report
        .stages
        .iter()
        .map(|s| FunnelRow {
            key: s.stage.to_string(),
            label: s.name(locale).to_owned(),
            value: if by_amount {
                s.amount.fen() as f64
            } else {
                s.count as f64
            },
            text: format!("{} · {}", s.count, format::money(s.amount, locale)),
        })
        .collect()
}

/// "「建立信任」(12) more than「客户分析」(8)" for each place the funnel widens.
fn widenings(report: &FunnelReport, locale: Locale) -> Vec<String> {
    let name = |key: &str| {
        report
            .stages
            .iter()
            .find(|s| s.stage.as_str() == key)
            .map_or_else(|| key.to_owned(), |s| s.name(locale).to_owned())
    };
    report
        .shape
        .widenings
        .iter()
        .map(|w| {
            format!(
                "「{}」({}) {} 「{}」({})",
                name(w.stage.as_str()),
                w.count,
                t(locale, Text::MoreThan),
                name(w.previous.as_str()),
                w.previous_count
            )
        })
        .collect()
}

/// The team funnel screen.
#[component]
pub(crate) fn TeamFunnel(q: TeamQuery) -> impl IntoView {
    let ctx = Ctx::get();
    let filters = q.api_filters();
    let by_amount = q.by == "amount";
    let f = filters.clone();
    let report = fetch_api(move || api::get::<FunnelEndpoint>(f.clone()));
    let f = filters.clone();
    let trend = fetch_api(move || api::get::<TrendEndpoint>(f.clone()));
    let stage = q.stage.clone();
    let f = filters.clone();
    let s = stage.clone();
    let drill: RwSignal<Fetched<Page<OppItem>>> = fetch_api_when(move || {
        (!s.is_empty())
            .then(|| api::get::<OpportunitiesEndpoint>(format!("{f}&stage={s}&limit=200")))
    });
    let (f, s) = (filters.clone(), stage.clone());
    let drill_risk = super::warnings::fetch_warnings_when(move || {
        (!s.is_empty()).then(|| format!("{f}&stage={s}&limit=1000"))
    });
    let drill_csv =
        api::get::<OpportunitiesEndpoint>(format!("{filters}&stage={stage}&limit=1000")).csv_url();
    let q = StoredValue::new(q);
    let pick = Callback::new(move |key: String| {
        let next = q.with_value(|q| {
            if q.stage == key {
                q.with("stage", "")
            } else {
                q.with("stage", &key)
            }
        });
        ctx.go(Route::Team(next));
    });
    let toggle = move |amount: bool| {
        let next = q.with_value(|q| q.with("by", if amount { "amount" } else { "" }));
        ctx.go(Route::Team(next));
    };
    let csv = api::get::<FunnelEndpoint>(filters.clone()).csv_url();
    let warnings_csv = super::warnings::csv_url(&filters);
    let at_risk = super::warnings::fetch_warnings_when({
        let f = filters.clone();
        move || Some(format!("{f}&limit=20"))
    });

    let main = move || {
        let locale = ctx.locale.get();
        let fetched = report.get();
        let Some(r) = fetched.value else {
            return view! { <p class="empty">{fetched.error.map_or(ctx.t(Text::Loading), |_| ctx.t(Text::NoDataYet))}</p> }.into_any();
        };
        let reading = match (r.forecast.percent, r.target) {
            (Some(p), Some(target)) => format!(
                "{} {:.1}% {}（{} / {}）",
                t(locale, Text::ForecastReads),
                p,
                t(locale, Text::OfTarget),
                format::money(r.forecast.part, locale),
                format::money(target, locale)
            ),
            _ => t(locale, Text::NoTargetSet).to_owned(),
        };
        let warnings = widenings(&r, locale);
        view! {
            <div class="dash-grid">
                <section class="card funnel-card">
                    <h2>{t(locale, Text::TeamFunnel)}
                        <span class="toggle">
                            <button class=if by_amount { "" } else { "on" } on:click=move |_| toggle(false)>{t(locale, Text::ByCount)}</button>
                            <button class=if by_amount { "on" } else { "" } on:click=move |_| toggle(true)>{t(locale, Text::ByAmount)}</button>
                        </span>
                    </h2>
                    <div data-testid="team-funnel">
                        <FunnelChart rows=rows(&r, by_amount, locale) selected=stage.clone() on_pick=pick />
                    </div>
                    <table class="stage-table" data-testid="stage-table">
                        <thead><tr>
                            <th>{t(locale, Text::Stage)}</th><th>{t(locale, Text::Count)}</th>
                            <th>{t(locale, Text::Amount)}</th><th>{t(locale, Text::Weighted)}</th>
                        </tr></thead>
                        <tbody>
                            {r.stages.iter().map(|s| view! {
                                <tr data-stage=s.stage.to_string()>
                                    <td>{s.name(locale)}</td>
                                    <td class="num n-count">{s.count}</td>
                                    <td class="num amount" data-fen=s.amount.fen().to_string()>{format::money(s.amount, locale)}</td>
                                    <td class="num">{format::money(s.weighted, locale)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <a class="csv" href=csv.clone() download="funnel.csv">{t(locale, Text::ExportCsv)}</a>
                </section>
                <section class="card formulas-card">
                    <h2>{t(locale, Text::Forecast)}</h2>
                    <p class="reading" data-testid="reading">{reading}</p>
                    <dl class="formulas">
                        <dt>{t(locale, Text::WeightedPipeline)}</dt>
                        <dd data-testid="weighted" data-fen=r.weighted_pipeline.fen().to_string()>{format::money(r.weighted_pipeline, locale)}</dd>
                        <dt>{t(locale, Text::Forecast)}</dt>
                        <dd data-testid="forecast">{format::percent(r.forecast.percent)}</dd>
                        <dt>{t(locale, Text::Progress)}</dt>
                        <dd data-testid="progress">{format::percent(r.progress.percent)} " (" {r.progressed} "/" {r.in_funnel} ")"</dd>
                        <dt>{t(locale, Text::Churn)}</dt>
                        <dd data-testid="churn">{format::percent(r.churn.percent)} " (" {r.churned} "/" {r.in_funnel} ")"</dd>
                        <dt>{t(locale, Text::Won)}</dt>
                        <dd>{format::money(r.won, locale)}</dd>
                    </dl>
                    {(!warnings.is_empty()).then(|| view! {
                        <div class="warning" role="alert">
                            <strong>{t(locale, Text::ShapeWarning)}</strong>
                            <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                        </div>
                    })}
                </section>
            </div>
        }
        .into_any()
    };

    let drill_view = move || {
        let locale = ctx.locale.get();
        let page = drill.get().value?;
        let risk = drill_risk.get();
        let items = page
            .items
            .into_iter()
            .map(|o| {
                let to = Route::Opportunity(o.account_id, o.id);
                view! {
                    <tr>
                        <td><Go to=to>{o.title.clone()}</Go></td>
                        <td>{o.account_name.clone()}</td>
                        <td>{o.product_line.clone()}</td>
                        <td class="num">{format::money(o.amount, locale)}</td>
                        <td class="sub warn" data-testid="drill-warnings">{super::warnings::kinds_of(&risk, o.id)}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card" data-testid="drill-down">
                <h2>{t(locale, Text::Opportunities)} <span class="count">{page.total}</span></h2>
                <table class="list-table"><tbody>{items}</tbody></table>
                <a class="csv" href=drill_csv.clone() download="opportunities.csv">{t(locale, Text::ExportCsv)}</a>
            </section>
        })
    };

    view! {
        <div class="screen dash">
            <FilterBar q=q.get_value() make=Route::Team />
            <Freshness data=report />
            {main}
            {drill_view}
            <super::warnings::WarningsPanel data=at_risk csv=warnings_csv per_rep=true limit=20 />
            <RepMultiples q=q.get_value() />
            <Trend trend />
        </div>
    }
}

/// One small funnel per rep, side by side.
#[component]
fn RepMultiples(q: TeamQuery) -> impl IntoView {
    let ctx = Ctx::get();
    let teams = teams();
    let q = StoredValue::new(q);
    move || {
        let all = teams.get().value.unwrap_or_default();
        let (team, rep) = q.with_value(|q| (q.team.clone(), q.rep.clone()));
        if !rep.is_empty() {
            return ().into_any();
        }
        let reps: Vec<_> = all
            .into_iter()
            .filter(|t| team.is_empty() || t.name == team)
            .filter(|t| super::bar::mine(t, &ctx))
            .flat_map(|t| t.people)
            .filter(|p| p.role == UserRole::Rep)
            .collect();
        view! {
            <section class="card">
                <h2>{move || ctx.t(Text::ByRep)}</h2>
                <div class="multiples" data-testid="multiples">
                    {reps.into_iter().map(|p| {
                        let filters = q.with_value(|q| q.with("rep", &p.username).with("team", "").api_filters());
                        view! { <RepFunnel name=p.display_name.clone() username=p.username.clone() id=p.id.to_string() filters /> }
                    }).collect_view()}
                </div>
            </section>
        }
        .into_any()
    }
}

#[component]
fn RepFunnel(name: String, username: String, id: String, filters: String) -> impl IntoView {
    let ctx = Ctx::get();
    let report = fetch_api(move || api::get::<FunnelEndpoint>(filters.clone()));
    let to = Route::Team(TeamQuery {
        rep: username,
        ..TeamQuery::default()
    });
    let accounts = id.parse().map_or(Route::NotFound, Route::RepAccounts);
    move || {
        let locale = ctx.locale.get();
        let r = report.get().value;
        let who = name.clone();
        view! {
            <div class="multiple">
                <h3><Go to=to.clone()>{who}</Go> " · " <Go to=accounts.clone() class="sub">{t(locale, Text::Accounts)}</Go></h3>
                {r.map(|r| {
                    let bad = !r.shape.widenings.is_empty();
                    view! {
                        <FunnelChart rows=rows(&r, false, locale) compact=true />
                        <p class=if bad { "sub warn" } else { "sub" }>
                            {t(locale, Text::Forecast)} " " {format::percent(r.forecast.percent)}
                            {bad.then(|| format!(" · {}", widenings(&r, locale).join("; ")))}
                        </p>
                    }
                })}
            </div>
        }
    }
}

/// The three formulas and the weighted pipeline, week by week over two quarters.
#[component]
fn Trend(trend: RwSignal<Fetched<Vec<TrendPoint>>>) -> impl IntoView {
    let ctx = Ctx::get();
    move || {
        let locale = ctx.locale.get();
        let points = trend.get().value?;
        let labels: Vec<String> = points
            .iter()
            .map(|p| {
                p.week
                    .to_string()
                    .rsplit('-')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        let pct = |f: fn(&TrendPoint) -> Option<f64>| points.iter().map(f).collect::<Vec<_>>();
        let wan = points
            .iter()
            .map(|p| Some(p.weighted_pipeline.fen() as f64 / 1_000_000.0))
            .collect();
        Some(view! {
            <section class="card" data-testid="trend">
                <h2>{t(locale, Text::Trend)}</h2>
                <div class="trend-grid">
                    <LineChart labels=labels.clone() unit="%".to_owned() series=vec![
                        Series { name: t(locale, Text::Forecast).to_owned(), class: "s1", values: pct(|p| p.forecast.percent) },
                        Series { name: t(locale, Text::Progress).to_owned(), class: "s2", values: pct(|p| p.progress.percent) },
                        Series { name: t(locale, Text::Churn).to_owned(), class: "s3", values: pct(|p| p.churn.percent) },
                    ] />
                    <LineChart labels unit=t(locale, Text::TenThousandYuan).to_owned() series=vec![
                        Series { name: t(locale, Text::WeightedPipeline).to_owned(), class: "s4", values: wan },
                    ] />
                </div>
            </section>
        })
    }
}
