//! The workbook's checker: black-box HTTP checks of a chapter's server.
//!
//! `cargo run -p checker -- chapter 5` builds the learner's crate, starts it on
//! a free port in a fresh temporary directory, runs the chapter's checks and
//! reports what differs from the contract (FastAPI's own behaviour).
//!
//! # Layout
//!
//! Dependencies flow one way: `cli` → `commands` → {`harness`, `suites`,
//! `report`} → the contract (`suite`, `expect`).
//!
//! - [`cli`]: which command, with which arguments.
//! - [`commands`]: one module per command: its arguments → one config, then
//!   the work; returns the exit code.
//! - [`workbook`]: finds the checkout, a chapter's crates, a `--path` crate.
//! - [`harness`]: builds with cargo and owns the server process
//!   ([`harness::server`]), a small HTTP/1.1 client with hard time and size
//!   limits ([`harness::http`]), and the runner ([`harness::run`]).
//! - [`expect`]: what a response must be, compared by meaning.
//! - [`extra`]: an instructor's own checks, read from a JSON file.
//! - [`fingerprint`]: content hashes, so a build depends on content, not file times.
//! - [`suite`]: the check type and builders; [`suites`]: one file per chapter.
//! - [`grade`]: batch grading of a folder of submissions.
//! - [`progress`], [`learn`]: the learner's progress file, hints, reset, watch.
//! - [`oracle`]: runs the suites against FastAPI's own tutorial apps.
//! - [`report`]: the run's result and its formats (human, JSON).
//! - [`seed`]: seeded random inputs.

pub mod cli;
pub mod commands;
pub mod expect;
pub mod extra;
pub mod fingerprint;
pub mod grade;
pub mod harness;
pub mod learn;
pub mod oracle;
pub mod progress;
pub mod report;
pub mod seed;
pub mod suite;
pub mod suites;
pub mod workbook;
