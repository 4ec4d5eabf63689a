//! # rounds-client
//!
//! The Rounds web app (Leptos, client-side rendered, compiled to WebAssembly): the rep's
//! offline-first app and the manager's dashboard. [`store`] keeps documents in IndexedDB.

pub mod app;
pub mod i18n;
pub mod store;

/// Mounts the app on the page.
pub fn mount() {
    leptos::mount::mount_to_body(app::App);
}
