//! The administration console in a real browser (see `tests/js/e2e/admin_console.mjs`):
//! an .xlsx import with a dry run, a new rep's one-time password, a hand-over of every
//! hospital of a rep with an offline visit, and a disabled rep's phone wiped.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_tests::browser::{SMALL, demo_server, run_script_with};

/// The import sheet: 300 hospitals for the two demo reps; `bad` spoils three rows (an
/// unknown owner on row 51, an unknown level on row 120, and row 250 repeating row 10's
/// name).
fn sheet(bad: bool) -> Vec<u8> {
    let mut rows: Vec<Vec<String>> = vec![rounds_tests::console::header_row()];
    for i in 0..300usize {
        let sheet_row = i + 2;
        let mut name = format!("导入医院{i:03}");
        let mut level = if i % 3 == 0 { "三甲" } else { "二甲" };
        let mut owner = if i % 2 == 0 { "zhangwei" } else { "wangfang" };
        match sheet_row {
            51 if bad => owner = "nobody",
            120 if bad => level = "四甲",
            250 if bad => name = "导入医院008".into(),
            _ => {}
        }
        let zone = ["A", "B", "C", "D"][i % 4];
        let volume = (50_000 + i * 1_000).to_string();
        let cells = [
            name.as_str(),
            level,
            "浦东",
            zone,
            "",
            owner,
            "检验科;病理科",
            &volume,
        ];
        rows.push(cells.iter().map(|c| (*c).to_owned()).collect());
    }
    rounds_tests::console::xlsx(&rows).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_import_create_hand_over_and_disable_from_the_console() {
    let server = demo_server(SMALL).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (bad, good) = (dir.path().join("bad.xlsx"), dir.path().join("good.xlsx"));
    std::fs::write(&bad, sheet(true)).unwrap();
    std::fs::write(&good, sheet(false)).unwrap();
    run_script_with(
        &server,
        "admin_console.mjs",
        &[
            ("ROUNDS_SHEET_BAD", &bad.to_string_lossy()),
            ("ROUNDS_SHEET_GOOD", &good.to_string_lossy()),
        ],
    )
    .await
    .unwrap();
}
