//! `GET /api/v1/warnings`: the deal warnings (computed by `rounds_shared::deal`, the same
//! code the phone runs) of the open opportunities in the caller's scope, with counts per
//! rep; `warning=KIND` keeps the deals with that warning, `stage=` those at a stage (for a
//! drill-down), `limit`/`offset` page the deals
//! (the counts cover them all), `format=csv` gives one row per warning of every deal.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rounds_shared::api::{DealWarnings, KindCount, RepWarnings, WarningsReport};
use rounds_shared::deal::{DealFacts, WarningKind, most_at_risk, warnings};
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::labels::{Labelled, Locale};

use super::csv::{self, CsvRow};
use super::filters::Filters;
use super::report::Report;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::BuyingFacts;

/// One warning of one deal, as a CSV row.
struct WarningRow<'a> {
    deal: &'a DealWarnings,
    warning: &'a rounds_shared::deal::Warning,
    rep: &'a str,
}

impl CsvRow for WarningRow<'_> {
    fn header() -> Vec<&'static str> {
        vec![
            "医院",
            "项目",
            "金额(元)",
            "阶段",
            "代表",
            "预警",
            "原因",
            "建议",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let o = &self.deal.opportunity;
        vec![
            o.account_name.clone(),
            o.title.clone(),
            csv::yuan(o.amount),
            o.stage.to_string(),
            self.rep.to_owned(),
            self.warning.kind.label(Locale::ZhCn).to_owned(),
            self.warning.reason(Locale::ZhCn),
            self.warning.next_step(Locale::ZhCn).to_owned(),
        ]
    }
}

fn kind_filter(filters: &Filters) -> Result<Option<WarningKind>, AppError> {
    super::filters::keyed("warning", filters.warning.as_deref())
}

#[utoipa::path(get, path = "/api/v1/warnings", tag = "funnel", params(Filters), description = "Open deals with their warnings (single-threaded, no coach, decision maker unknown, not met or opposed, a restrictor with no plan, MANCOHT gaps, stage ahead of or behind the hospital's procurement step, no recent visit, organisation changed), most at risk first (paged by `limit`/`offset`), and counts per rep over all of them. `warning=KIND` keeps deals with that warning, `stage=` those at a stage. With `format=csv`, one row per warning as a UTF-8 CSV file (with BOM).", responses((status = 200, body = WarningsReport), crate::error::ErrorResponses))]
pub(crate) async fn list(
    State(state): State<AppState>,
    Report {
        filters,
        scope,
        csv,
    }: Report,
) -> Result<Response, AppError> {
    let kind = kind_filter(&filters)?;
    let (_, limit, offset) = filters.output()?;
    let stage = filters.position(&scope.org.template)?;
    let mut rows = state.read_cache().opportunities(&scope.query).await?;
    // Open deals only (and at the stage asked for): the others never warn.
    rows.retain(|r| {
        !r.opportunity.position.has_left()
            && stage.as_ref().is_none_or(|s| *s == r.opportunity.position)
    });
    let mut accounts: Vec<AccountId> = rows.iter().map(|r| r.account).collect();
    accounts.sort();
    accounts.dedup();
    let now = scope.now;
    let facts = state.read_cache().buying_facts(&accounts, now).await?;
    let none = BuyingFacts::default();
    let mut deals: Vec<DealWarnings> = rows
        .iter()
        .filter_map(|r| {
            let f = facts.get(&r.account).map_or(&none, |f| f.as_ref());
            let found = warnings(
                &r.opportunity,
                &DealFacts {
                    contacts: &f.contacts,
                    visits: &f.visits,
                },
                &scope.org.template,
                scope.now,
            );
            let wanted = kind.is_none_or(|k| found.iter().any(|w| w.kind == k));
            (wanted && !found.is_empty()).then(|| DealWarnings {
                opportunity: super::funnel::item(
                    r,
                    r.opportunity.position.clone(),
                    r.opportunity.last_moved(),
                ),
                warnings: found,
            })
        })
        .collect();
    most_at_risk(&mut deals, |d| (d.warnings.len(), d.opportunity.amount));
    if csv {
        let names = super::report::display_names(&state).await?;
        let rows: Vec<WarningRow<'_>> = deals
            .iter()
            .flat_map(|d| {
                let rep = names.get(&d.opportunity.owner).map_or("", String::as_str);
                d.warnings.iter().map(move |w| WarningRow {
                    deal: d,
                    warning: w,
                    rep,
                })
            })
            .collect();
        return Ok(csv::response("warnings", &rows));
    }
    let per_rep = per_rep(&deals);
    let total = deals.len();
    let deals = deals.into_iter().skip(offset).take(limit).collect();
    Ok(Json(WarningsReport {
        total,
        limit,
        offset,
        deals,
        per_rep,
    })
    .into_response())
}

fn per_rep(deals: &[DealWarnings]) -> Vec<RepWarnings> {
    let mut counts: BTreeMap<UserId, (usize, BTreeMap<WarningKind, usize>)> = BTreeMap::new();
    for d in deals {
        let (n, kinds) = counts.entry(d.opportunity.owner).or_default();
        *n += 1;
        for w in &d.warnings {
            *kinds.entry(w.kind).or_default() += 1;
        }
    }
    let mut out: Vec<RepWarnings> = counts
        .into_iter()
        .map(|(rep, (deals, kinds))| RepWarnings {
            rep,
            deals,
            warnings: kinds.values().sum(),
            by_kind: kinds
                .into_iter()
                .map(|(kind, count)| KindCount { kind, count })
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| b.warnings.cmp(&a.warnings).then(a.rep.cmp(&b.rep)));
    out
}
