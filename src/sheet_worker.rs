//! The app's one client of the spreadsheet worker (`crates/claims-worker`): reads a claims template
//! or a multiple-facility template off the main thread, with the same `rules` code the server runs.
//!
//! The worker is started the first time a page asks for a reading, never at app start: its
//! download (the XLSX reader) is paid only by the pages that read files. A page keeps it with a
//! [`SheetWorker`] and it stops when the page goes (the handle's `Drop`).
//!
//! Trunk builds the worker from `index.html` (`data-type="worker" data-bin="claims-worker"
//! data-loader-shim`) under fixed names (a worker's name must be known at run time, so Trunk does
//! not hash it): [`WORKER_URL`] loads `claims-worker.js` and `claims-worker_bg.wasm` beside it.
//!
//! Every reading is timed (`performance.now()` around the round trip); the time is kept as a
//! `performance.measure` named [`MEASURE`] for `cargo xtask bench` (e2e/bench.mjs).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use rules::wire::accounts::FacilityRow;
use rules::wire::claims::{ClaimsContext, ClaimsReport};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Trunk's loader shim for the worker (a classic worker script: `importScripts` the glue, then
/// start the WebAssembly).
pub const WORKER_URL: &str = "/claims-worker_loader.js";

/// The `performance.measure` of each reading, from posting the bytes to having the answer.
pub const MEASURE: &str = "sheet-read";
/// The `performance.measure` of starting the worker (download, compile, ready).
pub const START_MEASURE: &str = "sheet-worker-start";

/// What is said when the worker cannot be started or does not answer (docs/pages.md, "Files").
pub const UNREADABLE: &str = "The selected file could not be read. Try again";

/// The bytes of a file the user chose (read only once its size is known to be within the limit),
/// or [`UNREADABLE`] when the browser cannot read it. Every page that reads a file reads it here.
pub async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| UNREADABLE.to_string())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The multiple-facility template as the worker read it: the rows with their spreadsheet row, or
/// the message about the file as a whole (`rules::facility_template::parse_file`).
pub type FacilitiesAnswer = Result<Vec<(usize, FacilityRow)>, String>;

/// One reading's answer and how long it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Timed<T> {
    pub value: T,
    /// From posting the bytes to having the answer, in the page (milliseconds).
    pub round_trip_ms: f64,
    /// The reading itself, inside the worker (milliseconds).
    pub worker_ms: f64,
}

type Pending = Rc<RefCell<HashMap<u32, (Function, Function)>>>;

/// A started worker and the readings waiting for its answer.
struct Started {
    worker: Worker,
    /// Resolves once the worker said it is ready (awaited before every message).
    ready: Promise,
    pending: Pending,
    next_id: Cell<u32>,
    /// Set when the worker failed: the next reading starts a fresh one.
    broken: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Started {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        fail_all(&self.pending);
    }
}

fn fail_all(pending: &Pending) {
    let waiting: Vec<_> = pending.borrow_mut().drain().collect();
    for (_, (_, reject)) in waiting {
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(UNREADABLE));
    }
}

fn get(source: &JsValue, key: &str) -> JsValue {
    Reflect::get(source, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Marks `{name}-start` now (with [`measure`], the time of one step, for the bench).
fn mark_start(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(&format!("{name}-start"));
    }
}

/// Records the `performance.measure` `name` from the last `{name}-start` mark to now.
fn measure(name: &str) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let (start, end) = (format!("{name}-start"), format!("{name}-end"));
    let _ = performance.mark(&end);
    let _ = performance.measure_with_start_mark_and_end_mark(name, &start, &end);
}

impl Started {
    fn start() -> Result<Started, String> {
        mark_start(START_MEASURE);
        let worker = Worker::new(WORKER_URL).map_err(|_| UNREADABLE.to_string())?;
        let pending: Pending = Rc::new(RefCell::new(HashMap::new()));
        let ready_resolve: Rc<RefCell<Option<(Function, Function)>>> = Rc::new(RefCell::new(None));
        let slot = Rc::clone(&ready_resolve);
        let ready = Promise::new(&mut |resolve, reject| {
            *slot.borrow_mut() = Some((resolve, reject));
        });
        let on_message = {
            let pending = Rc::clone(&pending);
            let ready_resolve = Rc::clone(&ready_resolve);
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if get(&data, "ready").is_truthy() {
                    if let Some((resolve, _)) = ready_resolve.borrow_mut().take() {
                        measure(START_MEASURE);
                        let _ = resolve.call0(&JsValue::NULL);
                    }
                    return;
                }
                let Some(id) = get(&data, "id").as_f64() else {
                    return;
                };
                let Some((resolve, reject)) = pending.borrow_mut().remove(&(id as u32)) else {
                    return;
                };
                if get(&data, "answer").is_string() {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                } else {
                    let _ = reject.call1(&JsValue::NULL, &get(&data, "error"));
                }
            })
        };
        // The script or its WebAssembly could not be loaded, or the worker failed: every reading
        // waiting fails, and the next one starts a new worker.
        let broken = Rc::new(Cell::new(false));
        let on_error = {
            let pending = Rc::clone(&pending);
            let broken = Rc::clone(&broken);
            let ready_resolve = Rc::clone(&ready_resolve);
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                event.prevent_default();
                if let Some((_, reject)) = ready_resolve.borrow_mut().take() {
                    let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(UNREADABLE));
                }
                fail_all(&pending);
                broken.set(true);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Started {
            worker,
            ready,
            pending,
            next_id: Cell::new(1),
            broken,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Posts one reading and waits for its answer: `(answer JSON, worker ms)`.
    async fn ask(&self, kind: &str, bytes: &[u8], context: &str) -> Result<(String, f64), String> {
        wasm_bindgen_futures::JsFuture::from(self.ready.clone())
            .await
            .map_err(|_| UNREADABLE.to_string())?;
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        let pending = Rc::clone(&self.pending);
        let answer = Promise::new(&mut |resolve, reject| {
            pending.borrow_mut().insert(id, (resolve, reject));
        });
        let array = Uint8Array::from(bytes);
        let message = Object::new();
        let _ = Reflect::set(&message, &"id".into(), &JsValue::from(id));
        let _ = Reflect::set(&message, &"kind".into(), &JsValue::from_str(kind));
        let _ = Reflect::set(&message, &"bytes".into(), &array);
        let _ = Reflect::set(&message, &"context".into(), &JsValue::from_str(context));
        // The copy's buffer moves to the worker rather than being copied once more.
        let transfer = js_sys::Array::of1(&array.buffer());
        if self
            .worker
            .post_message_with_transfer(&message, &transfer)
            .is_err()
        {
            self.pending.borrow_mut().remove(&id);
            return Err(UNREADABLE.into());
        }
        let data = wasm_bindgen_futures::JsFuture::from(answer)
            .await
            .map_err(|_| UNREADABLE.to_string())?;
        let json = get(&data, "answer").as_string().unwrap_or_default();
        let worker_ms = get(&data, "ms").as_f64().unwrap_or(0.0);
        Ok((json, worker_ms))
    }
}

/// A page's handle on the worker: started by the first reading, stopped when the last clone of
/// the handle is dropped (clones share one worker).
#[derive(Clone, Default)]
pub struct SheetWorker {
    started: Rc<RefCell<Option<Rc<Started>>>>,
}

impl SheetWorker {
    pub fn new() -> SheetWorker {
        SheetWorker::default()
    }

    /// Whether a worker is running for this handle (tests and the bench look).
    pub fn is_started(&self) -> bool {
        self.started.borrow().is_some()
    }

    fn started(&self) -> Result<Rc<Started>, String> {
        let broken = self
            .started
            .borrow()
            .as_ref()
            .is_some_and(|s| s.broken.get());
        if broken {
            self.started.borrow_mut().take();
        }
        if let Some(started) = self.started.borrow().as_ref() {
            return Ok(Rc::clone(started));
        }
        let started = Rc::new(Started::start()?);
        *self.started.borrow_mut() = Some(Rc::clone(&started));
        Ok(started)
    }

    async fn read<T: serde::de::DeserializeOwned>(
        &self,
        kind: &str,
        bytes: &[u8],
        context: &str,
    ) -> Result<Timed<T>, String> {
        let started = self.started()?;
        mark_start(MEASURE);
        let begun = now();
        let (json, worker_ms) = started.ask(kind, bytes, context).await?;
        measure(MEASURE);
        let round_trip_ms = now() - begun;
        let value = serde_json::from_str(&json).map_err(|_| UNREADABLE.to_string())?;
        Ok(Timed {
            value,
            round_trip_ms,
            worker_ms,
        })
    }

    /// Reads and checks a claims template (`rules::claims::check_file` in the worker).
    pub async fn read_claims(
        &self,
        bytes: &[u8],
        context: &ClaimsContext,
    ) -> Result<Timed<ClaimsReport>, String> {
        let context = serde_json::to_string(context).map_err(|_| UNREADABLE.to_string())?;
        self.read("claims", bytes, &context).await
    }

    /// Reads a multiple-facility template, CSV or XLSX (`rules::facility_template::parse_file`).
    pub async fn read_facilities(&self, bytes: &[u8]) -> Result<Timed<FacilitiesAnswer>, String> {
        self.read("facilities", bytes, "").await
    }
}
