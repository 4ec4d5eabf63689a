//! The Rounds web app's entry point.

fn main() {
    rounds_client::mount();
}
