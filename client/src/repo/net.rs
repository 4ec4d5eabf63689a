//! The connection to the server: a WebSocket to `/api/v1/sync` carrying the automerge-repo
//! protocol, driven by the browser's events. It connects when the network is there, backs
//! off (1 s doubling to a minute, with jitter) when it is not, and resumes after a dropped
//! connection; the engine in `rounds-shared` decides what to send.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{ArrayBuffer, Uint8Array};
use leptos::task::spawn_local;
use rounds_shared::ids::AccountId;
use rounds_shared::sync::{DocumentId, Event};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BinaryType, MessageEvent, WebSocket};

use super::{Link, Repo, now, synced_at_key};
use crate::http::HttpError;

/// An open (or opening) socket and the handlers that keep it alive.
pub(crate) struct Connection {
    ws: WebSocket,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

const MAX_BACKOFF_MS: f64 = 60_000.0;

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

fn sync_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!("{scheme}://{}/api/v1/sync", location.host().ok()?))
}

fn after(ms: f64, f: impl FnOnce() + 'static) {
    if let Some(w) = web_sys::window() {
        let cb = Closure::once_into_js(f);
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms as i32);
    }
}

impl Repo {
    /// Starts syncing: now if the network is there, and whenever it comes back.
    pub fn start_sync(&self) {
        if let Some(w) = web_sys::window() {
            let repo = self.clone();
            let on_online = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                repo.inner.borrow_mut().retries = 0;
                repo.connect();
            });
            let repo = self.clone();
            let on_offline = Closure::<dyn FnMut(JsValue)>::new(move |_| repo.drop_connection());
            let _ =
                w.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
            let _ =
                w.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
            // The listeners live as long as the page.
            on_online.forget();
            on_offline.forget();
        }
        self.connect();
    }

    /// Opens a connection unless one is open, the network is down, or the session ended.
    pub fn connect(&self) {
        {
            let inner = self.inner.borrow();
            if inner.conn.is_some() || inner.link == Link::SignedOut {
                return;
            }
        }
        if !online() {
            return; // the `online` event brings us back
        }
        let Some(url) = sync_url() else { return };
        let ws = match WebSocket::new(&url) {
            Ok(ws) => ws,
            Err(_) => return self.retry_later(false),
        };
        ws.set_binary_type(BinaryType::Arraybuffer);
        let opened = Rc::new(Cell::new(false));

        let repo = self.clone();
        let was_opened = opened.clone();
        let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            was_opened.set(true);
            repo.on_open();
        });
        let repo = self.clone();
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            if let Ok(e) = e.dyn_into::<MessageEvent>()
                && let Ok(buf) = e.data().dyn_into::<ArrayBuffer>()
            {
                repo.on_frame(&Uint8Array::new(&buf).to_vec());
            }
        });
        let repo = self.clone();
        let on_close = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            repo.inner.borrow_mut().conn = None;
            repo.on_closed(opened.get());
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        self.inner.borrow_mut().conn = Some(Connection {
            ws,
            _handlers: vec![on_open, on_message, on_close],
        });
    }

    fn drop_connection(&self) {
        let conn = self.inner.borrow_mut().conn.take();
        if conn.is_some() {
            drop(conn);
            self.on_closed(true);
        }
    }

    fn on_open(&self) {
        let events = {
            let mut inner = self.inner.borrow_mut();
            inner.retries = 0;
            inner.link = Link::Syncing;
            inner.sync.connect()
        };
        self.handle(events);
        self.refresh_status();
    }

    fn on_frame(&self, frame: &[u8]) {
        let received = self.inner.borrow_mut().sync.receive(frame);
        match received {
            Ok(events) => self.handle(events),
            Err(e) => {
                leptos::logging::warn!("sync: {e}; reconnecting");
                self.drop_connection();
            }
        }
    }

    fn on_closed(&self, was_open: bool) {
        {
            let mut inner = self.inner.borrow_mut();
            inner.sync.disconnect();
            // Known current only as of this connection.
            inner.current.clear();
            if inner.link != Link::SignedOut {
                inner.link = Link::Offline;
            }
        }
        self.refresh_status();
        self.retry_later(was_open);
    }

    fn retry_later(&self, was_open: bool) {
        let retries = {
            let mut inner = self.inner.borrow_mut();
            inner.retries += 1;
            inner.retries
        };
        // A refused upgrade looks like any failed connection: ask whether the session
        // still stands before trying again. When the browser lost its cookie, the device
        // credential resumes the session; only when that fails too is the rep signed out.
        if !was_open && online() {
            let repo = self.clone();
            spawn_local(async move {
                if let Err(HttpError::Unauthorized) = crate::api::session().await {
                    match crate::session::Session::resume().await {
                        Ok(_) => leptos::logging::log!("sync: resumed with the device credential"),
                        Err(HttpError::Unauthorized) => {
                            repo.inner.borrow_mut().link = Link::SignedOut;
                            repo.refresh_status();
                        }
                        // The user was disabled: nothing of the organisation stays here.
                        Err(HttpError::Status { code, .. }) if code == "account_disabled" => {
                            repo.forget_everything().await;
                        }
                        // Unreachable just now: the next attempt asks again.
                        Err(_) => {}
                    }
                }
            });
        }
        let base = (1000.0 * 2f64.powi(retries.min(6) as i32 - 1)).min(MAX_BACKOFF_MS);
        let delay = base * (0.5 + js_sys::Math::random());
        let repo = self.clone();
        after(delay, move || repo.connect());
    }

    /// Carries out what the engine asked for.
    pub(super) fn handle(&self, events: Vec<Event>) {
        let mut changed = false;
        for event in events {
            match event {
                Event::Send(bytes) => {
                    let inner = self.inner.borrow();
                    if let Some(conn) = &inner.conn {
                        let _ = conn.ws.send_with_u8_array(&bytes);
                    }
                }
                Event::Changed(id) => {
                    self.on_remote_change(id);
                    changed = true;
                }
                Event::Unavailable(id) => {
                    leptos::logging::log!("sync: the server does not share {id}");
                    self.refused_leaving(|d| d == id);
                }
                Event::ServerError(message) => {
                    leptos::logging::warn!("sync: the server reported: {message}");
                    self.refused_leaving(|d| message.contains(&d.to_string()));
                }
                Event::Joined => {}
            }
        }
        self.confirm();
        if changed {
            self.bump();
        } else {
            self.refresh_status();
        }
    }

    /// Stores and re-reads a document the server changed; a changed index may list new
    /// accounts to fetch.
    fn on_remote_change(&self, id: DocumentId) {
        let (bytes, is_index, listed_before) = {
            let mut inner = self.inner.borrow_mut();
            let listed_before: Vec<_> = inner.data.listed.keys().copied().collect();
            let bytes = inner.new_bytes(id);
            inner.decode_soon(id);
            (bytes, id == inner.index, listed_before)
        };
        if is_index {
            self.note_unlisted(&listed_before);
        }
        if let Some(bytes) = bytes {
            self.inner.borrow_mut().incoming.push((id, bytes));
            self.write_incoming();
        }
        self.decode_in_background();
        if is_index {
            let events = self.request_listed();
            self.handle(events);
        }
    }

    /// Writes what the server sent to IndexedDB, in batches: one transaction for everything
    /// that arrived while the previous batch was being written.
    fn write_incoming(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.writing || inner.incoming.is_empty() {
                return;
            }
            inner.writing = true;
        }
        let repo = self.clone();
        spawn_local(async move {
            loop {
                let (batch, views) = {
                    let mut inner = repo.inner.borrow_mut();
                    let batch = std::mem::take(&mut inner.incoming);
                    // Each document's view goes with its chunks, so the cache is never behind.
                    let ids: Vec<DocumentId> = batch.iter().map(|(id, _)| *id).collect();
                    for id in &ids {
                        inner.dirty_views.remove(id);
                    }
                    let views = inner.views_of(ids);
                    (batch, views)
                };
                if batch.is_empty() {
                    break;
                }
                let chunks: Vec<(String, Vec<u8>)> = batch
                    .iter()
                    .map(|(id, b)| (id.to_string(), b.clone()))
                    .collect();
                match repo.store.append_many(&chunks, &views).await {
                    Ok(()) => {
                        for (id, _) in &batch {
                            repo.after_write(*id).await;
                        }
                    }
                    Err(e) => {
                        // Kept in memory, and the next write of each document stores it
                        // whole; if the page closes first, the next sync brings them again.
                        leptos::logging::warn!("storing what the server sent failed: {e}");
                        let mut inner = repo.inner.borrow_mut();
                        for (id, _) in &batch {
                            inner.stored.remove(id);
                        }
                    }
                }
            }
            repo.inner.borrow_mut().writing = false;
            repo.confirm();
            repo.refresh_status();
        });
    }

    /// Documents the server now holds in full are no longer waiting; when nothing is, and
    /// everything received is on disk, the device is synced.
    fn confirm(&self) {
        let mut inner = self.inner.borrow_mut();
        let waiting: Vec<DocumentId> = inner.pending.keys().copied().collect();
        for id in waiting {
            if inner.sync.is_synced(id) {
                inner.pending.remove(&id);
                let store = self.store.clone();
                spawn_local(async move {
                    if let Err(e) = store.set_pending(&id.to_string(), 0).await {
                        leptos::logging::warn!("{e}");
                    }
                });
            }
        }
        // A document stored from a snapshot over this connection holds the server's state
        // as of the fetch until the sync protocol confirms it (after it loads), unless it
        // was edited here meanwhile.
        let current: std::collections::BTreeSet<DocumentId> = inner
            .current
            .iter()
            .copied()
            .filter(|id| !inner.pending.contains_key(id))
            .collect();
        let confirmed: Vec<DocumentId> = current
            .iter()
            .copied()
            .filter(|id| inner.sync.is_synced(*id))
            .collect();
        for id in confirmed {
            inner.current.remove(&id);
        }
        if inner.conn.is_some() && inner.link != Link::SignedOut {
            if inner.sync.unsynced().iter().all(|id| current.contains(id))
                && inner.unloaded.keys().all(|id| current.contains(id))
                && inner.fetching.is_empty()
                && !inner.writing
                && inner.incoming.is_empty()
            {
                if inner.link != Link::Synced || inner.synced_at.is_none() {
                    let t = now();
                    inner.synced_at = Some(t);
                    if let Some(s) =
                        web_sys::window().and_then(|w| w.local_storage().ok().flatten())
                    {
                        let _ = s.set_item(&synced_at_key(inner.me), &t.0.to_string());
                    }
                }
                inner.link = Link::Synced;
            } else {
                inner.link = Link::Syncing;
            }
        }
        let send_photos = inner.link == Link::Synced && inner.photos_waiting > 0;
        drop(inner);
        // Accounts leaving this device go once nothing of theirs is waiting any more.
        self.drop_leaving();
        // Photos go once the visits that refer to them are on the server.
        if send_photos {
            self.kick_uploads();
        }
    }

    /// After signing in again: resume syncing.
    pub fn resume(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.link == Link::SignedOut {
                inner.link = Link::Offline;
            }
            inner.retries = 0;
        }
        self.connect();
    }

    /// An account's document arrived or is expected.
    pub fn has_account(&self, account: AccountId) -> bool {
        self.inner
            .borrow()
            .sync
            .document(DocumentId::from(account))
            .is_some()
    }
}
