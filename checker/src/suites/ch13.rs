//! Chapter 13 — WebSockets. FastAPI's `websockets_` tutorials: an echo
//! (001), a socket that needs a token before its handshake (002) and a chat
//! room that broadcasts to every client (003). What the tutorial's chat
//! cannot do — keep going while one client stops reading — is proven
//! against the workbook's own FastAPI reference (`tests/oracle/apps/`).
//!
//! | path                   | input                              | frames back |
//! |------------------------|------------------------------------|-------------|
//! | GET /                  | —                                  | 200 HTML page that opens `/ws` |
//! | /ws                    | text `T`                           | `Message text was: T` |
//! | /ws                    | a binary frame                     | the socket ends; the server goes on |
//! | /items/{id}/ws         | `?token=K` or cookie `session=K`, optional `?q=N` | `Session cookie or query token value is: K`, [`Query parameter q is: N`], `Message text was: T, for item ID: id` |
//! | /items/{id}/ws         | neither token nor cookie, or `q` not an integer | handshake refused (uvicorn: 403) |
//! | /ws/{client_id}        | text `T`                           | sender: `You wrote: T`; everyone: `Client #N says: T` |
//! | /ws/{client_id}        | a client leaves                    | everyone left: `Client #N left the chat` |
//! | /ws/{client_id}        | `client_id` not an integer         | handshake refused |
//!
//! Every chat check closes its clients and pauses at both ends: a client
//! that leaves is announced to whoever is connected, and the next check's
//! clients must not hear the last check's goodbyes.

use std::time::Duration;

use crate::seed::Rng;
use crate::suite::{
    Chapter, Check, Needs, Oracle, Step, get, pause, ws_close, ws_drop, ws_expect, ws_expect_end,
    ws_open, ws_refused, ws_send, ws_send_binary, ws_silent,
};

const ECHO: Oracle = Oracle::FastApi("websockets_.tutorial001");
const TOKEN: Oracle = Oracle::FastApi("websockets_.tutorial002");
const CHAT: Oracle = Oracle::FastApi("websockets_.tutorial003");
/// The tutorial's chat sends to each client in turn and waits for each: a
/// client that stops reading stops everyone. The workbook's reference
/// gives each client its own queue.
const CHAT_QUEUES: Oracle = Oracle::FastApi("workbook_chat.tutorial001");

/// Between chat checks: time for the server to see the last check's
/// clients go and to announce it to nobody.
const SETTLE: Duration = Duration::from_millis(300);

/// A chat client id, drawn so that no two clients of a check share one.
fn client_ids(rng: &mut Rng, count: usize) -> Vec<i64> {
    let mut ids: Vec<i64> = Vec::new();
    while ids.len() < count {
        let id = rng.int(1, 99_999);
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// Client `id` says `text`: the sender hears it twice, `others` once.
fn says(sender: &'static str, id: i64, text: &str, others: &[&'static str]) -> Vec<Step> {
    let mut steps = vec![
        ws_send(sender, text),
        ws_expect(sender, format!("You wrote: {text}")),
        ws_expect(sender, format!("Client #{id} says: {text}")),
    ];
    for other in others {
        steps.push(ws_expect(other, format!("Client #{id} says: {text}")));
    }
    steps
}

/// After a pause (the last check's goodbyes), clients join the room, each
/// as `(name, path id)`.
fn join(clients: &[(&'static str, String)]) -> Vec<Step> {
    let mut steps = vec![pause(SETTLE)];
    for (name, id) in clients {
        steps.push(ws_open(name, format!("/ws/{id}")));
    }
    steps
}

/// Closes every client, then lets the server announce their leaving.
fn close_all(names: &[&'static str]) -> Vec<Step> {
    let mut steps: Vec<Step> = names.iter().map(|name| ws_close(name)).collect();
    steps.push(pause(SETTLE));
    steps
}

/// A text of about `kib` KiB that starts with `tag`.
fn big(tag: &str, kib: usize) -> String {
    format!("{tag} {}", "x".repeat(kib * 1024))
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 13,
        slug: "websockets",
        title: "WebSockets",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "13.1",
                title: "GET / serves the echo page as HTML",
                points: 1,
                oracle: ECHO,
                hint: "`axum::response::Html(PAGE)` for `GET /`; the page's script opens `/ws`",
                read: "The echo",
                steps: |_| vec![get("/").header_is("content-type", "text/html; charset=utf-8")],
            },
            Check {
                id: "13.2",
                title: "/ws answers every text with \"Message text was: …\", in order",
                points: 2,
                oracle: ECHO,
                hint: "`WebSocketUpgrade` in the handler, `ws.on_upgrade(echo)`; in `echo`, \
                       loop on `socket.recv()` and send a `Message::Text` back for each text",
                read: "The echo",
                steps: |rng| {
                    let texts = [
                        rng.word(6),
                        format!("{} {}", rng.word(4), rng.word(5)),
                        "grüße, 世界".to_string(),
                        String::new(),
                    ];
                    let mut steps = vec![ws_open("ws", "/ws")];
                    for text in &texts {
                        steps.push(ws_send("ws", text.clone()));
                    }
                    for text in &texts {
                        steps.push(ws_expect("ws", format!("Message text was: {text}")));
                    }
                    steps.push(ws_close("ws"));
                    steps
                },
            },
            Check {
                id: "13.3",
                title: "each /ws socket is its own conversation: one client's echo never reaches another",
                points: 1,
                oracle: ECHO,
                hint: "the echo answers on the socket it read from; nothing is shared between \
                       connections",
                read: "The echo",
                steps: |rng| {
                    let (one, two) = (rng.word(5), rng.word(7));
                    vec![
                        ws_open("a", "/ws"),
                        ws_open("b", "/ws"),
                        ws_send("a", one.clone()),
                        ws_send("b", two.clone()),
                        ws_expect("a", format!("Message text was: {one}")),
                        ws_expect("b", format!("Message text was: {two}")),
                        ws_silent("a", Duration::from_millis(300)),
                        ws_silent("b", Duration::from_millis(300)),
                        ws_close("a"),
                        ws_close("b"),
                    ]
                },
            },
            Check {
                id: "13.4",
                title: "a binary frame ends that socket (FastAPI's receive_text cannot read it); the server goes on",
                points: 1,
                oracle: ECHO,
                hint: "match `Message::Binary` and close (1003, unsupported data) or return \
                       from the handler; never panic, and keep serving other sockets",
                read: "Frames you did not expect",
                steps: |rng| {
                    let text = rng.word(6);
                    vec![
                        ws_open("bin", "/ws"),
                        ws_send_binary("bin", vec![0, 159, 146, 150]),
                        ws_expect_end("bin"),
                        ws_open("ws", "/ws"),
                        ws_send("ws", text.clone()),
                        ws_expect("ws", format!("Message text was: {text}")),
                        ws_close("ws"),
                    ]
                },
            },
            Check {
                id: "13.5",
                title: "/items/{item_id}/ws?token=… answers each text with the token, ?q= when given, and the item",
                points: 2,
                oracle: TOKEN,
                hint: "extract `Path<String>` and a `Query` with `token` and `q` before \
                       `on_upgrade`, and move them into the socket's task",
                read: "A token before the handshake",
                steps: |rng| {
                    let (item, token, text) = (rng.word(5), rng.word(10), rng.word(6));
                    let q = rng.int(-500, 500);
                    vec![
                        ws_open("ws", format!("/items/{item}/ws?token={token}")),
                        ws_send("ws", text.clone()),
                        ws_expect(
                            "ws",
                            format!("Session cookie or query token value is: {token}"),
                        ),
                        ws_expect(
                            "ws",
                            format!("Message text was: {text}, for item ID: {item}"),
                        ),
                        ws_close("ws"),
                        ws_open("q", format!("/items/{item}/ws?q={q}&token={token}")),
                        ws_send("q", text.clone()),
                        ws_expect(
                            "q",
                            format!("Session cookie or query token value is: {token}"),
                        ),
                        ws_expect("q", format!("Query parameter q is: {q}")),
                        ws_expect(
                            "q",
                            format!("Message text was: {text}, for item ID: {item}"),
                        ),
                        ws_close("q"),
                    ]
                },
            },
            Check {
                id: "13.6",
                title: "a session cookie is accepted instead of the token, and wins over it",
                points: 1,
                oracle: TOKEN,
                hint: "read the `session` cookie from the handshake's headers \
                       (`axum_extra::extract::CookieJar`); the cookie first, then the token",
                read: "A token before the handshake",
                steps: |rng| {
                    let (item, session, token, text) =
                        (rng.word(5), rng.word(9), rng.word(10), rng.word(6));
                    let cookie = format!("session={session}");
                    vec![
                        ws_open("c", format!("/items/{item}/ws")).send_header("cookie", &cookie),
                        ws_send("c", text.clone()),
                        ws_expect(
                            "c",
                            format!("Session cookie or query token value is: {session}"),
                        ),
                        ws_expect(
                            "c",
                            format!("Message text was: {text}, for item ID: {item}"),
                        ),
                        ws_close("c"),
                        ws_open("both", format!("/items/{item}/ws?token={token}"))
                            .send_header("cookie", &cookie),
                        ws_send("both", text.clone()),
                        ws_expect(
                            "both",
                            format!("Session cookie or query token value is: {session}"),
                        ),
                        ws_close("both"),
                    ]
                },
            },
            Check {
                id: "13.7",
                title: "without a token or a session cookie the handshake is refused (1008 before accept: uvicorn answers 403)",
                points: 2,
                oracle: TOKEN,
                hint: "decide before `on_upgrade`: return `StatusCode::FORBIDDEN` instead of \
                       upgrading when both are missing",
                read: "Refusing a handshake",
                steps: |rng| {
                    let item = rng.word(5);
                    vec![
                        ws_refused("none", format!("/items/{item}/ws")),
                        ws_refused("q only", format!("/items/{item}/ws?q=3")),
                    ]
                },
            },
            Check {
                id: "13.8",
                title: "a q that is not an integer refuses the handshake, token or not",
                points: 1,
                oracle: TOKEN,
                hint: "parse `q` as an integer before upgrading; a value that does not parse \
                       refuses the socket like a missing token",
                read: "Refusing a handshake",
                steps: |rng| {
                    let (item, token, q) = (rng.word(5), rng.word(8), rng.word(4));
                    vec![
                        ws_refused("bad q", format!("/items/{item}/ws?token={token}&q={q}")),
                        ws_refused("half", format!("/items/{item}/ws?token={token}&q=2.5")),
                    ]
                },
            },
            Check {
                id: "13.9",
                title: "/ws/{client_id}: the sender reads \"You wrote: …\", then everyone reads \"Client #N says: …\"",
                points: 2,
                oracle: CHAT,
                hint: "one hub in the state (a `tokio::sync::broadcast` channel); each socket's \
                       task sends its own \"You wrote\" and publishes \"Client #N says\" to all",
                read: "One hub, many clients",
                steps: |rng| {
                    let ids = client_ids(rng, 3);
                    let (one, two) = (rng.word(6), rng.word(8));
                    // The id is an integer: a leading zero is not part of it.
                    let mut steps = join(&[
                        ("a", ids[0].to_string()),
                        ("b", ids[1].to_string()),
                        ("c", format!("00{}", ids[2])),
                    ]);
                    steps.extend(says("a", ids[0], &one, &["b", "c"]));
                    steps.extend(says("c", ids[2], &two, &["a", "b"]));
                    steps.extend(close_all(&["a", "b", "c"]));
                    steps
                },
            },
            Check {
                id: "13.10",
                title: "every client reads one sender's messages in the order they were sent",
                points: 2,
                oracle: CHAT,
                hint: "one task per socket that reads and writes in turn keeps the order; \
                       a `tokio::spawn` per message does not",
                read: "One hub, many clients",
                steps: |rng| {
                    let ids = client_ids(rng, 2);
                    let texts: Vec<String> =
                        (0..20).map(|i| format!("{i} {}", rng.word(5))).collect();
                    let mut steps = join(&[("a", ids[0].to_string()), ("b", ids[1].to_string())]);
                    for text in &texts {
                        steps.push(ws_send("a", text.clone()));
                    }
                    for text in &texts {
                        steps.push(ws_expect("a", format!("You wrote: {text}")));
                        steps.push(ws_expect("a", format!("Client #{} says: {text}", ids[0])));
                    }
                    for text in &texts {
                        steps.push(ws_expect("b", format!("Client #{} says: {text}", ids[0])));
                    }
                    steps.extend(close_all(&["a", "b"]));
                    steps
                },
            },
            Check {
                id: "13.11",
                title: "a client that closes is announced to the others: \"Client #N left the chat\"",
                points: 2,
                oracle: CHAT,
                hint: "after the socket's loop ends (a close frame, or `recv` gives `None`), \
                       publish the goodbye; the one who left is not there to read it",
                read: "One hub, many clients",
                steps: |rng| {
                    let ids = client_ids(rng, 3);
                    let text = rng.word(6);
                    let mut steps = join(&[
                        ("a", ids[0].to_string()),
                        ("b", ids[1].to_string()),
                        ("c", ids[2].to_string()),
                    ]);
                    steps.extend([
                        ws_close("b"),
                        ws_expect("a", format!("Client #{} left the chat", ids[1])),
                        ws_expect("c", format!("Client #{} left the chat", ids[1])),
                    ]);
                    steps.extend(says("a", ids[0], &text, &["c"]));
                    steps.extend(close_all(&["a", "c"]));
                    steps
                },
            },
            Check {
                id: "13.12",
                title: "a client_id that is not an integer refuses the handshake",
                points: 1,
                oracle: CHAT,
                hint: "parse the path as an integer before upgrading; answer 403 when it \
                       does not parse",
                read: "Refusing a handshake",
                steps: |rng| {
                    let word = rng.word(5);
                    vec![
                        ws_refused("word", format!("/ws/{word}")),
                        ws_refused("half", "/ws/1.5"),
                    ]
                },
            },
            Check {
                id: "13.13",
                title: "a client that vanishes while messages to it are on their way is announced once; the others go on",
                points: 2,
                oracle: CHAT,
                hint: "a failed send ends only that client's task: never `unwrap` it, never let \
                       it end the sender's loop",
                read: "Slow and vanished clients",
                steps: |rng| {
                    let ids = client_ids(rng, 3);
                    let mut steps = join(&[
                        ("gone", ids[2].to_string()),
                        ("a", ids[0].to_string()),
                        ("b", ids[1].to_string()),
                    ]);
                    // "gone" reads none of these: they wait for it in buffers
                    // when its connection goes.
                    for i in 0..3 {
                        steps.extend(says("a", ids[0], &big(&rng.word(4 + i), 256), &["b"]));
                    }
                    steps.push(ws_drop("gone"));
                    steps.push(ws_expect("a", format!("Client #{} left the chat", ids[2])));
                    steps.push(ws_expect("b", format!("Client #{} left the chat", ids[2])));
                    steps.extend(says("b", ids[1], &rng.word(7), &["a"]));
                    steps.push(ws_silent("a", Duration::from_millis(300)));
                    steps.extend(close_all(&["a", "b"]));
                    steps
                },
            },
            Check {
                id: "13.14",
                title: "a client that stops reading holds up no one (8 MiB go by it); when it vanishes mid-message, it is announced once",
                points: 3,
                oracle: CHAT_QUEUES,
                hint: "never await one client's send inside the broadcast: publish to a \
                       channel and let each socket's own task write; a bounded channel keeps \
                       a slow client from growing memory",
                read: "Slow and vanished clients",
                steps: |rng| {
                    let ids = client_ids(rng, 3);
                    let mut steps = join(&[
                        ("slow", ids[2].to_string()),
                        ("a", ids[0].to_string()),
                        ("b", ids[1].to_string()),
                    ]);
                    for i in 0..16 {
                        steps.extend(says(
                            "a",
                            ids[0],
                            &big(&format!("{i}-{}", rng.word(4)), 512),
                            &["b"],
                        ));
                    }
                    // It vanishes while the server is still sending to it.
                    steps.push(ws_drop("slow"));
                    steps.push(ws_expect("a", format!("Client #{} left the chat", ids[2])));
                    steps.push(ws_expect("b", format!("Client #{} left the chat", ids[2])));
                    steps.extend(close_all(&["a", "b"]));
                    steps
                },
            },
        ],
    }
}
