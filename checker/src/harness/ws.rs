//! A WebSocket client for checks: tungstenite over a plain `TcpStream`, with
//! the same hard time limits as the HTTP client. Blocking and simple: a
//! check opens sockets, sends frames and waits for the frames it expects.

use std::fmt;
use std::io::ErrorKind;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::CloseFrame;
use tungstenite::{Message, WebSocket};

/// A frame as a check sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    Text(String),
    Binary(Vec<u8>),
    /// The server closed the socket, with this code if it gave one.
    Close(Option<u16>),
}

impl fmt::Display for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Frame::Text(text) => write!(f, "text {:?}", crate::expect::clip(text, 160)),
            Frame::Binary(bytes) => write!(f, "{} binary bytes", bytes.len()),
            Frame::Close(Some(code)) => write!(f, "close with code {code}"),
            Frame::Close(None) => write!(f, "close without a code"),
        }
    }
}

/// An open WebSocket.
pub struct Socket {
    socket: WebSocket<TcpStream>,
    closed: bool,
}

/// How an opening handshake ended.
pub enum Opened {
    Open(Box<Socket>),
    /// The server answered the upgrade with another status (uvicorn: 403).
    Refused {
        status: u16,
    },
}

/// Why a socket could not be used.
#[derive(Debug)]
pub enum WsError {
    Refused,
    Timeout { limit: Duration },
    Closed,
    Protocol(String),
}

impl fmt::Display for WsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WsError::Refused => write!(f, "connection refused: nothing is listening there"),
            WsError::Timeout { limit } => {
                write!(f, "nothing arrived within {} s", limit.as_secs_f32())
            }
            WsError::Closed => write!(f, "the server dropped the connection without a close frame"),
            WsError::Protocol(message) => write!(f, "not a valid WebSocket exchange: {message}"),
        }
    }
}

impl std::error::Error for WsError {}

fn classify(err: tungstenite::Error, limit: Duration) -> WsError {
    use tungstenite::Error;
    match err {
        Error::Io(io) if matches!(io.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
            WsError::Timeout { limit }
        }
        Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => WsError::Refused,
        Error::Io(_) | Error::ConnectionClosed | Error::AlreadyClosed => WsError::Closed,
        Error::Protocol(tungstenite::error::ProtocolError::ResetWithoutClosingHandshake) => {
            WsError::Closed
        }
        other => WsError::Protocol(other.to_string()),
    }
}

/// Opens `ws://addr/path` with extra request headers (cookies, tokens).
pub fn open(
    addr: SocketAddr,
    path: &str,
    headers: &[(String, String)],
    limit: Duration,
) -> Result<Opened, WsError> {
    let stream = TcpStream::connect_timeout(&addr, limit).map_err(|e| match e.kind() {
        ErrorKind::ConnectionRefused => WsError::Refused,
        _ => WsError::Timeout { limit },
    })?;
    let _ = stream.set_nodelay(true);
    stream
        .set_read_timeout(Some(limit))
        .and_then(|()| stream.set_write_timeout(Some(limit)))
        .map_err(|e| WsError::Protocol(e.to_string()))?;
    let mut request = format!("ws://{addr}{path}")
        .into_client_request()
        .map_err(|e| WsError::Protocol(e.to_string()))?;
    for (name, value) in headers {
        let (Ok(name), Ok(value)) = (
            tungstenite::http::HeaderName::try_from(name.as_str()),
            tungstenite::http::HeaderValue::try_from(value.as_str()),
        ) else {
            return Err(WsError::Protocol(format!("bad header {name}: {value}")));
        };
        request.headers_mut().append(name, value);
    }
    match tungstenite::client(request, stream) {
        Ok((socket, _response)) => Ok(Opened::Open(Box::new(Socket {
            socket,
            closed: false,
        }))),
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
            Ok(Opened::Refused {
                status: response.status().as_u16(),
            })
        }
        Err(tungstenite::HandshakeError::Failure(err)) => Err(classify(err, limit)),
        Err(tungstenite::HandshakeError::Interrupted(_)) => Err(WsError::Timeout { limit }),
    }
}

impl Socket {
    pub fn send(&mut self, frame: &Frame) -> Result<(), WsError> {
        let message = match frame {
            Frame::Text(text) => Message::text(text.clone()),
            Frame::Binary(bytes) => Message::binary(bytes.clone()),
            Frame::Close(code) => Message::Close(code.map(|code| CloseFrame {
                code: code.into(),
                reason: "".into(),
            })),
        };
        self.socket
            .send(message)
            .map_err(|e| classify(e, Duration::ZERO))
    }

    /// The next text, binary or close frame within `limit` (pings are
    /// answered on the way).
    pub fn receive(&mut self, limit: Duration) -> Result<Frame, WsError> {
        if self.closed {
            return Err(WsError::Closed);
        }
        let deadline = Instant::now() + limit;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(WsError::Timeout { limit });
            }
            let _ = self.socket.get_ref().set_read_timeout(Some(remaining));
            match self.socket.read() {
                Ok(Message::Text(text)) => return Ok(Frame::Text(text.to_string())),
                Ok(Message::Binary(bytes)) => return Ok(Frame::Binary(bytes.to_vec())),
                Ok(Message::Close(frame)) => {
                    self.closed = true;
                    return Ok(Frame::Close(frame.map(|f| f.code.into())));
                }
                Ok(_) => continue,
                Err(err) => {
                    let err = classify(err, limit);
                    if matches!(err, WsError::Closed) {
                        self.closed = true;
                    }
                    return Err(err);
                }
            }
        }
    }

    /// Closes politely (a close frame), without waiting long for the answer.
    pub fn close(mut self) {
        if !self.closed {
            let _ = self.socket.close(None);
            let _ = self
                .socket
                .get_ref()
                .set_read_timeout(Some(Duration::from_millis(200)));
            let _ = self.socket.read();
        }
    }
}
