//! The OpenID Connect endpoints: plain axum routes over `app::backend::oidc`. Protocol errors
//! go back in the protocol's own shape (a redirect to the platform, or JSON per RFC 6749
//! §5.2); a request that cannot go back to a known platform gets our own page.

use app::api::DireccionCliente;
use app::backend::oidc::{
    claves,
    flujo::{self, AutenticacionCliente, Destino, ErrorSolicitud, ErrorToken, ErrorUserinfo, PeticionToken},
};
use app::backend::{auditoria::Origen, error::ErrorServicio, sesiones, Servicios};
use axum::{
    extract::{rejection::FormRejection, Query, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Extension, Form, Json, Router,
};
use base64::{engine::general_purpose::STANDARD, Engine};
use serde::Deserialize;
use std::collections::HashMap;

pub fn rutas<S: Clone + Send + Sync + 'static>(servicios: Servicios) -> Router<S> {
    Router::new()
        .route("/.well-known/openid-configuration", get(descubrimiento))
        .route("/oidc/jwks", get(jwks))
        .route("/oidc/autorizar", get(autorizar))
        .route("/oidc/continuar", get(continuar))
        .route("/oidc/token", axum::routing::post(token))
        .route("/oidc/userinfo", get(userinfo).post(userinfo))
        .route("/oidc/salir", get(salir))
        .with_state(servicios)
}

fn fallo_interno(e: &ErrorServicio) -> Response {
    tracing::error!(error = %e.cadena(), "falla en el proveedor OIDC");
    pagina(StatusCode::INTERNAL_SERVER_ERROR, "Ocurrió un error inesperado. Intente nuevamente en unos minutos.")
}

/// Our own page for a request that cannot go back to its platform.
fn pagina(estado: StatusCode, mensaje: &str) -> Response {
    let cuerpo = format!(
        "<!DOCTYPE html><html lang=\"es-CL\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Ingreso no disponible - Sistema Clave Sence</title>\
         <link rel=\"stylesheet\" href=\"/pkg/clave-sence.css\"></head>\
         <body><main id=\"contenido\"><h1>INGRESO NO DISPONIBLE</h1>\
         <p class=\"alerta\" role=\"alert\">{mensaje}</p><p><a href=\"/\">Ir al inicio</a></p></main></body></html>"
    );
    let politica = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    (estado, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, politica)], cuerpo)
        .into_response()
}

fn a_destino(resultado: Result<Destino, ErrorSolicitud>) -> Response {
    match resultado {
        Ok(Destino::Plataforma(url) | Destino::Pagina(url)) => Redirect::to(&url).into_response(),
        Err(ErrorSolicitud::Servicio(e)) => fallo_interno(&e),
        Err(e) => pagina(StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

/// Who asks, for the audit log of a login at a platform.
pub(crate) fn origen(headers: &HeaderMap, cliente: Option<Extension<DireccionCliente>>) -> Origen {
    Origen {
        ip: cliente.map(|c| c.0 .0.to_string()).unwrap_or_default(),
        agente: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|a| a.chars().take(200).collect())
            .unwrap_or_default(),
    }
}

async fn descubrimiento(State(svc): State<Servicios>) -> Response {
    match flujo::metadatos(&svc) {
        Ok(m) => Json(m).into_response(),
        Err(e) => fallo_interno(&e),
    }
}

async fn jwks(State(svc): State<Servicios>) -> Response {
    match claves::publicadas(&svc).await {
        Ok(k) => Json(k).into_response(),
        Err(e) => fallo_interno(&e),
    }
}

async fn autorizar(
    State(svc): State<Servicios>,
    cliente: Option<Extension<DireccionCliente>>,
    headers: HeaderMap,
    parametros: Result<Query<flujo::ParametrosAutorizacion>, axum::extract::rejection::QueryRejection>,
) -> Response {
    // A malformed query (a parameter twice) cannot be trusted to name the platform.
    let Ok(Query(parametros)) = parametros else {
        return pagina(StatusCode::BAD_REQUEST, "La solicitud de ingreso de la plataforma está mal formada.");
    };
    let sesion = app::api::cookie_de_sesion(&headers, &svc);
    a_destino(flujo::autorizar(&svc, parametros, sesion.as_deref(), &origen(&headers, cliente)).await)
}

#[derive(Deserialize)]
struct Continuar {
    solicitud: String,
}

async fn continuar(
    State(svc): State<Servicios>,
    cliente: Option<Extension<DireccionCliente>>,
    headers: HeaderMap,
    parametros: Result<Query<Continuar>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(Continuar { solicitud })) = parametros else {
        return a_destino(Err(ErrorSolicitud::SolicitudVencida));
    };
    let sesion = app::api::cookie_de_sesion(&headers, &svc);
    a_destino(flujo::continuar(&svc, &solicitud, sesion.as_deref(), &origen(&headers, cliente)).await)
}

/// `client_secret_basic`: `Authorization: Basic base64(urlencode(id):urlencode(secret))`.
fn credenciales_basic(headers: &HeaderMap) -> Option<Result<AutenticacionCliente, ErrorToken>> {
    let valor = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let codificado = valor.strip_prefix("Basic ").or_else(|| valor.strip_prefix("basic "))?;
    let leer = || -> Option<AutenticacionCliente> {
        let texto = String::from_utf8(STANDARD.decode(codificado.trim()).ok()?).ok()?;
        let (id, secreto) = texto.split_once(':')?;
        let decodificar =
            |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8().ok().map(String::from);
        Some(AutenticacionCliente { id: decodificar(id)?, secreto: Some(decodificar(secreto)?) })
    };
    Some(leer().ok_or(ErrorToken::ClienteInvalido))
}

fn autenticacion(headers: &HeaderMap, p: &mut PeticionToken) -> Result<AutenticacionCliente, ErrorToken> {
    match credenciales_basic(headers) {
        Some(_) if p.client_secret.is_some() => {
            Err(ErrorToken::PeticionInvalida("more than one authentication method"))
        }
        Some(basic) => basic,
        None => match p.client_id.take() {
            Some(id) => Ok(AutenticacionCliente { id, secreto: p.client_secret.take() }),
            None => Err(ErrorToken::ClienteInvalido),
        },
    }
}

async fn token(
    State(svc): State<Servicios>,
    headers: HeaderMap,
    form: Result<Form<PeticionToken>, FormRejection>,
) -> Response {
    let resultado = match form {
        Err(_) => Err(ErrorToken::PeticionInvalida("the body must be a form with each parameter once")),
        Ok(Form(mut peticion)) => match autenticacion(&headers, &mut peticion) {
            Ok(cliente) => flujo::canjear(&svc, cliente, peticion).await,
            Err(e) => Err(e),
        },
    };
    match resultado {
        Ok(respuesta) => ([(header::PRAGMA, "no-cache")], Json(respuesta)).into_response(),
        Err(e) => {
            if let ErrorToken::Servicio(s) = &e {
                tracing::error!(error = %s.cadena(), "falla en /oidc/token");
            } else {
                tracing::info!(error = %e, "solicitud de token rechazada");
            }
            let (estado, cuerpo) = e.respuesta();
            let mut r = (StatusCode::from_u16(estado).unwrap_or(StatusCode::BAD_REQUEST), Json(cuerpo)).into_response();
            if estado == 401 && headers.contains_key(header::AUTHORIZATION) {
                r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"oidc\""));
            }
            r
        }
    }
}

async fn userinfo(State(svc): State<Servicios>, headers: HeaderMap) -> Response {
    let portador = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")));
    let Some(acceso) = portador else {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    };
    match flujo::userinfo(&svc, acceso.trim()).await {
        Ok(claims) => Json(claims).into_response(),
        Err(ErrorUserinfo::TokenInvalido) => {
            (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")]).into_response()
        }
        Err(ErrorUserinfo::Servicio(e)) => {
            tracing::error!(error = %e.cadena(), "falla en /oidc/userinfo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn salir(
    State(svc): State<Servicios>,
    headers: HeaderMap,
    parametros: Result<Query<flujo::ParametrosSalida>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(parametros)) = parametros else {
        return a_destino(Err(ErrorSolicitud::SalidaInvalida));
    };
    let sesion = app::api::cookie_de_sesion(&headers, &svc);
    let resultado = flujo::salir(&svc, parametros, sesion.as_deref()).await;
    let ok = resultado.is_ok();
    let mut respuesta = a_destino(resultado);
    if ok {
        if let Ok(v) = HeaderValue::from_str(&sesiones::cookie_vencida(&svc)) {
            respuesta.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    respuesta
}

/// `Ingresar` names the platform that asks for the login (`?solicitud=`). The page reads the
/// name while it renders, so it is looked up here, before, and left in the request.
pub async fn nombrar_plataforma(State(svc): State<Servicios>, mut req: Request, next: Next) -> Response {
    if req.method() == Method::GET && req.uri().path() == "/ingresar" {
        let consulta = Query::<HashMap<String, String>>::try_from_uri(req.uri()).map(|q| q.0).unwrap_or_default();
        if let Some(id) = app::formularios::sesion::id_solicitud(consulta.get("solicitud").cloned()) {
            let nombre = flujo::plataforma(&svc, &id).await.unwrap_or_else(|e| {
                tracing::error!(error = %e.cadena(), "no se pudo leer la plataforma solicitante");
                None
            });
            req.extensions_mut().insert(app::api::sesion::PlataformaDelIngreso(nombre));
        }
    }
    next.run(req).await
}
