//! My funnel, computed on the device from local documents with the maths in
//! `rounds-shared`, so it works with no signal: a bar per stage, the weighted pipeline, the
//! three formulas against my quarter's target, and the funnel-shape warning.

use leptos::prelude::*;
use rounds_shared::funnel::{Formulas, Snapshot};
use rounds_shared::model::TargetSubject;
use rounds_shared::money::Money;
use rounds_shared::stage::Position;
use rounds_shared::time::PeriodKey;

use super::Ctx;
use super::widgets::{Section, position_label};
use crate::format;
use crate::i18n::{Text, t};
use crate::repo::now;

#[derive(Clone, PartialEq)]
struct Bar {
    name: String,
    count: usize,
    amount: Money,
    share: f64,
}

#[derive(Clone, PartialEq)]
struct View {
    bars: Vec<Bar>,
    weighted: Money,
    quarter: String,
    target: Option<Money>,
    formulas: Formulas,
    warnings: Vec<String>,
}

/// The My funnel screen.
#[component]
pub(super) fn MyFunnel() -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.repo().me();
    let view_data = Memo::new(move |_| {
        let locale = ctx.locale.get();
        ctx.repo().read(|d| {
            let t_now = now();
            let opps: Vec<_> = d.my_opportunities().map(|(_, o)| o).collect();
            let snapshot = Snapshot::at(&d.org.template, opps.iter().copied(), t_now);
            let max = snapshot
                .stages
                .iter()
                .map(|s| s.count)
                .max()
                .unwrap_or(0)
                .max(1);
            let name = |k: &rounds_shared::stage::StageKey| {
                position_label(&d.org, &Position::Stage(k.clone()), locale)
            };
            let bars = snapshot
                .stages
                .iter()
                .map(|s| Bar {
                    name: name(&s.stage),
                    count: s.count,
                    amount: s.amount,
                    share: s.count as f64 / max as f64,
                })
                .collect();
            let quarter = PeriodKey::quarter_of(t_now.date(d.org.tz));
            let target = d.org.target(TargetSubject::Rep(me), quarter);
            let formulas = Formulas::compute(
                &d.org.template,
                opps.iter().copied(),
                quarter.period(d.org.tz),
                target.unwrap_or(Money::ZERO),
            );
            let warnings = snapshot
                .shape()
                .widenings
                .iter()
                .map(|w| {
                    format!(
                        "{}（{}）{}{}（{}）",
                        name(&w.stage),
                        w.count,
                        t(locale, Text::MoreThan),
                        name(&w.previous),
                        w.previous_count
                    )
                })
                .collect();
            View {
                bars,
                weighted: snapshot.weighted_pipeline,
                quarter: quarter.to_string(),
                target,
                formulas,
                warnings,
            }
        })
    });
    move || {
        let v = view_data.get();
        let locale = ctx.locale.get();
        let money = move |m| format::money(m, locale);
        view! {
            <div class="screen funnel">
                <Section title=Text::MyFunnel>
                    <ol class="bars" data-testid="funnel-bars">
                        {v.bars.iter().map(|b| view! {
                            <li>
                                <span class="name">{b.name.clone()}</span>
                                <span class="track"><span class="fill" style=format!("width:{:.1}%", (b.share * 100.0).max(1.0))></span></span>
                                <span class="num">{b.count} " · " {money(b.amount)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                    <p class="big-figure">{t(locale, Text::WeightedPipeline)} ": " <strong data-testid="weighted">{money(v.weighted)}</strong></p>
                    {(!v.warnings.is_empty()).then(|| view! {
                        <div class="warning" role="alert">
                            <strong>{t(locale, Text::ShapeWarning)}</strong>
                            <ul>{v.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                        </div>
                    })}
                </Section>
                <Section title=Text::Formulas>
                    <p class="sub">{v.quarter.clone()} " · " {t(locale, Text::Target)} " " {v.target.map_or_else(|| t(locale, Text::NoTarget).to_owned(), money)}</p>
                    <dl class="formulas">
                        <dt>{t(locale, Text::Forecast)}</dt>
                        <dd data-testid="forecast">{format::percent(v.formulas.forecast.percent())}</dd>
                        <dd class="sub">{t(locale, Text::ForecastHow)} " " {money(v.formulas.won)} " + " {money(v.formulas.weighted_open)}</dd>
                        <dt>{t(locale, Text::Progress)}</dt>
                        <dd>{format::percent(v.formulas.progress.percent())}</dd>
                        <dd class="sub">{v.formulas.progressed} " / " {v.formulas.in_funnel}</dd>
                        <dt>{t(locale, Text::Churn)}</dt>
                        <dd>{format::percent(v.formulas.churn.percent())}</dd>
                        <dd class="sub">{v.formulas.churned} " / " {v.formulas.in_funnel}</dd>
                    </dl>
                </Section>
            </div>
        }
    }
}
