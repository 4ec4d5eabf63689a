//! A hospital import at the largest size one import takes (5,000 rows of .xlsx, every row
//! new), against a real server with a fresh database: the dry run, then the import that
//! saves every row in one transaction, then the same sheet again (every row unchanged).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use rounds_tests::TestServer;
use rounds_tests::console::{As, header_row, xlsx};

#[tokio::main]
async fn main() {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    server.user("boss", "admin", None).unwrap();
    for rep in ["wu", "zhou"] {
        server.user(rep, "rep", Some("east")).unwrap();
    }
    let boss = As::user(&server, "boss").await.unwrap();
    let mut rows: Vec<Vec<String>> = vec![header_row()];
    for i in 0..5_000 {
        let owner = if i % 2 == 0 { "wu" } else { "zhou" };
        let cells = [
            format!("基准医院{i:04}"),
            "三甲".into(),
            "华东".into(),
            "A".into(),
            format!("测试路{i}号"),
            owner.into(),
            "检验科;病理科".into(),
            (50_000 + i).to_string(),
        ];
        rows.push(cells.to_vec());
    }
    let file = xlsx(&rows).unwrap();
    let time = |label: &str, start: Instant| {
        println!("{label}: {} ms", start.elapsed().as_millis());
    };
    println!("sheet: {} rows, {} KB", rows.len() - 1, file.len() / 1024);
    let t = Instant::now();
    let (status, report) = boss.import("", file.clone()).await;
    assert_eq!(
        (status, report["new"].as_u64()),
        (200, Some(5_000)),
        "{report}"
    );
    time("dry run", t);
    let t = Instant::now();
    let (_, report) = boss.import("commit=true", file.clone()).await;
    assert_eq!(report["committed"], true, "{report}");
    time("import (one transaction, index documents rewritten)", t);
    let t = Instant::now();
    let (_, report) = boss.import("", file).await;
    assert_eq!(report["unchanged"].as_u64(), Some(5_000), "{report}");
    time("the same sheet again, dry run", t);
}
