//! The app's screens as URLs. Paths parse into a [`Route`] and print back, so a reload or a
//! shared link opens the same screen; moving between screens uses the History API.
//!
//! ```
//! use rounds_client::route::Route;
//! let r = Route::parse("/accounts/0192d2f4-8c4e-7a61-9f2e-3b1c5d6e7f80/visit");
//! assert_eq!(Route::parse(&r.path()), r);
//! assert_eq!(Route::parse("/no/such/screen"), Route::NotFound);
//! ```

use rounds_shared::ids::{AccountId, OpportunityId};

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
    /// Anything else.
    NotFound,
}

impl Route {
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
            Route::NotFound => "/404".into(),
        }
    }

    /// The screen the browser is showing.
    pub fn current() -> Route {
        web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .map_or(Route::Today, |p| Route::parse(&p))
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
        ] {
            assert_eq!(Route::parse(&r.path()), r, "{}", r.path());
        }
        assert_eq!(Route::parse("/accounts/not-an-id"), Route::NotFound);
        assert_eq!(Route::parse("/today/"), Route::Today);
    }
}
