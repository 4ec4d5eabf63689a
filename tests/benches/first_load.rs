//! First load on an emulated slow 3G phone (400 kbps, 400 ms round trip, 4× CPU throttle):
//! bytes on the wire and time to the sign-in screen, uncompressed and as Chromium asks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rounds_tests::browser::{SMALL, demo_server, run_script};

#[tokio::main]
async fn main() {
    let server = demo_server(SMALL).await.unwrap();
    let out = run_script(&server, "bench_first_load.mjs").await.unwrap();
    println!("first load: {}", out.lines().last().unwrap_or_default());
}
