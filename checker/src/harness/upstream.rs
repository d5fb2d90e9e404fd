//! A fake upstream HTTP server the checker runs and records, standing in for
//! an API the learner's server calls (chapter 11's email API). Its address
//! is passed to the learner's server in an environment variable. Checks
//! script its answers (200, 503 then 200, hang, 400) and read what arrived.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// One request the learner's server made.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: String,
    pub path: String,
    /// Names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Call {
    pub fn header(&self, name: &str) -> Option<&str> {
        super::http::header(&self.headers, name)
    }
}

/// How the upstream answers one call.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// This status with this JSON body.
    Json(u16, Value),
    /// Read the request, then never answer (the learner's timeout must act).
    Hang,
}

#[derive(Default)]
struct State {
    calls: Vec<Call>,
    script: VecDeque<Reply>,
}

/// The running fake. Dropping it stops it.
pub struct Upstream {
    pub addr: SocketAddr,
    state: Arc<(Mutex<State>, Condvar)>,
    stop: Arc<AtomicBool>,
}

/// The answer once the script is used up.
fn default_reply() -> Reply {
    Reply::Json(200, serde_json::json!({"ok": true}))
}

impl Upstream {
    pub fn start() -> std::io::Result<Upstream> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let state = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (shared, stopping) = (state.clone(), stop.clone());
        thread::spawn(move || {
            while !stopping.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let shared = shared.clone();
                        let stopping = stopping.clone();
                        thread::spawn(move || serve(stream, &shared, &stopping));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Ok(Upstream { addr, state, stop })
    }

    /// `http://127.0.0.1:PORT`, for the learner's environment.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Forgets earlier calls and answers the next calls with `replies`, in
    /// order, then 200 `{"ok": true}`.
    pub fn script(&self, replies: Vec<Reply>) {
        let mut state = self.state.0.lock().unwrap_or_else(|e| e.into_inner());
        state.calls.clear();
        state.script = replies.into();
    }

    /// Waits up to `limit` until at least `count` calls have arrived; returns
    /// every call so far.
    pub fn wait_for(&self, count: usize, limit: Duration) -> Vec<Call> {
        let deadline = Instant::now() + limit;
        let (lock, arrived) = &*self.state;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        while state.calls.len() < count {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                break;
            }
            state = arrived
                .wait_timeout(state, remaining)
                .map(|(s, _)| s)
                .unwrap_or_else(|e| e.into_inner().0);
        }
        state.calls.clone()
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(mut stream: TcpStream, shared: &(Mutex<State>, Condvar), stopping: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    loop {
        let Some(call) = read_call(&mut stream) else {
            return;
        };
        let reply = {
            let (lock, arrived) = shared;
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            state.calls.push(call);
            arrived.notify_all();
            state.script.pop_front().unwrap_or_else(default_reply)
        };
        match reply {
            Reply::Hang => {
                // Hold the connection open without a word until the checker
                // stops (or the learner's client gives up and closes it).
                let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
                let mut byte = [0u8; 1];
                while !stopping.load(Ordering::Relaxed) {
                    match stream.read(&mut byte) {
                        Ok(0) => return,
                        Ok(_) => {}
                        Err(e)
                            if matches!(
                                e.kind(),
                                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                            ) => {}
                        Err(_) => return,
                    }
                }
                return;
            }
            Reply::Json(status, body) => {
                let body = body.to_string();
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                if stream.write_all(head.as_bytes()).is_err()
                    || stream.write_all(body.as_bytes()).is_err()
                {
                    return;
                }
            }
        }
    }
}

/// Reads one HTTP/1.1 request (keep-alive friendly: exactly its bytes).
fn read_call(stream: &mut TcpStream) -> Option<Call> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if buf.len() > 64 << 10 {
            return None;
        }
        let n = stream.read(&mut chunk).ok().filter(|&n| n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(1 << 20);
    while buf.len() - head_end < length {
        let n = stream.read(&mut chunk).ok().filter(|&n| n > 0)?;
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(Call {
        method,
        path,
        headers,
        body: buf[head_end..head_end + length].to_vec(),
    })
}
