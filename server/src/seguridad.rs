//! HTTP protections every response or request goes through: security headers, the origin
//! check on state-changing requests (CSRF), and a per-IP rate limit on server functions.

use app::api::{ApiError, DireccionCliente};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
    Extension,
};
use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Headers for every response. Pages set their own CSP (with the render's script nonce);
/// anything else (server functions, files, errors) gets a policy that allows nothing.
pub async fn cabeceras(req: Request, next: Next) -> Response {
    let mut respuesta = next.run(req).await;
    let h = respuesta.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        );
    }
    let es_estatico = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/wasm") || t.contains("javascript") || t.starts_with("text/css"));
    if !es_estatico {
        // Forms with personal data: never kept by a shared cache or the back button.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    respuesta
}

/// Cancels a request still unanswered at its deadline: a body trickled in byte by byte, or a
/// call stuck behind a stalled database. Dropping the handler rolls back its transaction. 503,
/// not 408: browsers resend a request answered 408 on a reused connection, and a POST that
/// took the whole deadline once should not run again by itself.
pub async fn plazo(State(plazo): State<Duration>, req: Request, next: Next) -> Response {
    // The path only: a query can carry a capability (a login request's id).
    let ruta = req.uri().path().to_owned();
    match tokio::time::timeout(plazo, next.run(req)).await {
        Ok(respuesta) => respuesta,
        Err(_) => {
            tracing::warn!(%ruta, segundos = plazo.as_secs(), "solicitud cancelada: superó su plazo");
            ApiError::SinConexion.into_response()
        }
    }
}

/// Where the page that sent a request lives, as browsers report it.
fn origen_permitido(headers: &HeaderMap, origen_publico: Option<&str>) -> bool {
    if headers.get("sec-fetch-site").is_some_and(|v| v == "cross-site") {
        return false;
    }
    let Some(origen) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // Browsers always send Origin on cross-origin POSTs; a request without one is not a
        // forged form submission (it comes from a non-browser client).
        return true;
    };
    match origen_publico {
        Some(publico) => origen.eq_ignore_ascii_case(publico.trim_end_matches('/')),
        None => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
            let sin_esquema = origen.strip_prefix("https://").or_else(|| origen.strip_prefix("http://"));
            sin_esquema.is_some_and(|o| o.eq_ignore_ascii_case(host))
        }
    }
}

/// Refuses state-changing requests sent by pages of another origin (CSRF).
pub async fn verificar_origen(State(origen_publico): State<Option<Arc<str>>>, req: Request, next: Next) -> Response {
    // The token endpoint uses no cookie: the client authenticates itself, from any origin.
    let seguro =
        matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || req.uri().path() == "/oidc/token";
    if !seguro && !origen_permitido(req.headers(), origen_publico.as_deref()) {
        tracing::warn!(uri = %req.uri(), origin = ?req.headers().get(header::ORIGIN), "solicitud de otro origen rechazada");
        return ApiError::OrigenRechazado.into_response();
    }
    next.run(req).await
}

/// A token bucket per client IP. The table is bounded: when full, buckets that have refilled
/// completely (idle clients) are dropped, and if none has, new clients are refused.
pub struct LimitePorIp {
    por_segundo: f64,
    rafaga: f64,
    maximo_clientes: usize,
    baldes: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl LimitePorIp {
    pub fn new(por_minuto: u32, rafaga: u32, maximo_clientes: usize) -> Self {
        LimitePorIp {
            por_segundo: f64::from(por_minuto.max(1)) / 60.0,
            rafaga: f64::from(rafaga.max(1)),
            maximo_clientes,
            baldes: Mutex::new(HashMap::new()),
        }
    }

    pub fn permitir(&self, ip: IpAddr, ahora: Instant) -> bool {
        let mut baldes = self.baldes.lock().unwrap_or_else(|e| e.into_inner());
        if !baldes.contains_key(&ip) && baldes.len() >= self.maximo_clientes {
            let (por_segundo, rafaga) = (self.por_segundo, self.rafaga);
            baldes.retain(|_, (fichas, visto)| {
                *fichas + ahora.duration_since(*visto).as_secs_f64() * por_segundo < rafaga
            });
            if baldes.len() >= self.maximo_clientes {
                return false;
            }
        }
        let (fichas, visto) = baldes.entry(ip).or_insert((self.rafaga, ahora));
        *fichas = (*fichas + ahora.duration_since(*visto).as_secs_f64() * self.por_segundo).min(self.rafaga);
        *visto = ahora;
        if *fichas >= 1.0 {
            *fichas -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The flood limit: per client address (see `crate::cliente`), per instance.
pub async fn limitar(
    State(limite): State<Arc<LimitePorIp>>,
    Extension(DireccionCliente(cliente)): Extension<DireccionCliente>,
    req: Request<Body>,
    next: Next,
) -> Response {
    if !limite.permitir(cliente, Instant::now()) {
        tracing::warn!(ip = %cliente, uri = %req.uri(), "límite de solicitudes excedido");
        return ApiError::DemasiadasSolicitudes.into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cabeceras(pares: &[(&'static str, &'static str)]) -> HeaderMap {
        pares.iter().map(|(k, v)| (header::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn same_origin_posts_pass_and_foreign_ones_do_not() {
        let propio = cabeceras(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]);
        assert!(origen_permitido(&propio, None));
        let ajeno = cabeceras(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")]);
        assert!(!origen_permitido(&ajeno, None));
        let cruzado = cabeceras(&[("host", "a"), ("sec-fetch-site", "cross-site")]);
        assert!(!origen_permitido(&cruzado, None));
    }

    #[test]
    fn a_configured_public_origin_is_the_only_one_accepted() {
        let h = cabeceras(&[("host", "interno:3000"), ("origin", "https://cus.sence.cl")]);
        assert!(origen_permitido(&h, Some("https://cus.sence.cl/")));
        assert!(!origen_permitido(&h, Some("https://otro.cl")));
    }

    #[test]
    fn the_bucket_allows_a_burst_then_the_rate() {
        let limite = LimitePorIp::new(60, 3, 10);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        assert!((0..3).all(|_| limite.permitir(ip, t0)));
        assert!(!limite.permitir(ip, t0));
        assert!(limite.permitir(ip, t0 + Duration::from_secs(1)));
    }

    #[test]
    fn the_table_of_clients_stays_bounded() {
        let limite = LimitePorIp::new(60, 2, 2);
        let t0 = Instant::now();
        let ip = |n: u8| IpAddr::from([10, 0, 0, n]);
        assert!(limite.permitir(ip(1), t0));
        assert!(limite.permitir(ip(2), t0));
        assert!(!limite.permitir(ip(3), t0), "full of active clients");
        assert!(limite.permitir(ip(3), t0 + Duration::from_secs(60)), "idle clients are dropped");
        assert!(limite.baldes.lock().unwrap().len() <= 2);
    }
}
