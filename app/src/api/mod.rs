//! Server functions: a few lines each. They turn the browser's strings into domain values,
//! call the backend service, and map its error to what the person should see.

pub mod error;
pub mod flujos;
pub mod registro;

pub use error::ApiError;

/// Gives a failed call the HTTP status of its error (see [`ApiError::estado`]).
#[cfg(feature = "ssr")]
pub(crate) fn con_estado<T>(resultado: Result<T, ApiError>) -> Result<T, ApiError> {
    if let (Err(error), Some(respuesta)) = (&resultado, leptos::prelude::use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(estado) = axum::http::StatusCode::from_u16(error.estado()) {
            respuesta.set_status(estado);
        }
    }
    resultado
}

#[cfg(feature = "ssr")]
pub(crate) fn servicios() -> Result<crate::backend::Servicios, ApiError> {
    leptos::prelude::use_context::<crate::backend::Servicios>().ok_or_else(|| {
        tracing::error!("servicios no disponibles en el contexto de la función de servidor");
        ApiError::Interno
    })
}
