//! A server that misbehaves on purpose, one way per mode, so the tests can
//! prove the checker diagnoses each within its time limits.
//!
//! ```text
//! misbehave MODE [--pidfile FILE] [--cwdfile FILE]
//! ```
//!
//! Modes: never-listen, exit-at-once, wrong-port, crash-after-first, hang,
//! not-json, garbage, huge-body, close-mid-response, close-at-once. Every mode that listens
//! serves FastAPI's hello-world answer where it behaves, so a check fails only
//! because of the misbehaviour under test.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("");
    if let Some(i) = args.iter().position(|a| a == "--pidfile") {
        let file = args.get(i + 1).expect("--pidfile FILE");
        std::fs::write(file, std::process::id().to_string()).expect("write pidfile");
    }
    if let Some(i) = args.iter().position(|a| a == "--cwdfile") {
        let file = args.get(i + 1).expect("--cwdfile FILE");
        let cwd = std::env::current_dir().expect("a working directory");
        std::fs::write(file, cwd.to_string_lossy().as_bytes()).expect("write cwdfile");
    }
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".into());
    let addr = format!("127.0.0.1:{port}");
    match mode {
        "never-listen" => {
            println!("starting up slowly...");
            loop {
                thread::sleep(Duration::from_secs(60));
            }
        }
        "exit-at-once" => {
            eprintln!("error: DATABASE_URL must be set");
            std::process::exit(3);
        }
        "wrong-port" => {
            // Binds a port of its own choosing instead of PORT.
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            println!("listening on {}", listener.local_addr().expect("addr"));
            serve(&listener, |stream, _| hello(stream));
        }
        "crash-after-first" => {
            let listener = TcpListener::bind(&addr).expect("bind");
            let mut answered = 0;
            serve(&listener, |stream, is_probe| {
                if is_probe {
                    return;
                }
                if answered == 1 {
                    panic!("index out of bounds: the len is 0 but the index is 0");
                }
                answered += 1;
                hello(stream);
            });
        }
        "hang" => {
            let listener = TcpListener::bind(&addr).expect("bind");
            let mut held = Vec::new();
            serve(&listener, |stream, _| {
                held.push(stream.try_clone().expect("clone"))
            });
        }
        "not-json" => {
            let listener = TcpListener::bind(&addr).expect("bind");
            serve(&listener, |stream, _| {
                let body = "<html><body>Internal error</body></html>";
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
            });
        }
        "garbage" => {
            let listener = TcpListener::bind(&addr).expect("bind");
            serve(&listener, |stream, _| {
                let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.2\r\n\x00\x01\x02");
            });
        }
        "huge-body" => {
            let listener = TcpListener::bind(&addr).expect("bind");
            serve(&listener, |stream, _| {
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
                );
                let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "x".repeat(64 * 1024));
                // Without end, until the client goes away.
                while stream.write_all(chunk.as_bytes()).is_ok() {}
            });
        }
        "close-mid-response" => {
            let listener = TcpListener::bind(&addr).expect("bind");
            serve(&listener, |stream, _| {
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"message\":",
                );
            });
        }
        "close-at-once" => {
            // Running, but drops every connection unanswered.
            let listener = TcpListener::bind(&addr).expect("bind");
            for stream in listener.incoming() {
                drop(stream);
            }
        }
        other => {
            eprintln!("misbehave: unknown mode {other:?}");
            std::process::exit(64);
        }
    }
}

/// Accepts connections one at a time. `handle` gets each stream after its
/// request head was read, and whether it was only a readiness probe (a
/// connection closed without sending anything).
fn serve(listener: &TcpListener, mut handle: impl FnMut(&mut TcpStream, bool)) -> ! {
    loop {
        let Ok((mut stream, _)) = listener.accept() else {
            continue;
        };
        let is_probe = !read_head(&stream);
        handle(&mut stream, is_probe);
    }
}

/// Reads the request head; false if the connection closed first.
fn read_head(stream: &TcpStream) -> bool {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut any = false;
    while reader.read_line(&mut line).unwrap_or(0) > 0 {
        any = true;
        if line == "\r\n" {
            break;
        }
        line.clear();
    }
    any
}

fn hello(stream: &mut TcpStream) {
    let body = r#"{"message":"Hello World"}"#;
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
}
