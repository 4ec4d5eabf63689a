//! `GET /warnings`: the deal warnings of the opportunities a user may see.

use serde::{Deserialize, Serialize};

use super::OppItem;
use crate::deal::{Warning, WarningKind};
use crate::ids::UserId;

/// One open opportunity with its warnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealWarnings {
    /// The opportunity.
    pub opportunity: OppItem,
    /// What is wrong, in [`WarningKind`] order.
    pub warnings: Vec<Warning>,
}

/// How many of a rep's deals warn, and of what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepWarnings {
    /// The rep.
    pub rep: UserId,
    /// Open deals with at least one warning.
    pub deals: usize,
    /// Warnings in all.
    pub warnings: usize,
    /// Warnings of each kind, in [`WarningKind`] order; kinds with none are left out.
    pub by_kind: Vec<KindCount>,
}

/// How many warnings of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindCount {
    /// The kind.
    pub kind: WarningKind,
    /// How many.
    pub count: usize,
}

/// The deals at risk, most warnings first (a page of them), and the counts per rep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WarningsReport {
    /// How many open deals have a warning (of the kind asked for, when one was).
    #[serde(default)]
    pub total: usize,
    /// The page size asked for (`limit`, 100 by default).
    #[serde(default)]
    pub limit: usize,
    /// Where the page starts (`offset`).
    #[serde(default)]
    pub offset: usize,
    /// The page of those deals.
    pub deals: Vec<DealWarnings>,
    /// Per rep, every rep with a deal at risk, most warnings first.
    pub per_rep: Vec<RepWarnings>,
}
