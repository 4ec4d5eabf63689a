//! Who may see which records: the one place the rule is written down. The sync
//! connection asks [`decide`] per document; the index documents and the dashboard read
//! [`account_scope`], the same rule as a query.
//!
//! - Account documents: the owning rep, the managers of the owner's team, and admins may
//!   read and write. Disabled users and department roles (who answer hand-off notices)
//!   see none.
//! - Index documents: only their user, and only to read (the server writes them).
//! - Personal documents: their user reads and writes; the managers of the user's team and
//!   admins read.
//! - Notice documents: their issuer, whoever sees the issuer's accounts, the users of the
//!   receiving department, and for a notice addressed to a person, that person and whoever
//!   sees their accounts, read and write — each only their part (the notice rules in
//!   `rounds_shared::doc::check_notice`). Department users never see account documents.
//! - Everything else, and every document the server does not have, is unavailable.
//! - Revenue targets ([`sees_target`]): admins see all; a manager the organisation's, their
//!   teams' and their reps'; a rep their team's and their own; department roles none.

use rounds_shared::ids::{TeamId, UserId};
use rounds_shared::model::UserRole;
use rounds_shared::time::Timestamp;

use crate::storage::{AccountScope, User};

use rounds_shared::sync::Access;

/// How long after a hand-over the former owner's device may still deliver what it logged
/// offline before it learned.
pub const HANDOVER_DELIVERY_DAYS: i64 = 30;

/// Whether a connection opened at `opened` may deliver records to an account its user
/// handed over at `at`: only a connection opened after the hand-over (one open at the time
/// loses the account at once, having been told), and only within
/// [`HANDOVER_DELIVERY_DAYS`].
pub fn handover_delivery(at: Timestamp, opened: Timestamp, now: Timestamp) -> bool {
    opened.0 > at.0 && now.0 - at.0 < HANDOVER_DELIVERY_DAYS * 24 * 3_600_000
}

/// A document as access control sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A hospital account.
    Account {
        /// The owning rep.
        owner: UserId,
        /// The owner's team.
        owner_team: Option<TeamId>,
    },
    /// A user's index.
    Index {
        /// Whose.
        user: UserId,
    },
    /// A user's plans.
    Personal {
        /// Whose.
        owner: UserId,
        /// Their team.
        owner_team: Option<TeamId>,
    },
    /// A hand-off notice.
    Notice(crate::storage::NoticeMeta),
}

impl From<&crate::storage::AccountRow> for Target {
    /// A hospital account as its row says: owned by whom, in which team.
    fn from(row: &crate::storage::AccountRow) -> Self {
        Target::Account {
            owner: row.owner,
            owner_team: row.owner_team,
        }
    }
}

/// Whether `user` (managing the teams `managed`) may see the revenue target of `subject`;
/// `team_of` says which team a rep is in.
pub fn sees_target(
    user: &User,
    managed: &[TeamId],
    team_of: impl Fn(UserId) -> Option<TeamId>,
    subject: rounds_shared::model::TargetSubject,
) -> bool {
    use rounds_shared::model::TargetSubject;
    if user.disabled {
        return false;
    }
    match user.role {
        UserRole::Admin => true,
        UserRole::Manager => match subject {
            TargetSubject::Org => true,
            TargetSubject::Team(t) => managed.contains(&t),
            TargetSubject::Rep(r) => team_of(r).is_some_and(|t| managed.contains(&t)),
        },
        UserRole::Rep => match subject {
            TargetSubject::Org => false,
            TargetSubject::Team(t) => user.team == Some(t),
            TargetSubject::Rep(r) => r == user.id,
        },
        UserRole::ProductManager
        | UserRole::InsideSales
        | UserRole::Warehouse
        | UserRole::Finance
        | UserRole::ServiceEngineer => false,
    }
}

/// The organisation's configuration as `user` may see it: targets they may not see are
/// left out.
pub fn org_for(
    mut org: rounds_shared::model::OrgConfig,
    user: &User,
    managed: &[TeamId],
    users: &[User],
) -> rounds_shared::model::OrgConfig {
    let team_of = |id| users.iter().find(|u| u.id == id).and_then(|u| u.team);
    org.targets
        .retain(|t| sees_target(user, managed, team_of, t.subject));
    // Start dates: one's own, and a manager's reps'.
    org.starts.retain(|s| {
        sees_target(
            user,
            managed,
            team_of,
            rounds_shared::model::TargetSubject::Rep(s.rep),
        )
    });
    org
}

/// Whose accounts `user` sees; `managed` are the teams they manage.
pub fn account_scope(user: &User, managed: &[TeamId]) -> AccountScope {
    if user.disabled {
        return AccountScope::Nothing;
    }
    match user.role {
        UserRole::Admin => AccountScope::All,
        UserRole::Manager => AccountScope::Owners {
            owner: user.id,
            teams: managed.to_vec(),
        },
        UserRole::Rep => AccountScope::Owners {
            owner: user.id,
            teams: Vec::new(),
        },
        UserRole::ProductManager
        | UserRole::InsideSales
        | UserRole::Warehouse
        | UserRole::Finance
        | UserRole::ServiceEngineer => AccountScope::Nothing,
    }
}

/// The rule for one document. `managed` are the teams `user` manages.
pub fn decide(user: &User, managed: &[TeamId], target: Target) -> Access {
    if user.disabled {
        return Access::None;
    }
    let sees = |owner, owner_team| account_scope(user, managed).includes(owner, owner_team);
    match target {
        Target::Account { owner, owner_team } if sees(owner, owner_team) => Access::ReadWrite,
        Target::Account { .. } => Access::None,
        Target::Index { user: whose } if whose == user.id => Access::Read,
        Target::Index { .. } => Access::None,
        Target::Personal { owner, .. } if owner == user.id => Access::ReadWrite,
        // Those who see a rep's accounts read their plans.
        Target::Personal { owner, owner_team } if sees(owner, owner_team) => Access::Read,
        Target::Personal { .. } => Access::None,
        // The issuer, those who see the issuer's accounts, and the receiving department
        // may all write; what each may write is the notice rules' (`check_notice`).
        Target::Notice(n)
            if n.issuer == user.id
                || sees(n.issuer, n.issuer_team)
                || n.to == Some(user.id)
                || n.to.is_some_and(|to| sees(to, n.to_team)) =>
        {
            Access::ReadWrite
        }
        Target::Notice(n) if user.role.department() == Some(n.department) => Access::ReadWrite,
        Target::Notice(_) => Access::None,
    }
}

/// Whose notices `user` sees ([`decide`] as a query); `managed` are the teams they manage.
pub fn notice_scope(user: &User, managed: &[TeamId]) -> crate::storage::NoticeScope {
    crate::storage::NoticeScope {
        issuers: account_scope(user, managed),
        department: if user.disabled {
            None
        } else {
            user.role.department()
        },
        done_since: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rounds_shared::sync::DocumentId;

    fn user(role: UserRole, team: Option<TeamId>) -> User {
        User {
            id: UserId::generate(),
            username: "u".into(),
            display_name: "u".into(),
            role,
            team,
            index_doc: DocumentId::generate(),
            personal_doc: DocumentId::generate(),
            disabled: false,
            must_change_password: false,
            region: String::new(),
        }
    }

    #[test]
    fn the_rule_as_a_table() {
        let east = TeamId::generate();
        let west = TeamId::generate();
        let rep = user(UserRole::Rep, Some(east));
        let other_rep = user(UserRole::Rep, Some(west));
        let manager = user(UserRole::Manager, None);
        let admin = user(UserRole::Admin, None);
        let finance = user(UserRole::Finance, None);
        let account = Target::Account {
            owner: rep.id,
            owner_team: Some(east),
        };
        let personal = Target::Personal {
            owner: rep.id,
            owner_team: Some(east),
        };
        let index = Target::Index { user: rep.id };

        assert_eq!(decide(&rep, &[], account), Access::ReadWrite);
        assert_eq!(decide(&other_rep, &[], account), Access::None);
        assert_eq!(decide(&manager, &[east], account), Access::ReadWrite);
        assert_eq!(decide(&manager, &[west], account), Access::None);
        assert_eq!(decide(&admin, &[], account), Access::ReadWrite);
        assert_eq!(decide(&finance, &[], account), Access::None);

        assert_eq!(decide(&rep, &[], index), Access::Read);
        assert_eq!(decide(&manager, &[east], index), Access::None);
        assert_eq!(decide(&admin, &[], index), Access::None);

        assert_eq!(decide(&rep, &[], personal), Access::ReadWrite);
        assert_eq!(decide(&manager, &[east], personal), Access::Read);
        assert_eq!(decide(&manager, &[west], personal), Access::None);
        assert_eq!(decide(&other_rep, &[], personal), Access::None);
        assert_eq!(decide(&admin, &[], personal), Access::Read);

        // A warehouse notice from the rep; a payment chase from finance to the rep.
        let warehouse = user(UserRole::Warehouse, None);
        let shipping = Target::Notice(crate::storage::NoticeMeta {
            issuer: rep.id,
            issuer_team: Some(east),
            department: rounds_shared::model::Department::Warehouse,
            to: None,
            to_team: None,
        });
        assert_eq!(decide(&rep, &[], shipping), Access::ReadWrite);
        assert_eq!(decide(&manager, &[east], shipping), Access::ReadWrite);
        assert_eq!(decide(&warehouse, &[], shipping), Access::ReadWrite);
        assert_eq!(decide(&finance, &[], shipping), Access::None);
        assert_eq!(decide(&other_rep, &[], shipping), Access::None);
        let chase = Target::Notice(crate::storage::NoticeMeta {
            issuer: finance.id,
            issuer_team: None,
            department: rounds_shared::model::Department::Finance,
            to: Some(rep.id),
            to_team: Some(east),
        });
        assert_eq!(decide(&rep, &[], chase), Access::ReadWrite);
        assert_eq!(decide(&manager, &[east], chase), Access::ReadWrite);
        assert_eq!(decide(&manager, &[west], chase), Access::None);
        assert_eq!(decide(&other_rep, &[], chase), Access::None);
        assert_eq!(decide(&warehouse, &[], chase), Access::None);

        // A rep who is somehow listed as managing a team gains nothing from it.
        assert_eq!(decide(&other_rep, &[east], account), Access::None);
        let mut disabled = rep.clone();
        disabled.disabled = true;
        assert_eq!(decide(&disabled, &[], account), Access::None);
    }
}
