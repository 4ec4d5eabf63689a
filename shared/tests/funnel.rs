//! The funnel maths against figures worked out by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

mod support;

use std::collections::HashMap;

use rounds_shared::funnel::*;
use rounds_shared::ids::{AccountId, OpportunityId, UserId};
use rounds_shared::model::{AccountClass, LostInfo, Opportunity, StandardMetric};
use rounds_shared::money::Money;
use rounds_shared::stage::StageTemplate;
use rounds_shared::time::{Period, PeriodKey, Timestamp, TzOffset};
use support::stage;

fn q4() -> Period {
    "2026-Q4"
        .parse::<PeriodKey>()
        .unwrap()
        .period(TzOffset::BEIJING)
}

/// Day `d` of Q4 2026 (day 0 is 1 October), at noon Beijing time.
fn day(d: i64) -> Timestamp {
    Timestamp(q4().start.0 + 4 * 3_600_000).plus_days(d)
}

/// An opportunity of `yuan` created at the first stage of `moves` and moved through the rest.
fn opp(yuan: i64, moves: &[(&str, i64)]) -> Opportunity {
    let rep = UserId::generate();
    let (first, created) = moves[0];
    let mut o = Opportunity::new(
        OpportunityId::generate(),
        "项目",
        "生化",
        Money::from_yuan(yuan),
        stage(first),
        day(created),
        rep,
    );
    for (to, d) in &moves[1..] {
        o.move_to(stage(to), day(*d), rep).unwrap();
    }
    o
}

fn eight() -> StageTemplate {
    StageTemplate::default_eight()
}

#[test]
fn the_sources_worked_example_gives_85_3_percent() {
    // Quarter target 5,000,000; forecast 4,265,000 → 85.3%.
    let opps = [
        opp(1_000_000, &[("win_commitment", -30), ("paid", 20)]), // won in Q4: 1,000,000
        opp(2_000_000, &[("present_value", 5)]),                  // 60% → 1,200,000
        opp(1_500_000, &[("win_commitment", 10)]),                // 90% → 1,350,000
        opp(1_000_000, &[("dig_needs", 12)]),                     // 30% →   300,000
        opp(2_000_000, &[("build_trust", 15)]),                   // 20% →   400,000
        opp(150_000, &[("analyse", 40)]),                         // 10% →    15,000
    ];
    let f = Formulas::compute(&eight(), &opps, q4(), Money::from_yuan(5_000_000));
    assert_eq!(f.won, Money::from_yuan(1_000_000));
    assert_eq!(f.weighted_open, Money::from_yuan(3_265_000));
    assert_eq!(f.forecast.part, Money::from_yuan(4_265_000));
    assert_eq!(f.forecast.percent(), Some(85.3));
}

#[test]
fn an_empty_period_gives_defined_results() {
    let none: [Opportunity; 0] = [];
    let f = Formulas::compute(&eight(), &none, q4(), Money::ZERO);
    assert_eq!(
        (f.forecast.value(), f.progress.value(), f.churn.value()),
        (None, None, None)
    );
    assert_eq!(
        (f.won, f.weighted_open, f.in_funnel),
        (Money::ZERO, Money::ZERO, 0)
    );
    let snap = Snapshot::at(&eight(), &none, day(10));
    assert_eq!(snap.stages.len(), 8);
    assert!(snap.stages.iter().all(|r| r.count == 0));
    assert!(snap.shape().is_funnel_shaped());
    assert!(
        conversion(&eight(), &none, q4())
            .iter()
            .all(|c| c.rate().is_none())
    );
    assert!(
        days_in_stage(&eight(), &none, q4())
            .iter()
            .all(|d| d.average_days.is_none())
    );
    // Opportunities exist but none was in the period: still defined.
    let later = [opp(100, &[("analyse", 200)])];
    let f = Formulas::compute(&eight(), &later, q4(), Money::from_yuan(1_000));
    assert_eq!(f.forecast.value(), Some(0.0));
    assert_eq!(f.progress.value(), None);
}

#[test]
fn progress_and_churn_follow_the_definitions() {
    let opps = [
        opp(100_000, &[("analyse", -10), ("build_trust", 3)]), // forward: 100,000
        opp(200_000, &[("build_trust", -10)]),                 // no move
        opp(300_000, &[("dig_needs", -10), ("lost", 30)]),     // lost: 300,000
        opp(400_000, &[("analyse", -10), ("dropped", 40)]),    // dropped: 400,000
        // Moved back a stage and forward again to where it was: no net progress.
        opp(
            500_000,
            &[
                ("present_value", -10),
                ("dig_needs", 5),
                ("present_value", 50),
            ],
        ),
        // Moved back a stage only: no progress, not churn.
        opp(600_000, &[("present_value", -10), ("dig_needs", 5)]),
        // Created in the period and moved forward: progress.
        opp(700_000, &[("collect_info", 8), ("analyse", 20)]),
        // Lost before the period: not in the funnel.
        opp(9_000_000, &[("analyse", -50), ("lost", -20)]),
    ];
    let f = Formulas::compute(&eight(), &opps, q4(), Money::ZERO);
    let in_funnel = 100_000 + 200_000 + 300_000 + 400_000 + 500_000 + 600_000 + 700_000;
    assert_eq!(f.in_funnel, 7);
    assert_eq!(
        f.progress,
        Fraction {
            part: Money::from_yuan(800_000),
            whole: Money::from_yuan(in_funnel)
        }
    );
    assert_eq!(
        f.churn,
        Fraction {
            part: Money::from_yuan(700_000),
            whole: Money::from_yuan(in_funnel)
        }
    );
    assert_eq!((f.progressed, f.churned), (2, 2));
    assert_eq!(f.churn.percent(), Some(25.0));
    // No target: the forecast ratio is undefined, its amount is still there.
    assert_eq!(f.forecast.value(), None);
    assert!(f.forecast.part > Money::ZERO);
}

#[test]
fn a_won_deal_is_revenue_of_the_period_it_was_won_in() {
    let before = opp(1_000, &[("win_commitment", -40), ("paid", -5)]);
    let during = opp(2_000, &[("win_commitment", -40), ("paid", 5)]);
    let reopened = opp(
        4_000,
        &[("win_commitment", -40), ("paid", 5), ("win_commitment", 9)],
    );
    let f = Formulas::compute(
        &eight(),
        [&before, &during, &reopened],
        q4(),
        Money::from_yuan(10_000),
    );
    assert_eq!(f.won, Money::from_yuan(2_000));
    assert!(won_in(&eight(), &during, q4()) && !won_in(&eight(), &before, q4()));
    assert_eq!(f.weighted_open, Money::from_yuan(3_600)); // 4,000 back at 90%
}

#[test]
fn lost_info_is_kept_and_reopening_clears_it() {
    let rep = UserId::generate();
    let mut o = opp(1, &[("analyse", 0)]);
    o.mark_lost(
        LostInfo {
            reason: "价格".into(),
            competitor: Some("迈瑞".into()),
        },
        day(1),
        rep,
    )
    .unwrap();
    assert!(
        o.mark_lost(
            LostInfo {
                reason: String::new(),
                competitor: None
            },
            day(2),
            rep
        )
        .is_err()
    );
    assert_eq!(o.lost.as_ref().unwrap().competitor.as_deref(), Some("迈瑞"));
    o.move_to(stage("analyse"), day(3), rep).unwrap();
    assert!(o.lost.is_none());
    assert_eq!(o.history.len(), 3);
}

#[test]
fn a_funnel_that_widens_names_the_stage() {
    let mut opps = Vec::new();
    for _ in 0..6 {
        opps.push(opp(10, &[("target_group", 1)]));
    }
    for _ in 0..5 {
        opps.push(opp(10, &[("collect_info", 1)]));
    }
    for _ in 0..2 {
        opps.push(opp(10, &[("analyse", 1)]));
    }
    for _ in 0..4 {
        opps.push(opp(10, &[("build_trust", 1)]));
    }
    opps.push(opp(10, &[("paid", 1)])); // won stages are not part of the shape
    let snap = Snapshot::at(&eight(), &opps, day(2));
    let shape = snap.shape();
    assert!(!shape.is_funnel_shaped());
    assert_eq!(shape.widenings.len(), 1, "{:?}", shape.widenings);
    let w = &shape.widenings[0];
    assert_eq!(
        (
            w.stage.as_str(),
            w.count,
            w.previous.as_str(),
            w.previous_count
        ),
        ("build_trust", 4, "analyse", 2)
    );
}

#[test]
fn stage_rows_and_the_funnel_as_of_a_past_date() {
    let opps = [
        opp(1_000_000, &[("dig_needs", 1), ("present_value", 30)]),
        opp(500_000, &[("dig_needs", 2), ("lost", 20)]),
        opp(200_000, &[("collect_info", 40)]),
        opp(300_000, &[("analyse", 3), ("dropped", 10)]),
        opp(50_000, &[("target_group", 3)]),
    ];
    let t = eight();
    let row = |s: &Snapshot, k: &str| {
        s.stages
            .iter()
            .find(|r| r.stage.as_str() == k)
            .unwrap()
            .clone()
    };

    let day5 = Snapshot::at(&t, &opps, day(5));
    assert_eq!(row(&day5, "dig_needs").count, 2);
    assert_eq!(row(&day5, "dig_needs").amount, Money::from_yuan(1_500_000));
    assert_eq!(row(&day5, "dig_needs").weighted, Money::from_yuan(450_000));
    assert_eq!(row(&day5, "analyse").count, 1);
    assert_eq!(row(&day5, "collect_info").count, 0, "not created yet");
    // 1,500,000 × 30% + 300,000 × 10% + 50,000 × 2%
    assert_eq!(
        day5.weighted_pipeline,
        Money::from_yuan(450_000 + 30_000 + 1_000)
    );

    let today = Snapshot::at(&t, &opps, day(50));
    assert_eq!(row(&today, "present_value").count, 1);
    assert_eq!(row(&today, "dig_needs").count, 0);
    assert_eq!((today.lost, today.dropped, today.unplaced), (1, 1, 0));
    assert_eq!(
        today.weighted_pipeline,
        Money::from_yuan(600_000 + 10_000 + 1_000)
    );
}

#[test]
fn stages_the_template_lacks_are_counted_not_crashed_on() {
    let opps = [opp(10, &[("g10", 1)]), opp(10, &[("analyse", 1)])];
    let snap = Snapshot::at(&eight(), &opps, day(2));
    assert_eq!(snap.unplaced, 1);
    let f = Formulas::compute(&eight(), &opps, q4(), Money::from_yuan(100));
    assert_eq!(f.in_funnel, 1);
}

#[test]
fn conversion_counts_skipped_stages_as_passed() {
    let opps = [
        opp(
            1,
            &[("collect_info", 1), ("analyse", 5), ("build_trust", 9)],
        ),
        opp(1, &[("collect_info", 1), ("dig_needs", 5)]), // skips analyse and build_trust
        opp(1, &[("collect_info", 1), ("lost", 5)]),
        opp(1, &[("collect_info", 1)]),
    ];
    let conv = conversion(&eight(), &opps, q4());
    let c = |from: &str| {
        conv.iter()
            .find(|c| c.from.as_str() == from)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (c("collect_info").entered, c("collect_info").advanced),
        (4, 2)
    );
    assert_eq!(c("collect_info").rate(), Some(0.5));
    assert_eq!((c("analyse").entered, c("analyse").advanced), (2, 2));
    assert_eq!(
        (c("build_trust").entered, c("build_trust").advanced),
        (2, 1)
    );
    assert_eq!((c("dig_needs").entered, c("dig_needs").advanced), (1, 0));
    assert_eq!(c("target_group").rate(), None);
    assert_eq!(conv.len(), 7);
}

#[test]
fn average_days_in_stage_counts_finished_stays_in_the_period() {
    let opps = [
        opp(1, &[("analyse", 0), ("build_trust", 10), ("dig_needs", 14)]),
        opp(1, &[("analyse", 2), ("build_trust", 22)]),
        opp(1, &[("analyse", -100), ("build_trust", -90)]), // finished before the period
        opp(1, &[("analyse", 30)]),                         // still there
    ];
    let days = days_in_stage(&eight(), &opps, q4());
    let d = |k: &str| days.iter().find(|d| d.stage.as_str() == k).unwrap().clone();
    assert_eq!(d("analyse").stays, 2);
    assert_eq!(d("analyse").average_days, Some(15.0));
    assert_eq!(d("build_trust").average_days, Some(4.0));
    assert_eq!(d("present_value").average_days, None);
}

#[test]
fn stalled_opportunities_have_no_move_or_visit_for_n_days() {
    let quiet = opp(1, &[("analyse", 0)]);
    let visited = opp(1, &[("analyse", 0)]);
    let moved = opp(1, &[("analyse", 0), ("build_trust", 50)]);
    let lost = opp(1, &[("analyse", 0), ("lost", 1)]);
    let won = opp(1, &[("paid", 0)]);
    let visits = HashMap::from([(visited.id, day(55))]);
    let out = stalled(
        &eight(),
        [&quiet, &visited, &moved, &lost, &won],
        &visits,
        day(70),
        30,
    );
    assert_eq!(out.len(), 1);
    assert_eq!((out[0].opportunity, out[0].idle_days), (quiet.id, 70));
    let out = stalled(&eight(), [&quiet, &visited, &moved], &visits, day(70), 16);
    assert_eq!(
        out.iter().map(|s| s.opportunity).collect::<Vec<_>>(),
        vec![quiet.id, moved.id]
    );
    let out = stalled(&eight(), [&visited, &quiet, &moved], &visits, day(70), 15);
    assert_eq!(
        out.iter().map(|s| s.idle_days).collect::<Vec<_>>(),
        vec![70, 20, 15]
    );
}

#[test]
fn abc_classes_follow_1_4_15_80_and_zero_revenue_is_small() {
    let accounts: Vec<(AccountId, Money)> = (0..300)
        .map(|i| {
            (
                AccountId::generate(),
                Money::from_yuan(if i < 10 { 0 } else { i }),
            )
        })
        .collect();
    let classes = abc_classes(&accounts);
    let count = |c| classes.values().filter(|v| **v == c).count();
    assert_eq!(
        [
            count(AccountClass::Key),
            count(AccountClass::Major),
            count(AccountClass::Normal),
            count(AccountClass::Small)
        ],
        [3, 12, 45, 240]
    );
    assert_eq!(classes[&accounts[299].0], AccountClass::Key);
    assert_eq!(classes[&accounts[0].0], AccountClass::Small);
    // A handful of accounts still gets one key account; nothing at all gives nothing.
    let few: Vec<(AccountId, Money)> = (1..=3)
        .map(|i| (AccountId::generate(), Money::from_yuan(i)))
        .collect();
    assert_eq!(abc_classes(&few)[&few[2].0], AccountClass::Key);
    assert!(abc_classes(&[]).is_empty());
}

/// The nine cells as the training material's 客户对策 numbers and words them (attitude
/// friendly, neutral, unfriendly; then value high, mid, low).
#[test]
fn the_grid_gives_the_source_action_in_each_of_its_nine_cells() {
    use rounds_shared::labels::{Labelled, Locale};
    use rounds_shared::model::{AccountAttitude as A, AccountValue as V};
    let source: [(A, V, &str); 9] = [
        (A::Friendly, V::High, "保持联系"),
        (A::Friendly, V::Mid, "保持联系"),
        (A::Friendly, V::Low, "转电话销售"),
        (A::Neutral, V::High, "最重要"),
        (A::Neutral, V::Mid, "最重要"),
        (A::Neutral, V::Low, "少花时间"),
        (A::Unfriendly, V::High, "改变销售策略"),
        (A::Unfriendly, V::Mid, "改变销售策略"),
        (A::Unfriendly, V::Low, "不要浪费时间"),
    ];
    for (attitude, value, words) in source {
        let action = grid_action(value, attitude);
        let label = action.label(Locale::ZhCn);
        assert!(label.contains(words), "{attitude:?} × {value:?}: {label}");
        assert!(!action.label(Locale::En).is_empty());
    }
    assert_eq!(V::from(AccountClass::Major), V::High);
}

/// Days `from..to` of Q4 2026.
fn days(from: i64, to: i64) -> Period {
    Period {
        start: day(from),
        end: day(to),
    }
}

#[test]
fn the_signing_stage_is_the_one_before_won() {
    let at = |t: &StageTemplate| t.stages[signing_stage(t).unwrap()].key.to_string();
    assert_eq!(at(&eight()), "win_commitment");
    assert_eq!(at(&StageTemplate::milestones()), "a90");
}

#[test]
fn a_contract_counts_once_when_signed_including_a_jump_straight_to_paid() {
    let t = eight();
    let signed = opp(100, &[("present_value", 1), ("win_commitment", 10)]);
    let jumped = opp(200, &[("dig_needs", 1), ("paid", 12)]);
    let earlier = opp(400, &[("win_commitment", 1), ("paid", 11)]);
    let open = opp(800, &[("present_value", 1), ("build_trust", 11)]);
    let all = [&signed, &jumped, &earlier, &open];
    let d = signed_in(&t, all, days(5, 20));
    assert_eq!((d.count, d.amount), (2, Money::from_yuan(300)));
    let r = receivables(&t, all, days(5, 20));
    assert_eq!(
        (r.part, r.whole),
        (Money::from_yuan(200), Money::from_yuan(300))
    );
}

#[test]
fn a_signed_deal_lost_later_is_owed_but_not_collected() {
    let t = eight();
    let lost = opp(
        500,
        &[("present_value", 1), ("win_commitment", 6), ("lost", 8)],
    );
    let r = receivables(&t, [&lost], days(5, 20));
    assert_eq!((r.part, r.whole), (Money::ZERO, Money::from_yuan(500)));
    assert_eq!(r.percent(), Some(0.0));
    assert_eq!(receivables(&t, [&lost], days(20, 30)).percent(), None);
}

#[test]
fn money_standards_are_measured_over_the_month_or_year_so_far() {
    let tz = TzOffset::BEIJING;
    let week: PeriodKey = "2026-W49".parse().unwrap(); // 30 November – 6 December
    let (key, period) = measured_over(StandardMetric::NewBusinessPerMonth, week, tz);
    assert_eq!(
        (key.to_string(), period.end),
        ("2026-12".to_owned(), week.period(tz).end)
    );
    let (key, period) = measured_over(StandardMetric::ReceivablesCollectedPercent, week, tz);
    assert_eq!(key.to_string(), "2026");
    assert_eq!(
        period.start,
        "2026".parse::<PeriodKey>().unwrap().period(tz).start
    );
    let (key, _) = measured_over(StandardMetric::VisitsPerWeek, week, tz);
    assert_eq!(key, week);
    // Nothing signed: nothing owed, reported as 100% of a zero basis.
    let none = funnel_figure(
        StandardMetric::ReceivablesCollectedPercent,
        &eight(),
        [],
        days(0, 5),
    );
    assert_eq!(
        none,
        Some(Figure {
            actual: 100,
            basis: Some(0)
        })
    );
    assert_eq!(
        funnel_figure(StandardMetric::VisitsPerWeek, &eight(), [], days(0, 5)),
        None
    );
}
