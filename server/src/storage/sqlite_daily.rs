//! Daily lists (日清单) in the read model: one row per list, with its review, replaced
//! whole for a user whenever their personal document changes (like the weekly plans); and
//! what plan attainment reads: the week's planned visits and the visits made.

use rounds_shared::ids::UserId;
use rounds_shared::model::{DailyList, DailyReview};
use rusqlite::{Connection, params};

use super::StoreError;
use super::sqlite_json::{from_json, id_list, to_json};
use super::sqlite_users::parse;

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    to_json(v, "a daily list")
}

pub(crate) fn project(
    conn: &Connection,
    user: UserId,
    lists: &[(DailyList, Option<DailyReview>)],
) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM p_daily_lists WHERE user_id = ?1",
        [user.to_string()],
    )?;
    for (list, review) in lists {
        conn.execute(
            "INSERT INTO p_daily_lists (user_id, id, day, submitted_at, list, review)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                user.to_string(),
                list.id.to_string(),
                list.day.to_string(),
                list.submitted_at.map(|t| t.0),
                json(list)?,
                review.as_ref().map(json).transpose()?
            ],
        )?;
    }
    Ok(())
}

pub(crate) fn lists(
    c: &Connection,
    day: chrono::NaiveDate,
    users: &[UserId],
) -> Result<Vec<super::DailyRow>, StoreError> {
    let mut stmt = c.prepare_cached(
        "SELECT user_id, list, review FROM p_daily_lists
         WHERE day = ?1 AND user_id IN (SELECT value FROM json_each(?2))
         ORDER BY user_id, id",
    )?;
    let rows = stmt.query_map(params![day.to_string(), id_list(users)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (user, list, review) = row?;
        out.push((
            parse(&user, "user id")?,
            from_json(&list, "a daily list")?,
            review
                .map(|r| from_json(&r, "a daily list's review"))
                .transpose()?,
        ));
    }
    Ok(out)
}

pub(crate) fn plan_facts(
    c: &Connection,
    reps: &[UserId],
    week: rounds_shared::time::PeriodKey,
    from: rounds_shared::time::Timestamp,
    to: rounds_shared::time::Timestamp,
) -> Result<std::collections::HashMap<UserId, super::PlanFacts>, StoreError> {
    let mut plans =
        c.prepare_cached("SELECT visits FROM p_weekly_plans WHERE user_id = ?1 AND week = ?2")?;
    let mut visits = c.prepare_cached(
        "SELECT account_id, at FROM p_visits WHERE author_id = ?1 AND at >= ?2 AND at < ?3",
    )?;
    let week = week.to_string();
    let mut out = std::collections::HashMap::new();
    for rep in reps {
        let id = rep.to_string();
        let mut planned = Vec::new();
        let mut rows = plans.query(params![id, week])?;
        while let Some(r) = rows.next()? {
            let json: String = r.get(0)?;
            let more: Vec<rounds_shared::model::PlannedVisit> = serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("a plan's visits: {e}")))?;
            planned.extend(more);
        }
        let mut made = Vec::new();
        let mut rows = visits.query(params![id, from.0, to.0])?;
        while let Some(r) = rows.next()? {
            made.push((
                parse(&r.get::<_, String>(0)?, "account id")?,
                rounds_shared::time::Timestamp(r.get(1)?),
            ));
        }
        out.insert(*rep, (planned, made));
    }
    Ok(out)
}
