//! The administration API: only admins (and managers, for their own teams, where it is
//! safe) may call it; bad input is a 400 naming the field; every change is in the audit
//! log; people with one-time passwords must choose their own first; settings reach every
//! index document.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use reqwest::Method;
use rounds_server::storage::Store;
use rounds_shared::doc::IndexDoc;
use rounds_tests::TestServer;
use serde_json::{Value, json};

/// A server with an admin (`boss`), a manager of `east` (`lin`), two reps of `east` (`wu`,
/// `zhou`) and one of `west` (`he`), each rep with a hospital.
async fn org() -> TestServer {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    server.team("west").unwrap();
    server.user("boss", "admin", None).unwrap();
    server.user("lin", "manager", None).unwrap();
    server.manage("east", "lin").unwrap();
    for (rep, team, hospital) in [
        ("wu", "east", "无锡市人民医院"),
        ("zhou", "east", "苏州市立医院"),
        ("he", "west", "成都市第二医院"),
    ] {
        server.user(rep, "rep", Some(team)).unwrap();
        server.account(hospital, rep).unwrap();
    }
    server
}

async fn call(
    server: &TestServer,
    user: &str,
    method: Method,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let token = server.login(user).await.unwrap();
    call_as(server, &token, method, path, body).await
}

async fn call_as(
    server: &TestServer,
    token: &str,
    method: Method,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let (status, text) = if method == Method::GET {
        server.get(token, path).await.unwrap()
    } else {
        server.send(token, method, path, &body).await.unwrap()
    };
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn import(server: &TestServer, token: &str, query: &str, file: Vec<u8>) -> (u16, Value) {
    let res = reqwest::Client::new()
        .post(server.url(&format!("/api/v1/accounts/import?{query}")))
        .bearer_auth(token)
        .body(file)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Every administrative endpoint, with a body it would accept from an admin.
fn endpoints(account: &str) -> Vec<(Method, String, Value)> {
    let owner = format!("/api/v1/accounts/{account}/owner");
    vec![
        (
            Method::POST,
            "/api/v1/users".into(),
            json!({"username": "new", "display_name": "新人", "role": "rep"}),
        ),
        (
            Method::PATCH,
            "/api/v1/users/he".into(),
            json!({"display_name": "何"}),
        ),
        (
            Method::PUT,
            "/api/v1/users/zhou/disabled".into(),
            json!({"disabled": true}),
        ),
        (Method::PUT, "/api/v1/users/zhou/password".into(), json!({})),
        (
            Method::PUT,
            "/api/v1/users/zhou/team".into(),
            json!({"team": "west"}),
        ),
        (
            Method::POST,
            "/api/v1/teams".into(),
            json!({"name": "north"}),
        ),
        (
            Method::POST,
            "/api/v1/teams/east/managers".into(),
            json!({"username": "lin"}),
        ),
        (
            Method::PUT,
            "/api/v1/org/template".into(),
            json!({"template": "default"}),
        ),
        (Method::PUT, "/api/v1/org/standards".into(), json!([])),
        (Method::PUT, "/api/v1/org/targets".into(), json!([])),
        (
            Method::PUT,
            "/api/v1/org/territories".into(),
            json!([{"name": "华东"}]),
        ),
        (Method::GET, "/api/v1/audit".into(), Value::Null),
        (
            Method::POST,
            "/api/v1/handovers".into(),
            json!({"from": "he", "to": "wu"}),
        ),
        (Method::PUT, owner, json!({"owner": "wu"})),
    ]
}

#[tokio::test]
async fn administrative_endpoints_refuse_everyone_but_admins() {
    let server = org().await;
    // he's hospital, in west: outside the manager's teams.
    let he = server.user_id("he").unwrap();
    let accounts = server.store.accounts().unwrap();
    let account = accounts
        .iter()
        .find(|a| a.owner == he)
        .unwrap()
        .id
        .to_string();
    let rep = server.login("wu").await.unwrap();
    let manager = server.login("lin").await.unwrap();
    for (method, path, body) in endpoints(&account) {
        let (status, v) = call_as(&server, &rep, method.clone(), &path, body.clone()).await;
        assert_eq!(status, 403, "a rep: {method} {path}: {v}");
        let (status, v) = call_as(&server, &manager, method.clone(), &path, body).await;
        // A manager may hand over within their own teams only: he's hospital is in west.
        assert_eq!(status, 403, "a manager: {method} {path}: {v}");
    }
    // The import takes a file, not JSON.
    assert_eq!(
        import(&server, &rep, "", b"name\nx\n".to_vec()).await.0,
        403
    );
    assert_eq!(
        import(&server, &manager, "", b"name\nx\n".to_vec()).await.0,
        403
    );
    // The lists: a rep sees nothing; a manager sees their own teams' reps and hospitals.
    for path in ["/api/v1/users", "/api/v1/accounts"] {
        assert_eq!(
            call_as(&server, &rep, Method::GET, path, Value::Null)
                .await
                .0,
            403,
            "{path}"
        );
    }
    let (_, people) = call_as(&server, &manager, Method::GET, "/api/v1/users", Value::Null).await;
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["wu", "zhou"]);
    let (_, hospitals) = call_as(
        &server,
        &manager,
        Method::GET,
        "/api/v1/accounts",
        Value::Null,
    )
    .await;
    assert_eq!(hospitals.as_array().unwrap().len(), 2, "{hospitals}");
    // A manager may rename their own rep, but not change a role or touch another team's.
    let (status, v) = call_as(
        &server,
        &manager,
        Method::PATCH,
        "/api/v1/users/wu",
        json!({"display_name": "吴工"}),
    )
    .await;
    assert_eq!((status, v["display_name"].as_str()), (200, Some("吴工")));
    let (status, v) = call_as(
        &server,
        &manager,
        Method::PATCH,
        "/api/v1/users/wu",
        json!({"role": "admin"}),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("role")),
        "{v}"
    );
    assert_eq!(
        call_as(
            &server,
            &manager,
            Method::PATCH,
            "/api/v1/users/he",
            json!({"display_name": "x"})
        )
        .await
        .0,
        403
    );
    // And hand a hospital from one of their reps to another.
    let (status, v) = call_as(
        &server,
        &manager,
        Method::POST,
        "/api/v1/handovers",
        json!({"from": "zhou", "to": "wu"}),
    )
    .await;
    assert_eq!((status, v["moved"].as_u64()), (200, Some(1)), "{v}");
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field_and_changes_nothing() {
    let server = org().await;
    let boss = server.login("boss").await.unwrap();
    let cases: &[(Method, &str, Value, &str)] = &[
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "a b", "display_name": "x", "role": "rep"}),
            "username",
        ),
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "ok", "display_name": " ", "role": "rep"}),
            "display_name",
        ),
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "ok", "display_name": "x", "role": "boss"}),
            "role",
        ),
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "ok", "display_name": "x", "role": "rep", "team": "nowhere"}),
            "team",
        ),
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "ok", "display_name": "x"}),
            "role",
        ),
        (
            Method::PATCH,
            "/api/v1/users/wu",
            json!({"team": "nowhere"}),
            "team",
        ),
        (
            Method::PATCH,
            "/api/v1/users/wu",
            json!({"nickname": "x"}),
            "nickname",
        ),
        (
            Method::PATCH,
            "/api/v1/users/boss",
            json!({"role": "rep"}),
            "role",
        ),
        (
            Method::PUT,
            "/api/v1/users/wu/disabled",
            json!({"disabled": "yes"}),
            "disabled",
        ),
        (
            Method::PUT,
            "/api/v1/users/boss/disabled",
            json!({"disabled": true}),
            "disabled",
        ),
        (
            Method::PUT,
            "/api/v1/users/wu/password",
            json!({"password": "short"}),
            "password",
        ),
        (Method::POST, "/api/v1/teams", json!({"name": ""}), "name"),
        (
            Method::PUT,
            "/api/v1/org/territories",
            json!([{"name": "华东"}, {"name": "华东"}]),
            "name",
        ),
        (
            Method::PUT,
            "/api/v1/org/territories",
            json!([{"name": "华东", "zones": [{"zone": "e"}]}]),
            "[0].zones[0].zone",
        ),
        (
            Method::POST,
            "/api/v1/handovers",
            json!({"from": "wu"}),
            "to",
        ),
        (
            Method::POST,
            "/api/v1/handovers",
            json!({"from": "wu", "to": "nobody"}),
            "to",
        ),
        (
            Method::POST,
            "/api/v1/handovers",
            json!({"from": "wu", "to": "boss"}),
            "to",
        ),
        (
            Method::POST,
            "/api/v1/handovers",
            json!({"to": "wu"}),
            "accounts",
        ),
        (
            Method::GET,
            "/api/v1/audit?action=everything",
            Value::Null,
            "action",
        ),
        (Method::GET, "/api/v1/audit?limit=0", Value::Null, "limit"),
        (
            Method::GET,
            "/api/v1/audit?actor=nobody",
            Value::Null,
            "actor",
        ),
    ];
    for (method, path, body, field) in cases {
        let (status, v) = call_as(&server, &boss, method.clone(), path, body.clone()).await;
        assert_eq!(status, 400, "{method} {path} {body}: {v}");
        assert_eq!(v["error"]["field"], *field, "{method} {path} {body}: {v}");
    }
    // Nothing was changed: the audit log holds only the set-up done from the command line.
    let (_, log) = call_as(&server, &boss, Method::GET, "/api/v1/audit", Value::Null).await;
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor_name"] == "cli"),
        "{log}"
    );
}

#[tokio::test]
async fn a_new_person_must_choose_a_password_and_every_change_is_audited() {
    let server = org().await;
    let boss = server.login("boss").await.unwrap();
    let (status, created) = call_as(
        &server,
        &boss,
        Method::POST,
        "/api/v1/users",
        json!({"username": "xiaoli", "display_name": "小李", "role": "rep", "team": "east"}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["user"]["must_change_password"], true);
    let otp = created["one_time_password"].as_str().unwrap().to_owned();

    // The one-time password signs in, but buys nothing but choosing one's own.
    let token = server.login_with("xiaoli", &otp).await.unwrap();
    let (_, me) = call_as(&server, &token, Method::GET, "/api/v1/session", Value::Null).await;
    assert_eq!(me["must_change_password"], true, "{me}");
    let (status, v) = call_as(&server, &token, Method::GET, "/api/v1/funnel", Value::Null).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (403, Some("password_change_required"))
    );
    let (status, v) = call_as(
        &server,
        &token,
        Method::PUT,
        "/api/v1/session/password",
        json!({"current": otp, "new": otp}),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("new")),
        "the same password again"
    );
    let (status, _) = call_as(
        &server,
        &token,
        Method::PUT,
        "/api/v1/session/password",
        json!({"current": otp, "new": "my own secret"}),
    )
    .await;
    assert_eq!(status, 204);
    assert!(
        server.login_with("xiaoli", &otp).await.is_err(),
        "the one-time password is spent"
    );
    let token = server.login_with("xiaoli", "my own secret").await.unwrap();
    let (_, me) = call_as(&server, &token, Method::GET, "/api/v1/session", Value::Null).await;
    assert!(
        me.get("must_change_password").is_none_or(|v| v == false),
        "{me}"
    );
    assert_eq!(
        call_as(&server, &token, Method::GET, "/api/v1/funnel", Value::Null)
            .await
            .0,
        200
    );

    // Edit, disable, re-enable, reset.
    let (status, v) = call_as(
        &server,
        &boss,
        Method::PATCH,
        "/api/v1/users/xiaoli",
        json!({"display_name": "李明", "team": "west"}),
    )
    .await;
    assert_eq!(
        (status, v["display_name"].as_str()),
        (200, Some("李明")),
        "{v}"
    );
    for disabled in [true, false] {
        let (status, _) = call_as(
            &server,
            &boss,
            Method::PUT,
            "/api/v1/users/xiaoli/disabled",
            json!({"disabled": disabled}),
        )
        .await;
        assert_eq!(status, 204);
    }
    let (status, reset) = call_as(
        &server,
        &boss,
        Method::PUT,
        "/api/v1/users/xiaoli/password",
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{reset}");
    assert!(server.login_with("xiaoli", "my own secret").await.is_err());
    let token = server
        .login_with("xiaoli", reset["one_time_password"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(
        call_as(&server, &token, Method::GET, "/api/v1/funnel", Value::Null)
            .await
            .0,
        403
    );

    // The log, newest first: who, what, to whom, before and after. The user's own password
    // change is theirs, not an administrative change.
    let (_, log) = call_as(
        &server,
        &boss,
        Method::GET,
        "/api/v1/audit?target=xiaoli",
        Value::Null,
    )
    .await;
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
    let changed = &items[3]["changes"];
    assert_eq!(
        changed,
        &json!([
            {"field": "display_name", "before": "小李", "after": "李明"},
            {"field": "team", "before": "east", "after": "west"},
        ])
    );
    assert_eq!(
        items[4]["changes"][1],
        json!({"field": "role", "before": "", "after": "rep"})
    );
    // Filtered by action and exported.
    let (_, only) = call_as(
        &server,
        &boss,
        Method::GET,
        "/api/v1/audit?action=user_disabled",
        Value::Null,
    )
    .await;
    assert_eq!(only["total"], 1);
    let (status, csv) = server
        .get(&boss, "/api/v1/audit?format=csv&target=xiaoli")
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 6, "a header and five entries: {csv}");
    assert!(csv.contains("display_name: 小李 → 李明"), "{csv}");
    // The set-up through the command line is in the log too.
    let (_, cli) = call_as(
        &server,
        &boss,
        Method::GET,
        "/api/v1/audit?actor=cli&action=account_created",
        Value::Null,
    )
    .await;
    assert_eq!(cli["total"], 3);
}

#[tokio::test]
async fn territories_reach_every_index_document_and_are_audited() {
    let server = org().await;
    let territories = json!([
        {"name": "华东", "zones": [{"zone": "a", "area": "浦东北"}, {"zone": "b", "area": "浦西"}]},
        {"name": "西南"},
    ]);
    let (status, v) = call(
        &server,
        "boss",
        Method::PUT,
        "/api/v1/org/territories",
        territories,
    )
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
    let (status, v) = call(
        &server,
        "boss",
        Method::PATCH,
        "/api/v1/users/wu",
        json!({"region": "华北"}),
    )
    .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("region")),
        "{v}"
    );
    let (status, _) = call(
        &server,
        "boss",
        Method::PATCH,
        "/api/v1/users/wu",
        json!({"region": "华东"}),
    )
    .await;
    assert_eq!(status, 200);
    let (_, log) = call(
        &server,
        "boss",
        Method::GET,
        "/api/v1/audit?action=territories_changed",
        Value::Null,
    )
    .await;
    assert_eq!(
        log["items"][0]["changes"][0]["after"],
        "华东 (A:浦东北, B:浦西); 西南"
    );
}

/// An Excel workbook of `rows` (the first is the header).
fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            // Numbers as numbers, the way a spreadsheet holds them.
            match cell.parse::<f64>() {
                Ok(n) if c > 0 => sheet.write_number(r, c, n).unwrap(),
                _ => sheet.write_string(r, c, cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

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

#[tokio::test]
async fn an_import_checks_every_row_and_saves_all_or_nothing() {
    let server = org().await;
    let boss = server.login("boss").await.unwrap();
    let before = hospitals(&server);
    let header = [
        "医院名称",
        "等级",
        "区域",
        "分区",
        "地址",
        "负责人",
        "科室",
        "标本量",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    for i in 0..40 {
        rows.push(vec![
            format!("测试医院{i:02}"),
            "三甲".into(),
            "华东".into(),
            "A".into(),
            format!("测试路{i}号"),
            "wu".into(),
            "检验科;病理科".into(),
            "120000".into(),
        ]);
    }
    rows[5][5] = "nobody".into(); // unknown owner
    rows[9][1] = "四甲".into(); // bad level
    rows[12][0] = "测试医院03".into(); // the same name as row 5 (sheet row)
    // An existing hospital with new details: an update, not a duplicate.
    rows.push(vec![
        "无锡市人民医院".into(),
        "3a".into(),
        "华东".into(),
        "b".into(),
        "无锡中山路1号".into(),
        "wu".into(),
        String::new(),
        String::new(),
    ]);

    // The dry run lists exactly the three bad rows, with the column and the reason, and
    // saves nothing.
    let (status, report) = import(&server, &boss, "", xlsx(&rows)).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (
            report["new"].as_u64(),
            report["updated"].as_u64(),
            report["errors"].as_u64()
        ),
        (Some(37), Some(1), Some(3)),
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
    assert_eq!(errors.len(), 3);
    assert_eq!((errors[0].0, errors[0].1), (6, "负责人"));
    assert!(errors[0].2.contains("unknown owner `nobody`"), "{errors:?}");
    assert_eq!((errors[1].0, errors[1].1), (10, "等级"));
    assert!(errors[1].2.contains("四甲"), "{errors:?}");
    assert_eq!((errors[2].0, errors[2].1), (13, "医院名称"));
    assert!(errors[2].2.contains("row 5"), "{errors:?}");
    assert_eq!(report["committed"], false);
    // Asking to commit a sheet with errors saves nothing either.
    let (_, report) = import(&server, &boss, "commit=true", xlsx(&rows)).await;
    assert_eq!(report["committed"], false);
    assert_eq!(hospitals(&server), before);

    // Fixed, it commits: every row at once.
    rows[5][5] = "zhou".into();
    rows[9][1] = "二甲".into();
    rows[12][0] = "测试医院99".into();
    let (status, report) = import(
        &server,
        &boss,
        "commit=true&file=hospitals.xlsx",
        xlsx(&rows),
    )
    .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (
            report["committed"].as_bool(),
            report["new"].as_u64(),
            report["updated"].as_u64()
        ),
        (Some(true), Some(40), Some(1)),
        "{report}"
    );
    assert_eq!(hospitals(&server).len(), before.len() + 40);
    let (_, listed) = call_as(
        &server,
        &boss,
        Method::GET,
        "/api/v1/accounts?owner=zhou",
        Value::Null,
    )
    .await;
    let zhou: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(zhou, ["测试医院04", "苏州市立医院"]);
    let (_, all) = call_as(&server, &boss, Method::GET, "/api/v1/accounts", Value::Null).await;
    let wuxi = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "无锡市人民医院")
        .unwrap();
    assert_eq!(
        (wuxi["zone"].as_str(), wuxi["address"].as_str()),
        (Some("b"), Some("无锡中山路1号")),
        "{wuxi}"
    );
    let t08 = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "测试医院08")
        .unwrap();
    assert_eq!(t08["level"], "2a", "row 10 (the fixed level)");
    assert_eq!(
        (
            t08["annual_sample_volume"].as_u64(),
            t08["departments"].clone()
        ),
        (Some(120_000), json!(["检验科", "病理科"]))
    );

    // The same sheet again changes nothing; exported as CSV and imported back, neither.
    let (_, again) = import(&server, &boss, "", xlsx(&rows)).await;
    assert_eq!(
        (
            again["new"].as_u64(),
            again["updated"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(41)),
        "{again}"
    );
    let (status, csv) = server
        .get(&boss, "/api/v1/accounts?format=csv")
        .await
        .unwrap();
    assert_eq!(status, 200);
    let (_, round) = import(&server, &boss, "", csv.into_bytes()).await;
    assert_eq!(
        (
            round["errors"].as_u64(),
            round["new"].as_u64(),
            round["updated"].as_u64()
        ),
        (Some(0), Some(0), Some(0)),
        "{round}"
    );

    // One audit entry for the import.
    let (_, log) = call_as(
        &server,
        &boss,
        Method::GET,
        "/api/v1/audit?action=accounts_imported",
        Value::Null,
    )
    .await;
    assert_eq!(log["total"], 1);
    assert_eq!(log["items"][0]["target"], "hospitals.xlsx");

    // A CSV as Chinese Excel saves it (GB18030) reads the same.
    let (gb, _, _) = encoding_rs::GB18030.encode("医院名称,等级,负责人\n新医院,三乙,he\n");
    let (_, report) = import(&server, &boss, "", gb.into_owned()).await;
    assert_eq!(
        (report["new"].as_u64(), report["errors"].as_u64()),
        (Some(1), Some(0)),
        "{report}"
    );
    // Not a sheet at all.
    let (status, v) = import(&server, &boss, "", b"\x00\x01binary".to_vec()).await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("file")),
        "{v}"
    );
}

#[tokio::test]
async fn orphans_are_listed_and_handed_over_with_an_audit_entry_each() {
    let server = org().await;
    let boss = server.login("boss").await.unwrap();
    server.account("无锡市第二医院", "wu").unwrap();
    let (status, _) = call_as(
        &server,
        &boss,
        Method::PUT,
        "/api/v1/users/wu/disabled",
        json!({"disabled": true}),
    )
    .await;
    assert_eq!(status, 204);
    let (_, orphans) = call_as(
        &server,
        &boss,
        Method::GET,
        "/api/v1/accounts?orphans=true",
        Value::Null,
    )
    .await;
    let names: Vec<&str> = orphans
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["无锡市人民医院", "无锡市第二医院"]);
    // Split by territory: none is set on these, so everything goes to `to`.
    let (status, v) = call_as(
        &server,
        &boss,
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
    let (_, orphans) = call_as(
        &server,
        &boss,
        Method::GET,
        "/api/v1/accounts?orphans=true",
        Value::Null,
    )
    .await;
    assert_eq!(orphans, json!([]));
    let (_, log) = call_as(
        &server,
        &boss,
        Method::GET,
        "/api/v1/audit?action=account_assigned",
        Value::Null,
    )
    .await;
    assert_eq!(log["total"], 2);
    assert_eq!(
        log["items"][0]["changes"][0],
        json!({"field": "owner", "before": "wu", "after": "zhou"})
    );
}
