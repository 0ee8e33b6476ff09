//! Server functions: a few lines each. They turn the browser's strings into domain values,
//! call the backend service, and map its error to what the person should see.
//!
//! They take JSON or a URL-encoded form (what a browser sends without the page's code) and
//! answer in postcard (`output = Postcard`), as do their errors ([`ApiError`]) and the
//! resources a page renders on the server ([`recurso`]). The browser only ever decodes
//! answers, and serde_json's parser, instantiated once per answer type, was the largest part
//! of the decoding code in the wasm: postcard takes 21–36 KB off each procedure page's first visit
//! (docs/rendimiento.md). Postcard names nothing: fields and variants are known by their
//! position, so answer types keep their shape across a deploy (docs/arquitectura.md).

pub mod actualizar;
pub mod cambiar;
pub mod error;
pub mod facilitador;
pub mod flujos;
pub mod operador;
pub mod recuperar;
pub mod registro;
pub mod sesion;

pub use error::ApiError;

/// A resource whose value the server renders into the page and the browser reads back, in
/// postcard like every answer (see the module's doc).
pub type Recurso<T> = leptos::prelude::Resource<T, codee::binary::PostcardCodec>;

#[track_caller]
pub fn recurso<T, S, Fut>(
    fuente: impl Fn() -> S + Send + Sync + 'static,
    cargar: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Recurso<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Recurso::new_with_options(fuente, cargar, false)
}

/// Gives a failed call the HTTP status of its error (see [`ApiError::estado`]). A form sent
/// before the page's code loaded is instead answered with Leptos's redirect back to the page,
/// the error in its query, which a status of our own would break.
#[cfg(feature = "ssr")]
pub(crate) fn con_estado<T>(resultado: Result<T, ApiError>) -> Result<T, ApiError> {
    if formulario_sin_js() {
        return resultado;
    }
    if let (Err(error), Some(respuesta)) = (&resultado, leptos::prelude::use_context::<leptos_axum::ResponseOptions>())
    {
        if let Ok(estado) = axum::http::StatusCode::from_u16(error.estado()) {
            respuesta.set_status(estado);
        }
    }
    resultado
}

/// Whether the browser itself sent the form (its page's code had not loaded yet): it then
/// expects a page, as for any navigation, where the app's own calls expect data.
#[cfg(feature = "ssr")]
pub(crate) fn formulario_sin_js() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|p| {
        p.headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    })
}

/// After a form the browser sent itself, shows `destino` (a 303: the browser follows with a GET).
#[cfg(feature = "ssr")]
pub(crate) fn llevar_a(destino: &str) {
    if let (Some(respuesta), Ok(destino)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), axum::http::HeaderValue::from_str(destino))
    {
        respuesta.set_status(axum::http::StatusCode::SEE_OTHER);
        respuesta.insert_header(axum::http::header::LOCATION, destino);
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn servicios() -> Result<crate::backend::Servicios, ApiError> {
    leptos::prelude::use_context::<crate::backend::Servicios>().ok_or_else(|| {
        tracing::error!("servicios no disponibles en el contexto de la función de servidor");
        ApiError::Interno
    })
}

/// The client's address, worked out once per request by the server's middleware (behind
/// trusted proxies, from `X-Forwarded-For`) and left in the request's extensions.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DireccionCliente(pub std::net::IpAddr);

/// Who is calling: address and browser, for the audit log and the per-IP limits.
#[cfg(feature = "ssr")]
pub(crate) fn origen() -> crate::backend::auditoria::Origen {
    let partes = leptos::prelude::use_context::<axum::http::request::Parts>();
    let ip = partes
        .as_ref()
        .and_then(|p| p.extensions.get::<DireccionCliente>())
        .map(|c| c.0.to_string())
        .unwrap_or_default();
    let agente = partes
        .as_ref()
        .and_then(|p| p.headers.get(axum::http::header::USER_AGENT))
        .and_then(|v| v.to_str().ok())
        .map(|a| a.chars().take(200).collect())
        .unwrap_or_default();
    crate::backend::auditoria::Origen { ip, agente }
}

/// The session id from the request's cookie.
#[cfg(feature = "ssr")]
pub(crate) fn id_sesion() -> Option<String> {
    let partes = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    let svc = leptos::prelude::use_context::<crate::backend::Servicios>()?;
    cookie_de_sesion(&partes.headers, &svc)
}

/// The session token in a request's cookies (also read by the OpenID Connect endpoints).
#[cfg(feature = "ssr")]
pub fn cookie_de_sesion(headers: &axum::http::HeaderMap, svc: &crate::backend::Servicios) -> Option<String> {
    cookie_de_nombre(headers, crate::backend::sesiones::nombre_cookie(svc))
}

/// The value of the cookie called `nombre` (a citizen's or an operator's session).
#[cfg(feature = "ssr")]
pub fn cookie_de_nombre(headers: &axum::http::HeaderMap, nombre: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|par| par.trim().split_once('='))
        .find(|(clave, _)| *clave == nombre)
        .map(|(_, valor)| valor.to_owned())
}

#[cfg(feature = "ssr")]
pub(crate) fn poner_cookie(cookie: &str) {
    if let (Some(respuesta), Ok(valor)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), axum::http::HeaderValue::from_str(cookie))
    {
        respuesta.append_header(axum::http::header::SET_COOKIE, valor);
    }
}
