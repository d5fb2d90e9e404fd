//! Chapter 13's worked example does what the page says it does, spoken to
//! as a real WebSocket client (tungstenite) over a real socket.

use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};
use worked_examples::ch13::{Auction, app};

type Client = WebSocket<MaybeTlsStream<TcpStream>>;

async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(Auction::new(16))).await });
    addr
}

fn connect(addr: SocketAddr, path: &str) -> Result<Client, tungstenite::Error> {
    let (client, _) = tungstenite::connect(format!("ws://{addr}{path}"))?;
    if let MaybeTlsStream::Plain(stream) = client.get_ref() {
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
    }
    Ok(client)
}

fn text(client: &mut Client) -> String {
    match client.read().unwrap() {
        Message::Text(text) => text.to_string(),
        other => panic!("expected text, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn shout_answers_in_capitals_and_closes_on_a_binary_frame() {
    let addr = serve().await;
    tokio::task::spawn_blocking(move || {
        let mut client = connect(addr, "/shout").unwrap();
        client.send(Message::text("hello")).unwrap();
        assert_eq!(text(&mut client), "HELLO");
        client.send(Message::binary(vec![1, 2])).unwrap();
        match client.read().unwrap() {
            Message::Close(Some(frame)) => assert_eq!(u16::from(frame.code), 1003),
            other => panic!("expected a close frame, got {other:?}"),
        }
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lot_without_a_paddle_or_with_a_bad_number_is_refused_before_the_handshake() {
    let addr = serve().await;
    tokio::task::spawn_blocking(move || {
        for path in ["/lots/3", "/lots/three?paddle=7"] {
            match connect(addr, path) {
                Err(tungstenite::Error::Http(response)) => {
                    assert_eq!(response.status(), 403, "{path}")
                }
                other => panic!("{path}: expected 403, got {:?}", other.map(|_| "a socket")),
            }
        }
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bid_reaches_every_bidder_and_a_word_only_its_sender() {
    let addr = serve().await;
    tokio::task::spawn_blocking(move || {
        let mut ann = connect(addr, "/lots/3?paddle=7").unwrap();
        let mut bob = connect(addr, "/lots/3?paddle=9").unwrap();
        ann.send(Message::text("lots")).unwrap();
        assert_eq!(text(&mut ann), "Not a bid: lots");
        ann.send(Message::text("120")).unwrap();
        assert_eq!(text(&mut ann), "Paddle 7 bids 120 on lot 3");
        assert_eq!(text(&mut bob), "Paddle 7 bids 120 on lot 3");
    })
    .await
    .unwrap();
}
