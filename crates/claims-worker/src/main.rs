//! The worker's entry point: Trunk's loader shim (`claims-worker_loader.js`) imports the
//! wasm-bindgen glue, which runs `main` once the WebAssembly is ready.

fn main() {
    claims_worker::install();
}
