//! Signed contracts and collected payments: the money standards of DOMAIN.md
//! ("Standards") — contracts and new business a month, and the share of receivables
//! collected.
//!
//! Rounds records no invoices, so both are read from the funnel itself: entering the
//! signing stage (赢取承诺, "contract signed, installed") is the contract, and reaching the
//! won stage after it (完成回款, "payment collected") is the payment.

use super::formulas::Fraction;
use super::history::{Course, Place};
use crate::model::Opportunity;
use crate::money::Money;
use crate::stage::StageTemplate;
use crate::time::Period;

/// Contracts: how many, and their amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deals {
    /// Opportunities signed.
    pub count: usize,
    /// Their amounts.
    pub amount: Money,
}

/// The index of the stage whose entry means the contract is signed: the stage just before
/// the template's first won stage (赢取承诺 in the default template, A in the milestone
/// scheme). `None` when the template has no won stage or starts with one.
pub fn signing_stage(template: &StageTemplate) -> Option<usize> {
    let won = template.stages.iter().position(|s| s.is_won())?;
    won.checked_sub(1)
}

/// Contracts signed during `period`: opportunities that first reached the signing stage,
/// or went past it, during the period.
///
/// ```
/// use rounds_shared::funnel::signed_in;
/// use rounds_shared::ids::{OpportunityId, UserId};
/// use rounds_shared::model::Opportunity;
/// use rounds_shared::money::Money;
/// use rounds_shared::stage::{Position, StageTemplate};
/// use rounds_shared::time::{Period, Timestamp};
///
/// let rep = UserId::generate();
/// let at = |k: &str| k.parse::<Position>().unwrap();
/// let mut opp = Opportunity::new(
///     OpportunityId::generate(), "化学发光", "免疫", Money::from_yuan(600_000),
///     at("present_value"), Timestamp(1_000), rep,
/// );
/// opp.move_to(at("win_commitment"), Timestamp(5_000), rep).unwrap();
/// let template = StageTemplate::default_eight();
/// let deals = signed_in(&template, [&opp], Period { start: Timestamp(4_000), end: Timestamp(6_000) });
/// assert_eq!((deals.count, deals.amount), (1, Money::from_yuan(600_000)));
/// let before = signed_in(&template, [&opp], Period { start: Timestamp(0), end: Timestamp(4_000) });
/// assert_eq!(before.count, 0);
/// ```
pub fn signed_in<'a>(
    template: &StageTemplate,
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
    period: Period,
) -> Deals {
    let Some(signing) = signing_stage(template) else {
        return Deals::default();
    };
    opportunities
        .into_iter()
        .filter(|opp| signed_during(&Course::of(template, opp, &period), signing))
        .fold(Deals::default(), |d, opp| Deals {
            count: d.count + 1,
            amount: d.amount + opp.amount,
        })
}

/// Receivables collected (回款率) for contracts signed during `period`: the part of their
/// amount whose opportunities reached a won stage (payment collected) by the period's end,
/// over their whole amount. With nothing signed the fraction is `0 / 0`: nothing is owed.
pub fn receivables<'a>(
    template: &StageTemplate,
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
    period: Period,
) -> Fraction {
    let mut out = Fraction {
        part: Money::ZERO,
        whole: Money::ZERO,
    };
    let Some(signing) = signing_stage(template) else {
        return out;
    };
    for opp in opportunities {
        let course = Course::of(template, opp, &period);
        if signed_during(&course, signing) {
            out.whole += opp.amount;
            if matches!(course.end, Some(Place::Won(_))) {
                out.part += opp.amount;
            }
        }
    }
    out
}

/// Before the period it stood below the signing stage (or did not exist, or had left the
/// funnel), and during it reached the signing stage or beyond.
fn signed_during(course: &Course, signing: usize) -> bool {
    let before_signing = course
        .before
        .and_then(Place::index)
        .is_none_or(|i| i < signing);
    before_signing
        && course
            .during
            .iter()
            .any(|p| p.index().is_some_and(|i| i >= signing))
}
