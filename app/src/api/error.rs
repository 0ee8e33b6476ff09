//! The one error type every server function returns. Each variant is something the page can
//! show at the right place, in Spanish; internal details stay in the server log.

use crate::formularios::ErroresCampos;
use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError};
use leptos::prelude::ServerFnErrorErr;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    /// Messages for the fields they concern.
    #[error("Revise los campos marcados.")]
    Campos(ErroresCampos),
    /// The captcha was wrong or stale; the page must show a new one.
    #[error("{0}")]
    Captcha(String),
    /// The RUT already has an account: the page offers recovery.
    #[error("El RUT ingresado ya tiene una Clave Sence. Si no la recuerda, puede recuperarla.")]
    RutRegistrado,
    /// The flow cannot go on (expired, finished, out of order, too many attempts).
    #[error("{0}")]
    Flujo(String),
    /// Unknown RUT and wrong CS look the same, so the answer does not reveal who has an account.
    #[error("El Rut o la Clave Sence no son correctos. Si no recuerda su CS, puede recuperarla.")]
    CredencialesInvalidas,
    /// Too many failed attempts: the account is locked for a while.
    #[error("Su cuenta está bloqueada temporalmente por intentos fallidos. Espere {0} minuto(s) e intente nuevamente, o recupere su CS.")]
    Bloqueada(i64),
    /// Too many failed identity checks for this RUT or from this address, across flows.
    #[error("Superó el número de intentos permitidos para este Rut. Por favor, intente nuevamente más tarde o llame al 800 80 10 30.")]
    IntentosAgotados,
    #[error("Su sesión terminó. Ingrese nuevamente con su Rut y Clave Sence.")]
    SinSesion,
    #[error("Ha realizado demasiadas solicitudes. Espere un momento e intente nuevamente.")]
    DemasiadasSolicitudes,
    #[error("No fue posible comunicarse con el servidor. Revise su conexión e intente nuevamente.")]
    SinConexion,
    #[error("Ocurrió un problema en el sistema. Por favor, intente nuevamente más tarde.")]
    Interno,
}

impl ApiError {
    /// The message for one field, when the error is about that field.
    pub fn en_campo(&self, campo: &str) -> Option<String> {
        match self {
            ApiError::Campos(errores) => errores.de(campo).map(str::to_owned),
            ApiError::RutRegistrado if campo == "rut" => Some(self.to_string()),
            ApiError::Captcha(mensaje) if campo == "captcha" => Some(mensaje.clone()),
            _ => None,
        }
    }

    /// The HTTP status that goes with it: the person's mistakes are 4xx, only ours are 5xx.
    pub fn estado(&self) -> u16 {
        match self {
            ApiError::Campos(_) | ApiError::Captcha(_) => 422,
            ApiError::RutRegistrado | ApiError::Flujo(_) => 409,
            ApiError::CredencialesInvalidas | ApiError::SinSesion => 401,
            ApiError::Bloqueada(_) => 423,
            ApiError::DemasiadasSolicitudes | ApiError::IntentosAgotados => 429,
            ApiError::SinConexion => 503,
            ApiError::Interno => 500,
        }
    }

    /// Whether the message belongs at the top of the form rather than at a field.
    pub fn es_general(&self) -> bool {
        !matches!(self, ApiError::Campos(_) | ApiError::Captcha(_) | ApiError::RutRegistrado)
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(e: ServerFnErrorErr) -> Self {
        match e {
            ServerFnErrorErr::Request(_) => ApiError::SinConexion,
            _ => ApiError::Interno,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::backend::error::ErrorServicio> for ApiError {
    fn from(e: crate::backend::error::ErrorServicio) -> Self {
        use crate::backend::error::ErrorServicio as E;
        match e {
            E::Campos(errores) => ApiError::Campos(errores),
            E::Flujo(f) => ApiError::Flujo(f.to_string()),
            E::Captcha(c) => ApiError::Captcha(c.to_string()),
            E::RutRegistrado => ApiError::RutRegistrado,
            E::CredencialesInvalidas => ApiError::CredencialesInvalidas,
            E::Bloqueada { minutos } => ApiError::Bloqueada(minutos),
            E::IntentosAgotados => ApiError::IntentosAgotados,
            E::SinSesion => ApiError::SinSesion,
            E::Interno(detalle) => {
                tracing::error!(%detalle, "error interno");
                ApiError::Interno
            }
        }
    }
}
