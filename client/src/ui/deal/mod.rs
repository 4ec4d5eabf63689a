//! Knowing the deal (找对人, 说对话, 做对事): the hospital's organisation chart, each
//! opportunity's buying centre and procurement step, the MANCOHT card, and the deal
//! warnings computed on the device by `rounds_shared::deal` (the server's code too).

mod contacts;
mod mancoht;
mod stakeholders;
pub(crate) mod text;
mod warnings;

pub(super) use contacts::ContactsSection;
pub(super) use mancoht::MancohtCard;
pub(super) use stakeholders::BuyingCentre;
pub(super) use warnings::{AtRisk, DealWarningList};

/// A change to the opportunity on screen: take it as it is now, change it, save it (the
/// closure answers whether anything changed).
pub(super) type Change =
    leptos::prelude::Callback<Box<dyn FnOnce(&mut rounds_shared::model::Opportunity) -> bool>>;
