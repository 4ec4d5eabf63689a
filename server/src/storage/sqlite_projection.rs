//! The SQLite read model: writing a projection into the `p_*` tables, inside the writer's
//! transaction. Every read-model table and the collection it holds are named here once.

use rounds_shared::doc::AccountCollection;
use rounds_shared::ids::{PlanId, UserId};
use rounds_shared::model::{AccountReview, CoVisit, Contact, Opportunity, Visit, VisitComment};
use rounds_shared::time::{PeriodKey, Timestamp};
use rusqlite::{Connection, params};

use super::StoreError;
use super::types::Projection;

/// The table of a collection's records.
fn table_of(collection: AccountCollection) -> &'static str {
    match collection {
        AccountCollection::Contacts => "p_contacts",
        AccountCollection::Opportunities => "p_opportunities",
        AccountCollection::Visits => "p_visits",
        AccountCollection::CoVisits => "p_co_visits",
        AccountCollection::Comments => "p_comments",
        AccountCollection::Reviews => "p_reviews",
    }
}

/// Every table holding rows of one account: the profile's, each collection's and the
/// opportunities' stage events.
fn account_tables() -> impl Iterator<Item = &'static str> {
    ["p_accounts", "p_stage_events"]
        .into_iter()
        .chain(AccountCollection::ALL.into_iter().map(table_of))
}

fn keys<T, K: ToString>(set: impl IntoIterator<Item = T>, key: impl Fn(T) -> K) -> String {
    set.into_iter()
        .map(|v| key(v).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The members of a list [`keys`] wrote, each read with `read`; an empty list is empty, and
/// a member `read` cannot read (a key of a newer build) is left out.
pub(crate) fn unjoin<T: Ord>(
    text: &str,
    read: impl Fn(&str) -> Option<T>,
) -> std::collections::BTreeSet<T> {
    text.split(',')
        .filter(|m| !m.is_empty())
        .filter_map(read)
        .collect()
}

/// Empties every read-model table.
pub(crate) fn clear(conn: &Connection) -> Result<(), StoreError> {
    for t in account_tables().chain([
        "p_issues",
        "p_weekly_plans",
        "p_daily_lists",
        "p_quarterly_plans",
    ]) {
        conn.execute(&format!("DELETE FROM {t}"), [])?;
    }
    Ok(())
}

/// Applies `p` with `conn` (already inside a transaction).
pub(crate) fn apply(conn: &Connection, p: &Projection) -> Result<(), StoreError> {
    let Some(account) = p.account else {
        return Ok(());
    };
    let a = account.to_string();
    if p.full {
        for t in account_tables() {
            conn.execute(&format!("DELETE FROM {t} WHERE account_id = ?1"), [&a])?;
        }
        conn.execute("DELETE FROM p_issues WHERE account_id = ?1", [&a])?;
    }
    for part in &p.touched {
        let prefix = part.path();
        conn.execute(
            "DELETE FROM p_issues WHERE account_id = ?1 AND (path = ?2 OR path LIKE ?2 || '/%')",
            params![a, prefix],
        )?;
    }
    for (coll, id) in &p.removed {
        conn.execute(
            &format!(
                "DELETE FROM {} WHERE account_id = ?1 AND id = ?2",
                table_of(*coll)
            ),
            params![a, id],
        )?;
        if *coll == AccountCollection::Opportunities {
            conn.execute(
                "DELETE FROM p_stage_events WHERE account_id = ?1 AND opportunity_id = ?2",
                params![a, id],
            )?;
        }
    }
    if let Some(x) = &p.profile {
        conn.execute(
            "INSERT OR REPLACE INTO p_accounts (account_id, name, level, region, address, departments,
                annual_sample_volume, payment_record, class, attitude, relationship, created_at, updated_at,
                zone, relationship_stage, tier, location)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                a,
                x.name,
                x.level.key(),
                x.region,
                x.address,
                keys(&x.departments, |d| d),
                x.annual_sample_volume.and_then(|v| i64::try_from(v).ok()),
                x.payment_record.map(|v| v.key()),
                x.class.map(|v| v.key()),
                x.attitude.map(|v| v.key()),
                x.relationship.map(|v| v.key()),
                x.audit.created_at.0,
                x.audit.updated_at.0,
                x.zone.map(|z| z.key()),
                x.relationship_stage.map(|s| s.key()),
                x.tier.map(|t| t.key()),
                x.location
                    .map(|l| super::sqlite_json::to_json(&l, "location"))
                    .transpose()?
            ],
        )?;
    }
    let r = &p.records;
    for c in AccountCollection::ALL {
        match c {
            AccountCollection::Contacts => rows(conn, &a, &r.contacts, contact)?,
            AccountCollection::Opportunities => rows(conn, &a, &r.opportunities, opportunity)?,
            AccountCollection::Visits => {
                rows(conn, &a, &r.visits, visit)?;
                if let Some(now) = p.received {
                    receipts(conn, &a, &r.visits, now)?;
                }
            }
            AccountCollection::CoVisits => rows(conn, &a, &r.co_visits, co_visit)?,
            AccountCollection::Comments => rows(conn, &a, &r.comments, comment)?,
            AccountCollection::Reviews => rows(conn, &a, &r.reviews, review)?,
        }
    }
    for issue in &p.issues {
        conn.execute(
            "INSERT OR REPLACE INTO p_issues (account_id, path, problem) VALUES (?1, ?2, ?3)",
            params![a, issue.path, issue.to_string()],
        )?;
    }
    Ok(())
}

/// A set of strings as a JSON array (exact, whatever the strings hold).
fn json_list(set: &std::collections::BTreeSet<String>) -> Result<String, StoreError> {
    serde_json::to_string(set)
        .map_err(|e| StoreError::Corrupt(format!("cannot encode a list: {e}")))
}

fn rows<T>(
    conn: &Connection,
    account: &str,
    records: &[T],
    write: fn(&Connection, &str, &T) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    records.iter().try_for_each(|r| write(conn, account, r))
}

/// Replaces the projected weekly plans of `user`.
pub(crate) fn plans(
    conn: &Connection,
    user: UserId,
    plans: &[(
        PlanId,
        PeriodKey,
        Option<Timestamp>,
        Vec<rounds_shared::model::PlannedVisit>,
    )],
) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM p_weekly_plans WHERE user_id = ?1",
        [user.to_string()],
    )?;
    for (id, week, submitted, visits) in plans {
        let visits = serde_json::to_string(visits)
            .map_err(|e| StoreError::Corrupt(format!("a plan's visits as JSON: {e}")))?;
        conn.execute(
            "INSERT INTO p_weekly_plans (user_id, id, week, submitted_at, visits) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                user.to_string(),
                id.to_string(),
                week.to_string(),
                submitted.map(|t| t.0),
                visits
            ],
        )?;
    }
    Ok(())
}

fn contact(conn: &Connection, a: &str, c: &Contact) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR REPLACE INTO p_contacts (account_id, id, name, department, title, phone, roles,
            attitude, trust, created_at, updated_at, reports_to, org_change)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            a,
            c.id.to_string(),
            c.name,
            c.department,
            c.title,
            c.phone,
            keys(&c.roles, |r| r.key()),
            c.attitude.map(|v| v.key()),
            c.trust.map(|v| v.key()),
            c.audit.created_at.0,
            c.audit.updated_at.0,
            c.reports_to.map(|r| r.to_string()),
            super::sqlite_buying::org_change_column(c)?
        ],
    )?;
    Ok(())
}

fn opportunity(conn: &Connection, a: &str, o: &Opportunity) -> Result<(), StoreError> {
    let id = o.id.to_string();
    conn.execute(
        "INSERT OR REPLACE INTO p_opportunities (account_id, id, title, product_line, amount, stage,
            expected_close, competitors, next_step, next_step_due, lost_reason, lost_competitor, owner_id,
            created_at, updated_at, checked, created_by, updated_by, buying)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            a,
            id,
            o.title,
            o.product_line,
            o.amount.fen(),
            o.position.to_string(),
            o.expected_close.map(|d| d.to_string()),
            json_list(&o.competitors)?,
            o.next_step,
            o.next_step_due.map(|d| d.to_string()),
            o.lost.as_ref().map(|l| l.reason.clone()),
            o.lost.as_ref().and_then(|l| l.competitor.clone()),
            o.owner.to_string(),
            o.audit.created_at.0,
            o.audit.updated_at.0,
            json_list(&o.checked)?,
            o.audit.created_by.to_string(),
            o.audit.updated_by.to_string(),
            super::sqlite_buying::opportunity_column(o)?
        ],
    )?;
    conn.execute(
        "DELETE FROM p_stage_events WHERE account_id = ?1 AND opportunity_id = ?2",
        params![a, id],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT OR REPLACE INTO p_stage_events (account_id, opportunity_id, id, from_stage, to_stage, at, by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for e in &o.history {
        insert.execute(params![
            a,
            id,
            e.id.to_string(),
            e.from.as_ref().map(ToString::to_string),
            e.to.to_string(),
            e.at.0,
            e.by.to_string()
        ])?;
    }
    Ok(())
}

fn visit(conn: &Connection, a: &str, v: &Visit) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO p_visits (account_id, id, at, author_id, contacts, purpose, content, problems,
            next_step, opportunity_id, created_at, updated_at, photo, check_in, photo_thumb)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        a,
        v.id.to_string(),
        v.at.0,
        v.audit.created_by.to_string(),
        keys(&v.contacts, |c| c),
        v.purpose,
        v.content,
        v.problems,
        v.next_step,
        v.opportunity.map(|o| o.to_string()),
        v.audit.created_at.0,
        v.audit.updated_at.0,
        v.check_in
            .as_ref()
            .and_then(|c| c.photo_ref.as_ref())
            .map(|p| p.hash.as_str()),
        v.check_in
            .as_ref()
            .map(|c| super::sqlite_json::to_json(c, "check-in"))
            .transpose()?,
        v.check_in
            .as_ref()
            .and_then(|c| c.photo_ref.as_ref())
            .and_then(|p| p.thumb.as_deref())
    ])?;
    Ok(())
}

/// Records that the live sync received `visits` at `now`: the first receipt stays, the
/// latest moves.
fn receipts(
    conn: &Connection,
    a: &str,
    visits: &[Visit],
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO visit_receipts (account_id, id, first_at, last_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (account_id, id) DO UPDATE SET last_at = max(last_at, excluded.last_at)",
    )?;
    for v in visits {
        upsert.execute(params![a, v.id.to_string(), now.0])?;
    }
    Ok(())
}

fn co_visit(conn: &Connection, a: &str, c: &CoVisit) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR REPLACE INTO p_co_visits (account_id, id, manager_id, rep_id, visit_id, at, kind,
            observations, coaching_points, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            a,
            c.id.to_string(),
            c.manager.to_string(),
            c.rep.to_string(),
            c.visit.map(|v| v.to_string()),
            c.at.0,
            c.kind.key(),
            c.observations,
            c.coaching_points,
            c.audit.created_at.0
        ],
    )?;
    Ok(())
}

fn review(conn: &Connection, a: &str, r: &AccountReview) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR REPLACE INTO p_reviews (account_id, id, rep_id, by_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            a,
            r.id.to_string(),
            r.rep.to_string(),
            r.audit.created_by.to_string(),
            r.audit.created_at.0
        ],
    )?;
    Ok(())
}

fn comment(conn: &Connection, a: &str, c: &VisitComment) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR REPLACE INTO p_comments (account_id, id, visit_id, by_id, at, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            a,
            c.id.to_string(),
            c.visit.to_string(),
            c.audit.created_by.to_string(),
            c.audit.created_at.0,
            c.text
        ],
    )?;
    Ok(())
}
