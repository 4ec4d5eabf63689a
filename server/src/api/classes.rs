//! `GET /api/v1/accounts/classes`: ABC classes by revenue won in the period, and each
//! account's cell of the value × attitude grid with its suggested action.

use rounds_shared::api::Classified;
use std::collections::HashMap;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rounds_shared::funnel::{abc_classes, grid_action, won_in};
use rounds_shared::ids::AccountId;
use rounds_shared::labels::{Labelled, Locale};
use rounds_shared::model::{AccountClass, AccountValue};
use rounds_shared::money::Money;

use super::csv::{self, CsvRow};
use super::filters::Filters;
use super::report::Report;
use crate::error::AppError;
use crate::state::AppState;

impl CsvRow for Classified {
    fn header() -> Vec<&'static str> {
        vec!["医院", "回款(元)", "ABC分类", "价值", "态度", "建议"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            csv::yuan(self.revenue),
            self.class.label(Locale::ZhCn).to_owned(),
            self.value.label(Locale::ZhCn).to_owned(),
            self.attitude
                .map(|a| a.label(Locale::ZhCn).to_owned())
                .unwrap_or_default(),
            self.action
                .map(|a| a.label(Locale::ZhCn).to_owned())
                .unwrap_or_default(),
        ]
    }
}

#[utoipa::path(get, path = "/api/v1/accounts/classes", tag = "accounts", params(Filters), description = "ABC classes by revenue won in the period and the value × attitude action. With `format=csv`, the same rows as a UTF-8 CSV file (with BOM).", responses((status = 200, body = Vec<Classified>), crate::error::ErrorResponses))]
pub(crate) async fn classes(
    State(state): State<AppState>,
    Report { scope, csv, .. }: Report,
) -> Result<Response, AppError> {
    let query = scope.query.clone();
    let accounts = state.store(move |s| s.account_facts(&query)).await?;
    let opps = state.read_cache().opportunities(&scope.query).await?;
    let mut revenue: HashMap<AccountId, Money> =
        accounts.iter().map(|a| (a.id, Money::ZERO)).collect();
    for row in &opps {
        if won_in(&scope.org.template, &row.opportunity, scope.period) {
            *revenue.entry(row.account).or_default() += row.opportunity.amount;
        }
    }
    let ranked: Vec<(AccountId, Money)> = revenue.iter().map(|(a, m)| (*a, *m)).collect();
    let classes = abc_classes(&ranked);
    let mut out: Vec<Classified> = accounts
        .into_iter()
        .map(|a| {
            let class = classes.get(&a.id).copied().unwrap_or(AccountClass::Small);
            let value = AccountValue::from(class);
            Classified {
                account_id: a.id,
                name: a.name,
                owner: a.owner,
                revenue: revenue.get(&a.id).copied().unwrap_or_default(),
                class,
                value,
                attitude: a.attitude,
                action: a.attitude.map(|att| grid_action(value, att)),
            }
        })
        .collect();
    out.sort_by(|a, b| b.revenue.cmp(&a.revenue).then(a.name.cmp(&b.name)));
    if csv {
        return Ok(csv::response("account-classes", &out));
    }
    Ok(axum::Json(out).into_response())
}
