//! The workbook's checker: black-box HTTP checks of a chapter's server.
//!
//! `cargo run -p checker -- chapter 5` builds the learner's crate, starts it on
//! a free port in a fresh temporary directory, runs the chapter's checks and
//! reports what differs from the contract (FastAPI's own behaviour).
//!
//! # Layout
//!
//! - [`cli`]: arguments → one config, then the command; returns the exit code.
//! - [`workbook`]: finds the checkout, a chapter's crates, a `--path` crate.
//! - [`server`]: builds with cargo and owns the server process (start,
//!   readiness, stop on every way out).
//! - [`http`]: a small HTTP/1.1 client with hard time and size limits.
//! - [`expect`]: what a response must be, compared by meaning.
//! - [`extra`]: an instructor's own checks, read from a JSON file.
//! - [`suite`]: the check type and builders; [`suites`]: one file per chapter.
//! - [`run`]: runs checks against a listening server.
//! - [`grade`]: batch grading of a folder of submissions.
//! - [`progress`], [`learn`]: the learner's progress file, hints, reset, watch.
//! - [`oracle`]: runs the suites against FastAPI's own tutorial apps.
//! - [`report`]: the run's result and its formats (human, JSON).
//! - [`seed`]: seeded random inputs.

pub mod cli;
pub mod expect;
pub mod extra;
pub mod grade;
pub mod http;
pub mod learn;
pub mod oracle;
pub mod progress;
pub mod report;
pub mod run;
pub mod seed;
pub mod server;
pub mod suite;
pub mod suites;
pub mod workbook;
