//! The rep app in a real browser (Playwright driving Debian's Chromium, headless) against
//! the real server: offline work survives reloads and reaches the manager; two people's
//! offline edits of one account merge; the app installs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_tests::browser::{
    SMALL, app_copy, demo_server, demo_server_at, run_script, run_script_with,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_visits_and_a_stage_move_survive_a_reload_and_reach_the_manager() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "rep_offline.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_editing_one_account_offline_both_keep_their_edits() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "two_users.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_installs_and_opens_with_no_network() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "install.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deploy_offers_the_new_version_and_switches_on_reload() {
    let app = app_copy().unwrap();
    let server = demo_server_at(SMALL, app.path().to_path_buf())
        .await
        .unwrap();
    let dir = app.path().to_string_lossy().into_owned();
    run_script_with(&server, "update.mjs", &[("ROUNDS_STATIC_DIR", &dir)])
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handed_over_account_leaves_the_phone_after_its_offline_visit_is_delivered() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "handover.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phone_confirms_saves_keeps_line_breaks_and_has_big_enough_targets() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "phone_edges.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_killed_right_after_sign_in_reopens_signed_in() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "kill_after_sign_in.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_gets_every_hospital_with_snapshots_or_without() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "snapshots_fallback.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_buying_centre_drawn_offline_warns_on_the_phone_and_the_manager_sees_the_same() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "buying_centre.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_issued_offline_is_answered_by_the_warehouse_and_the_rep_sees_the_help_asked() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "notices.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_list_submitted_offline_is_reviewed_by_the_manager_and_the_rep_sees_the_review() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "daily.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_week_planned_offline_from_suggestions_shows_what_was_visited_as_the_manager_sees_it() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "plans.mjs").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_check_in_made_offline_survives_a_killed_browser_and_reaches_the_manager() {
    let server = demo_server(SMALL).await.unwrap();
    run_script(&server, "photo_check_in.mjs").await.unwrap();
}
