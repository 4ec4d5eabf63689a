//! The fuzz targets of `rounds_tests::fuzz` on the pinned stable toolchain: every input
//! kept in `tests/fuzz/corpus/<target>/` is replayed, then each target runs for a short
//! budget on random and mutated inputs (`ROUNDS_FUZZ_SECONDS`, default 8 s per target;
//! `ROUNDS_FUZZ_SEED` repeats a run). A panicking input is written to
//! `target/fuzz-crashes/<target>/` and fails the test: fix the cause and move the file
//! into the corpus, so it is replayed from then on. Coverage-guided long runs: `fuzz/`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rounds_server::demo::Rng;
use rounds_tests::fuzz::{TARGETS, Target, seeds};

fn corpus(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

fn kept(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(corpus(target)) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    out.sort();
    out
}

/// One mutation of `input`: flip, set, insert, delete, duplicate a range, or splice.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] = [0, 0xff, 0x7f, 0x80, 0x1b, 0x5b, 0x9b][rng.below(7)];
            }
            2 => out.insert(at, rng.bits() as u8),
            3 if at < out.len() => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at..end);
            }
            4 if at < out.len() => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            5 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(64)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            _ => out.truncate(at),
        }
    }
    out.truncate(64 * 1024);
    out
}

/// Runs `input`; a panic saves it and says where.
fn run(target: &Target, input: &[u8]) -> Result<(), String> {
    let outcome = std::panic::catch_unwind(|| (target.run)(input));
    if outcome.is_ok() {
        return Ok(());
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/fuzz-crashes")
        .join(target.name);
    let _ = std::fs::create_dir_all(&dir);
    let name = format!("crash-{:016x}", fnv(input));
    let _ = std::fs::write(dir.join(&name), input);
    Err(format!(
        "{} panicked on {} bytes, saved as target/fuzz-crashes/{}/{name}",
        target.name,
        input.len(),
        target.name
    ))
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn every_kept_input_replays_without_a_panic() {
    if std::env::var_os("ROUNDS_FUZZ_WRITE_SEEDS").is_some() {
        // Starting corpora for cargo-fuzz and this replay.
        for target in &TARGETS {
            let dir = corpus(target.name);
            std::fs::create_dir_all(&dir).unwrap();
            for input in seeds(target.name) {
                std::fs::write(dir.join(format!("seed-{:016x}", fnv(&input))), input).unwrap();
            }
        }
    }
    let mut replayed = 0;
    for target in &TARGETS {
        for (path, input) in kept(target.name) {
            run(target, &input).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            replayed += 1;
        }
        for input in seeds(target.name) {
            run(target, &input).unwrap();
        }
    }
    assert!(replayed > 0, "the corpus is empty: tests/fuzz/corpus/");
}

#[test]
fn targets_survive_random_and_mutated_inputs() {
    let budget = std::env::var("ROUNDS_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(Duration::from_secs(8), Duration::from_secs);
    let seed = std::env::var("ROUNDS_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
        | 1;
    eprintln!("ROUNDS_FUZZ_SEED={seed}");
    // Panics are expected to be caught; keep their messages out of the output.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng::new(seed);
    let mut failures = Vec::new();
    for target in &TARGETS {
        let mut pool: Vec<Vec<u8>> = seeds(target.name);
        pool.extend(kept(target.name).into_iter().map(|(_, b)| b));
        let started = Instant::now();
        let mut runs = 0u64;
        while started.elapsed() < budget {
            let input = if pool.is_empty() || rng.below(8) == 0 {
                (0..rng.below(512)).map(|_| rng.bits() as u8).collect()
            } else {
                let a = &pool[rng.below(pool.len())];
                let b = &pool[rng.below(pool.len())];
                mutate(&mut rng, a, b)
            };
            if let Err(e) = run(target, &input) {
                failures.push(e);
                break;
            }
            runs += 1;
        }
        eprintln!("{}: {runs} inputs in {:?}", target.name, started.elapsed());
    }
    std::panic::set_hook(hook);
    assert!(failures.is_empty(), "{failures:#?}");
}
