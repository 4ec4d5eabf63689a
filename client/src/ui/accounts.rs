//! My hospitals: search by name or region, filter by level, stage and ABC class.

use leptos::prelude::*;
use rounds_shared::funnel::{GridAction, abc_classes, grid_action};
use rounds_shared::ids::AccountId;
use rounds_shared::labels::Labelled;
use rounds_shared::model::{AccountClass, AccountValue, HospitalLevel};
use rounds_shared::money::Money;
use rounds_shared::stage::Position;

use leptos::task::spawn_local;
use rounds_shared::doc::AccountDoc;
use rounds_shared::model::Account;

use super::Ctx;
use super::widgets::{FormActions, Go, Saving};
use crate::format;
use crate::i18n::Text;
use crate::repo::now;
use crate::route::Route;

#[derive(Clone, PartialEq)]
struct Row {
    id: AccountId,
    name: String,
    level: HospitalLevel,
    region: String,
    class: AccountClass,
    /// The value × attitude grid's action, once the hospital's attitude is known.
    action: Option<GridAction>,
    open: usize,
    last_visit: Option<String>,
}

/// The accounts list.
#[component]
pub(super) fn Accounts(owner: Option<rounds_shared::ids::UserId>) -> impl IntoView {
    let ctx = Ctx::get();
    let query = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let stage = RwSignal::new(String::new());
    let class = RwSignal::new(String::new());
    let stages = Memo::new(move |_| {
        let locale = ctx.locale.get();
        ctx.repo().read(|d| {
            d.org
                .template
                .stages
                .iter()
                .map(|s| {
                    (
                        s.key.to_string(),
                        if locale == rounds_shared::labels::Locale::ZhCn {
                            s.zh.clone()
                        } else {
                            s.en.clone()
                        },
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let rows = Memo::new(move |_| {
        let locale = ctx.locale.get();
        let (q, lv, st, cl) = (
            query.get().trim().to_lowercase(),
            level.get(),
            stage.get(),
            class.get(),
        );
        ctx.repo().read(|d| {
            let tz = d.org.tz;
            let mine = d.my_accounts();
            let revenue: Vec<(AccountId, Money)> = mine
                .iter()
                .map(|a| {
                    let won = a
                        .records
                        .opportunities
                        .iter()
                        .filter(|o| {
                            o.position
                                .stage()
                                .and_then(|k| d.org.template.stage(k))
                                .is_some_and(|s| s.stage.is_won())
                        })
                        .map(|o| o.amount)
                        .fold(Money::ZERO, |x, y| x + y);
                    (a.account.id, won)
                })
                .collect();
            let classes = abc_classes(&revenue);
            mine.into_iter()
                .filter(|a| owner.is_none_or(|o| a.account.owner == o))
                .filter(|a| {
                    q.is_empty()
                        || a.account.name.to_lowercase().contains(&q)
                        || a.account.region.to_lowercase().contains(&q)
                })
                .filter(|a| lv.is_empty() || a.account.level.key() == lv)
                .filter(|a| {
                    st.is_empty()
                        || a.records
                            .opportunities
                            .iter()
                            .any(|o| matches!(&o.position, Position::Stage(k) if k.as_str() == st))
                })
                .map(|a| {
                    let class = a
                        .account
                        .class
                        .or_else(|| classes.get(&a.account.id).copied())
                        .unwrap_or(AccountClass::Small);
                    (a, class)
                })
                .map(|(a, class)| Row {
                    id: a.account.id,
                    name: a.account.name.clone(),
                    level: a.account.level,
                    region: a.account.region.clone(),
                    class,
                    action: a
                        .account
                        .attitude
                        .map(|att| grid_action(AccountValue::from(class), att)),
                    open: a
                        .records
                        .opportunities
                        .iter()
                        .filter(|o| !o.position.has_left())
                        .count(),
                    last_visit: a
                        .records
                        .visits
                        .last()
                        .map(|v| format::date(v.at.date(tz), locale)),
                })
                .filter(|r| cl.is_empty() || r.class.key() == cl)
                .collect::<Vec<_>>()
        })
    });
    let select = move |label: Text,
                       value: RwSignal<String>,
                       options: Signal<Vec<(String, String)>>| {
        view! {
            <label class="filter">
                <span>{move || ctx.t(label)}</span>
                <select on:change=move |e| value.set(event_target_value(&e)) prop:value=move || value.get()>
                    <option value="">{move || ctx.t(Text::All)}</option>
                    {move || options.get().into_iter().map(|(k, l)| view! { <option value=k>{l}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let levels = Signal::derive(move || {
        let l = ctx.locale.get();
        HospitalLevel::ALL
            .iter()
            .map(|v| (v.key().to_owned(), v.label(l).to_owned()))
            .collect()
    });
    let classes = Signal::derive(move || {
        let l = ctx.locale.get();
        AccountClass::ALL
            .iter()
            .map(|v| (v.key().to_owned(), v.label(l).to_owned()))
            .collect()
    });
    let adding = RwSignal::new(false);
    view! {
        <div class="screen accounts">
            <Show when=move || adding.get() fallback=move || view! {
                <button class="secondary add" on:click=move |_| adding.set(true)>{move || ctx.t(Text::AddHospital)}</button>
            }>
                <NewAccount done=Callback::new(move |_| adding.set(false)) />
            </Show>
            <input
                class="search"
                type="search"
                placeholder=move || ctx.t(Text::SearchAccounts)
                prop:value=move || query.get()
                on:input=move |e| query.set(event_target_value(&e))
            />
            <div class="filters">
                {select(Text::Level, level, levels)}
                {select(Text::Stage, stage, Signal::derive(move || stages.get()))}
                {select(Text::Class, class, classes)}
            </div>
            {move || {
                let rows = rows.get();
                if rows.is_empty() {
                    let has_any = ctx.repo().read(|d| !d.accounts.is_empty());
                    let text = if has_any { Text::NoMatch } else { Text::NoAccountsYet };
                    return view! { <p class="empty">{ctx.t(text)}</p> }.into_any();
                }
                let locale = ctx.locale.get();
                view! {
                    <ul class="list" data-testid="account-list">
                        {rows.into_iter().map(|r| view! {
                            <li><Go to=Route::Account(r.id) class="row">
                                <span class="main">{r.name}</span>
                                <span class="sub">
                                    {r.level.label(locale)} " · " {r.region} " · " {r.class.label(locale)}
                                    {r.action.map(|a| view! { <br /><span class="grid-action" data-testid="grid-action">{a.label(locale)}</span> })}
                                </span>
                                <span class="side">
                                    {format!("{} {}", r.open, crate::i18n::t(locale, Text::OpenOpps))}
                                    <br />
                                    {r.last_visit.unwrap_or_default()}
                                </span>
                            </Go></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

/// Adds a hospital the rep has found (a new account document, theirs, created offline too).
#[component]
fn NewAccount(done: Callback<()>) -> impl IntoView {
    let ctx = Ctx::get();
    let name = RwSignal::new(String::new());
    let level = RwSignal::new(HospitalLevel::Grade2A.key().to_owned());
    let region = RwSignal::new(String::new());
    let state = RwSignal::new(Saving::Idle);
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let title = name.get_untracked().trim().to_owned();
        if title.is_empty() {
            state.set(Saving::Failed(ctx.t(Text::NameRequired).to_owned()));
            return;
        }
        let repo = ctx.repo();
        let me = repo.me();
        let account = Account::new(
            AccountId::generate(),
            title,
            HospitalLevel::from_key(&level.get_untracked()).unwrap_or(HospitalLevel::Grade2A),
            region.get_untracked().trim().to_owned(),
            me,
            now(),
        );
        let id = account.id;
        let doc = match AccountDoc::create(&account) {
            Ok(doc) => doc,
            Err(e) => return state.set(Saving::Failed(e.to_string())),
        };
        state.set(Saving::Busy);
        spawn_local(async move {
            let result = repo.create_account(doc).await;
            let ok = result.is_ok();
            Saving::settle(ctx, state, result);
            if ok {
                let _ = done.try_run(());
                ctx.go(Route::Account(id));
            }
        });
    };
    view! {
        <form class="form card" on:submit=save>
            <label><span>{move || ctx.t(Text::HospitalName)}</span>
                <input name="hospital_name" prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) /></label>
            <label><span>{move || ctx.t(Text::Level)}</span>
                <select prop:value=move || level.get() on:change=move |e| level.set(event_target_value(&e))>
                    {HospitalLevel::ALL.iter().map(|l| view! { <option value=l.key()>{move || l.label(ctx.locale.get())}</option> }).collect_view()}
                </select></label>
            <label><span>{move || ctx.t(Text::Region)}</span>
                <input name="region" prop:value=move || region.get() on:input=move |e| region.set(event_target_value(&e)) /></label>
            <FormActions state done />
        </form>
    }
}
