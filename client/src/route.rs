//! The app's screens as URLs. Paths parse into a [`Route`] and print back, so a reload or a
//! shared link opens the same screen; moving between screens uses the History API.
//!
//! ```
//! use rounds_client::route::Route;
//! let r = Route::parse("/accounts/0192d2f4-8c4e-7a61-9f2e-3b1c5d6e7f80/visit");
//! assert_eq!(Route::parse(&r.path()), r);
//! assert_eq!(Route::parse("/no/such/screen"), Route::NotFound);
//! ```

use rounds_shared::ids::{AccountId, NoticeId, OpportunityId, UserId};

use crate::query::TeamQuery;

/// An administration screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminPage {
    /// People: create, edit, disable, reset passwords.
    People,
    /// Teams with their managers, and the territories.
    Teams,
    /// Hospitals: the list, import and export.
    Hospitals,
    /// Hand-over of hospitals between reps; orphan accounts.
    HandOver,
    /// Stage template, activity standards, targets.
    Settings,
    /// The audit log.
    Audit,
}

impl AdminPage {
    /// Every page, in the order the navigation shows them.
    pub const ALL: [AdminPage; 6] = [
        AdminPage::People,
        AdminPage::Teams,
        AdminPage::Hospitals,
        AdminPage::HandOver,
        AdminPage::Settings,
        AdminPage::Audit,
    ];

    /// Whether managers may use it too (for their own teams' reps and hospitals).
    pub fn for_managers(self) -> bool {
        matches!(self, AdminPage::People | AdminPage::HandOver)
    }

    /// Its path segment.
    pub fn slug(self) -> &'static str {
        match self {
            AdminPage::People => "people",
            AdminPage::Teams => "teams",
            AdminPage::Hospitals => "hospitals",
            AdminPage::HandOver => "handover",
            AdminPage::Settings => "settings",
            AdminPage::Audit => "audit",
        }
    }
}

/// One screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Today's visits, next steps due, stalled opportunities.
    Today,
    /// Sign in.
    Login,
    /// My hospitals.
    Accounts,
    /// One hospital.
    Account(AccountId),
    /// Log a visit, at a hospital if one is given.
    LogVisit(Option<AccountId>),
    /// One opportunity.
    Opportunity(AccountId, OpportunityId),
    /// My funnel, computed on the device.
    Funnel,
    /// This week's plan and my activity against the standards.
    Plan,
    /// The quarter's plan (季计划) and coverage of my hospitals.
    Quarter,
    /// Manager: the team funnel, forecast, trend and drill-down.
    Team(TeamQuery),
    /// Manager: activity against the standards.
    TeamActivity(TeamQuery),
    /// Manager: every visit report of the team.
    TeamVisits(TeamQuery),
    /// Manager: ABC classes and the value × attitude grid.
    TeamClasses(TeamQuery),
    /// Manager: the printable weekly meeting view, one page per rep.
    Meeting(TeamQuery),
    /// Finance and managers: the collection list (下月催款明细).
    Collections(TeamQuery),
    /// Managers and admins: hand-off notices by department and person.
    TeamNotices,
    /// The rep's daily list (日清单).
    Daily,
    /// Managers and admins: the team's weekly plans against what was done.
    TeamPlans,
    /// Managers and admins: the team's daily lists of a day, for review.
    TeamDaily,
    /// The hand-off notices on the device: a department's inbox, a rep's issued ones.
    Notices,
    /// One hand-off notice.
    Notice(NoticeId),
    /// Manager: one rep's accounts.
    RepAccounts(UserId),
    /// Manager: write a co-visit report.
    CoVisit,
    /// Administrator: one of the administration screens.
    Admin(AdminPage),
    /// Anything else.
    NotFound,
}

impl Route {
    /// The screen at `path` with its `query` (`a=1&b=2`, without `?`).
    pub fn parse_with(path: &str, query: &str) -> Route {
        let q = TeamQuery::parse(query);
        match Route::parse(path) {
            Route::Team(_) => Route::Team(q),
            Route::TeamActivity(_) => Route::TeamActivity(q),
            Route::TeamVisits(_) => Route::TeamVisits(q),
            Route::TeamClasses(_) => Route::TeamClasses(q),
            Route::Meeting(_) => Route::Meeting(q),
            Route::Collections(_) => Route::Collections(q),
            other => other,
        }
    }

    /// Whether only managers (and admins) may open this screen.
    pub fn is_manager_only(&self) -> bool {
        matches!(
            self,
            Route::Admin(_)
                | Route::Team(_)
                | Route::TeamActivity(_)
                | Route::TeamVisits(_)
                | Route::RepAccounts(_)
                | Route::CoVisit
                | Route::TeamNotices
                | Route::TeamDaily
                | Route::TeamPlans
        )
    }

    /// Whether only administrators may open this screen. (Managers may open the people
    /// and hand-over screens, for their own teams.)
    pub fn is_admin_only(&self) -> bool {
        matches!(self, Route::Admin(p) if !p.for_managers())
    }

    /// The screen at `path` (without the query).
    pub fn parse(path: &str) -> Route {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let account = |s: &str| s.parse::<AccountId>().ok();
        match parts.as_slice() {
            [""] | ["today"] => Route::Today,
            ["login"] => Route::Login,
            ["accounts"] => Route::Accounts,
            ["visit"] => Route::LogVisit(None),
            ["funnel"] => Route::Funnel,
            ["plan"] => Route::Plan,
            ["plan", "quarter"] => Route::Quarter,
            ["team"] => Route::Team(TeamQuery::default()),
            ["team", "activity"] => Route::TeamActivity(TeamQuery::default()),
            ["team", "visits"] => Route::TeamVisits(TeamQuery::default()),
            ["team", "covisit"] => Route::CoVisit,
            ["team", "classes"] => Route::TeamClasses(TeamQuery::default()),
            ["team", "meeting"] => Route::Meeting(TeamQuery::default()),
            ["team", "collections"] => Route::Collections(TeamQuery::default()),
            ["team", "notices"] => Route::TeamNotices,
            ["team", "daily"] => Route::TeamDaily,
            ["team", "plans"] => Route::TeamPlans,
            ["daily"] => Route::Daily,
            ["notices"] => Route::Notices,
            ["notices", n] => n.parse().map_or(Route::NotFound, Route::Notice),
            ["team", "reps", r] => r.parse().map_or(Route::NotFound, Route::RepAccounts),
            ["admin"] => Route::Admin(AdminPage::People),
            ["admin", page] => AdminPage::ALL
                .into_iter()
                .find(|p| p.slug() == *page)
                .map_or(Route::NotFound, Route::Admin),
            ["accounts", a] => account(a).map_or(Route::NotFound, Route::Account),
            ["accounts", a, "visit"] => {
                account(a).map_or(Route::NotFound, |a| Route::LogVisit(Some(a)))
            }
            ["accounts", a, "opportunities", o] => match (account(a), o.parse().ok()) {
                (Some(a), Some(o)) => Route::Opportunity(a, o),
                _ => Route::NotFound,
            },
            _ => Route::NotFound,
        }
    }

    /// The path of this screen.
    pub fn path(&self) -> String {
        match self {
            Route::Today => "/".into(),
            Route::Login => "/login".into(),
            Route::Accounts => "/accounts".into(),
            Route::Account(a) => format!("/accounts/{a}"),
            Route::LogVisit(None) => "/visit".into(),
            Route::LogVisit(Some(a)) => format!("/accounts/{a}/visit"),
            Route::Opportunity(a, o) => format!("/accounts/{a}/opportunities/{o}"),
            Route::Funnel => "/funnel".into(),
            Route::Plan => "/plan".into(),
            Route::Quarter => "/plan/quarter".into(),
            Route::Team(q) => with_query("/team", q),
            Route::TeamActivity(q) => with_query("/team/activity", q),
            Route::TeamVisits(q) => with_query("/team/visits", q),
            Route::RepAccounts(r) => format!("/team/reps/{r}"),
            Route::CoVisit => "/team/covisit".into(),
            Route::TeamClasses(q) => with_query("/team/classes", q),
            Route::Meeting(q) => with_query("/team/meeting", q),
            Route::Collections(q) => with_query("/team/collections", q),
            Route::TeamNotices => "/team/notices".into(),
            Route::TeamDaily => "/team/daily".into(),
            Route::TeamPlans => "/team/plans".into(),
            Route::Daily => "/daily".into(),
            Route::Notices => "/notices".into(),
            Route::Notice(n) => format!("/notices/{n}"),
            Route::Admin(page) => format!("/admin/{}", page.slug()),
            Route::NotFound => "/404".into(),
        }
    }

    /// The screen the browser is showing.
    pub fn current() -> Route {
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return Route::Today;
        };
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        Route::parse_with(&path, search.trim_start_matches('?'))
    }
}

fn with_query(path: &str, q: &TeamQuery) -> String {
    let query = q.to_query();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_prints_a_path_that_parses_back() {
        let (a, o) = (AccountId::generate(), OpportunityId::generate());
        for r in [
            Route::Today,
            Route::Login,
            Route::Accounts,
            Route::Account(a),
            Route::LogVisit(None),
            Route::LogVisit(Some(a)),
            Route::Opportunity(a, o),
            Route::Funnel,
            Route::Plan,
            Route::Quarter,
            Route::CoVisit,
            Route::RepAccounts(UserId::generate()),
            Route::TeamNotices,
            Route::TeamDaily,
            Route::TeamPlans,
            Route::Daily,
            Route::Notices,
            Route::Notice(NoticeId::generate()),
        ]
        .into_iter()
        .chain(AdminPage::ALL.map(Route::Admin))
        {
            assert_eq!(Route::parse(&r.path()), r, "{}", r.path());
        }
        assert!(Route::Admin(AdminPage::Audit).is_admin_only());
        assert!(!Route::Admin(AdminPage::People).is_admin_only());
        assert!(Route::Admin(AdminPage::People).is_manager_only());
        let q = TeamQuery {
            period: "month".into(),
            rep: "zhangwei".into(),
            level: "3a".into(),
            ..TeamQuery::default()
        };
        for r in [
            Route::Team(q.clone()),
            Route::TeamActivity(q.clone()),
            Route::TeamVisits(q),
        ] {
            let path = r.path();
            let (p, query) = path.split_once('?').unwrap_or((&path, ""));
            assert_eq!(Route::parse_with(p, query), r, "{path}");
            assert!(r.is_manager_only());
        }
        assert!(!Route::Today.is_manager_only());
        // The collection list takes the filters too; finance opens it, so it is not a
        // manager's only.
        let listed = Route::Collections(TeamQuery {
            rep: "zhangwei".into(),
            ..TeamQuery::default()
        });
        let path = listed.path();
        let (p, query) = path.split_once('?').unwrap_or((&path, ""));
        assert_eq!(Route::parse_with(p, query), listed, "{path}");
        assert!(!listed.is_manager_only());
        assert_eq!(Route::parse("/accounts/not-an-id"), Route::NotFound);
        assert_eq!(Route::parse("/today/"), Route::Today);
    }
}
