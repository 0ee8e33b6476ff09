//! Health checks for the load balancer and the orchestrator. `/salud` answers while the
//! process serves HTTP at all (liveness: restart it when this fails). `/listo` answers 200 only
//! when this instance can do its work: the database answers and its schema has every
//! migration this build needs (readiness: send it traffic only then). An instance started
//! with `database.migrate = false` is not ready until someone runs `server migrate`.

use app::backend::esquema;
use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use sea_orm::DatabaseConnection;
use serde_json::{json, Value};
use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

#[derive(Clone)]
struct Salud {
    db: DatabaseConnection,
    /// Once current, a schema stays current (migrations only add): checked until then only.
    esquema_al_dia: Arc<AtomicBool>,
}

/// `/salud` and `/listo`, for a router of any state.
pub fn rutas<S: Clone + Send + Sync + 'static>(db: DatabaseConnection) -> Router<S> {
    let salud = Salud { db, esquema_al_dia: Arc::new(AtomicBool::new(false)) };
    Router::new().route("/salud", get(vivo)).route("/listo", get(listo).with_state(salud))
}

async fn vivo() -> Json<Value> {
    Json(json!({ "estado": "vivo" }))
}

fn no_listo(motivo: &str) -> (StatusCode, Json<Value>) {
    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "estado": "no listo", "motivo": motivo })))
}

async fn listo(State(salud): State<Salud>) -> (StatusCode, Json<Value>) {
    if let Err(e) = salud.db.ping().await {
        tracing::warn!(error = %e, "/listo: la base de datos no responde");
        return no_listo("la base de datos no responde");
    }
    if !salud.esquema_al_dia.load(Ordering::Relaxed) {
        match esquema::al_dia(&salud.db).await {
            Ok(true) => salud.esquema_al_dia.store(true, Ordering::Relaxed),
            Ok(false) => return no_listo("faltan migraciones: ejecute `server migrate`"),
            Err(e) => {
                tracing::warn!(error = %e, "/listo: no se pudo leer el estado de las migraciones");
                return no_listo("no se pudo leer el estado de las migraciones");
            }
        }
    }
    (StatusCode::OK, Json(json!({ "estado": "listo" })))
}
