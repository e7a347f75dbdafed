//! `forget batch --resume`: a batch continued with the arguments it was started with.

use crate::batch::{people, read_csv};
use crate::test::{assert_contains, forget};

#[test]
fn resume_keeps_the_date_the_batch_was_started_with() {
    // Issue 21 (low): `--today` was not kept, so a resumed batch dated its letters by the clock.
    let dir = tempfile::tempdir().unwrap();
    let (home, out) = (dir.path().join("home"), dir.path().join("out"));
    let input = people(
        dir.path(),
        "name,email,residence\nJane Doe,jane@example.org,DE-HH\n",
    );
    let out_arg = out.display().to_string();
    let input_arg = input.display().to_string();
    let start = [
        "batch",
        "--input",
        &input_arg,
        "--out",
        &out_arg,
        "--controller",
        "clearview-ai",
        "--kind",
        "erasure",
        "--today",
        "2026-11-23",
    ];
    let with_home = |args: &[&str]| forget(args).env("FORGET_HOME", home.display().to_string());
    with_home(&start).ok();
    assert_contains(
        &std::fs::read_to_string(out.join("batch.toml")).unwrap(),
        "today = \"2026-11-23\"",
    );
    // Resumed without a date: the batch's own date, not the clock's.
    with_home(&["batch", "--out", &out_arg, "--resume"]).ok();
    let manifest = read_csv(&out.join("manifest.csv"));
    assert_eq!(manifest[1][4], "2026-12-23", "{manifest:?}");
    // A date given when resuming wins.
    with_home(&[
        "batch",
        "--out",
        &out_arg,
        "--resume",
        "--today",
        "2026-11-24",
    ])
    .ok();
    assert_contains(
        &std::fs::read_to_string(out.join("batch.toml")).unwrap(),
        "today = \"2026-11-24\"",
    );
}
