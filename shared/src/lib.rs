//! # rounds-shared
//!
//! The part of Rounds that the server and the phone app share: the domain model
//! ([`model`]), the Automerge document schema ([`doc`]) and the funnel maths ([`funnel`]).
//! It does no IO and compiles for `wasm32-unknown-unknown` as well as natively.

pub mod activity;
pub mod api;
pub mod deal;
pub mod doc;
pub mod evidence;
pub mod funnel;
pub mod ids;
pub mod labels;
pub mod model;
pub mod money;
pub mod notice;
#[cfg(feature = "openapi")]
mod openapi;
pub mod plan;
pub mod stage;
mod stage_templates;
pub mod sync;
pub mod time;
