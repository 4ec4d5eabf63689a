//! The frame around every screen: title, sync status, language, the bottom navigation, and
//! the "new version" and "sign in again" banners.

use leptos::prelude::*;
use rounds_shared::labels::Locale;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::{Ctx, set_locale};
use crate::format;
use crate::i18n::Text;
use crate::repo::{Link, Status};
use crate::route::Route;
use crate::session::Session;

/// What the status chip says.
fn status_text(ctx: &Ctx, s: Status) -> String {
    let tz = ctx.repo().read(|d| d.org.tz);
    let mut waiting = if s.waiting > 0 {
        format!(" · {} {}", s.waiting, ctx.t(Text::ChangesWaiting))
    } else {
        String::new()
    };
    if s.photos > 0 {
        waiting.push_str(&format!(" · {} {}", s.photos, ctx.t(Text::PhotosWaiting)));
    }
    match s.link {
        Link::Offline => format!("{}{waiting}", ctx.t(Text::Offline)),
        Link::Syncing => format!("{}{waiting}", ctx.t(Text::Syncing)),
        Link::Synced => match s.synced_at {
            Some(at) => format!(
                "{} {}{waiting}",
                ctx.t(Text::SyncedAt),
                format::time(at, tz)
            ),
            None => format!("{}{waiting}", ctx.t(Text::Synced)),
        },
        Link::SignedOut => format!("{}{waiting}", ctx.t(Text::SignInAgain)),
    }
}

fn link_name(link: Link) -> &'static str {
    match link {
        Link::Offline => "offline",
        Link::Syncing => "syncing",
        Link::Synced => "synced",
        Link::SignedOut => "signed-out",
    }
}

/// Listens to the browser's back and forward buttons, and to the service worker's news.
fn listen(ctx: Ctx, update_ready: RwSignal<bool>) {
    let Some(w) = web_sys::window() else { return };
    let on_pop = Closure::<dyn FnMut()>::new(move || ctx.route.set(Route::current()));
    let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
    let on_update = Closure::<dyn FnMut()>::new(move || update_ready.set(true));
    let _ = w.add_event_listener_with_callback("rounds-update", on_update.as_ref().unchecked_ref());
    on_update.forget();
    if js_sys::Reflect::get(&w, &"roundsUpdateReady".into()).is_ok_and(|v| v.is_truthy()) {
        update_ready.set(true);
    }
}

fn apply_update() {
    if let Some(w) = web_sys::window()
        && let Ok(f) = js_sys::Reflect::get(&w, &"roundsApplyUpdate".into())
        && let Ok(f) = f.dyn_into::<js_sys::Function>()
    {
        let _ = f.call0(&w);
    }
}

/// A bottom-navigation tab.
#[component]
fn Tab(route: Route, label: Text, icon: &'static str) -> impl IntoView {
    let ctx = Ctx::get();
    let target = route.clone();
    let path = route.path();
    let active = move || {
        let current = ctx.route.get();
        let same = std::mem::discriminant(&current) == std::mem::discriminant(&route);
        if same { "tab active" } else { "tab" }
    };
    view! {
        <a href=path class=active on:click=move |e| {
            e.prevent_default();
            ctx.go(target.clone());
        }>
            <span class="icon" aria-hidden="true">{icon}</span>
            <span>{move || ctx.t(label)}</span>
        </a>
    }
}

/// Why the server no longer knows this device's sign-in: the session ran out, or (still
/// valid by its date) the browser lost it, e.g. killed before it wrote its cookies to disk.
fn signed_out_reason(ctx: &Ctx) -> Text {
    let expires = ctx.session.with_value(|s| s.expires_at);
    match expires {
        Some(at) if at > super::now_ms() as i64 => Text::SignInLost,
        _ => Text::SessionEnded,
    }
}

/// The frame, with the current screen inside.
#[component]
pub(super) fn Shell(on_signed_in: Callback<Session>) -> impl IntoView {
    let ctx = Ctx::get();
    let update_ready = RwSignal::new(false);
    listen(ctx, update_ready);
    let status = ctx.repo().status;
    let toggle = move |_| {
        let to = if ctx.locale.get_untracked() == Locale::ZhCn {
            Locale::En
        } else {
            Locale::ZhCn
        };
        set_locale(ctx.locale, to);
    };
    let signed_out = move || status.get().link == Link::SignedOut;
    let is_manager = ctx.session.with_value(|s| s.is_manager());
    let is_admin = ctx
        .session
        .with_value(|s| s.user.role == rounds_shared::model::UserRole::Admin);
    let is_finance = ctx
        .session
        .with_value(|s| s.user.role == rounds_shared::model::UserRole::Finance);
    let sees_collections = is_manager || is_finance;
    // Warehouse, finance, engineers, inside sales and product managers answer notices.
    let is_desk = ctx
        .session
        .with_value(|s| s.user.role.department().is_some());
    // A rep who opens a manager's address lands on Today.
    Effect::new(move |_| {
        let route = ctx.route.get();
        let collections = matches!(route, Route::Collections(_));
        if (!is_manager && route.is_manager_only())
            || (!is_admin && route.is_admin_only())
            || (collections && !sees_collections)
        {
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"));
            }
            ctx.route.set(Route::Today);
        }
    });
    let screen = move || match ctx.route.get() {
        Route::Today | Route::Login if is_manager => {
            view! { <super::team::funnel::TeamFunnel q=Default::default() /> }.into_any()
        }
        Route::Today | Route::Login if is_desk => {
            view! { <super::notice::NoticeInbox /> }.into_any()
        }
        Route::Notices => view! { <super::notice::NoticeInbox /> }.into_any(),
        Route::Daily => view! { <super::daily::DailyListScreen /> }.into_any(),
        Route::Notice(id) => view! { <super::notice::NoticeScreen id /> }.into_any(),
        Route::Today | Route::Login => view! { <super::today::Today /> }.into_any(),
        Route::Collections(q) if sees_collections => {
            view! { <super::team::collections::Collections q /> }.into_any()
        }
        Route::Collections(_) => view! { <super::today::Today /> }.into_any(),
        Route::Accounts => view! { <super::accounts::Accounts owner=None /> }.into_any(),
        Route::Account(a) => view! { <super::account::AccountScreen account=a /> }.into_any(),
        Route::LogVisit(a) => view! { <super::visit::LogVisit account=a /> }.into_any(),
        Route::Opportunity(a, o) => {
            view! { <super::opportunity::OpportunityScreen account=a opportunity=o /> }.into_any()
        }
        Route::Funnel => view! { <super::funnel::MyFunnel /> }.into_any(),
        Route::Plan => view! { <super::plan::WeeklyPlanScreen /> }.into_any(),
        Route::Quarter => view! { <super::quarter::QuarterlyPlanScreen /> }.into_any(),
        route
            if (route.is_manager_only() && !is_manager) || (route.is_admin_only() && !is_admin) =>
        {
            view! { <super::today::Today /> }.into_any()
        }
        Route::Admin(page) => view! { <super::admin::AdminScreen page /> }.into_any(),
        Route::Team(q) => view! { <super::team::funnel::TeamFunnel q /> }.into_any(),
        Route::TeamActivity(q) => view! { <super::team::activity::TeamActivity q /> }.into_any(),
        Route::TeamVisits(q) => view! { <super::team::visits::VisitFeed q /> }.into_any(),
        Route::RepAccounts(rep) => {
            view! { <super::accounts::Accounts owner=Some(rep) /> }.into_any()
        }
        Route::CoVisit => view! { <super::team::covisit::CoVisitForm /> }.into_any(),
        Route::TeamClasses(q) => view! { <super::team::classes::Classes q /> }.into_any(),
        Route::Meeting(q) => view! { <super::team::meeting::Meeting q /> }.into_any(),
        Route::TeamNotices => view! { <super::team::notices::TeamNotices /> }.into_any(),
        Route::TeamDaily => view! { <super::team::daily::TeamDaily /> }.into_any(),
        Route::TeamPlans => view! { <super::team::attainment::TeamAttainment /> }.into_any(),
        Route::NotFound => {
            view! { <p class="empty">{move || ctx.t(Text::NotFound)}</p> }.into_any()
        }
    };
    view! {
        <header class="bar">
            <h1>{move || ctx.t(Text::AppName)}</h1>
            <span
                class="status"
                data-testid="sync-status"
                data-link=move || link_name(status.get().link)
                data-waiting=move || status.get().waiting.to_string()
                data-settling=move || status.get().settling.to_string()
                data-photos=move || status.get().photos.to_string()
            >
                {move || status_text(&ctx, status.get())}
            </span>
            <button class="lang" on:click=toggle>{move || ctx.t(Text::SwitchLanguage)}</button>
        </header>
        <Show when=move || update_ready.get()>
            <div class="banner update" role="status">
                <span>{move || ctx.t(Text::NewVersion)}</span>
                <button on:click=move |_| apply_update()>{move || ctx.t(Text::Reload)}</button>
            </div>
        </Show>
        <Show when=signed_out>
            <div class="banner signin">
                <p data-testid="signed-out-why">{move || ctx.t(signed_out_reason(&ctx))}</p>
                <super::login::Login locale=ctx.locale on_signed_in username=ctx.session.with_value(|s| s.user.username.clone()) />
            </div>
        </Show>
        <main>{screen}</main>
        // Above the bottom navigation, for a few seconds after every save: a rep sees it
        // even when the form has cleared or closed.
        {move || {
            let n = ctx.saved.get();
            (n > 0).then(|| view! {
                <p class="toast" role="status" data-testid="toast" data-n=n.to_string()>{ctx.t(Text::Saved)}</p>
            })
        }}
        {move || if is_manager {
            view! {
                <nav class="tabs manager">
                    <Tab route=Route::Team(Default::default()) label=Text::TeamNav icon="▽" />
                    <Tab route=Route::TeamActivity(Default::default()) label=Text::ActivityNav icon="▦" />
                    <Tab route=Route::TeamVisits(Default::default()) label=Text::VisitsNav icon="☰" />
                    <Tab route=Route::TeamClasses(Default::default()) label=Text::ClassesNav icon="◫" />
                    <Tab route=Route::Meeting(Default::default()) label=Text::MeetingNav icon="▣" />
                    <Tab route=Route::Collections(Default::default()) label=Text::CollectionsNav icon="¥" />
                    <Tab route=Route::TeamNotices label=Text::NoticesNav icon="✉" />
                    <Tab route=Route::TeamDaily label=Text::DailyNav icon="✓" />
                    <Tab route=Route::TeamPlans label=Text::PlansNav icon="☑" />
                    <Tab route=Route::Accounts label=Text::Accounts icon="▤" />
                    <Tab route=Route::CoVisit label=Text::CoVisitNav icon="＋" />
                    <Tab route=Route::Admin(crate::route::AdminPage::People) label=Text::AdminNav icon="⚙" />
                </nav>
            }.into_any()
        } else if is_desk {
            view! {
                <nav class="tabs">
                    <Tab route=Route::Notices label=Text::NoticesNav icon="✉" />
                    {is_finance.then(|| view! {
                        <Tab route=Route::Collections(Default::default()) label=Text::CollectionsNav icon="¥" />
                    })}
                </nav>
            }.into_any()
        } else {
            view! {
                <nav class="tabs">
                    <Tab route=Route::Today label=Text::Today icon="◎" />
                    <Tab route=Route::Accounts label=Text::Accounts icon="▤" />
                    <Tab route=Route::LogVisit(None) label=Text::LogVisit icon="＋" />
                    <Tab route=Route::Funnel label=Text::MyFunnel icon="▽" />
                    <Tab route=Route::Plan label=Text::Plan icon="☰" />
                </nav>
            }.into_any()
        }}
    }
}
