//! Read-model queries in SQLite: the opportunities a funnel covers, with their histories.

use std::collections::HashMap;

use rounds_shared::api::VisitItem;
use rounds_shared::ids::{AccountId, OpportunityId, TeamId, UserId};
use rounds_shared::model::{Audit, LostInfo, Opportunity, StageEvent};
use rounds_shared::money::Money;
use rounds_shared::time::Timestamp;
use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};

use super::StoreError;
use super::sqlite_json::column;
use super::sqlite_users::parse;
use super::types::{
    AccountFacts, AccountRef, ActivityFacts, CoVisitRow, OppQuery, OppRow, VisitRow,
};

pub(crate) fn team_members(c: &Connection, team: TeamId) -> Result<Vec<UserId>, StoreError> {
    let mut stmt = c.prepare("SELECT id FROM users WHERE team_id = ?1 ORDER BY id")?;
    let ids = stmt.query_map([team.to_string()], |r| r.get::<_, String>(0))?;
    ids.map(|i| parse(&i?, "user id")).collect()
}

/// `WHERE` conditions on `a` (accounts) and `pa` (p_accounts) and their parameters.
fn conditions(q: &OppQuery, product_column: Option<&str>) -> (String, Vec<Value>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(owners) = &q.owners {
        if owners.is_empty() {
            sql.push_str(" AND 0 = 1");
        } else {
            let marks = vec!["?"; owners.len()].join(", ");
            sql.push_str(&format!(" AND a.owner_id IN ({marks})"));
            args.extend(owners.iter().map(|o| Value::Text(o.to_string())));
        }
    }
    if let Some(region) = &q.region {
        sql.push_str(" AND pa.region = ?");
        args.push(Value::Text(region.clone()));
    }
    if let Some(level) = q.level {
        sql.push_str(" AND pa.level = ?");
        args.push(Value::Text(level.key().to_owned()));
    }
    if let (Some(product), Some(col)) = (&q.product_line, product_column) {
        sql.push_str(&format!(" AND {col} = ?"));
        args.push(Value::Text(product.clone()));
    }
    (sql, args)
}

pub(crate) fn accounts_matching(
    c: &Connection,
    q: &OppQuery,
) -> Result<Vec<AccountRef>, StoreError> {
    let (cond, args) = conditions(q, None);
    let sql = format!(
        "SELECT a.id, a.name, a.owner_id FROM accounts a JOIN p_accounts pa ON pa.account_id = a.id {cond} ORDER BY a.id"
    );
    let mut stmt = c.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(AccountRef {
            id: parse(&r.get::<_, String>(0)?, "account id")?,
            name: r.get(1)?,
            owner: parse(&r.get::<_, String>(2)?, "user id")?,
        });
    }
    Ok(out)
}

/// Accounts per `IN (…)` list, well under SQLite's parameter limit.
const CHUNK: usize = 500;

pub(crate) fn opportunities_of(
    c: &Connection,
    accounts: &[AccountId],
) -> Result<Vec<(AccountId, Opportunity)>, StoreError> {
    let mut out = Vec::new();
    for chunk in accounts.chunks(CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let args: Vec<Value> = chunk.iter().map(|a| Value::Text(a.to_string())).collect();
        let mut events: HashMap<(String, String), Vec<StageEvent>> = HashMap::new();
        let sql = format!(
            "SELECT account_id, opportunity_id, id, from_stage, to_stage, at, by FROM p_stage_events
             WHERE account_id IN ({marks})"
        );
        let mut stmt = c.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let from_stage: Option<String> = r.get(3)?;
            let event = StageEvent {
                id: parse(&r.get::<_, String>(2)?, "event id")?,
                from: from_stage
                    .as_deref()
                    .map(|s| parse(s, "stage"))
                    .transpose()?,
                to: parse(&r.get::<_, String>(4)?, "stage")?,
                at: Timestamp(r.get(5)?),
                by: parse(&r.get::<_, String>(6)?, "user id")?,
            };
            events
                .entry((r.get(0)?, r.get(1)?))
                .or_default()
                .push(event);
        }
        let sql = format!(
            "SELECT account_id, id, title, product_line, amount, stage, owner_id, created_at, updated_at,
                expected_close, competitors, next_step, next_step_due, lost_reason, lost_competitor,
                checked, created_by, updated_by, buying
             FROM p_opportunities WHERE account_id IN ({marks}) ORDER BY account_id, id"
        );
        let mut stmt = c.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let account: String = r.get(0)?;
            let id: String = r.get(1)?;
            let owner: UserId = parse(&r.get::<_, String>(6)?, "user id")?;
            let mut history = events
                .remove(&(account.clone(), id.clone()))
                .unwrap_or_default();
            history.sort_by_key(|e| (e.at, e.id));
            let user_or_owner = |i: usize| -> Result<UserId, StoreError> {
                r.get::<_, Option<String>>(i)?
                    .map_or(Ok(owner), |t| parse(&t, "user id"))
            };
            let audit = Audit {
                created_at: Timestamp(r.get(7)?),
                created_by: user_or_owner(16)?,
                updated_at: Timestamp(r.get(8)?),
                updated_by: user_or_owner(17)?,
            };
            let date = |i: usize| -> Result<Option<chrono::NaiveDate>, StoreError> {
                r.get::<_, Option<String>>(i)?
                    .map(|t| parse(&t, "date"))
                    .transpose()
            };
            let (lost_reason, lost_competitor): (Option<String>, Option<String>) =
                (r.get(13)?, r.get(14)?);
            let mut opportunity = Opportunity {
                id: parse(&id, "opportunity id")?,
                title: r.get(2)?,
                product_line: r.get(3)?,
                amount: Money::from_fen(r.get(4)?),
                position: parse(&r.get::<_, String>(5)?, "stage")?,
                expected_close: date(9)?,
                competitors: list(&r.get::<_, String>(10)?)?,
                next_step: r.get(11)?,
                next_step_due: date(12)?,
                checked: list(&r.get::<_, String>(15)?)?,
                lost: lost_reason.map(|reason| LostInfo {
                    reason,
                    competitor: lost_competitor,
                }),
                owner,
                stakeholders: Default::default(),
                mancoht: Default::default(),
                procurement: None,
                history,
                audit,
            };
            super::sqlite_buying::read_opportunity_column(
                &r.get::<_, String>(18)?,
                &mut opportunity,
            )?;
            out.push((parse(&account, "account id")?, opportunity));
        }
    }
    Ok(out)
}

pub(crate) fn opportunities(c: &Connection, q: &OppQuery) -> Result<Vec<OppRow>, StoreError> {
    let accounts = accounts_matching(c, q)?;
    let ids: Vec<AccountId> = accounts.iter().map(|a| a.id).collect();
    let mut grouped: HashMap<AccountId, Vec<std::sync::Arc<Opportunity>>> = HashMap::new();
    for (account, opportunity) in opportunities_of(c, &ids)? {
        grouped
            .entry(account)
            .or_default()
            .push(std::sync::Arc::new(opportunity));
    }
    Ok(q.rows(&accounts, |a| grouped.get(&a).map(Vec::as_slice)))
}

pub(crate) fn last_visits(
    c: &Connection,
    q: &OppQuery,
) -> Result<HashMap<OpportunityId, Timestamp>, StoreError> {
    let (cond, args) = conditions(q, None);
    let sql = format!(
        "SELECT v.opportunity_id, MAX(v.at) FROM p_visits v JOIN accounts a ON a.id = v.account_id
         JOIN p_accounts pa ON pa.account_id = v.account_id {cond} AND v.opportunity_id IS NOT NULL
         GROUP BY v.opportunity_id"
    );
    let mut stmt = c.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        out.insert(
            parse(&r.get::<_, String>(0)?, "opportunity id")?,
            Timestamp(r.get(1)?),
        );
    }
    Ok(out)
}

pub(crate) fn visits(
    c: &Connection,
    q: &OppQuery,
    from: Timestamp,
    to: Timestamp,
    limit: usize,
    offset: usize,
) -> Result<(usize, Vec<VisitRow>), StoreError> {
    let (cond, mut args) = conditions(q, None);
    let joins = "FROM p_visits v JOIN accounts a ON a.id = v.account_id
         JOIN p_accounts pa ON pa.account_id = v.account_id";
    let filter = format!("{cond} AND v.at >= ? AND v.at < ?");
    args.push(Value::Integer(from.0));
    args.push(Value::Integer(to.0));
    // Counted without the authors' names: with them, every visit's row was read for its
    // author (17 ms for a team's week on the benchmark's database, 2 ms without).
    let total: i64 = c.query_row(
        &format!("SELECT COUNT(*) {joins} {filter}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;

    args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    args.push(Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
    // The page is picked from the index alone (newest first; visits at the same instant in
    // storage order), then only its rows are read: sorting every visit of the period by
    // time with its text cost 8 ms a page, this 2 ms.
    let sql = format!(
        "SELECT v.id, v.at, v.author_id, COALESCE(u.display_name, ''), v.account_id, pa.name, v.purpose, v.content,
                v.problems, v.next_step, v.opportunity_id, v.check_in, v.created_at, v.updated_at, pa.location,
                r.first_at, r.last_at
         {joins} LEFT JOIN users u ON u.id = v.author_id
         LEFT JOIN visit_receipts r ON r.account_id = v.account_id AND r.id = v.id
         WHERE v.rowid IN (SELECT v.rowid {joins} {filter} ORDER BY v.at DESC, v.rowid LIMIT ? OFFSET ?)
         ORDER BY v.at DESC, v.id"
    );
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
        let check_in: Option<rounds_shared::model::CheckIn> = column(r, 11)?;
        let received = match (r.get::<_, Option<i64>>(15)?, r.get::<_, Option<i64>>(16)?) {
            (Some(first), Some(last)) => Some(rounds_shared::evidence::Received {
                first: Timestamp(first),
                last: Timestamp(last),
            }),
            _ => None,
        };
        Ok(VisitRow {
            item: VisitItem {
                id: typed(r, 0)?,
                at: Timestamp(r.get(1)?),
                author_id: typed(r, 2)?,
                author_name: r.get(3)?,
                account_id: typed(r, 4)?,
                account_name: r.get(5)?,
                purpose: r.get(6)?,
                content: r.get(7)?,
                problems: r.get(8)?,
                next_step: r.get(9)?,
                opportunity_id: r
                    .get::<_, Option<String>>(10)?
                    .map(|t| parse_at(10, &t))
                    .transpose()?,
                // From the check-in and the hospital, by the API.
                checked_in_at: None,
                left_at: None,
                location: None,
                accuracy_m: None,
                distance_m: None,
                photo: None,
                flags: Vec::new(),
            },
            check_in,
            created_at: Timestamp(r.get(12)?),
            updated_at: Timestamp(r.get(13)?),
            hospital: column(r, 14)?,
            received,
        })
    })?;
    Ok((
        usize::try_from(total).unwrap_or(0),
        rows.collect::<Result<_, _>>()?,
    ))
}

pub(crate) fn co_visits(
    c: &Connection,
    q: &OppQuery,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<CoVisitRow>, StoreError> {
    let (cond, mut args) = conditions(q, None);
    args.push(Value::Integer(from.0));
    args.push(Value::Integer(to.0));
    let sql = format!(
        "SELECT cv.id, cv.at, cv.manager_id, cv.rep_id, cv.account_id, pa.name, cv.kind, cv.observations, cv.coaching_points
         FROM p_co_visits cv JOIN accounts a ON a.id = cv.account_id JOIN p_accounts pa ON pa.account_id = cv.account_id
         {cond} AND cv.at >= ? AND cv.at < ? ORDER BY cv.at DESC, cv.id"
    );
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
        Ok(CoVisitRow {
            id: typed(r, 0)?,
            at: Timestamp(r.get(1)?),
            manager_id: typed(r, 2)?,
            rep_id: typed(r, 3)?,
            account_id: typed(r, 4)?,
            account_name: r.get(5)?,
            kind: r.get(6)?,
            observations: r.get(7)?,
            coaching_points: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A stored list: a JSON array, or (rows written before schema 8) comma-separated.
fn list(text: &str) -> Result<std::collections::BTreeSet<String>, StoreError> {
    if text.starts_with('[') {
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("list `{text}`: {e}")))
    } else {
        Ok(super::sqlite_projection::unjoin(text, |m| {
            Some(m.to_owned())
        }))
    }
}

/// Column `i` parsed from its text (an id), as a row error when it does not parse.
fn typed<T>(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    parse_at(i, &r.get::<_, String>(i)?)
}

fn parse_at<T>(i: usize, text: &str) -> rusqlite::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn activity(
    c: &Connection,
    reps: &[UserId],
    from: Timestamp,
    to: Timestamp,
    week: rounds_shared::time::PeriodKey,
) -> Result<HashMap<UserId, ActivityFacts>, StoreError> {
    use rounds_shared::activity::{PlanFact, ReviewFact, VisitFact};
    let mut visits =
        c.prepare_cached("SELECT at FROM p_visits WHERE author_id = ?1 AND at >= ?2 AND at < ?3")?;
    let mut reviews = c.prepare_cached(
        "SELECT account_id, at FROM p_reviews WHERE rep_id = ?1 AND at >= ?2 AND at < ?3",
    )?;
    let mut plans = c.prepare_cached(
        "SELECT submitted_at IS NOT NULL FROM p_weekly_plans WHERE user_id = ?1 AND week = ?2",
    )?;
    let mut daily = c.prepare_cached(
        "SELECT day, submitted_at, json_extract(review, '$.reviewed') FROM p_daily_lists
         WHERE user_id = ?1 AND day >= ?2 AND day <= ?3",
    )?;
    let (first, last) = week.dates();
    let week_text = week.to_string();
    let mut out = HashMap::new();
    for rep in reps {
        let id = rep.to_string();
        let mut facts = ActivityFacts::default();
        let mut rows = visits.query(params![id, from.0, to.0])?;
        while let Some(r) = rows.next()? {
            facts.visits.push(VisitFact {
                author: *rep,
                at: Timestamp(r.get(0)?),
            });
        }
        let mut rows = reviews.query(params![id, from.0, to.0])?;
        while let Some(r) = rows.next()? {
            facts.reviews.push(ReviewFact {
                account: parse(&r.get::<_, String>(0)?, "account id")?,
                rep: *rep,
                at: Timestamp(r.get(1)?),
            });
        }
        let mut rows = plans.query(params![id, week_text])?;
        while let Some(r) = rows.next()? {
            facts.plans.push(PlanFact {
                week,
                submitted: r.get(0)?,
            });
        }
        let mut rows = daily.query(params![id, first.to_string(), last.to_string()])?;
        while let Some(r) = rows.next()? {
            let day: String = r.get(0)?;
            facts.daily.push(rounds_shared::activity::DailyFact {
                day: day
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("a daily list's day `{day}`")))?,
                submitted_at: r.get::<_, Option<i64>>(1)?.map(Timestamp),
                reviewed: r.get::<_, Option<bool>>(2)?.unwrap_or(false),
            });
        }
        out.insert(*rep, facts);
    }
    Ok(out)
}

pub(crate) fn account_facts(c: &Connection, q: &OppQuery) -> Result<Vec<AccountFacts>, StoreError> {
    let (cond, args) = conditions(q, None);
    let sql = format!(
        "SELECT a.id, pa.name, a.owner_id, pa.attitude, pa.level FROM accounts a
         JOIN p_accounts pa ON pa.account_id = a.id {cond} ORDER BY pa.name"
    );
    let mut stmt = c.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let attitude: Option<String> = r.get(3)?;
        out.push(AccountFacts {
            id: parse(&r.get::<_, String>(0)?, "account id")?,
            name: r.get(1)?,
            owner: parse(&r.get::<_, String>(2)?, "user id")?,
            attitude: attitude
                .as_deref()
                .and_then(rounds_shared::model::AccountAttitude::from_key),
            level: r.get(4)?,
        });
    }
    Ok(out)
}
