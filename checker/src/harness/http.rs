//! A small HTTP/1.1 client with hard limits.
//!
//! The checker talks to servers that are, by design, unfinished: they hang,
//! close connections half-way, stream without end or answer something that is
//! not HTTP at all. A general-purpose client would hide those cases behind one
//! opaque error; this one reads the wire itself so each case gets its own
//! precise message. One request per connection (`Connection: close`), no
//! redirects followed, no retries.

use std::fmt;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The most body bytes read from one response.
pub const MAX_BODY: usize = 1 << 20;
/// The most bytes the status line and headers may take.
const MAX_HEAD: usize = 64 << 10;

/// One request, as the checker sends it.
#[derive(Clone, PartialEq)]
pub struct Request {
    pub method: String,
    /// The path and query, exactly as sent (`/items/3?q=x`).
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    /// How the curl line sends the body when `--data-raw` would not do
    /// (`--data-urlencode` per form field, `-F` per multipart part).
    pub curl_data: Option<Vec<String>>,
}

/// A long body is shown by its size and a fingerprint of its two ends: a
/// planned check's text keys the grader's saved results, and a 50 MB upload
/// spelled out byte by byte would make that key hundreds of megabytes
/// (suites draw such bodies from the seed, which the key holds too).
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &self.headers)
            .field("body", &self.body.as_deref().map(ShownBody))
            .field("curl_data", &self.curl_data)
            .finish()
    }
}

/// A body in a request's `Debug` text: in full up to 4 KiB, else its size
/// and a fingerprint of its first and last 4 KiB.
struct ShownBody<'a>(&'a [u8]);

impl fmt::Debug for ShownBody<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 4096;
        let body = self.0;
        if body.len() <= SHOWN {
            return body.fmt(f);
        }
        let mut ends = body[..SHOWN].to_vec();
        ends.extend_from_slice(&body[body.len() - SHOWN..]);
        write!(
            f,
            "<{} bytes, ends {}>",
            body.len(),
            crate::fingerprint::hash_bytes(&ends)
        )
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: String,
    /// A file part's name and content type; `None` for a plain field.
    pub file: Option<(String, String)>,
    pub content: Vec<u8>,
}

impl Part {
    pub fn field(name: &str, value: &str) -> Part {
        Part {
            name: name.to_string(),
            file: None,
            content: value.as_bytes().to_vec(),
        }
    }

    pub fn file(name: &str, filename: &str, content_type: &str, content: &[u8]) -> Part {
        Part {
            name: name.to_string(),
            file: Some((filename.to_string(), content_type.to_string())),
            content: content.to_vec(),
        }
    }
}

impl Request {
    pub fn new(method: &str, path: impl Into<String>) -> Self {
        Request {
            method: method.to_string(),
            path: path.into(),
            headers: Vec::new(),
            body: None,
            curl_data: None,
        }
    }

    /// An `application/x-www-form-urlencoded` body (an HTML form, OAuth2's
    /// password flow).
    pub fn form(self, fields: &[(&str, &str)]) -> Self {
        let encoded: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
            .collect();
        let curl = fields
            .iter()
            .map(|(k, v)| format!("--data-urlencode {}", shell_quote(&format!("{k}={v}"))))
            .collect();
        let mut request = self
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encoded.join("&"));
        request.curl_data = Some(curl);
        request
    }

    /// A `multipart/form-data` body (file uploads).
    pub fn multipart(self, parts: &[Part]) -> Self {
        let boundary = "workbook-checker-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        let mut curl = Vec::new();
        for part in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match &part.file {
                None => {
                    body.extend_from_slice(
                        format!(
                            "content-disposition: form-data; name=\"{}\"\r\n\r\n",
                            part.name
                        )
                        .as_bytes(),
                    );
                    curl.push(format!(
                        "--form-string {}",
                        shell_quote(&format!(
                            "{}={}",
                            part.name,
                            String::from_utf8_lossy(&part.content)
                        ))
                    ));
                }
                Some((filename, content_type)) => {
                    body.extend_from_slice(
                        format!(
                            "content-disposition: form-data; name=\"{}\"; filename=\"{filename}\"\r\n\
                             content-type: {content_type}\r\n\r\n",
                            part.name
                        )
                        .as_bytes(),
                    );
                    // curl reads a file part from disk: the line names the
                    // file, holding the bytes the checker sent.
                    curl.push(format!(
                        "-F {}",
                        shell_quote(&format!("{}=@{filename};type={content_type}", part.name))
                    ));
                }
            }
            body.extend_from_slice(&part.content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut request = self
            .header(
                "content-type",
                &format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body);
        request.curl_data = Some(curl);
        request
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// A JSON body with `content-type: application/json`.
    pub fn json(self, value: &serde_json::Value) -> Self {
        self.header("content-type", "application/json")
            .body(value.to_string())
    }

    /// A raw body; set any content type with [`Request::header`].
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// A `curl` command line that sends the same request to `base`.
    pub fn curl(&self, base: &str) -> String {
        let mut line = String::from("curl -i");
        // curl sends GET, or POST when there is a body; name any other method.
        let implied = if self.body.is_some() { "POST" } else { "GET" };
        if self.method != implied {
            line.push_str(&format!(" -X {}", self.method));
        }
        line.push(' ');
        line.push_str(&shell_quote(&format!("{base}{}", self.path)));
        for (name, value) in &self.headers {
            line.push_str(" -H ");
            line.push_str(&shell_quote(&format!("{name}: {value}")));
        }
        match (&self.curl_data, &self.body) {
            (Some(args), _) => {
                // curl sets the content type of forms itself.
                line = line.replace(
                    &format!(
                        " -H {}",
                        shell_quote(&format!(
                            "content-type: {}",
                            self.content_type().unwrap_or_default()
                        ))
                    ),
                    "",
                );
                for arg in args {
                    line.push(' ');
                    line.push_str(arg);
                }
            }
            (None, Some(body)) => {
                line.push_str(" --data-raw ");
                line.push_str(&shell_quote(&String::from_utf8_lossy(body)));
            }
            (None, None) => {}
        }
        line
    }

    /// The content type this request sends, if any.
    pub fn content_type(&self) -> Option<&str> {
        header(&self.headers, "content-type")
    }
}

/// Percent-encodes a form field as browsers do (space as `+`).
pub fn form_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Quotes `s` for a POSIX shell (single quotes, `'` written as `'\''`).
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// One complete response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    /// Header names are lower-cased; order and repeats are kept.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// The first value of header `name` in `headers` (names lower-cased).
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Why no complete response arrived. Each variant names one way a server can
/// misbehave, so the report can say which.
#[derive(Debug)]
pub enum HttpError {
    /// Nothing accepts connections at the address.
    Refused,
    /// No answer (or not all of it) within the time limit.
    Timeout { limit: Duration, received: usize },
    /// The server closed the connection before the response was complete.
    Closed {
        received: usize,
        expected: Option<usize>,
    },
    /// The bytes are not an HTTP/1.x response.
    Malformed { reason: String, start: Vec<u8> },
    /// The body is larger than [`MAX_BODY`].
    TooLarge { limit: usize },
    /// Any other socket error.
    Io(std::io::Error),
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::Refused => write!(f, "connection refused: nothing is listening there"),
            HttpError::Timeout { limit, received: 0 } => {
                write!(f, "no answer within {} s", limit.as_secs_f32())
            }
            HttpError::Timeout { limit, received } => write!(
                f,
                "the answer stalled: {received} bytes arrived, then nothing more within {} s",
                limit.as_secs_f32()
            ),
            HttpError::Closed { received: 0, .. } => {
                write!(f, "the server closed the connection without answering")
            }
            HttpError::Closed {
                received,
                expected: Some(expected),
            } => write!(
                f,
                "the server closed the connection mid-response: {received} of the \
                 {expected} body bytes its content-length promised had arrived"
            ),
            HttpError::Closed {
                received,
                expected: None,
            } => write!(
                f,
                "the server closed the connection mid-response, after {received} bytes"
            ),
            HttpError::Malformed { reason, start } => write!(
                f,
                "the answer is not HTTP ({reason}); it began with {:?}",
                String::from_utf8_lossy(&start[..start.len().min(60)])
            ),
            HttpError::TooLarge { limit } => write!(
                f,
                "the response body is larger than {} KiB; the checker stopped reading",
                limit / 1024
            ),
            HttpError::Io(err) => write!(f, "network error: {err}"),
        }
    }
}

impl std::error::Error for HttpError {}

/// Sends `request` to `addr` and reads the whole response within `limit`.
pub fn send(addr: SocketAddr, request: &Request, limit: Duration) -> Result<Response, HttpError> {
    let mut wire = connect_and_send(addr, request, limit)?;
    read_response(&mut wire, request.method == "HEAD")
}

/// Connects, sends `request`, and returns the connection ready to be read.
fn connect_and_send(
    addr: SocketAddr,
    request: &Request,
    limit: Duration,
) -> Result<Wire, HttpError> {
    let deadline = Instant::now() + limit;
    let mut stream = match TcpStream::connect_timeout(&addr, limit) {
        Ok(stream) => stream,
        Err(err) if err.kind() == ErrorKind::ConnectionRefused => return Err(HttpError::Refused),
        Err(err) if is_timeout(&err) => return Err(HttpError::Timeout { limit, received: 0 }),
        Err(err) => return Err(HttpError::Io(err)),
    };
    stream.set_nodelay(true).map_err(HttpError::Io)?;
    stream
        .set_write_timeout(Some(limit))
        .map_err(HttpError::Io)?;
    let written = stream.write_all(&encode(addr, request));
    let wire = Wire {
        stream,
        buf: Vec::new(),
        deadline,
        limit,
    };
    match written {
        Ok(()) => Ok(wire),
        // A server may answer before it has read the whole body (a 413 for
        // an upload over its limit) and close the connection: what it
        // answered is still there to read, as curl reads it.
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::BrokenPipe | ErrorKind::ConnectionReset
            ) =>
        {
            Ok(wire)
        }
        Err(err) if is_timeout(&err) => Err(HttpError::Timeout { limit, received: 0 }),
        Err(err) => Err(HttpError::Io(err)),
    }
}

fn encode(addr: SocketAddr, request: &Request) -> Vec<u8> {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nhost: {addr}\r\nuser-agent: workbook-checker\r\naccept: */*\r\nconnection: close\r\n",
        request.method, request.path
    );
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = &request.body {
        head.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if let Some(body) = &request.body {
        bytes.extend_from_slice(body);
    }
    bytes
}

fn is_timeout(err: &std::io::Error) -> bool {
    matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// The connection and every byte read from it so far.
struct Wire {
    stream: TcpStream,
    buf: Vec<u8>,
    deadline: Instant,
    limit: Duration,
}

impl Wire {
    /// Reads more bytes; `Ok(false)` at end of stream.
    fn fill(&mut self) -> Result<bool, HttpError> {
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(self.timeout());
        }
        self.stream
            .set_read_timeout(Some(remaining))
            .map_err(HttpError::Io)?;
        let mut chunk = [0u8; 16 * 1024];
        match self.stream.read(&mut chunk) {
            Ok(0) => Ok(false),
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Ok(true)
            }
            Err(err) if is_timeout(&err) => Err(self.timeout()),
            // A reset after some bytes is a close mid-response; the caller knows
            // how much it expected, so it reports the details.
            Err(err) if err.kind() == ErrorKind::ConnectionReset => Ok(false),
            Err(err) => Err(HttpError::Io(err)),
        }
    }

    fn timeout(&self) -> HttpError {
        HttpError::Timeout {
            limit: self.limit,
            received: self.buf.len(),
        }
    }
}

/// Reads up to the end of the next response head; returns its length. An
/// interim `1xx` answer (`100 Continue`, `103 Early Hints`) is skipped: it
/// promises that the real answer follows.
fn read_head(wire: &mut Wire) -> Result<usize, HttpError> {
    loop {
        let head_len = loop {
            if let Some(end) = find(&wire.buf, b"\r\n\r\n") {
                break end + 4;
            }
            if wire.buf.len() > MAX_HEAD {
                return Err(malformed(
                    "no end of headers in the first 64 KiB",
                    &wire.buf,
                ));
            }
            if !wire.fill()? {
                if wire.buf.is_empty() || looks_like_http(&wire.buf) {
                    return Err(HttpError::Closed {
                        received: wire.buf.len(),
                        expected: None,
                    });
                }
                return Err(malformed("no HTTP status line", &wire.buf));
            }
            if !looks_like_http(&wire.buf) {
                return Err(malformed("no HTTP status line", &wire.buf));
            }
        };
        let (status, _) = parse_head(&wire.buf[..head_len])?;
        if (100..200).contains(&status) && status != 101 {
            wire.buf.drain(..head_len);
            continue;
        }
        return Ok(head_len);
    }
}

fn read_response(wire: &mut Wire, head_request: bool) -> Result<Response, HttpError> {
    let head_len = read_head(wire)?;
    let (status, headers) = parse_head(&wire.buf[..head_len])?;
    let response = |body| Response {
        status,
        headers: headers.clone(),
        body,
    };
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_string())
    };

    if head_request || (100..200).contains(&status) || status == 204 || status == 304 {
        return Ok(response(Vec::new()));
    }
    if header("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked")) {
        loop {
            match decode_chunked(&wire.buf[head_len..])? {
                Some(body) => return Ok(response(body)),
                None if !wire.fill()? => {
                    return Err(HttpError::Closed {
                        received: wire.buf.len() - head_len,
                        expected: None,
                    });
                }
                None => {}
            }
        }
    }
    if let Some(length) = header("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| malformed("content-length is not a number", &wire.buf))?;
        if length > MAX_BODY {
            return Err(HttpError::TooLarge { limit: MAX_BODY });
        }
        while wire.buf.len() - head_len < length {
            if !wire.fill()? {
                return Err(HttpError::Closed {
                    received: wire.buf.len() - head_len,
                    expected: Some(length),
                });
            }
        }
        return Ok(response(wire.buf[head_len..head_len + length].to_vec()));
    }
    // Neither chunked nor a length: the body runs to the end of the stream.
    while wire.fill()? {
        if wire.buf.len() - head_len > MAX_BODY {
            return Err(HttpError::TooLarge { limit: MAX_BODY });
        }
    }
    Ok(response(wire.buf[head_len..].to_vec()))
}

fn malformed(reason: &str, bytes: &[u8]) -> HttpError {
    HttpError::Malformed {
        reason: reason.to_string(),
        start: bytes[..bytes.len().min(200)].to_vec(),
    }
}

/// Whether `bytes` can still be the start of `HTTP/1.x NNN`.
fn looks_like_http(bytes: &[u8]) -> bool {
    let prefix = b"HTTP/1.";
    let n = bytes.len().min(prefix.len());
    bytes[..n] == prefix[..n]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(head: &[u8]) -> Result<(u16, Vec<(String, String)>), HttpError> {
    let text = std::str::from_utf8(head).map_err(|_| malformed("headers are not UTF-8", head))?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    let code = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") || code.len() != 3 {
        return Err(malformed("bad status line", head));
    }
    let status: u16 = code
        .parse()
        .map_err(|_| malformed("status code is not a number", head))?;
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| malformed("a header line has no ':'", head))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    Ok((status, headers))
}

/// Decodes a chunked body; `Ok(None)` while it is incomplete.
fn decode_chunked(data: &[u8]) -> Result<Option<Vec<u8>>, HttpError> {
    let (body, complete) = decode_chunks(data, MAX_BODY)?;
    Ok(complete.then_some(body))
}

/// Decodes the complete chunks at the start of `data`: the body so far, and
/// whether the last chunk (and its trailers) has arrived.
fn decode_chunks(mut data: &[u8], limit: usize) -> Result<(Vec<u8>, bool), HttpError> {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = find(data, b"\r\n") else {
            return Ok((body, false));
        };
        let size_text = std::str::from_utf8(&data[..line_end]).unwrap_or("");
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| malformed("bad chunk size in a chunked body", data))?;
        data = &data[line_end + 2..];
        if size == 0 {
            // Trailers (usually none) end with a blank line.
            return Ok((body, find(data, b"\r\n").is_some()));
        }
        if body.len() + size > limit {
            return Err(HttpError::TooLarge { limit });
        }
        if data.len() < size + 2 {
            return Ok((body, false));
        }
        body.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// The most bytes read from one streamed answer.
pub const MAX_STREAM: usize = 4 << 20;

/// An answer whose body is still arriving (server-sent events, a download):
/// its status and headers, and the body read so far, bit by bit.
pub struct Stream {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    wire: Wire,
    head_len: usize,
    chunked: bool,
    /// The body decoded so far.
    pub body: Vec<u8>,
    /// The server ended the body.
    pub ended: bool,
}

/// Sends `request` and returns as soon as the response head has arrived.
pub fn open_stream(
    addr: SocketAddr,
    request: &Request,
    limit: Duration,
) -> Result<Stream, HttpError> {
    let mut wire = connect_and_send(addr, request, limit)?;
    let head_len = read_head(&mut wire)?;
    let (status, headers) = parse_head(&wire.buf[..head_len])?;
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked"));
    let mut stream = Stream {
        status,
        headers,
        wire,
        head_len,
        chunked,
        body: Vec::new(),
        ended: false,
    };
    stream.decode()?;
    Ok(stream)
}

impl Stream {
    fn decode(&mut self) -> Result<(), HttpError> {
        let raw = &self.wire.buf[self.head_len..];
        if self.chunked {
            let (body, complete) = decode_chunks(raw, MAX_STREAM)?;
            self.body = body;
            self.ended |= complete;
        } else {
            if raw.len() > MAX_STREAM {
                return Err(HttpError::TooLarge { limit: MAX_STREAM });
            }
            self.body = raw.to_vec();
        }
        Ok(())
    }

    /// Reads until `done` says the body so far is enough, the body ends, or
    /// `limit` passes (then a timeout error says how much had arrived).
    pub fn read_until(
        &mut self,
        limit: Duration,
        done: impl Fn(&[u8]) -> bool,
    ) -> Result<(), HttpError> {
        self.wire.deadline = Instant::now() + limit;
        self.wire.limit = limit;
        while !done(&self.body) {
            if self.ended {
                return Ok(());
            }
            match self.wire.fill() {
                Ok(true) => self.decode()?,
                Ok(false) => {
                    self.ended = true;
                    return Ok(());
                }
                Err(HttpError::Timeout { limit, .. }) => {
                    return Err(HttpError::Timeout {
                        limit,
                        received: self.body.len(),
                    });
                }
                Err(err) => return Err(err),
            }
        }
        Ok(())
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_body_shows_as_its_size_and_ends_and_a_short_one_in_full() {
        let big = Request::new("POST", "/uploads/").body(vec![7u8; 50_000_000]);
        let text = format!("{big:?}");
        assert!(text.len() < 400, "{text}");
        assert!(text.contains("<50000000 bytes, ends "), "{text}");
        let mut other = vec![7u8; 50_000_000];
        other[49_999_999] = 8;
        let other = format!("{:?}", Request::new("POST", "/uploads/").body(other));
        assert_ne!(text, other);
        let small = Request::new("POST", "/").body("ab");
        assert!(format!("{small:?}").contains("body: Some([97, 98])"));
    }

    #[test]
    fn curl_line_quotes_the_url_headers_and_body() {
        let req = Request::new("POST", "/items/?q=it's").json(&serde_json::json!({"name": "Foo"}));
        assert_eq!(
            req.curl("http://127.0.0.1:8000"),
            r#"curl -i 'http://127.0.0.1:8000/items/?q=it'\''s' -H 'content-type: application/json' --data-raw '{"name":"Foo"}'"#
        );
        assert_eq!(
            Request::new("DELETE", "/x").curl("http://h"),
            "curl -i -X DELETE 'http://h/x'"
        );
    }

    #[test]
    fn chunked_bodies_decode_and_incomplete_ones_wait() {
        assert_eq!(
            decode_chunked(b"5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n").unwrap(),
            Some(b"hello!".to_vec())
        );
        assert_eq!(decode_chunked(b"5\r\nhel").unwrap(), None);
        assert!(decode_chunked(b"zz\r\n").is_err());
    }

    #[test]
    fn status_line_and_headers_are_parsed_with_lowercase_names() {
        let (status, headers) =
            parse_head(b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n")
                .unwrap();
        assert_eq!(status, 404);
        assert_eq!(
            headers,
            vec![("content-type".into(), "application/json".into())]
        );
        assert!(parse_head(b"SSH-2.0-OpenSSH\r\n\r\n").is_err());
    }
}
