//! Chaos: 20 devices (10 reps, two devices each, both editing the rep's hospital offline)
//! sync through a proxy that refuses, delays and cuts connections at random points, round
//! after round. Afterwards, on a clean line, every device and the server hold every visit
//! exactly once: nothing lost, nothing doubled.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::time::Duration;

use rounds_shared::doc::AccountRecords;
use rounds_shared::ids::{UserId, VisitId};
use rounds_shared::model::Visit;
use rounds_shared::sync::{DocumentId, PeerId, SyncClient};
use rounds_shared::time::Timestamp;
use rounds_tests::chaos::ChaosProxy;
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, edit_account, read_account, stored_account};

const REPS: usize = 10;
const ROUNDS: usize = 6;
const PER_ROUND: usize = 3;

fn visits(doc: &rounds_shared::doc::AccountDoc) -> Vec<VisitId> {
    AccountRecords::read_all(doc)
        .value
        .visits
        .iter()
        .map(|v| v.id)
        .collect()
}

/// One device: fetch the hospital on a clean line, then round after round write visits
/// offline and try to sync them through the proxy.
async fn device(
    mut peer: Peer,
    doc: DocumentId,
    user: UserId,
    direct: String,
    chaotic: String,
    n: usize,
) -> (Peer, Vec<VisitId>) {
    peer.fetch(&direct, &[doc], Duration::from_secs(30))
        .await
        .unwrap();
    peer.disconnect().await;
    let mut created = Vec::new();
    for round in 0..ROUNDS {
        let batch: Vec<Visit> = (0..PER_ROUND)
            .map(|i| {
                let mut v =
                    Visit::new(Timestamp(1_790_000_000_000 + (round * 10 + i) as i64), user);
                v.purpose = format!("设备{n} 第{round}轮 {i}");
                v
            })
            .collect();
        edit_account(&mut peer.engine, doc, |d| {
            batch.iter().for_each(|v| d.put(v).unwrap())
        })
        .unwrap();
        created.extend(batch.iter().map(|v| v.id));
        let _ = peer.changed(doc).await;
        let attempt = tokio::time::timeout(Duration::from_secs(8), async {
            peer.connect(&chaotic).await?;
            peer.sync(Duration::from_secs(4)).await
        })
        .await;
        let _ = attempt;
        peer.disconnect().await;
    }
    (peer, created)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_devices_on_a_bad_line_lose_and_double_nothing() {
    let server = TestServer::start().await.unwrap();
    let mut reps = Vec::new();
    for r in 0..REPS {
        let name = format!("rep{r}");
        server.user(&name, "rep", None).unwrap();
        let doc = DocumentId::from(server.account(&format!("医院{r}"), &name).unwrap());
        reps.push((name.clone(), server.user_id(&name).unwrap(), doc));
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.as_secs());
    eprintln!("chaos seed {seed}");
    let proxy = ChaosProxy::start(server.addr, seed).await.unwrap();
    let mut tasks = Vec::new();
    for (r, (name, user, doc)) in reps.iter().enumerate() {
        for d in 0..2 {
            let token = server.login(name).await.unwrap();
            let direct = server.sync_url(&token);
            let chaotic = direct.replace(&server.addr.to_string(), &proxy.addr.to_string());
            let peer = Peer::new(
                SyncClient::new(PeerId::from(format!("{name}-{d}").as_str())).writing_as(*user),
            );
            tasks.push((
                r,
                tokio::spawn(device(peer, *doc, *user, direct, chaotic, r * 2 + d)),
            ));
        }
    }
    let mut devices = Vec::new();
    for (r, task) in tasks {
        let (peer, created) = task.await.unwrap();
        devices.push((r, peer, created));
    }
    let m = &proxy.mischief;
    eprintln!(
        "proxy: {} connections, {} refused, {} cut",
        m.connections.load(Ordering::Relaxed),
        m.refused.load(Ordering::Relaxed),
        m.cut.load(Ordering::Relaxed)
    );
    assert!(m.cut.load(Ordering::Relaxed) > 0 && m.refused.load(Ordering::Relaxed) > 0);
    // On a clean line, everyone syncs until every device has every visit of its hospital.
    let expected: Vec<BTreeSet<VisitId>> = (0..REPS)
        .map(|r| {
            devices
                .iter()
                .filter(|(of, _, _)| *of == r)
                .flat_map(|(_, _, c)| c.iter().copied())
                .collect()
        })
        .collect();
    for (r, peer, _) in &mut devices {
        let (name, _, doc) = &reps[*r];
        let token = server.login(name).await.unwrap();
        peer.connect(&server.sync_url(&token)).await.unwrap();
        let _ = doc;
        assert!(
            peer.sync(Duration::from_secs(60)).await.unwrap(),
            "{name}'s device could not deliver its visits"
        );
    }
    // The slower device of each pair may have received its twin's visits only now.
    for (r, peer, _) in &mut devices {
        let doc = reps[*r].2;
        let want = expected[*r].clone();
        assert!(
            peer.pump_until(Duration::from_secs(30), Duration::from_millis(200), |e| {
                read_account(e, doc)
                    .is_ok_and(|d| visits(&d).into_iter().collect::<BTreeSet<_>>() == want)
            })
            .await
            .unwrap()
        );
        let held = visits(&read_account(&peer.engine, doc).unwrap());
        assert_eq!(held.len(), want.len(), "a device holds a visit twice");
    }
    for (r, (name, _, doc)) in reps.iter().enumerate() {
        let stored = visits(&stored_account(&server.store, *doc).unwrap());
        let set: BTreeSet<VisitId> = stored.iter().copied().collect();
        assert_eq!(
            set, expected[r],
            "the server lost or invented {name}'s visits"
        );
        assert_eq!(
            stored.len(),
            expected[r].len(),
            "the server holds a visit twice"
        );
        assert_eq!(expected[r].len(), 2 * ROUNDS * PER_ROUND);
    }
}
