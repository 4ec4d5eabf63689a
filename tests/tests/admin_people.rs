//! People and settings through the administration API: a new person must choose their own
//! password first, every change is in the audit log (before and after), and territories
//! reach every index document.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use reqwest::Method;
use rounds_server::storage::Store;
use rounds_shared::doc::IndexDoc;
use rounds_tests::console::{As, org};
use serde_json::json;

#[tokio::test]
async fn a_new_person_must_choose_a_password_and_every_change_is_audited() {
    let server = org().await.unwrap();
    let boss = As::user(&server, "boss").await.unwrap();
    let new = json!({"username": "xiaoli", "display_name": "小李", "role": "rep", "team": "east"});
    let (status, created) = boss.call(Method::POST, "/api/v1/users", new).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["user"]["must_change_password"], true);
    let otp = created["one_time_password"].as_str().unwrap().to_owned();

    // The one-time password signs in, but buys nothing but choosing one's own.
    let li = As::with_token(&server, server.login_with("xiaoli", &otp).await.unwrap());
    let (_, me) = li.get("/api/v1/session").await;
    assert_eq!(me["must_change_password"], true, "{me}");
    let (status, v) = li.get("/api/v1/funnel").await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (403, Some("password_change_required"))
    );
    let same = json!({"current": otp, "new": otp});
    let (status, v) = li.call(Method::PUT, "/api/v1/session/password", same).await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("new")),
        "the same password again"
    );
    let own = json!({"current": otp, "new": "my own secret"});
    assert_eq!(
        li.call(Method::PUT, "/api/v1/session/password", own)
            .await
            .0,
        204
    );
    assert!(
        server.login_with("xiaoli", &otp).await.is_err(),
        "the one-time password is spent"
    );
    let li = As::with_token(
        &server,
        server.login_with("xiaoli", "my own secret").await.unwrap(),
    );
    let (_, me) = li.get("/api/v1/session").await;
    assert!(
        me.get("must_change_password").is_none_or(|v| v == false),
        "{me}"
    );
    assert_eq!(li.get("/api/v1/funnel").await.0, 200);

    // Edit, disable, re-enable, reset.
    let edit = json!({"display_name": "李明", "team": "west"});
    let (status, v) = boss.call(Method::PATCH, "/api/v1/users/xiaoli", edit).await;
    assert_eq!(
        (status, v["display_name"].as_str()),
        (200, Some("李明")),
        "{v}"
    );
    for disabled in [true, false] {
        let body = json!({"disabled": disabled});
        assert_eq!(
            boss.call(Method::PUT, "/api/v1/users/xiaoli/disabled", body)
                .await
                .0,
            204
        );
    }
    let (status, reset) = boss
        .call(Method::PUT, "/api/v1/users/xiaoli/password", json!({}))
        .await;
    assert_eq!(status, 200, "{reset}");
    assert!(server.login_with("xiaoli", "my own secret").await.is_err());
    let otp = reset["one_time_password"].as_str().unwrap();
    let li = As::with_token(&server, server.login_with("xiaoli", otp).await.unwrap());
    assert_eq!(li.get("/api/v1/funnel").await.0, 403);

    // The log, newest first: who, what, to whom, before and after. The user's own password
    // change is theirs, not an administrative change.
    let (_, log) = boss.get("/api/v1/audit?target=xiaoli").await;
    let items = log["items"].as_array().unwrap();
    let actions: Vec<&str> = items
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "password_reset",
            "user_enabled",
            "user_disabled",
            "user_changed",
            "user_created"
        ]
    );
    assert!(items.iter().all(|e| e["actor_name"] == "boss"));
    assert_eq!(
        items[3]["changes"],
        json!([
            {"field": "display_name", "before": "小李", "after": "李明"},
            {"field": "team", "before": "east", "after": "west"},
        ])
    );
    assert_eq!(
        items[4]["changes"][1],
        json!({"field": "role", "before": "", "after": "rep"})
    );
    // Filtered by action, and exported.
    assert_eq!(
        boss.get("/api/v1/audit?action=user_disabled").await.1["total"],
        1
    );
    let (status, csv) = server
        .get(&boss.token, "/api/v1/audit?format=csv&target=xiaoli")
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 6, "a header and five entries: {csv}");
    assert!(csv.contains("display_name: 小李 → 李明"), "{csv}");
    // The set-up through the command line is in the log too.
    let (_, cli) = boss
        .get("/api/v1/audit?actor=cli&action=account_created")
        .await;
    assert_eq!(cli["total"], 3);
}

#[tokio::test]
async fn territories_reach_every_index_document_and_are_audited() {
    let server = org().await.unwrap();
    let boss = As::user(&server, "boss").await.unwrap();
    let territories = json!([
        {"name": "华东", "zones": [{"zone": "a", "area": "浦东北"}, {"zone": "b", "area": "浦西"}]},
        {"name": "西南"},
    ]);
    let (status, v) = boss
        .call(Method::PUT, "/api/v1/org/territories", territories)
        .await;
    assert_eq!(status, 200, "{v}");
    for user in server.store.users().unwrap() {
        let stored = server.store.document(user.index_doc).unwrap().unwrap();
        let doc = automerge::AutoCommit::load(&stored.chunks.concat()).unwrap();
        let org = IndexDoc::from_automerge(doc).org().value;
        let names: Vec<&str> = org.territories.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["华东", "西南"], "{}'s index", user.username);
        assert_eq!(org.territories[0].zones[0].area, "浦东北");
    }
    // A person's territory must be one of them now.
    let (status, v) = boss
        .call(Method::PATCH, "/api/v1/users/wu", json!({"region": "华北"}))
        .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("region")),
        "{v}"
    );
    assert_eq!(
        boss.call(Method::PATCH, "/api/v1/users/wu", json!({"region": "华东"}))
            .await
            .0,
        200
    );
    let (_, log) = boss.get("/api/v1/audit?action=territories_changed").await;
    assert_eq!(
        log["items"][0]["changes"][0]["after"],
        "华东 (A:浦东北, B:浦西); 西南"
    );
}

#[tokio::test]
async fn a_new_rep_is_held_to_the_standards_of_their_roadmap_phase() {
    let server = org().await.unwrap();
    let boss = As::user(&server, "boss").await.unwrap();
    let (wu, zhou) = (
        server.user_id("wu").unwrap(),
        server.user_id("zhou").unwrap(),
    );
    let today = rounds_shared::time::Timestamp(rounds_server::state::now_ms())
        .date(rounds_shared::time::TzOffset::BEIJING);
    let phases = serde_json::to_value(rounds_shared::model::RoadmapPhase::source()).unwrap();
    let roadmap = json!({"phases": phases, "starts": [{"rep": wu, "started": today}]});
    let (status, v) = boss.call(Method::PUT, "/api/v1/org/roadmap", roadmap).await;
    assert_eq!(status, 200, "{v}");

    // wu started this week: training (prospects and the plan); zhou has no start date: the
    // organisation's fourteen standards.
    let (_, activity) = boss.get("/api/v1/activity?period=week").await;
    let metrics = |rep: rounds_shared::ids::UserId| -> Vec<String> {
        let row = activity["reps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rep_id"] == json!(rep))
            .unwrap();
        row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["metric"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        metrics(wu),
        ["new_prospects_per_week", "weekly_plan_submitted"]
    );
    assert_eq!(metrics(zhou).len(), 14);

    // A rep's index carries their own start date, not a colleague's.
    for (user, expected) in [("wu", 1), ("zhou", 0), ("lin", 1)] {
        let u = server.store.user_by_name(user).unwrap().unwrap().0;
        let stored = server.store.document(u.index_doc).unwrap().unwrap();
        let doc = automerge::AutoCommit::load(&stored.chunks.concat()).unwrap();
        let org = IndexDoc::from_automerge(doc).org().value;
        assert_eq!(
            (org.phases.len(), org.starts.len()),
            (2, expected),
            "{user}'s index"
        );
    }

    // Overlapping phases, and a start date for someone who is not a rep, are refused.
    let mut overlapping = rounds_shared::model::RoadmapPhase::source();
    overlapping[1].from_week = 3;
    let body = json!({"phases": overlapping, "starts": []});
    let (status, v) = boss.call(Method::PUT, "/api/v1/org/roadmap", body).await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("until_week")),
        "{v}"
    );
    let lin = server.user_id("lin").unwrap();
    let body = json!({"phases": [], "starts": [{"rep": lin, "started": today}]});
    let (status, v) = boss.call(Method::PUT, "/api/v1/org/roadmap", body).await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("rep")),
        "{v}"
    );
    let (_, log) = boss.get("/api/v1/audit?action=roadmap_changed").await;
    assert_eq!(log["total"], 1);
}
