//! An empty axum handler: `GET /` answers 200 with no body. The ceiling `scripts/bench.sh`
//! compares the app against (same axum, same tokio runtime, nothing else).
//!
//! `cargo build --release -p server --example vacio`, then
//! `target/release/examples/vacio 127.0.0.1:3501` (or the address in `VACIO_BIND`).

use axum::{routing::get, Router};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let direccion = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("VACIO_BIND").ok())
        .unwrap_or_else(|| "127.0.0.1:3501".to_owned());
    let listener = tokio::net::TcpListener::bind(&direccion).await?;
    println!("vacío escuchando en http://{}", listener.local_addr()?);
    axum::serve(listener, Router::new().route("/", get(|| async {}))).await
}
