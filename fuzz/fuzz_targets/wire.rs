//! cargo-fuzz wrapper of `rounds_tests::fuzz::wire`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rounds_tests::fuzz::wire(data));
