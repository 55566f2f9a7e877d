//! The last resort behind the render time limit.
//!
//! The engine stops a render at its deadline from its interrupt handler, which QuickJS calls
//! between bytecode instructions. A single engine operation can run far longer without
//! reaching one: `Reflect.ownKeys` of a Proxy whose `ownKeys` returns a million keys spends
//! minutes in QuickJS's quadratic duplicate check. Such a render cannot be cancelled or
//! unwound, so when one is still running well past its deadline the watchdog hands a message
//! to the host, which ends the process: a build that stops with a message instead of hanging.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Watches renders; see the module docs. Dropping it stops its thread.
pub struct Watchdog {
    shared: Arc<Shared>,
    /// How long a render may run before the watchdog ends the process.
    grace: Duration,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    /// Renders running now, by serial: when each must have ended, and what it renders.
    running: Mutex<HashMap<u64, (Instant, String)>>,
    serials: AtomicU64,
    stop: AtomicBool,
}

/// A render being watched; the watch ends when it drops.
pub struct Watch<'w> {
    shared: &'w Shared,
    serial: u64,
}

impl Watchdog {
    /// A watchdog for renders limited to `limit`: one still running at twice the limit plus a
    /// second is handed to `stuck`, which does not return.
    pub fn new(limit: Duration, stuck: fn(&str) -> !) -> Watchdog {
        let grace = limit
            .saturating_mul(2)
            .saturating_add(Duration::from_secs(1));
        let shared = Arc::new(Shared {
            running: Mutex::new(HashMap::new()),
            serials: AtomicU64::new(0),
            stop: AtomicBool::new(false),
        });
        let watched = shared.clone();
        let period = (grace / 8).clamp(Duration::from_millis(10), Duration::from_secs(1));
        let thread = std::thread::Builder::new()
            .name("astc-watchdog".into())
            .spawn(move || {
                while !watched.stop.load(Ordering::Relaxed) {
                    std::thread::park_timeout(period);
                    let now = Instant::now();
                    let running = watched.running.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some((_, what)) = running.values().find(|(end, _)| now >= *end) {
                        stuck(&format!(
                            "{what} went on past its time limit of {} ms inside the \
                             JavaScript engine, where it cannot be interrupted (one long \
                             operation, such as a Proxy whose `ownKeys` returns a huge list)",
                            limit.as_millis()
                        ));
                    }
                }
            })
            .ok();
        Watchdog {
            shared,
            grace,
            thread,
        }
    }

    /// Watches a render that starts now; `what` says what it does ("rendering `/a/`").
    pub fn watch(&self, what: String) -> Watch<'_> {
        let serial = self.shared.serials.fetch_add(1, Ordering::Relaxed);
        let end = Instant::now() + self.grace;
        self.shared
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(serial, (end, what));
        Watch {
            shared: &self.shared,
            serial,
        }
    }
}

impl Drop for Watch<'_> {
    fn drop(&mut self) {
        self.shared
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.serial);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}
