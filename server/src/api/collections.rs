//! `GET /api/v1/collections`: finance's collection list (下月催款明细). Every deal at the
//! template's signing stage (赢取承诺 in the default one: signed, not yet paid), grouped by
//! rep and hospital with amounts. Finance sees every hospital's; managers their teams',
//! reps their own, admins all; the other departments none.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rounds_shared::api::{CollectionList, HospitalReceivables, Receivable, RepReceivables};
use rounds_shared::funnel::signing_stage;
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::UserRole;
use rounds_shared::money::Money;
use rounds_shared::stage::Position;

use super::csv::{self, CsvRow};
use super::filters::Filters;
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::AccountScope;

/// One deal of the list, as a CSV row.
struct Row<'a> {
    rep: &'a RepReceivables,
    hospital: &'a HospitalReceivables,
    deal: &'a Receivable,
    tz: rounds_shared::time::TzOffset,
}

impl CsvRow for Row<'_> {
    fn header() -> Vec<&'static str> {
        vec![
            "代表",
            "医院",
            "项目",
            "产品线",
            "金额(元)",
            "签约日期",
            "预计回款",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.rep.rep_name.clone(),
            self.hospital.name.clone(),
            self.deal.title.clone(),
            self.deal.product_line.clone(),
            csv::yuan(self.deal.amount),
            self.deal
                .signed_at
                .map(|t| t.date(self.tz).to_string())
                .unwrap_or_default(),
            self.deal
                .expected_close
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ]
    }
}

#[utoipa::path(get, path = "/api/v1/collections", tag = "funnel", params(Filters), description = "The collection list (下月催款明细): every deal at the signing stage (signed, awaiting payment), grouped by rep and hospital, largest amounts first. Finance sees every hospital; managers their teams; reps their own. With `format=csv`, one row per deal as a UTF-8 CSV file (with BOM).", responses((status = 200, body = CollectionList), crate::error::ErrorResponses))]
pub(crate) async fn list(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(filters): Query<Filters>,
) -> Result<Response, AppError> {
    let csv = filters.csv()?;
    // Finance chases every hospital's payments: it reads them all, though it syncs none.
    let finance = (auth.user.role == UserRole::Finance).then_some(AccountScope::All);
    let scope = filters.scope_with(&state, &auth.user, finance).await?;
    let rows = state.read_cache().opportunities(&scope.query).await?;
    let template = &scope.org.template;
    let signing = signing_stage(template).map(|i| Position::Stage(template.stages[i].key.clone()));
    let names = super::report::display_names(&state).await?;

    let mut by_rep: BTreeMap<UserId, BTreeMap<AccountId, HospitalReceivables>> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| signing.as_ref() == Some(&r.opportunity.position))
    {
        let o = &r.opportunity;
        let hospital = by_rep
            .entry(r.owner)
            .or_default()
            .entry(r.account)
            .or_insert_with(|| HospitalReceivables {
                account_id: r.account,
                name: r.account_name.clone(),
                total: Money::ZERO,
                deals: Vec::new(),
            });
        hospital.total += o.amount;
        hospital.deals.push(Receivable {
            opportunity: o.id,
            title: o.title.clone(),
            product_line: o.product_line.clone(),
            amount: o.amount,
            signed_at: o.last_moved(),
            expected_close: o.expected_close,
        });
    }
    let mut reps: Vec<RepReceivables> = by_rep
        .into_iter()
        .map(|(rep, hospitals)| {
            let mut hospitals: Vec<HospitalReceivables> = hospitals.into_values().collect();
            for h in &mut hospitals {
                h.deals.sort_by_key(|d| (d.signed_at, d.opportunity));
            }
            hospitals.sort_by(|a, b| b.total.cmp(&a.total).then(a.name.cmp(&b.name)));
            RepReceivables {
                rep,
                rep_name: names.get(&rep).cloned().unwrap_or_default(),
                total: hospitals.iter().map(|h| h.total).sum(),
                hospitals,
            }
        })
        .collect();
    reps.sort_by(|a, b| b.total.cmp(&a.total).then(a.rep_name.cmp(&b.rep_name)));
    if csv {
        let tz = scope.org.tz;
        let rows: Vec<Row<'_>> = reps
            .iter()
            .flat_map(|rep| {
                rep.hospitals.iter().flat_map(move |hospital| {
                    hospital.deals.iter().map(move |deal| Row {
                        rep,
                        hospital,
                        deal,
                        tz,
                    })
                })
            })
            .collect();
        return Ok(csv::response("collections", &rows));
    }
    Ok(Json(CollectionList {
        total: reps.iter().map(|r| r.total).sum(),
        deals: reps
            .iter()
            .flat_map(|r| &r.hospitals)
            .map(|h| h.deals.len())
            .sum(),
        reps,
    })
    .into_response())
}
