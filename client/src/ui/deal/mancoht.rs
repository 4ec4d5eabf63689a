//! The MANCOHT card: the eight qualification questions of a deal, each known, unknown or a
//! risk, with a note (asked for once the question is answered); the ones the deal's stage
//! needs are marked.

use leptos::prelude::*;
use rounds_shared::deal::required_answers;
use rounds_shared::labels::Labelled;
use rounds_shared::model::{AnswerState, Opportunity, Qualification, Qualifier};

use super::Change;
use super::text::{Text as D, tr};
use crate::repo::now;
use crate::ui::Ctx;

/// The MANCOHT card of the opportunity screen.
#[component]
pub(in crate::ui) fn MancohtCard(opp: Opportunity, change: Change) -> impl IntoView {
    let ctx = Ctx::get();
    let me = ctx.repo().me();
    let required = ctx.repo().read(|d| {
        d.org
            .template
            .position_of(&opp.position)
            .map(|at| required_answers(at.stage.win_rate))
            .unwrap_or_default()
    });
    let set = move |q: Qualifier, f: Box<dyn FnOnce(&mut Qualification)>| {
        change.run(Box::new(move |o: &mut Opportunity| {
            let existed = o.mancoht.contains_key(&q);
            let answer = o.mancoht.entry(q).or_insert(Qualification {
                state: AnswerState::Unknown,
                note: String::new(),
            });
            let before = answer.clone();
            f(answer);
            if existed && *answer == before {
                return false;
            }
            o.audit.touch(now(), me);
            true
        }));
    };
    let rows = Qualifier::ALL
        .iter()
        .map(|q| {
            let q = *q;
            let answer = opp.mancoht.get(&q).cloned();
            let state = answer.as_ref().map(|a| a.state);
            let note = answer.map(|a| a.note).unwrap_or_default();
            let needed = required.contains(&q);
            view! {
                <li class="question" class:required=needed data-testid="mancoht-row" data-question=q.key()
                    data-state=state.map(|s| s.key()).unwrap_or("none") data-note=note.clone()>
                    <span class="q">{move || q.label(ctx.locale.get())}{needed.then_some(" *")}</span>
                    <span class="states" role="group">
                        {AnswerState::ALL.iter().map(|s| {
                            let s = *s;
                            let on = state == Some(s);
                            view! {
                                <button type="button" class=format!("state {}{}", s.key(), if on { " on" } else { "" })
                                    aria-pressed=on.to_string()
                                    on:click=move |_| set(q, Box::new(move |a| a.state = s))>
                                    {move || s.label(ctx.locale.get())}
                                </button>
                            }
                        }).collect_view()}
                    </span>
                    {state.is_some().then(|| view! {
                        <input class="note" name="note" placeholder=move || tr(D::Note) prop:value=note.clone()
                            on:change=move |e| {
                                let text = event_target_value(&e).trim().to_owned();
                                set(q, Box::new(move |a| a.note = text));
                            } />
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card mancoht" data-testid="mancoht">
            <h2>{move || tr(D::Mancoht)}</h2>
            <ul class="questions">{rows}</ul>
        </section>
    }
}
