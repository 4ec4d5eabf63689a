//! Two devices move one opportunity concurrently offline: after they merge, the decoded
//! record (what the phone shows, and what the server projects) places it by the latest move
//! of its history, and the `stage` field lists both moves as a conflict with their authors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

mod support;

use rounds_shared::doc::{AccountDoc, actor_for};
use rounds_shared::ids::UserId;
use rounds_shared::model::Opportunity;
use rounds_shared::stage::Position;
use support::*;

#[test]
fn concurrent_moves_decode_to_the_latest_move_on_both_devices_with_both_in_the_conflict() {
    let (rep, manager) = (UserId::generate(), UserId::generate());
    let mut base = AccountDoc::create(&account(rep)).unwrap();
    let opp = opportunity(500_000, "build_trust", rep, T0);
    base.put(&opp).unwrap();

    // Both orders of which device moved later, so the test does not depend on which actor
    // Automerge happens to pick as the `stage` field's winner.
    for (rep_day, manager_day) in [(1, 2), (2, 1)] {
        let mut phone = AccountDoc::load(&base.save()).unwrap().fork();
        phone.automerge().set_actor(actor_for(rep));
        let mut laptop = AccountDoc::load(&base.save()).unwrap().fork();
        laptop.automerge().set_actor(actor_for(manager));

        let mut a = phone.get::<Opportunity>(opp.id).unwrap().value;
        a.move_to(stage("present_value"), T0.plus_days(rep_day), rep)
            .unwrap();
        phone.put(&a).unwrap();
        let mut b = laptop.get::<Opportunity>(opp.id).unwrap().value;
        b.move_to(Position::Dropped, T0.plus_days(manager_day), manager)
            .unwrap();
        laptop.put(&b).unwrap();

        phone.merge(&mut laptop.fork()).unwrap();
        laptop.merge(&mut phone.fork()).unwrap();
        let expected = if rep_day > manager_day {
            stage("present_value")
        } else {
            Position::Dropped
        };
        for device in [&phone, &laptop] {
            let shown = device.get::<Opportunity>(opp.id).unwrap().value;
            assert_eq!(shown.position, expected, "rep day {rep_day}");
            assert_eq!(shown.history.len(), 3, "both moves are kept");
            assert_eq!(Opportunity::current(&shown.history), Some(&expected));
            let conflicts = device.conflicts::<Opportunity>(opp.id);
            let stage_conflict = conflicts
                .iter()
                .find(|c| c.field == "stage")
                .expect("the concurrent moves are a conflict");
            assert_eq!(
                stage_conflict.values[0].value,
                expected.to_string(),
                "the shown position comes first"
            );
            let mut authors: Vec<_> = stage_conflict.values.iter().map(|v| v.by).collect();
            authors.sort();
            let mut both = vec![Some(rep), Some(manager)];
            both.sort();
            assert_eq!(authors, both);
        }
    }
}
