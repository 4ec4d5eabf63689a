//! Quarterly plans (季计划) in the read model, one row per plan with its review, replaced
//! whole for a user whenever their personal document changes; and the facts territory
//! coverage is worked out from.

use rounds_shared::ids::UserId;
use rounds_shared::model::{AccountClass, PlanReview, QuarterlyPlan, Zone};
use rounds_shared::time::{PeriodKey, Timestamp};
use rusqlite::{Connection, params};

use super::sqlite_json::{from_json, id_list, to_json};
use super::sqlite_users::parse;
use super::{CoverageFact, QuarterlyRow, StoreError};

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    to_json(v, "a quarterly plan")
}

pub(crate) fn project(
    conn: &Connection,
    user: UserId,
    plans: &[(QuarterlyPlan, Option<PlanReview>)],
) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM p_quarterly_plans WHERE user_id = ?1",
        [user.to_string()],
    )?;
    for (plan, review) in plans {
        conn.execute(
            "INSERT INTO p_quarterly_plans (user_id, id, quarter, submitted_at, plan, review)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                user.to_string(),
                plan.id.to_string(),
                plan.quarter.to_string(),
                plan.submitted_at.map(|t| t.0),
                json(plan)?,
                review.as_ref().map(json).transpose()?
            ],
        )?;
    }
    Ok(())
}

pub(crate) fn plans(
    c: &Connection,
    quarter: PeriodKey,
    users: &[UserId],
) -> Result<Vec<QuarterlyRow>, StoreError> {
    let mut stmt = c.prepare_cached(
        "SELECT user_id, plan, review FROM p_quarterly_plans
         WHERE quarter = ?1 AND user_id IN (SELECT value FROM json_each(?2))
         ORDER BY user_id, id",
    )?;
    let mut rows = stmt.query(params![quarter.to_string(), id_list(users)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let review: Option<String> = r.get(2)?;
        out.push((
            parse(&r.get::<_, String>(0)?, "user id")?,
            from_json(&r.get::<_, String>(1)?, "a quarterly plan")?,
            review
                .map(|r| from_json(&r, "a quarterly plan's review"))
                .transpose()?,
        ));
    }
    Ok(out)
}

pub(crate) fn coverage_facts(
    c: &Connection,
    owners: &[UserId],
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<CoverageFact>, StoreError> {
    let mut stmt = c.prepare_cached(
        "SELECT a.id, pa.name, a.owner_id, pa.class, pa.zone,
                (SELECT count(*) FROM p_visits v
                  WHERE v.account_id = a.id AND v.at >= ?2 AND v.at < ?3),
                (SELECT max(v.at) FROM p_visits v WHERE v.account_id = a.id AND v.at < ?3)
         FROM accounts a JOIN p_accounts pa ON pa.account_id = a.id
         WHERE a.owner_id IN (SELECT value FROM json_each(?1))
         ORDER BY pa.name, a.id",
    )?;
    let mut rows = stmt.query(params![id_list(owners), from.0, to.0])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let class: Option<String> = r.get(3)?;
        let zone: Option<String> = r.get(4)?;
        out.push(CoverageFact {
            account: parse(&r.get::<_, String>(0)?, "account id")?,
            name: r.get(1)?,
            owner: parse(&r.get::<_, String>(2)?, "user id")?,
            class: class.as_deref().and_then(AccountClass::from_key),
            zone: zone.as_deref().and_then(Zone::from_key),
            visits: u32::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
            last_visit: r.get::<_, Option<i64>>(6)?.map(Timestamp),
        });
    }
    Ok(out)
}
