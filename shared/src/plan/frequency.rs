//! How often to visit a hospital (visits a month), by default: by its ABC class, raised
//! when it has an open deal far enough down the funnel. The quarterly plan starts from
//! these and the rep edits them.
//!
//! ```
//! use rounds_shared::model::AccountClass;
//! use rounds_shared::money::WinRate;
//! use rounds_shared::plan::default_frequency;
//!
//! assert_eq!(default_frequency(Some(AccountClass::Key), None), 4);
//! assert_eq!(default_frequency(Some(AccountClass::Small), None), 1);
//! // A small hospital with a deal at 50 % is seen weekly while the deal is open.
//! assert_eq!(default_frequency(Some(AccountClass::Small), Some(WinRate::from_percent(50))), 4);
//! ```

use crate::ids::AccountId;
use crate::model::{AccountClass, Opportunity, QuarterlyPlan};
use crate::money::WinRate;
use crate::stage::StageTemplate;

/// Visits a month for a hospital of `class` (unclassified: as small) whose most advanced
/// open deal stands at `deal` (its stage's win rate), if it has one.
pub fn default_frequency(class: Option<AccountClass>, deal: Option<WinRate>) -> u32 {
    let by_class = match class {
        Some(AccountClass::Key) => 4,
        Some(AccountClass::Major) => 2,
        Some(AccountClass::Normal | AccountClass::Small) | None => 1,
    };
    // Half-way and beyond, the deal is being decided: weekly. A deal the hospital has begun
    // to weigh (from 20 %): every other week.
    let by_deal = match deal.map(WinRate::basis_points) {
        Some(bp) if bp >= 5_000 => 4,
        Some(bp) if bp >= 2_000 => 2,
        Some(_) | None => 0,
    };
    by_class.max(by_deal)
}

/// The win rate of a hospital's most advanced open deal among `opportunities`, if any.
fn leading_deal<'a>(
    template: &StageTemplate,
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
) -> Option<WinRate> {
    opportunities
        .into_iter()
        .filter(|o| !o.position.has_left())
        .filter_map(|o| template.position_of(&o.position))
        .map(|s| s.stage.win_rate)
        .max()
}

/// What the quarter holds for one hospital: its visits a month, whom to see there, and
/// whether it is in the funnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Visits a month: the quarterly plan's, when it sets one, else [`default_frequency`].
    pub per_month: u32,
    /// The departments and people to see (the plan's; empty without one).
    pub focus: String,
    /// It has an open deal (in the funnel) rather than none (above it).
    pub in_funnel: bool,
}

/// What the quarter's `plan` (if any) holds for hospital `account` of `class` with these
/// `opportunities`; the phone and the server's coverage both read a hospital this way.
pub fn planned<'a>(
    plan: Option<&QuarterlyPlan>,
    template: &StageTemplate,
    account: AccountId,
    class: Option<AccountClass>,
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
) -> Planned {
    let open: Vec<&Opportunity> = opportunities
        .into_iter()
        .filter(|o| !o.position.has_left())
        .collect();
    let per_month = plan
        .and_then(|p| p.visit_frequency.get(&account).copied())
        .unwrap_or_else(|| default_frequency(class, leading_deal(template, open.iter().copied())));
    Planned {
        per_month,
        focus: plan
            .and_then(|p| p.focus.get(&account).cloned())
            .unwrap_or_default(),
        in_funnel: !open.is_empty(),
    }
}
