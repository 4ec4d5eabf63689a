//! Hospital import from a CSV or Excel (.xlsx) sheet: reading the sheet, and checking every
//! row against the hospitals, people and territories there are. Pure: the API handler
//! decides whether to save what [`plan`] returns.
//!
//! Columns are found by their header, in Chinese or English, in any order:
//! `医院名称`/`name`, `等级`/`level`, `区域`/`region`, `分区`/`zone`, `地址`/`address`,
//! `负责人`/`owner` (login name), `科室`/`departments` (see `Account::departments_from`),
//! `标本量`/`annual_sample_volume`. A hospital whose name is already taken is updated;
//! its owner changes only by a hand-over.

use std::collections::{BTreeSet, HashMap};

use rounds_shared::api::{ImportOutcome, ImportReport, ImportRow};
use rounds_shared::ids::AccountId;
use rounds_shared::model::{Account, HospitalLevel, OrgConfig, Zone};
use rounds_shared::time::Timestamp;

pub use super::sheet::{Column, MAX_BYTES, MAX_ROWS, Sheet, read_sheet};

use super::AdminError;
use super::sheet::invalid;
use crate::storage::{AccountProfile, User};

/// What an import would change.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Every row's outcome.
    pub report: ImportReport,
    /// Hospitals to create.
    pub new: Vec<Account>,
    /// Existing hospitals with their new details (owner unchanged).
    pub updates: Vec<(AccountId, Details)>,
}

/// The details a row gives an existing hospital (`None`: the column is absent or empty,
/// so the value stays).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details {
    /// Grade.
    pub level: Option<HospitalLevel>,
    /// Territory.
    pub region: Option<String>,
    /// Zone.
    pub zone: Option<Zone>,
    /// Street address.
    pub address: Option<String>,
    /// Departments.
    pub departments: Option<BTreeSet<String>>,
    /// Annual sample volume.
    pub annual_sample_volume: Option<u64>,
    /// Where it is (set from a rep's check-in, not from a sheet).
    pub location: Option<rounds_shared::model::GeoPoint>,
}

impl Details {
    /// Writes these details into `account`; returns the names of the fields that changed.
    pub fn apply(&self, account: &mut Account) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut set = |name: &'static str, differs: bool| {
            if differs {
                changed.push(name);
            }
            differs
        };
        if let Some(v) = self.level
            && set("level", account.level != v)
        {
            account.level = v;
        }
        if let Some(v) = &self.region
            && set("region", &account.region != v)
        {
            account.region.clone_from(v);
        }
        if let Some(v) = self.zone
            && set("zone", account.zone != Some(v))
        {
            account.zone = Some(v);
        }
        if let Some(v) = &self.address
            && set("address", &account.address != v)
        {
            account.address.clone_from(v);
        }
        if let Some(v) = &self.departments
            && set("departments", &account.departments != v)
        {
            account.departments.clone_from(v);
        }
        if let Some(v) = self.annual_sample_volume
            && set(
                "annual_sample_volume",
                account.annual_sample_volume != Some(v),
            )
        {
            account.annual_sample_volume = Some(v);
        }
        if let Some(v) = self.location
            && set("location", account.location != Some(v))
        {
            account.location = Some(v);
        }
        changed
    }
}

struct RowError {
    column: Option<Column>,
    message: String,
}

fn row_error(column: Column, message: impl Into<String>) -> RowError {
    RowError {
        column: Some(column),
        message: message.into(),
    }
}

fn zone(text: &str) -> Option<Zone> {
    let t = text.trim().trim_end_matches('区').to_lowercase();
    let t = t.strip_prefix("zone ").unwrap_or(&t);
    Zone::from_key(t)
}

/// Checks every row of `sheet` against the hospitals (`existing`), people (`users`) and
/// territories (`org`) there are, and says what saving it would do.
pub fn plan(
    sheet: &Sheet,
    existing: &[AccountProfile],
    users: &[User],
    org: &OrgConfig,
    now: Timestamp,
) -> Result<Plan, AdminError> {
    let columns: Vec<Option<Column>> = sheet.header.iter().map(|h| Column::of_header(h)).collect();
    if !columns.contains(&Some(Column::Name)) {
        return Err(invalid(format!(
            "no hospital name column: the first row must be the header, with a column named {}",
            Column::Name.names().join(" / ")
        )));
    }
    let header_of = |c: Column| {
        columns.iter().position(|x| *x == Some(c)).map_or_else(
            || c.header().to_owned(),
            |i| sheet.header[i].trim().to_owned(),
        )
    };
    let mut by_name: HashMap<&str, Vec<&AccountProfile>> = HashMap::new();
    for a in existing {
        by_name.entry(a.name.trim()).or_default().push(a);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Plan {
        report: ImportReport {
            committed: false,
            new: 0,
            updated: 0,
            unchanged: 0,
            errors: 0,
            rows: Vec::with_capacity(sheet.rows.len()),
        },
        new: Vec::new(),
        updates: Vec::new(),
    };
    for (number, cells) in &sheet.rows {
        let cell = |c: Column| -> String {
            columns
                .iter()
                .position(|x| *x == Some(c))
                .and_then(|i| cells.get(i))
                .map_or_else(String::new, |s| s.trim().to_owned())
        };
        let name = cell(Column::Name);
        let result = check_row(&cell, &name, *number, &mut seen, &by_name, users, org, now);
        let (outcome, column, message) = match result {
            Err(e) => (ImportOutcome::Error, e.column.map(header_of), e.message),
            Ok(Checked::New(account)) => {
                out.new.push(*account);
                (ImportOutcome::New, None, String::new())
            }
            Ok(Checked::Update(id, details, changed)) if changed.is_empty() => {
                let _ = (id, details);
                (ImportOutcome::Unchanged, None, String::new())
            }
            Ok(Checked::Update(id, details, changed)) => {
                out.updates.push((id, details));
                (ImportOutcome::Updated, None, changed.join(", "))
            }
        };
        match outcome {
            ImportOutcome::New => out.report.new += 1,
            ImportOutcome::Updated => out.report.updated += 1,
            ImportOutcome::Unchanged => out.report.unchanged += 1,
            ImportOutcome::Error => out.report.errors += 1,
        }
        out.report.rows.push(ImportRow {
            row: *number,
            name,
            outcome,
            column,
            message,
        });
    }
    Ok(out)
}

enum Checked {
    New(Box<Account>),
    Update(AccountId, Details, Vec<&'static str>),
}

#[allow(clippy::too_many_arguments)]
fn check_row(
    cell: &dyn Fn(Column) -> String,
    name: &str,
    number: usize,
    seen: &mut HashMap<String, usize>,
    by_name: &HashMap<&str, Vec<&AccountProfile>>,
    users: &[User],
    org: &OrgConfig,
    now: Timestamp,
) -> Result<Checked, RowError> {
    if name.is_empty() {
        return Err(row_error(Column::Name, "no hospital name"));
    }
    if let Some(first) = seen.insert(name.to_owned(), number) {
        seen.insert(name.to_owned(), first);
        return Err(row_error(
            Column::Name,
            format!("duplicate name: row {first} names the same hospital"),
        ));
    }
    let text = |c: Column| Some(cell(c)).filter(|t| !t.is_empty());
    let level = text(Column::Level)
        .map(|l: String| super::accounts::level(&l).map_err(|m| row_error(Column::Level, m)))
        .transpose()?;
    let region = text(Column::Region);
    if let Some(r) = &region
        && !org.knows_region(r)
    {
        return Err(row_error(
            Column::Region,
            format!("`{r}` is not one of the organisation's territories"),
        ));
    }
    let zone = text(Column::Zone)
        .map(|z: String| {
            zone(&z).ok_or_else(|| {
                row_error(
                    Column::Zone,
                    format!("unknown zone `{z}`; use A, B, C or D"),
                )
            })
        })
        .transpose()?;
    let volume = text(Column::SampleVolume)
        .map(|v| {
            v.replace([',', '，'], "").parse::<u64>().map_err(|_| {
                row_error(Column::SampleVolume, format!("`{v}` is not a whole number"))
            })
        })
        .transpose()?;
    let departments = text(Column::Departments).map(|d| Account::departments_from(&d));
    let owner = text(Column::Owner)
        .map(|o: String| {
            let user = users
                .iter()
                .find(|u| u.username.eq_ignore_ascii_case(&o))
                .ok_or_else(|| row_error(Column::Owner, format!("unknown owner `{o}`")))?;
            if !user.may_own_accounts() {
                return Err(row_error(
                    Column::Owner,
                    format!("`{o}` cannot own hospitals (disabled, or not a rep or manager)"),
                ));
            }
            Ok(user)
        })
        .transpose()?;
    let details = Details {
        level,
        region,
        zone,
        address: text(Column::Address),
        departments,
        annual_sample_volume: volume,
        location: None,
    };
    match by_name.get(name).map(Vec::as_slice) {
        None => {
            let owner =
                owner.ok_or_else(|| row_error(Column::Owner, "a new hospital needs an owner"))?;
            let level =
                level.ok_or_else(|| row_error(Column::Level, "a new hospital needs a level"))?;
            let mut account = Account::new(
                AccountId::generate(),
                name,
                level,
                details.region.clone().unwrap_or_default(),
                owner.id,
                now,
            );
            details.apply(&mut account);
            Ok(Checked::New(Box::new(account)))
        }
        Some([one]) => {
            if let Some(owner) = owner
                && owner.id != one.owner
            {
                let current = users
                    .iter()
                    .find(|u| u.id == one.owner)
                    .map_or("nobody", |u| u.username.as_str());
                return Err(row_error(
                    Column::Owner,
                    format!("owned by `{current}`: change owners by a hand-over, not an import"),
                ));
            }
            let mut account = one.account(now);
            let changed = details.apply(&mut account);
            Ok(Checked::Update(one.id, details, changed))
        }
        Some(_) => Err(row_error(
            Column::Name,
            "several hospitals already have this name; edit them one by one",
        )),
    }
}
