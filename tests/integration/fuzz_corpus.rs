//! Every input the fuzzer kept (`tests/fuzz/corpus/TARGET/`: inputs that once broke `forget`,
//! and hand-written ones for known defects) replayed through the fuzzer's own oracle
//! (`tests/fuzz/oracle.rs`): no panic, no hang, and each input accepted or refused with an error
//! that says where. See "Fuzzing" in CONTRIBUTING.md.

#[path = "../fuzz/oracle.rs"]
mod oracle;

use std::path::Path;

use oracle::{Oracle, Target};

use crate::test::{forget, repo};

/// Replays the corpus of `target`, failing with every file that breaks the oracle.
fn replay(target: Target) {
    // The integration tests' own isolation: a clean environment, `home` as the home directory.
    let launch: oracle::Launcher =
        Box::new(|args: &[String], home: &Path| forget(args).command(home));
    let oracle = Oracle::new(target, &repo(), launch)
        .unwrap_or_else(|e| panic!("cannot set up the {} target: {e}", target.name()));
    let corpus = oracle::corpus(target, &repo());
    let failures: Vec<String> = corpus
        .iter()
        .filter_map(|(path, input)| {
            let failure = oracle.check(input).err()?;
            let file = path.strip_prefix(repo()).unwrap_or(path);
            Some(format!("{}: {failure}", file.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of the {} kept {} inputs break the oracle:\n{}",
        failures.len(),
        corpus.len(),
        target.name(),
        failures.join("\n")
    );
}

#[test]
fn kept_batch_files_are_each_done_or_refused_with_the_file_and_row() {
    replay(Target::Csv);
}

#[test]
fn kept_rules_files_are_each_clean_or_refused_with_file_and_line() {
    replay(Target::Rules);
}

#[test]
fn kept_company_files_are_each_clean_or_refused_with_file_and_line() {
    replay(Target::Controllers);
}

#[test]
fn kept_answers_files_each_replay_or_are_refused_with_file_and_line() {
    replay(Target::Answers);
}

#[test]
fn kept_replies_are_each_recorded_or_refused_naming_the_file() {
    replay(Target::Reply);
}
