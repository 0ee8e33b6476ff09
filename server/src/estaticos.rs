//! The built assets under `/pkg` (wasm, JS, CSS). They are sent as built: precompressed with
//! brotli or gzip (`cargo leptos build --release --precompress`), as the browser's
//! `Accept-Encoding` allows; and, when their names carry a hash of their content
//! (`hash-files` in Cargo.toml), kept by browsers for a year, since a new build has new names.

use axum::http::{header, HeaderValue, Response};
use axum::Router;
use leptos::prelude::LeptosOptions;
use std::path::Path;
use tower::ServiceBuilder;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

/// Whether the build named its assets by content: cargo-leptos then leaves the names in a file
/// next to the server binary, where Leptos looks for them.
pub fn nombres_con_hash(opciones: &LeptosOptions) -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(opciones.hash_file.as_ref()).is_file()))
        .unwrap_or(false)
}

/// `/pkg/…`, served straight from the site directory, outside the page renderer.
pub fn rutas<S: Clone + Send + Sync + 'static>(opciones: &LeptosOptions) -> Router<S> {
    let dir = Path::new(opciones.site_root.as_ref()).join(opciones.site_pkg_dir.as_ref());
    // Without a hash in the name, a cached copy must be checked before each use.
    let cache =
        HeaderValue::from_static(if opciones.hash_files { "public, max-age=31536000, immutable" } else { "no-cache" });
    let archivos = ServiceBuilder::new()
        // Only a file found is worth keeping: a missing one may be there after the next deploy.
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, move |r: &Response<_>| {
            r.status().is_success().then(|| cache.clone())
        }))
        .service(ServeDir::new(dir).precompressed_br().precompressed_gzip());
    Router::new().nest_service(&format!("/{}", opciones.site_pkg_dir), archivos)
}
