//! Server functions: a few lines each. They turn the browser's strings into domain values,
//! call the backend service, and map its error to what the person should see.

pub mod error;
pub mod flujos;
pub mod registro;

pub use error::ApiError;

#[cfg(feature = "ssr")]
pub(crate) fn servicios() -> Result<crate::backend::Servicios, ApiError> {
    leptos::prelude::use_context::<crate::backend::Servicios>().ok_or_else(|| {
        tracing::error!("servicios no disponibles en el contexto de la función de servidor");
        ApiError::Interno
    })
}
