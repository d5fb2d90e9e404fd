//! Chapter 11's worked example: a shop that accepts an order at once and
//! tells a partner's webhook about it in the background.
//!
//! ```text
//! POST /orders {"item":"tea","quantity":2}
//!      → 202 {"id":"9b1e…","item":"tea","quantity":2,"delivered":false}
//!        then, in the background: POST $WEBHOOK_URL
//!        {"event":"order.created","order":"9b1e…"}   webhook-id: 9b1e…
//!        (0.5 s per try, 4 tries; waits of 50, 100, 200 ms between)
//! GET  /orders/9b1e…   → {"id":"9b1e…",…,"delivered":true}
//! ```
//!
//! [`serve`] stops taking requests on its signal, then waits for the
//! webhooks still on their way.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::net::TcpListener;
use tokio_util::task::TaskTracker;

#[derive(Debug, Clone, Serialize)]
pub struct Order {
    pub id: String,
    pub item: String,
    pub quantity: u32,
    pub delivered: bool,
}

#[derive(Deserialize)]
pub struct NewOrder {
    item: String,
    quantity: u32,
}

// ANCHOR: state
/// What the handlers share. Cloning it clones handles, not the data.
#[derive(Clone)]
pub struct Shop {
    /// Every task spawned after an answer; shutdown waits for them.
    pub tasks: TaskTracker,
    /// One client for the whole app: it pools connections.
    client: reqwest::Client,
    webhook_url: String,
    orders: Arc<Mutex<HashMap<String, Order>>>,
}

impl Shop {
    pub fn new(webhook_url: &str) -> Shop {
        let client = reqwest::Client::builder()
            // A partner that never answers must not hold a task forever.
            .timeout(Duration::from_millis(500))
            .build()
            .expect("a client with a timeout builds");
        Shop {
            tasks: TaskTracker::new(),
            client,
            webhook_url: webhook_url.to_string(),
            orders: Arc::default(),
        }
    }
}
// ANCHOR_END: state

pub fn app(shop: Shop) -> Router {
    Router::new()
        .route("/orders", post(place_order))
        .route("/orders/{id}", get(read_order))
        .with_state(shop)
}

// ANCHOR: spawn
/// `POST /orders`: keep the order, start the webhook, answer 202.
async fn place_order(
    State(shop): State<Shop>,
    Json(new): Json<NewOrder>,
) -> (StatusCode, Json<Order>) {
    let order = Order {
        id: uuid::Uuid::new_v4().simple().to_string(),
        item: new.item,
        quantity: new.quantity,
        delivered: false,
    };
    shop.orders
        .lock()
        .unwrap()
        .insert(order.id.clone(), order.clone());
    // `spawn` returns at once; the task owns clones of what it needs.
    let (background, id) = (shop.clone(), order.id.clone());
    shop.tasks.spawn(async move {
        let delivered = background.notify_partner(&id).await;
        if let Some(order) = background.orders.lock().unwrap().get_mut(&id) {
            order.delivered = delivered;
        }
    });
    (StatusCode::ACCEPTED, Json(order))
}
// ANCHOR_END: spawn

async fn read_order(
    State(shop): State<Shop>,
    Path(id): Path<String>,
) -> Result<Json<Order>, StatusCode> {
    let orders = shop.orders.lock().unwrap();
    orders
        .get(&id)
        .cloned()
        .map(Json)
        .ok_or(StatusCode::NOT_FOUND)
}

// ANCHOR: verdict
/// What one try of the webhook tells us to do next.
#[derive(Debug, PartialEq)]
enum Verdict {
    Done,
    TryAgain,
    Stop,
}

fn verdict(answer: &Result<reqwest::Response, reqwest::Error>) -> Verdict {
    match answer {
        Ok(response) if response.status().is_success() => Verdict::Done,
        // The partner is down or overloaded: it may be back in a moment.
        Ok(response) if response.status().is_server_error() => Verdict::TryAgain,
        // 4xx: the partner read our request and refused it. Sending the
        // same bytes again will be refused again.
        Ok(_) => Verdict::Stop,
        // No answer in time, or no connection: worth another try.
        Err(_) => Verdict::TryAgain,
    }
}
// ANCHOR_END: verdict

// ANCHOR: retry
impl Shop {
    /// Posts the event, up to 4 tries with doubling waits. The
    /// `webhook-id` is the same on every try, so a partner that did get an
    /// earlier one (and whose answer was lost) can tell it is a repeat.
    async fn notify_partner(&self, order_id: &str) -> bool {
        let event = json!({"event": "order.created", "order": order_id});
        let mut wait = Duration::from_millis(50);
        for try_number in 1..=4 {
            let answer = self
                .client
                .post(&self.webhook_url)
                .header("webhook-id", order_id)
                .json(&event)
                .send()
                .await;
            match verdict(&answer) {
                Verdict::Done => return true,
                Verdict::Stop => return false,
                Verdict::TryAgain if try_number < 4 => {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                }
                Verdict::TryAgain => {}
            }
        }
        false
    }
}
// ANCHOR_END: retry

// ANCHOR: serve
/// Serves until `stop` resolves, then finishes the background work.
pub async fn serve(
    listener: TcpListener,
    shop: Shop,
    stop: impl Future<Output = ()> + Send + 'static,
) {
    let tasks = shop.tasks.clone();
    axum::serve(listener, app(shop))
        .with_graceful_shutdown(stop)
        .await
        .expect("server error");
    // No request is running, so nothing can spawn any more: close the
    // tracker (so `wait` can finish) and wait for what is left.
    tasks.close();
    tasks.wait().await;
}
// ANCHOR_END: serve
