//! The browser entry point: Trunk builds this binary for wasm32 and mounts the Yew app.

fn main() {
    #[cfg(target_arch = "wasm32")]
    berth::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("berth-web runs in a browser: use `make serve`, or `berth shell` for a terminal.");
}
