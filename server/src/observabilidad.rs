//! What an operator sees of each request and of the instance: a request id on every request
//! (`x-request-id`: kept when the balancer sends a sane one, made otherwise, and returned), a
//! tracing span per request with method, matched route, client, status and latency (every log
//! line of the request carries it), and Prometheus metrics on a listener of their own.
//!
//! Metrics (OpenMetrics text at `GET /metrics` on `metrics.bind`):
//! - `cs_solicitudes_http_total{metodo,ruta,estado}` and
//!   `cs_solicitudes_http_duracion_segundos{metodo,ruta}`: per matched route (`ruta` is the
//!   route's pattern, `otra` for files and unknown paths, so no request can add a series);
//! - `cs_hashing_en_espera`, `cs_hashing_en_curso`: the argon2 queue of this instance;
//! - `cs_buzon_mensajes{estado}`, `cs_buzon_espera_mas_larga_segundos`: the outbox, read from
//!   the shared database when scraped (every instance reports the same figures).

use app::backend::{notificaciones, Servicios};
use axum::{
    body::Body,
    extract::{MatchedPath, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use prometheus_client::{
    encoding::{text::encode, EncodeLabelSet},
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};
use std::{sync::Arc, time::Duration, time::Instant};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};
use tracing::{field::Empty, Level, Span};

const ID_SOLICITUD: &str = "x-request-id";
/// A request id from outside is kept only if it is this short and plain: it goes into every
/// log line of the request.
const LARGO_MAXIMO_ID: usize = 128;
/// Load-balancer probes: logged at debug level, or they would drown the log.
const SONDEOS: [&str; 2] = ["/salud", "/listo"];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EtiquetasSolicitud {
    metodo: String,
    ruta: String,
    estado: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EtiquetasRuta {
    metodo: String,
    ruta: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EtiquetasBuzon {
    estado: String,
}

fn cubetas_de_latencia() -> Histogram {
    // 5 ms … ~10 s: a page render, a server function, a hashing burst.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(0.005, 2.0, 12))
}

/// This instance's metrics.
pub struct Metricas {
    registro: Registry,
    solicitudes: Family<EtiquetasSolicitud, Counter>,
    duracion: Family<EtiquetasRuta, Histogram, fn() -> Histogram>,
    hashing_en_espera: Gauge,
    hashing_en_curso: Gauge,
    buzon: Family<EtiquetasBuzon, Gauge>,
    buzon_espera: Gauge,
}

impl Default for Metricas {
    fn default() -> Self {
        let mut registro = Registry::with_prefix("cs");
        let solicitudes = Family::<EtiquetasSolicitud, Counter>::default();
        let duracion = Family::<EtiquetasRuta, Histogram, fn() -> Histogram>::new_with_constructor(cubetas_de_latencia);
        let (hashing_en_espera, hashing_en_curso) = (Gauge::default(), Gauge::default());
        let buzon = Family::<EtiquetasBuzon, Gauge>::default();
        let buzon_espera = Gauge::default();
        registro.register("solicitudes_http", "Solicitudes HTTP atendidas, por ruta y estado", solicitudes.clone());
        registro.register(
            "solicitudes_http_duracion_segundos",
            "Tiempo hasta la respuesta, por ruta",
            duracion.clone(),
        );
        registro.register("hashing_en_espera", "Cálculos argon2 esperando turno", hashing_en_espera.clone());
        registro.register("hashing_en_curso", "Cálculos argon2 en curso", hashing_en_curso.clone());
        registro.register("buzon_mensajes", "Mensajes del buzón de salida, por estado", buzon.clone());
        registro.register(
            "buzon_espera_mas_larga_segundos",
            "Antigüedad del mensaje pendiente más antiguo (0 sin pendientes)",
            buzon_espera.clone(),
        );
        Metricas { registro, solicitudes, duracion, hashing_en_espera, hashing_en_curso, buzon, buzon_espera }
    }
}

impl Metricas {
    fn registrar_solicitud(&self, metodo: &Method, ruta: &str, estado: StatusCode, latencia: Duration) {
        // Only the standard methods get a label of their own: a request cannot add series.
        let metodo = match *metodo {
            Method::GET
            | Method::HEAD
            | Method::POST
            | Method::PUT
            | Method::PATCH
            | Method::DELETE
            | Method::OPTIONS => metodo.as_str(),
            _ => "OTRO",
        };
        let ruta_etiqueta = EtiquetasRuta { metodo: metodo.to_owned(), ruta: ruta.to_owned() };
        self.duracion.get_or_create(&ruta_etiqueta).observe(latencia.as_secs_f64());
        let etiquetas =
            EtiquetasSolicitud { metodo: ruta_etiqueta.metodo, ruta: ruta_etiqueta.ruta, estado: estado.as_u16() };
        self.solicitudes.get_or_create(&etiquetas).inc();
    }

    /// Reads the gauges that are sampled rather than counted, then encodes everything.
    async fn exponer(&self, servicios: &Servicios) -> Result<String, String> {
        let cola = servicios.hasheador.cola();
        self.hashing_en_espera.set(i64::try_from(cola.esperando).unwrap_or(i64::MAX));
        self.hashing_en_curso.set(i64::try_from(cola.en_curso).unwrap_or(i64::MAX));
        let buzon = notificaciones::estado_buzon(&servicios.db, servicios.ahora()).await.map_err(|e| e.to_string())?;
        for (estado, n) in buzon.por_estado {
            self.buzon
                .get_or_create(&EtiquetasBuzon { estado: estado.to_owned() })
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
        self.buzon_espera.set(buzon.espera_mas_larga_segundos.unwrap_or(0));
        let mut texto = String::new();
        encode(&mut texto, &self.registro).map_err(|e| e.to_string())?;
        Ok(texto)
    }
}

/// Counts and times each request under its matched route.
async fn medir(State(metricas): State<Arc<Metricas>>, req: Request, next: Next) -> Response {
    let inicio = Instant::now();
    let metodo = req.method().clone();
    let ruta = req.extensions().get::<MatchedPath>().map_or_else(|| "otra".to_owned(), |r| r.as_str().to_owned());
    let respuesta = next.run(req).await;
    metricas.registrar_solicitud(&metodo, &ruta, respuesta.status(), inicio.elapsed());
    respuesta
}

/// Drops a request id from outside that is long or has characters other than letters, digits
/// and `-_.:` (a forged one must not write into the log); a fresh one is made instead.
async fn sanear_id(mut req: Request, next: Next) -> Response {
    let sano = req.headers().get(ID_SOLICITUD).is_none_or(|v| {
        v.len() <= LARGO_MAXIMO_ID
            && !v.is_empty()
            && v.as_bytes().iter().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
    });
    if !sano {
        req.headers_mut().remove(ID_SOLICITUD);
    }
    next.run(req).await
}

fn span_de_solicitud(req: &Request<Body>) -> Span {
    let ruta = req.extensions().get::<MatchedPath>().map_or("otra", MatchedPath::as_str);
    let id = req.headers().get(ID_SOLICITUD).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if SONDEOS.contains(&ruta) {
        tracing::debug_span!("solicitud", id, metodo = %req.method(), ruta, cliente = Empty, estado = Empty, latencia_ms = Empty)
    } else {
        tracing::info_span!("solicitud", id, metodo = %req.method(), ruta, cliente = Empty, estado = Empty, latencia_ms = Empty)
    }
}

fn al_responder(respuesta: &Response<Body>, latencia: Duration, span: &Span) {
    span.record("estado", respuesta.status().as_u16());
    span.record("latencia_ms", u64::try_from(latencia.as_millis()).unwrap_or(u64::MAX));
    if span.metadata().is_some_and(|m| *m.level() == Level::INFO) {
        tracing::info!(parent: span, "respuesta");
    } else {
        tracing::debug!(parent: span, "respuesta");
    }
}

/// Wraps every route of `router` (applied last, so it sees every other layer's answer too):
/// request id, span and log line, metrics.
pub fn instrumentar<S: Clone + Send + Sync + 'static>(router: Router<S>, metricas: Arc<Metricas>) -> Router<S> {
    router.layer(middleware::from_fn_with_state(metricas, medir)).layer(
        ServiceBuilder::new()
            .layer(middleware::from_fn(sanear_id))
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(span_de_solicitud).on_response(al_responder))
            .layer(PropagateRequestIdLayer::x_request_id()),
    )
}

/// Serves `GET /metrics` on its own listener until the process ends.
pub async fn servir_metricas(listener: TcpListener, metricas: Arc<Metricas>, servicios: Servicios) {
    let rutas = Router::new().route(
        "/metrics",
        get(move || {
            let (metricas, servicios) = (metricas.clone(), servicios.clone());
            async move {
                match metricas.exponer(&servicios).await {
                    Ok(texto) => (
                        [(
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
                        )],
                        texto,
                    )
                        .into_response(),
                    Err(e) => {
                        tracing::error!(error = %e, "no se pudieron leer las métricas");
                        StatusCode::SERVICE_UNAVAILABLE.into_response()
                    }
                }
            }
        }),
    );
    if let Err(e) = axum::serve(listener, rutas).await {
        tracing::error!(error = %e, "el servidor de métricas se detuvo");
    }
}
