//! One opportunity: its terms, its stage with the stage's exit checklist, moving it or
//! marking it lost, and its full stage history.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::ids::{AccountId, OpportunityId};
use rounds_shared::labels::Locale;
use rounds_shared::model::{LostInfo, Opportunity};
use rounds_shared::stage::{Position, StageKey};

use super::Ctx;
use super::widgets::{ConflictNote, Go, SaveNote, Saving, Section, position_label};
use crate::format;
use crate::i18n::Text;
use crate::repo::now;
use crate::route::Route;

/// The opportunity screen.
#[component]
pub(super) fn OpportunityScreen(account: AccountId, opportunity: OpportunityId) -> impl IntoView {
    let ctx = Ctx::get();
    let current = Memo::new(move |_| {
        ctx.repo().read(|d| {
            d.accounts
                .get(&account)
                .and_then(|a| a.opportunity(opportunity).cloned())
        })
    });
    let state = RwSignal::new(Saving::Idle);
    // Every change here: take the opportunity as it is now, change it, save it.
    let change = move |f: Box<dyn FnOnce(&mut Opportunity) -> bool>| {
        let Some(mut o) = current.get_untracked() else {
            return;
        };
        if !f(&mut o) {
            return;
        }
        state.set(Saving::Busy);
        let repo = ctx.repo();
        spawn_local(async move {
            let result = repo.edit_account(account, |d| d.put(&o)).await;
            Saving::settle(ctx, state, result);
        });
    };
    view! {
        <div class="screen opportunity">
            <Go to=Route::Account(account) class="back">{move || ctx.repo().read(|d| d.accounts.get(&account).map(|a| a.account.name.clone()).unwrap_or_default())}</Go>
            {move || match current.get() {
                None => view! { <p class="empty">{ctx.t(Text::NotOnDevice)}</p> }.into_any(),
                Some(o) => view! {
                    <h2 class="title">{o.title.clone()}</h2>
                    <ConflictNote conflicts=ctx.repo().read(|d| d.accounts.get(&account).and_then(|a| a.conflicts.get(&opportunity.to_string()).cloned()).unwrap_or_default()) />
                    <SaveNote state />
                    <super::deal::DealWarningList account opportunity />
                    <StagePanel opp=o.clone() change=Callback::new(move |f| change(f)) />
                    <super::deal::BuyingCentre account opp=o.clone() change=Callback::new(move |f| change(f)) />
                    <super::deal::MancohtCard opp=o.clone() change=Callback::new(move |f| change(f)) />
                    <Terms opp=o.clone() change=Callback::new(move |f| change(f)) />
                    <History opp=o />
                }.into_any(),
            }}
            <super::notice::HospitalNotices account opportunity=Some(opportunity) />
        </div>
    }
}

use super::deal::Change;

#[component]
fn StagePanel(opp: Opportunity, change: Change) -> impl IntoView {
    let ctx = Ctx::get();
    let org = ctx.repo().read(|d| d.org.clone());
    let me = ctx.repo().me();
    let target = RwSignal::new(String::new());
    let lost_reason = RwSignal::new(String::new());
    let lost_competitor = RwSignal::new(String::new());
    let losing = RwSignal::new(false);
    let locale = ctx.locale.get_untracked();
    let here = position_label(&org, &opp.position, locale);
    let at = opp.position.stage().and_then(|k| org.template.stage(k));
    let rate = at.map(|s| s.stage.win_rate.to_string()).unwrap_or_default();
    let criteria = at
        .map(|s| s.stage.exit_criteria.clone())
        .unwrap_or_default();
    let checked = opp.checked.clone();
    let stages: Vec<(StageKey, String)> = org
        .template
        .stages
        .iter()
        .filter(|s| opp.position.stage() != Some(&s.key))
        .map(|s| {
            (
                s.key.clone(),
                if locale == Locale::ZhCn {
                    s.zh.clone()
                } else {
                    s.en.clone()
                },
            )
        })
        .collect();
    let lost = opp.lost.clone();
    let move_stage = move |_| {
        let Ok(key) = target.get_untracked().parse::<StageKey>() else {
            return;
        };
        change.run(Box::new(move |o| {
            o.move_to(Position::Stage(key), now(), me).is_ok()
        }));
        target.set(String::new());
    };
    let mark_lost = move |_| {
        let reason = lost_reason.get_untracked().trim().to_owned();
        if reason.is_empty() {
            return;
        }
        let competitor =
            Some(lost_competitor.get_untracked().trim().to_owned()).filter(|c| !c.is_empty());
        change.run(Box::new(move |o| {
            o.mark_lost(LostInfo { reason, competitor }, now(), me)
                .is_ok()
        }));
        losing.set(false);
    };
    view! {
        <Section title=Text::Stage>
            <p class="stage-now" data-testid="stage">{here} " · " {move || ctx.t(Text::WinRate)} " " {rate}</p>
            {lost.map(|l| view! { <p class="sub">{move || ctx.t(Text::LostReason)} ": " {l.reason.clone()} {l.competitor.clone().map(|c| format!(" · {c}"))}</p> })}
            {(!criteria.is_empty()).then(|| view! {
                <fieldset class="checklist">
                    <legend>{move || ctx.t(Text::ExitChecklist)}</legend>
                    {criteria.into_iter().map(|c| {
                        let on = checked.contains(&c.key);
                        let key = c.key.clone();
                        let label = if locale == Locale::ZhCn { c.zh.clone() } else { c.en.clone() };
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=on on:change=move |_| {
                                    let key = key.clone();
                                    change.run(Box::new(move |o| {
                                        if !o.checked.remove(&key) { o.checked.insert(key); }
                                        true
                                    }));
                                } />
                                <span>{label}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            <div class="move">
                <select name="stage" prop:value=move || target.get() on:change=move |e| target.set(event_target_value(&e))>
                    <option value="">{move || ctx.t(Text::MoveTo)}</option>
                    {stages.into_iter().map(|(k, l)| view! { <option value=k.to_string()>{l}</option> }).collect_view()}
                </select>
                <button class="primary" type="button" on:click=move_stage disabled=move || target.get().is_empty()>{move || ctx.t(Text::MoveStage)}</button>
            </div>
            <Show when=move || losing.get() fallback=move || view! {
                <button class="danger-link" type="button" on:click=move |_| losing.set(true)>{move || ctx.t(Text::MarkLost)}</button>
            }>
                <div class="form">
                    <label><span>{move || ctx.t(Text::LostReason)}</span>
                        <input name="lost_reason" prop:value=move || lost_reason.get() on:input=move |e| lost_reason.set(event_target_value(&e)) /></label>
                    <label><span>{move || ctx.t(Text::LostTo)}</span>
                        <input name="lost_competitor" prop:value=move || lost_competitor.get() on:input=move |e| lost_competitor.set(event_target_value(&e)) /></label>
                    <div class="actions">
                        <button class="danger" type="button" on:click=mark_lost disabled=move || lost_reason.get().trim().is_empty()>{move || ctx.t(Text::MarkLost)}</button>
                        <button class="secondary" type="button" on:click=move |_| losing.set(false)>{move || ctx.t(Text::Cancel)}</button>
                    </div>
                </div>
            </Show>
        </Section>
    }
}

#[component]
fn Terms(opp: Opportunity, change: Change) -> impl IntoView {
    let ctx = Ctx::get();
    let title = RwSignal::new(opp.title.clone());
    let product = RwSignal::new(opp.product_line.clone());
    let amount = RwSignal::new(format!("{}", opp.amount.fen() / 100));
    let close = RwSignal::new(
        opp.expected_close
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let competitors = RwSignal::new(
        opp.competitors
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join("、"),
    );
    let next = RwSignal::new(opp.next_step.clone());
    let due = RwSignal::new(opp.next_step_due.map(|d| d.to_string()).unwrap_or_default());
    let error = RwSignal::new(None::<Text>);
    let me = ctx.repo().me();
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let Some(amount) = format::parse_yuan(&amount.get_untracked()) else {
            error.set(Some(Text::AmountInvalid));
            return;
        };
        let date = |s: String| {
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse().map(Some)
            }
        };
        let (Ok(close), Ok(due)) = (date(close.get_untracked()), date(due.get_untracked())) else {
            error.set(Some(Text::DateInvalid));
            return;
        };
        error.set(None);
        let (title, product, next) = (
            title.get_untracked(),
            product.get_untracked(),
            next.get_untracked(),
        );
        let competitors = competitors.get_untracked();
        change.run(Box::new(move |o| {
            o.title = title.trim().to_owned();
            o.product_line = product.trim().to_owned();
            o.amount = amount;
            o.expected_close = close;
            o.competitors = competitors
                .split(['、', ',', '，'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            o.next_step = next.trim().to_owned();
            o.next_step_due = due;
            o.audit.touch(now(), me);
            true
        }));
    };
    let field = move |label: Text,
                      name: &'static str,
                      kind: &'static str,
                      value: RwSignal<String>| {
        view! {
            <label><span>{move || ctx.t(label)}</span>
                <input name=name type=kind prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) /></label>
        }
    };
    view! {
        <Section title=Text::Terms>
            <form class="form" on:submit=save>
                {field(Text::OppTitle, "title", "text", title)}
                {field(Text::ProductLine, "product_line", "text", product)}
                {field(Text::AmountYuan, "amount", "text", amount)}
                {field(Text::ExpectedClose, "expected_close", "date", close)}
                {field(Text::Competitors, "competitors", "text", competitors)}
                {field(Text::NextStep, "next_step", "text", next)}
                {field(Text::NextStepDue, "next_step_due", "date", due)}
                {move || error.get().map(|e| view! { <p class="error" role="alert">{ctx.t(e)}</p> })}
                <button class="primary" type="submit">{move || ctx.t(Text::Save)}</button>
            </form>
        </Section>
    }
}

#[component]
fn History(opp: Opportunity) -> impl IntoView {
    let ctx = Ctx::get();
    move || {
        let locale = ctx.locale.get();
        let (org, people) = ctx.repo().read(|d| (d.org.clone(), d.people.clone()));
        let me = ctx
            .session
            .with_value(|s| (s.user.id, s.user.display_name.clone()));
        let items = opp
            .sorted_history()
            .into_iter()
            .rev()
            .map(|e| {
                let from = e.from.as_ref().map(|p| position_label(&org, p, locale));
                let to = position_label(&org, &e.to, locale);
                let by = if e.by == me.0 {
                    me.1.clone()
                } else {
                    people.get(&e.by).cloned().unwrap_or_default()
                };
                view! {
                    <li>
                        <span class="when">{format::date_time(e.at, org.tz, locale)}</span>
                        <span>{from.map(|f| format!("{f} → "))}{to}</span>
                        <span class="sub">{by}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <Section title=Text::StageHistory>
                <ol class="history" data-testid="stage-history">{items}</ol>
            </Section>
        }
    }
}
