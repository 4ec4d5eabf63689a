//! Coverage as the rep and the manager read it: hospitals visited by ABC class and zone,
//! frequency kept, hospitals unseen for weeks, and the visits above and in the funnel
//! against the 20/70 guide; and the hospital-by-hospital table.

use leptos::prelude::*;
use rounds_shared::labels::{Labelled, Locale};
use rounds_shared::model::{AccountClass, Zone};
use rounds_shared::plan::{Coverage, CoverageCell, FUNNEL_GUIDE, HospitalCoverage};

use super::text::{Text as T, t};
use crate::format;

fn rate(visited: u32, hospitals: u32) -> Option<f64> {
    (hospitals > 0).then(|| f64::from(visited) / f64::from(hospitals))
}

fn cells<K: Labelled + Copy>(
    locale: Locale,
    none: T,
    cells: &[CoverageCell<K>],
    key: fn(K) -> &'static str,
) -> impl IntoView + use<K> {
    cells
        .iter()
        .map(|c| {
            let name = c.key.map_or(t(locale, none), |k| k.label(locale));
            view! {
                <tr data-testid="coverage-cell" data-key=c.key.map_or("none", key)
                    data-visited=c.visited.to_string() data-hospitals=c.hospitals.to_string()>
                    <th>{name}</th>
                    <td class="num">{c.visited} " / " {c.hospitals}</td>
                    <td class="num">{format::share(rate(c.visited, c.hospitals))}</td>
                </tr>
            }
        })
        .collect_view()
}

/// One share against its guide, as a bar with the guide marked.
fn share_bar(
    label: &'static str,
    share: Option<f64>,
    guide: f64,
    testid: &'static str,
) -> impl IntoView {
    let width = format!("width: {:.1}%", share.unwrap_or(0.0) * 100.0);
    let mark = format!("left: {:.1}%", guide * 100.0);
    view! {
        <div class="share" data-testid=testid data-share=share.map(|s| format!("{s:.3}"))>
            <span class="label">{label} " " {format::share(share)}</span>
            <span class="track"><span class="fill" style=width></span><span class="guide" style=mark></span></span>
        </div>
    }
}

/// The summary of one coverage (a rep's or the team's) counting `weeks` idle weeks.
pub(crate) fn summary(locale: Locale, c: &Coverage, weeks: u32) -> impl IntoView + use<> {
    let guide = |g: f64| format!("{} {:.0}%", t(locale, T::Guide), g * 100.0);
    view! {
        <div class="coverage" data-testid="coverage" data-hospitals=c.hospitals.to_string()
            data-visited=c.visited.to_string() data-on=c.on_frequency.to_string()
            data-behind=c.behind.to_string() data-idle=c.idle.to_string()>
            <p class="reading">
                {t(locale, T::Visited)} " " <strong>{c.visited} " / " {c.hospitals}</strong>
                " · " {format::share(rate(c.visited, c.hospitals))}
            </p>
            <p class="sub">
                <span class="chip good">{t(locale, T::OnFrequency)} " " {c.on_frequency}</span> " "
                <span class={if c.behind > 0 { "chip bad" } else { "chip" }}>{t(locale, T::BehindFrequency)} " " {c.behind}</span> " "
                <span class={if c.idle > 0 { "chip warn" } else { "chip" }}>{c.idle} " " {t(locale, T::Idle)} " (" {weeks} {t(locale, T::WeeksUnvisited)} ")"</span>
            </p>
            <div class="two">
                <table class="list-table compact">
                    <caption>{t(locale, T::ByClass)}</caption>
                    <tbody>{cells(locale, T::Unclassified, &c.by_class, AccountClass::key)}</tbody>
                </table>
                <table class="list-table compact">
                    <caption>{t(locale, T::ByZone)}</caption>
                    <tbody>{cells(locale, T::NoZone, &c.by_zone, Zone::key)}</tbody>
                </table>
            </div>
            {share_bar(t(locale, T::AboveFunnel), c.above_share, FUNNEL_GUIDE.0, "share-above")}
            <p class="sub">{guide(FUNNEL_GUIDE.0)} " · " {c.above} " " {t(locale, T::VisitsUnit)}</p>
            {share_bar(t(locale, T::InFunnel), c.within_share, FUNNEL_GUIDE.1, "share-within")}
            <p class="sub">{guide(FUNNEL_GUIDE.1)} " · " {c.within} " " {t(locale, T::VisitsUnit)}</p>
        </div>
    }
}

/// When a hospital was last seen, in words.
pub(crate) fn last_seen(locale: Locale, h: &HospitalCoverage) -> String {
    match h.last_visit {
        Some(d) => format!("{} {}", t(locale, T::Last), format::date(d, locale)),
        None => t(locale, T::Never).to_owned(),
    }
}

/// The hospital-by-hospital table (read only): idle ones first, then the furthest behind.
pub(crate) fn rows(locale: Locale, rows: &[HospitalCoverage]) -> impl IntoView + use<> {
    let body = rows
        .iter()
        .map(|h| {
            view! {
                <tr data-testid="coverage-row" data-account=h.account.to_string() data-idle=h.idle.to_string()>
                    <th>{h.hospital.clone()}</th>
                    <td>{h.class.map(|c| c.label(locale))}</td>
                    <td>{h.zone.map(|z| z.label(locale))}</td>
                    <td class="num">{h.per_month} " " {t(locale, T::PerMonth)}</td>
                    <td class="num">{h.visits}</td>
                    <td class="num">{format::share(h.compliance)}</td>
                    <td>{last_seen(locale, h)} {h.idle.then(|| view! { " " <span class="chip warn">{t(locale, T::Idle)}</span> })}</td>
                    <td>{h.focus.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list-table">
            <thead><tr>
                <th></th><th></th><th></th><th>{t(locale, T::PerMonth)}</th>
                <th>{t(locale, T::VisitsSoFar)}</th><th>{t(locale, T::OnFrequency)}</th><th></th>
                <th>{t(locale, T::Focus)}</th>
            </tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}
