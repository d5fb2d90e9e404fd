//! Everything that talks to the learner's server: building and owning its
//! process ([`server`]), the HTTP client ([`http`]), and the runner that sends
//! a check's steps and compares the answers ([`run`]).

pub mod http;
pub mod planted;
pub mod run;
pub mod server;
pub mod session;
pub mod upstream;
pub mod ws;
