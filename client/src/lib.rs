//! # rounds-client
//!
//! The Rounds web app (Leptos, client-side rendered, compiled to WebAssembly): the rep's
//! offline-first app and the manager's dashboard.
//!
//! - [`store`] keeps documents in IndexedDB; [`repo`] holds them decoded, applies edits
//!   (stored before they count as saved) and syncs them ([`repo::net`]).
//! - [`ui`] has the screens; [`route`] maps them to URLs; [`i18n`] holds every string.

pub mod activity;
pub mod api;
pub mod device;
pub mod format;
pub mod geo;
pub mod http;
pub mod i18n;
pub mod photo;
pub mod query;
pub mod repo;
pub mod route;
pub mod session;
pub mod store;
pub mod ui;

/// Mounts the app on the page.
pub fn mount() {
    ui::mark("rounds:start");
    // A panic aborts the app; its message goes to the console first, so that a report (or
    // a test) says what broke.
    std::panic::set_hook(Box::new(|info| leptos::logging::error!("panic: {info}")));
    leptos::mount::mount_to_body(ui::App);
}
