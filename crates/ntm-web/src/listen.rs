//! Accepting connections so that no client can starve the others: a request's headers must
//! arrive within a time (which also closes idle keep-alive connections), its body within
//! another, and each address holds a bounded number of connections, under a bound for all.
//! (axum's own `serve` has none of these: half-sent and idle connections stayed open for ever,
//! and one client holding hundreds of sockets exhausted the process's files.)

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// The bounds of the server's connections.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time for a request's headers to arrive, and for an idle connection to send the next.
    pub header_read: Duration,
    /// Time for a request's body to arrive (a form, an upload).
    pub body_read: Duration,
    /// Connections held at once by one address.
    pub per_address: usize,
    /// Connections held at once in all (below the process's open-file limit).
    pub total: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { header_read: Duration::from_secs(15), body_read: Duration::from_secs(60), per_address: 32, total: 200 }
    }
}

/// Counts the connections held, per address and in all; a slot is given back when dropped.
#[derive(Default)]
struct Held {
    by_address: HashMap<IpAddr, usize>,
    total: usize,
}

struct Slot {
    held: Arc<Mutex<Held>>,
    address: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut h) = self.held.lock() {
            h.total = h.total.saturating_sub(1);
            if let Some(n) = h.by_address.get_mut(&self.address) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    h.by_address.remove(&self.address);
                }
            }
        }
    }
}

fn take_slot(held: &Arc<Mutex<Held>>, address: IpAddr, limits: Limits) -> Option<Slot> {
    let mut h = held.lock().ok()?;
    let mine = h.by_address.get(&address).copied().unwrap_or(0);
    if mine >= limits.per_address || h.total >= limits.total {
        return None;
    }
    h.total += 1;
    *h.by_address.entry(address).or_insert(0) += 1;
    Some(Slot { held: held.clone(), address })
}

/// Serves `router` on `listener` within `limits` until Ctrl-C.
pub async fn serve_within(router: Router, listener: TcpListener, limits: Limits) -> std::io::Result<()> {
    let held = Arc::new(Mutex::new(Held::default()));
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of files or a connection reset before it was accepted: wait a little.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Over its bound the connection is closed at once: its file goes back, others go on.
        let Some(slot) = take_slot(&held, peer.ip(), limits) else {
            drop(stream);
            continue;
        };
        let service = tower::ServiceBuilder::new()
            .map_request(move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                req
            })
            .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(limits.body_read))
            .service(router.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            // A connection that ends badly (a client gone, a timeout) concerns only itself.
            let _ = connection.await;
            drop(slot);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_bounded_per_address_and_in_all_and_given_back() {
        let held = Arc::new(Mutex::new(Held::default()));
        let limits = Limits { per_address: 2, total: 3, ..Limits::default() };
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let a1 = take_slot(&held, a, limits).unwrap();
        let _a2 = take_slot(&held, a, limits).unwrap();
        assert!(take_slot(&held, a, limits).is_none(), "two for one address");
        let b1 = take_slot(&held, b, limits).unwrap();
        assert!(take_slot(&held, b, limits).is_none(), "three in all");
        drop(a1);
        let b2 = take_slot(&held, b, limits);
        assert!(b2.is_some(), "a slot given back is free again");
        drop(b1);
        assert_eq!(held.lock().unwrap().by_address.get(&b), Some(&1));
        drop(b2);
        assert_eq!(held.lock().unwrap().by_address.get(&b), None, "an address with none is forgotten");
    }
}
