#![recursion_limit = "256"]
//! The browser entry point: hydrates the server-rendered page, once the code of its (lazy)
//! route has arrived.

mod planificador;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // The release bundle stops at a panic without running any hook (scripts/build.sh); the
    // message is for development builds (`cargo leptos watch`).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    planificador::instalar();
    leptos::mount::hydrate_lazy(app::App);
}
