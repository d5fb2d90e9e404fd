//! A small well-behaved server for the checker's engine tests: one route per
//! engine feature (forms and tokens, cookies, multipart, ids, files that
//! survive a restart, server-sent events, WebSockets, calls to an upstream
//! API, a `100 Continue` before the answer, a slow route, bytes that are not
//! text, a 413 sent before the body is read).
//!
//! ```text
//! PORT=8000 EMAIL_API_URL=http://127.0.0.1:9000 fixture [--ignore-sigterm]
//! ```
//!
//! Std only, one thread per connection, `Connection: close`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

/// Hero ids live in a file in the working directory, so they survive a
/// restart and are shared by replicas started in the same folder.
static IDS: Mutex<()> = Mutex::new(());

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn main() {
    if std::env::args().any(|a| a == "--ignore-sigterm") {
        // A server that does not stop on SIGTERM (the checker must say so).
        ctrlc::set_handler(|| {}).expect("a signal handler");
    }
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".into());
    let listener = TcpListener::bind(format!("127.0.0.1:{port}")).expect("bind");
    println!("fixture listening on {port}");
    for stream in listener.incoming().flatten() {
        thread::spawn(move || handle(stream));
    }
}

fn handle(mut stream: TcpStream) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    let path = request.path.split('?').next().unwrap_or("").to_string();
    match (request.method.as_str(), path.as_str()) {
        ("POST", "/token") => {
            let body = String::from_utf8_lossy(&request.body);
            if body == "username=johndoe&password=secret+word%21" {
                json(
                    &mut stream,
                    200,
                    r#"{"access_token":"tok-42","token_type":"bearer"}"#,
                    "",
                );
            } else {
                json(
                    &mut stream,
                    401,
                    r#"{"detail":"Incorrect username or password"}"#,
                    "",
                );
            }
        }
        ("GET", "/users/me") => match request.header("authorization") {
            Some("Bearer tok-42") => json(&mut stream, 200, r#"{"username":"johndoe"}"#, ""),
            _ => json(&mut stream, 401, r#"{"detail":"Not authenticated"}"#, ""),
        },
        ("POST", "/login-cookie") => json(
            &mut stream,
            200,
            "{}",
            "set-cookie: session=abc123; Path=/; HttpOnly\r\n",
        ),
        ("GET", "/whoami") => match request.header("cookie") {
            Some(cookie) if cookie.contains("session=abc123") => {
                json(&mut stream, 200, r#"{"session":"abc123"}"#, "")
            }
            _ => json(&mut stream, 401, r#"{"detail":"no session"}"#, ""),
        },
        ("POST", "/upload") => {
            let body = String::from_utf8_lossy(&request.body).to_string();
            let multipart = request
                .header("content-type")
                .is_some_and(|c| c.starts_with("multipart/form-data; boundary="));
            let file = body.contains("filename=\"a.txt\"") && body.contains("hello");
            let field = body.contains("name=\"note\"\r\n\r\nhi there");
            json(
                &mut stream,
                200,
                &format!(r#"{{"multipart":{multipart},"file":{file},"field":{field}}}"#),
                "",
            );
        }
        ("GET", "/bytes") => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 5\r\nconnection: close\r\n\r\n\x00\xffab\x00",
            );
        }
        // Answers before reading the body, then closes: the unread rest of
        // a big upload resets the connection under the client's feet.
        ("POST", "/too-large") => json(&mut stream, 413, r#"{"detail":"File too large"}"#, ""),
        ("POST", "/heroes") => {
            let id = next_id();
            json(&mut stream, 200, &format!(r#"{{"id":{id}}}"#), "");
        }
        ("GET", p) if p.starts_with("/heroes/") => {
            let id: u64 = p["/heroes/".len()..].parse().unwrap_or(0);
            if id >= 1 && id <= current_id() {
                json(&mut stream, 200, &format!(r#"{{"id":{id}}}"#), "");
            } else {
                json(&mut stream, 404, r#"{"detail":"Hero not found"}"#, "");
            }
        }
        ("GET", "/events") => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
            );
            for event in ["data: one\n\n", "data: two\n\n"] {
                let _ = write!(stream, "{:x}\r\n{event}\r\n", event.len());
                thread::sleep(Duration::from_millis(300));
            }
            thread::sleep(Duration::from_secs(2));
            let _ = stream.write_all(b"0\r\n\r\n");
        }
        ("GET", "/ws") | ("GET", "/ws-closed") => {
            let closing = path == "/ws-closed";
            websocket(stream, &request, closing);
        }
        ("GET", "/ws-refused") => json(&mut stream, 403, "{}", ""),
        ("POST", "/notify") => {
            // Answer first; call the upstream API afterwards.
            json(&mut stream, 202, r#"{"queued":true}"#, "");
            drop(stream);
            let upstream = std::env::var("EMAIL_API_URL").expect("EMAIL_API_URL");
            for _attempt in 0..3 {
                match post_upstream(&upstream, r#"{"to":"a@example.com"}"#) {
                    Some(status) if status < 500 => break,
                    _ => thread::sleep(Duration::from_millis(100)),
                }
            }
        }
        // A page reached by a redirect, as Swagger UI is at `/docs`.
        ("GET", "/docs") => json(&mut stream, 303, "", "location: /docs/\r\n"),
        ("GET", "/docs/") => {
            let page = "<html><div id=\"swagger-ui\"></div></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                page.len()
            );
        }
        ("GET", "/elsewhere") => json(&mut stream, 302, "", "location: http://example.com/\r\n"),
        ("GET", "/interim") => {
            let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
            thread::sleep(Duration::from_millis(50));
            json(&mut stream, 200, r#"{"message":"Hello World"}"#, "");
        }
        ("GET", "/slow") => {
            thread::sleep(Duration::from_millis(1500));
            json(&mut stream, 200, "{}", "");
        }
        ("GET", "/bad-json") => json(&mut stream, 200, r#"{"message": "Hello World",}"#, ""),
        _ => json(&mut stream, 404, r#"{"detail":"Not Found"}"#, ""),
    }
}

fn id_file() -> std::path::PathBuf {
    std::path::PathBuf::from("heroes.txt")
}

fn current_id() -> u64 {
    std::fs::read_to_string(id_file())
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0)
}

fn next_id() -> u64 {
    let _guard = IDS.lock().unwrap_or_else(|e| e.into_inner());
    let id = current_id() + 1;
    std::fs::write(id_file(), id.to_string()).expect("write heroes.txt");
    id
}

/// Sends a whole JSON answer in one write: a server that closes with part of
/// a request unread resets the connection, and whatever it had not sent yet
/// is lost (`write!` would send the answer in pieces).
fn json(stream: &mut TcpStream, status: u16, body: &str, extra_headers: &str) {
    let answer = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{extra_headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(answer.as_bytes());
}

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok().filter(|&n| n > 0)?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let length = if path == "/too-large" { 0 } else { length };
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

/// Echoes text frames (and drops the connection on "drop"); `closing` closes at once with 1008 (policy
/// violation), as FastAPI's tutorial does for a missing token.
fn websocket(stream: TcpStream, request: &Request, closing: bool) {
    // The head was already read: answer the handshake by hand.
    let Some(key) = request.header("sec-websocket-key") else {
        return;
    };
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: {accept}\r\n\r\n"
    );
    let mut socket =
        tungstenite::WebSocket::from_raw_socket(stream, tungstenite::protocol::Role::Server, None);
    if closing {
        let _ = socket.close(Some(tungstenite::protocol::CloseFrame {
            code: tungstenite::protocol::frame::coding::CloseCode::Policy,
            reason: "".into(),
        }));
        let _ = socket.flush();
        let _ = socket.read();
        return;
    }
    while let Ok(message) = socket.read() {
        let echoed = match message {
            // "drop" ends the connection without a close frame, as a
            // server whose handler raised does (uvicorn).
            tungstenite::Message::Text(text) if text.as_str() == "drop" => return,
            tungstenite::Message::Text(text) => {
                socket.send(tungstenite::Message::text(text.to_string()))
            }
            tungstenite::Message::Close(_) => return,
            _ => Ok(()),
        };
        if echoed.is_err() {
            return;
        }
    }
}

/// POSTs `body` to `{base}/send` with the API key; the status, if any.
fn post_upstream(base: &str, body: &str) -> Option<u16> {
    let addr = base.strip_prefix("http://")?;
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        stream,
        "POST /send HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer key-1\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut status_line = String::new();
    BufReader::new(stream).read_line(&mut status_line).ok()?;
    status_line.split_whitespace().nth(1)?.parse().ok()
}
