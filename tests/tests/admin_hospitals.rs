//! Hospitals through the administration API: an import checks every row and saves all or
//! nothing; single hospitals are created and edited live; orphans are handed over; a
//! template that would strand open opportunities is refused. Each change is audited.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use reqwest::Method;
use rounds_server::storage::Store;
use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::{AccountId, OpportunityId};
use rounds_shared::model::{Opportunity, Zone};
use rounds_shared::money::Money;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rounds_tests::TestServer;
use rounds_tests::console::{As, header_row, org, xlsx};
use serde_json::{Value, json};

fn hospitals(server: &TestServer) -> Vec<String> {
    let mut names: Vec<String> = server
        .store
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    names.sort();
    names
}

fn find<'v>(list: &'v Value, name: &str) -> &'v Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap()
}

fn counts(report: &Value) -> [Option<u64>; 4] {
    ["new", "updated", "unchanged", "errors"].map(|k| report[k].as_u64())
}

#[tokio::test]
async fn an_import_checks_every_row_and_saves_all_or_nothing() {
    let server = org().await.unwrap();
    let boss = As::user(&server, "boss").await.unwrap();
    let before = hospitals(&server);
    let mut rows: Vec<Vec<String>> = vec![header_row()];
    for i in 0..40 {
        let row = [
            &format!("测试医院{i:02}"),
            "三甲",
            "华东",
            "A",
            &format!("测试路{i}号"),
            "wu",
            "检验科;病理科",
            "120000",
        ];
        rows.push(row.iter().map(|c| (*c).to_owned()).collect());
    }
    rows[5][5] = "nobody".into(); // unknown owner
    rows[9][1] = "四甲".into(); // bad level
    rows[12][0] = "测试医院03".into(); // the name of sheet row 5
    // An existing hospital with new details: an update, not a duplicate.
    let wuxi = [
        "无锡市人民医院",
        "3a",
        "华东",
        "b",
        "无锡中山路1号",
        "wu",
        "",
        "",
    ];
    rows.push(wuxi.iter().map(|c| (*c).to_owned()).collect());

    // The dry run lists exactly the three bad rows, with the column and the reason.
    let (status, report) = boss.import("", xlsx(&rows).unwrap()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        counts(&report),
        [Some(37), Some(1), Some(0), Some(3)],
        "{report}"
    );
    let errors: Vec<(u64, &str, &str)> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "error")
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["column"].as_str().unwrap(),
                r["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(),
        [(6, "负责人"), (10, "等级"), (13, "医院名称")]
    );
    assert!(errors[0].2.contains("unknown owner `nobody`"), "{errors:?}");
    assert!(errors[1].2.contains("四甲"), "{errors:?}");
    assert!(errors[2].2.contains("row 5"), "{errors:?}");
    assert_eq!(report["committed"], false);
    // Asking to commit a sheet with errors saves nothing either.
    let (_, report) = boss.import("commit=true", xlsx(&rows).unwrap()).await;
    assert_eq!(report["committed"], false);
    assert_eq!(hospitals(&server), before);

    // Fixed, it commits: every row at once.
    rows[5][5] = "zhou".into();
    rows[9][1] = "二甲".into();
    rows[12][0] = "测试医院99".into();
    let (status, report) = boss
        .import("commit=true&file=hospitals.xlsx", xlsx(&rows).unwrap())
        .await;
    assert_eq!(
        (status, report["committed"].as_bool()),
        (200, Some(true)),
        "{report}"
    );
    assert_eq!(counts(&report)[..2], [Some(40), Some(1)]);
    assert_eq!(hospitals(&server).len(), before.len() + 40);
    let (_, zhou) = boss.get("/api/v1/accounts?owner=zhou").await;
    let zhou: Vec<&str> = zhou
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(zhou, ["测试医院04", "苏州市立医院"]);
    let (_, all) = boss.get("/api/v1/accounts").await;
    let wuxi = find(&all, "无锡市人民医院");
    assert_eq!(
        (wuxi["zone"].as_str(), wuxi["address"].as_str()),
        (Some("b"), Some("无锡中山路1号")),
        "{wuxi}"
    );
    let t08 = find(&all, "测试医院08");
    assert_eq!(t08["level"], "2a", "row 10, the fixed level");
    assert_eq!(t08["annual_sample_volume"], 120_000);
    assert_eq!(t08["departments"], json!(["检验科", "病理科"]));

    // The same sheet again changes nothing; exported as CSV and imported back, neither.
    let (_, again) = boss.import("", xlsx(&rows).unwrap()).await;
    assert_eq!(
        counts(&again),
        [Some(0), Some(0), Some(41), Some(0)],
        "{again}"
    );
    let (status, csv) = server
        .get(&boss.token, "/api/v1/accounts?format=csv")
        .await
        .unwrap();
    assert_eq!(status, 200);
    let (_, round) = boss.import("", csv.into_bytes()).await;
    assert_eq!(counts(&round)[..2], [Some(0), Some(0)], "{round}");
    assert_eq!(counts(&round)[3], Some(0), "{round}");

    // One audit entry for the import.
    let (_, log) = boss.get("/api/v1/audit?action=accounts_imported").await;
    assert_eq!(
        (log["total"].as_u64(), log["items"][0]["target"].as_str()),
        (Some(1), Some("hospitals.xlsx"))
    );

    // A CSV as Chinese Excel saves it (GB18030) reads the same.
    let (gb, _, _) = encoding_rs::GB18030.encode("医院名称,等级,负责人\n新医院,三乙,he\n");
    let (_, report) = boss.import("", gb.into_owned()).await;
    assert_eq!(
        (counts(&report)[0], counts(&report)[3]),
        (Some(1), Some(0)),
        "{report}"
    );
    // Not a sheet at all.
    let (status, v) = boss.import("", b"\x00\x01binary".to_vec()).await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("file")),
        "{v}"
    );
}

#[tokio::test]
async fn hospitals_are_created_and_edited_live_and_audited() {
    let server = org().await.unwrap();
    let boss = As::user(&server, "boss").await.unwrap();
    let new = json!({
        "name": "南京鼓楼医院", "level": "3a", "owner": "wu", "region": "华东", "zone": "a",
        "departments": ["检验科"], "annual_sample_volume": 800000,
    });
    let (status, id) = boss.call(Method::POST, "/api/v1/accounts", new).await;
    assert_eq!(status, 201, "{id}");
    let id: AccountId = id.as_str().unwrap().parse().unwrap();

    // wu's phone holds the hospital; an edit reaches it live.
    let doc = DocumentId::from(id);
    let mut phone = server.online("wu", &[doc]).await.unwrap();
    let edit = json!({"address": "中山路321号", "zone": "b"});
    let (status, v) = boss
        .call(Method::PATCH, &format!("/api/v1/accounts/{id}"), edit)
        .await;
    assert_eq!(status, 204, "{v}");
    let arrived = phone
        .pump_until(Duration::from_secs(20), Duration::from_millis(50), |e| {
            e.document(doc).is_some_and(|d| {
                let a = AccountDoc::from_automerge(d.clone())
                    .account()
                    .unwrap()
                    .value;
                a.address == "中山路321号" && a.zone == Some(Zone::B)
            })
        })
        .await
        .unwrap();
    assert!(arrived, "the edit reached the owner's phone");
    let (status, v) = boss
        .call(
            Method::PATCH,
            &format!("/api/v1/accounts/{id}"),
            json!({"owner": "zhou"}),
        )
        .await;
    assert_eq!((status, v["error"]["field"].as_str()), (400, Some("owner")));

    let (_, log) = boss.get("/api/v1/audit?target=南京鼓楼医院").await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["account_changed", "account_created"]);
    assert_eq!(
        log["items"][0]["changes"],
        json!([
            {"field": "zone", "before": "a", "after": "b"},
            {"field": "address", "before": "", "after": "中山路321号"},
        ])
    );
}

#[tokio::test]
async fn orphans_are_listed_and_handed_over_with_an_audit_entry_each() {
    let server = org().await.unwrap();
    let boss = As::user(&server, "boss").await.unwrap();
    server.account("无锡市第二医院", "wu").unwrap();
    assert_eq!(
        boss.call(
            Method::PUT,
            "/api/v1/users/wu/disabled",
            json!({"disabled": true})
        )
        .await
        .0,
        204
    );
    let (_, orphans) = boss.get("/api/v1/accounts?orphans=true").await;
    let names: Vec<&str> = orphans
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["无锡市人民医院", "无锡市第二医院"]);
    let (status, v) = boss
        .call(
            Method::POST,
            "/api/v1/handovers",
            json!({"orphans": true, "to": "zhou"}),
        )
        .await;
    assert_eq!(
        (status, v["moved"].as_u64(), v["kept"].as_u64()),
        (200, Some(2), Some(0)),
        "{v}"
    );
    assert_eq!(boss.get("/api/v1/accounts?orphans=true").await.1, json!([]));
    let (_, log) = boss.get("/api/v1/audit?action=account_assigned").await;
    assert_eq!(log["total"], 2);
    assert_eq!(
        log["items"][0]["changes"][0],
        json!({"field": "owner", "before": "wu", "after": "zhou"})
    );
}

#[tokio::test]
async fn a_hand_over_split_by_territory_gives_each_region_its_rep() {
    let server = org().await.unwrap();
    let boss = As::user(&server, "boss").await.unwrap();
    for (name, region) in [
        ("杭州一院", "浙江"),
        ("宁波一院", "浙江"),
        ("合肥一院", "安徽"),
    ] {
        let body = json!({"name": name, "level": "3a", "owner": "wu", "region": region});
        assert_eq!(
            boss.call(Method::POST, "/api/v1/accounts", body).await.0,
            201
        );
    }
    // 浙江 to zhou; the rest (安徽, and wu's first hospital with the harness's region) stays.
    let split = json!({"from": "wu", "by_region": [{"region": "浙江", "to": "zhou"}]});
    let (status, v) = boss.call(Method::POST, "/api/v1/handovers", split).await;
    assert_eq!(
        (status, v["moved"].as_u64(), v["kept"].as_u64()),
        (200, Some(2), Some(2)),
        "{v}"
    );
    let (_, zhou) = boss.get("/api/v1/accounts?owner=zhou").await;
    let names: Vec<&str> = zhou
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["宁波一院", "杭州一院", "苏州市立医院"]);
}

#[tokio::test]
async fn a_template_that_would_strand_open_opportunities_is_refused_with_their_list() {
    let server = org().await.unwrap();
    let wu = server
        .store
        .accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.name == "无锡市人民医院")
        .unwrap();
    let doc = DocumentId::from(wu.id);
    let mut phone = server.online("wu", &[doc]).await.unwrap();
    rounds_tests::edit_account(&mut phone.engine, doc, |d| {
        let opp = Opportunity::new(
            OpportunityId::generate(),
            "生化分析仪",
            "生化",
            Money::from_yuan(500_000),
            "analyse".parse().unwrap(),
            Timestamp(1_000),
            wu.owner,
        );
        d.put(&opp).unwrap();
    })
    .unwrap();
    phone.changed(doc).await.unwrap();
    assert!(phone.sync(Duration::from_secs(20)).await.unwrap());
    let boss = As::user(&server, "boss").await.unwrap();
    let (status, v) = boss
        .call(
            Method::PUT,
            "/api/v1/org/template",
            json!({"template": "milestones"}),
        )
        .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("stages")),
        "{v}"
    );
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("无锡市人民医院 · 生化分析仪 (analyse)"),
        "{message}"
    );
    let (_, org) = boss.get("/api/v1/org").await;
    assert_eq!(
        org["template"]["stages"][0]["key"], "target_group",
        "nothing changed"
    );
}
