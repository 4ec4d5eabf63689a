//! `GET /api/v1/collections`, finance's collection list (下月催款明细), over data synced through
//! the real sync endpoint: signed deals awaiting payment, by rep and hospital, with amounts
//! computed by hand; who may see it; CSV.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use rounds_shared::api::CollectionList;
use rounds_shared::ids::{OpportunityId, UserId};
use rounds_shared::model::Opportunity;
use rounds_shared::money::Money;
use rounds_shared::sync::{DocumentId, PeerId, SyncClient};
use rounds_shared::time::Timestamp;
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, TwoTeams, edit_account};

const T0: Timestamp = Timestamp(1_790_000_000_000);

/// A deal of `yuan` created at 挖掘需求 on day 0 and moved to `stage` on `day`.
fn deal(title: &str, yuan: i64, stage: &str, day: i64, by: UserId) -> Opportunity {
    let mut o = Opportunity::new(
        OpportunityId::generate(),
        title,
        "生化",
        Money::from_yuan(yuan),
        "dig_needs".parse().unwrap(),
        T0,
        by,
    );
    if stage != "dig_needs" {
        o.move_to(stage.parse().unwrap(), T0.plus_days(day), by)
            .unwrap();
    }
    o
}

async fn sync_deals(server: &TestServer, user: &str, doc: DocumentId, deals: Vec<Opportunity>) {
    let mut phone = server.online(user, &[doc]).await.unwrap();
    edit_account(&mut phone.engine, doc, |d| {
        for o in &deals {
            d.put(o).unwrap();
        }
    })
    .unwrap();
    phone.changed(doc).await.unwrap();
    assert!(phone.sync(Duration::from_secs(20)).await.unwrap());
}

async fn list(server: &TestServer, user: &str, query: &str) -> (u16, String) {
    let token = server.login(user).await.unwrap();
    server
        .get(&token, &format!("/api/v1/collections{query}"))
        .await
        .unwrap()
}

async fn collections(server: &TestServer, user: &str, query: &str) -> CollectionList {
    let (status, body) = list(server, user, query).await;
    assert_eq!(status, 200, "{user} {query}: {body}");
    serde_json::from_str(&body).unwrap()
}

/// (rep, [(hospital, total in yuan, [deal titles])]) in the list's order.
type Shape = Vec<(String, Vec<(String, i64, Vec<String>)>)>;

fn shape(l: &CollectionList) -> Shape {
    l.reps
        .iter()
        .map(|r| {
            let hospitals = r
                .hospitals
                .iter()
                .map(|h| {
                    let titles = h.deals.iter().map(|d| d.title.clone()).collect();
                    (h.name.clone(), h.total.fen() / 100, titles)
                })
                .collect();
            (r.rep_name.clone(), hospitals)
        })
        .collect()
}

fn s(text: &str) -> String {
    text.to_owned()
}

#[tokio::test]
async fn the_collection_list_sums_signed_deals_by_rep_and_hospital_for_those_who_may_see_it() {
    let server = TestServer::start().await.unwrap();
    let TwoTeams { wu, he, zhou } = server.two_teams().unwrap();
    let cai = server.user("cai", "finance", None).unwrap();
    server.user("ku", "warehouse", None).unwrap();
    let a = DocumentId::from(server.account("无锡市人民医院", "wu").unwrap());
    let b = DocumentId::from(server.account("江阴市人民医院", "wu").unwrap());
    let c = DocumentId::from(server.account("常州市第一人民医院", "he").unwrap());
    let d = DocumentId::from(server.account("成都市第三人民医院", "zhou").unwrap());

    // wu: two signed at 无锡 (300,000 on day 20, 200,000 on day 10), one paid and one still
    // presenting value there (neither owed), one signed at 江阴 (100,000); he: one signed at
    // 常州 (500,000); zhou, in the other team: one signed at 成都 (50,000).
    sync_deals(
        &server,
        "wu",
        a,
        vec![
            deal("生化流水线", 300_000, "win_commitment", 20, wu.id),
            deal("化学发光", 200_000, "win_commitment", 10, wu.id),
            deal("尿液分析", 900_000, "paid", 30, wu.id),
            deal("凝血仪", 700_000, "present_value", 5, wu.id),
        ],
    )
    .await;
    sync_deals(
        &server,
        "wu",
        b,
        vec![deal("血球仪", 100_000, "win_commitment", 12, wu.id)],
    )
    .await;
    sync_deals(
        &server,
        "he",
        c,
        vec![deal("免疫流水线", 500_000, "win_commitment", 3, he.id)],
    )
    .await;
    sync_deals(
        &server,
        "zhou",
        d,
        vec![deal("糖化仪", 50_000, "win_commitment", 8, zhou.id)],
    )
    .await;

    // Finance sees every hospital: 300,000 + 200,000 + 100,000 + 500,000 + 50,000.
    let all = collections(&server, "cai", "").await;
    assert_eq!(all.total, Money::from_yuan(1_150_000));
    assert_eq!(all.deals, 5);
    let wu_part = (
        s("wu"),
        vec![
            // Longest signed first: 化学发光 on day 10, then 生化流水线 on day 20.
            (
                s("无锡市人民医院"),
                500_000,
                vec![s("化学发光"), s("生化流水线")],
            ),
            (s("江阴市人民医院"), 100_000, vec![s("血球仪")]),
        ],
    );
    let he_part = (
        s("he"),
        vec![(s("常州市第一人民医院"), 500_000, vec![s("免疫流水线")])],
    );
    let zhou_part = (
        s("zhou"),
        vec![(s("成都市第三人民医院"), 50_000, vec![s("糖化仪")])],
    );
    assert_eq!(
        shape(&all),
        vec![wu_part.clone(), he_part.clone(), zhou_part]
    );
    assert_eq!(all.reps[0].total, Money::from_yuan(600_000));
    assert_eq!(
        all.reps[0].hospitals[0].deals[0].signed_at,
        Some(T0.plus_days(10))
    );

    // The manager: their team only; a filter narrows it; the other team is refused.
    let team = collections(&server, "lin", "").await;
    assert_eq!(team.total, Money::from_yuan(1_100_000));
    assert_eq!(shape(&team), vec![wu_part.clone(), he_part]);
    assert_eq!(
        collections(&server, "lin", "?rep=he").await.total,
        Money::from_yuan(500_000)
    );
    assert_eq!(list(&server, "lin", "?team=west").await.0, 403);
    // Finance may narrow it too.
    assert_eq!(
        collections(&server, "cai", "?team=west").await.total,
        Money::from_yuan(50_000)
    );
    // A rep sees their own; the warehouse nothing.
    assert_eq!(shape(&collections(&server, "wu", "").await), vec![wu_part]);
    assert_eq!(list(&server, "ku", "").await.0, 403);
    // Reading the list is not syncing: finance still gets no hospital's document.
    let token = server.login("cai").await.unwrap();
    let mut finance = Peer::new(SyncClient::new(PeerId::from("cai")).writing_as(cai.id));
    finance.connect(&server.sync_url(&token)).await.unwrap();
    finance.request(&[a]).await.unwrap();
    for _ in 0..50 {
        if finance.unavailable.contains(&a) {
            break;
        }
        finance
            .pump_until(
                Duration::from_millis(200),
                Duration::from_millis(50),
                |_| false,
            )
            .await
            .unwrap();
    }
    assert!(finance.unavailable.contains(&a) && finance.engine.document(a).is_none());

    // CSV: one row per deal, rep and hospital by name, amounts in yuan.
    let (status, csv) = list(&server, "cai", "?format=csv").await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split("\r\n")
        .collect();
    assert_eq!(lines.len(), 1 + 5, "{csv}");
    assert!(lines[0].starts_with("代表,医院,项目"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("wu,无锡市人民医院,化学发光,生化,200000"),
        "{}",
        lines[1]
    );
}
