//! Your tests for the app in `src/lib.rs`. The checker runs them against
//! the app as given (they must all pass) and then against copies of it with
//! one bug planted in each: every bug your tests notice (some test fails)
//! scores. `cargo test -p ch15-testing` runs them; add as many test files
//! next to this one as you like.

// TODO(ch15): read the app's contract (the table at the top of `src/lib.rs`)
// and write a test per row: send a request with `tower::ServiceExt::oneshot`
// and compare the status and the whole JSON answer.
// Book: 15 · Testing your own API › "Calling the app without a server"
//
// TODO(ch15): the announcement to the email API. Point the app's state at a
// fake (wiremock), then check what the fake received, and what the app does
// when the fake fails.
// Book: 15 · Testing your own API › "A fake email API with wiremock"
//
// TODO(ch15): the bad bodies, as one table-driven test (rstest).
// Book: 15 · Testing your own API › "Many cases, one test"
