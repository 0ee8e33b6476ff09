//! The one error type every server function returns. Each variant is something the page can
//! show at the right place, in Spanish; internal details stay in the server log.

use crate::formularios::{Campo, ErroresCampos};
use leptos::prelude::ServerFnErrorErr;
use leptos::server_fn::{codec::PostcardEncoding, error::FromServerFnError};
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
    /// An operator's lockout: no CS recovery to point to (operators do not have a CS).
    #[error("Su acceso de operador está bloqueado temporalmente por intentos fallidos. Espere {0} minuto(s) e intente nuevamente.")]
    OperadorBloqueado(i64),
    #[error("Su sesión de operador terminó. Ingrese nuevamente con su RUT, contraseña y código de verificación.")]
    SinSesionOperador,
    #[error("Antes de continuar debe reemplazar su contraseña inicial.")]
    DebeCambiarClaveOperador,
    /// Which of RUT, password and code was wrong is not said.
    #[error("El RUT, la contraseña o el código de verificación no son correctos.")]
    CredencialesOperador,
    #[error("No se encontró lo solicitado.")]
    NoEncontrado,
    /// Two operators decided the same request at once: the other one won.
    #[error("Esta solicitud ya fue decidida por otro operador. Recargue para ver su estado.")]
    YaDecidida,
    #[error("La empresa alcanzó el máximo de {0} solicitudes de facilitador por día. Intente nuevamente mañana.")]
    LimiteSolicitudes(u64),
    #[error("Su solicitud N° {0} de Clave Sence para facilitador extranjero está en revisión por SENCE. Recibirá un email cuando sea resuelta.")]
    SolicitudEnRevision(i64),
    /// The reason went by email to the company and the facilitator, not to whoever types a
    /// document number here.
    #[error("Su solicitud N° {0} de Clave Sence para facilitador extranjero fue rechazada; el motivo se informó por email a la empresa y al facilitador. Para más información llame al 800 80 10 30.")]
    SolicitudRechazada(i64),
    #[error("Ha realizado demasiadas solicitudes. Espere un momento e intente nuevamente.")]
    DemasiadasSolicitudes,
    #[error("No fue posible comunicarse con el servidor. Revise su conexión e intente nuevamente.")]
    SinConexion,
    /// The request could not be read: a field missing, a value outside its list, a body that
    /// is not what the call takes. The page never sends one; an outdated or altered page may.
    #[error("La solicitud no es válida: faltan datos o tienen un formato incorrecto. Recargue la página e intente nuevamente.")]
    SolicitudInvalida,
    /// A state-changing request that did not come from the site's own pages (CSRF check).
    #[error("Por seguridad, solo se aceptan solicitudes enviadas desde las páginas del Sistema Clave Sence. Ingrese al sitio directamente e intente nuevamente.")]
    OrigenRechazado,
    #[error("Ocurrió un problema en el sistema. Por favor, intente nuevamente más tarde.")]
    Interno,
}

impl ApiError {
    /// The message for one field, when the error is about that field.
    pub fn en_campo(&self, campo: Campo) -> Option<String> {
        match self {
            ApiError::Campos(errores) => errores.de(campo).map(str::to_owned),
            ApiError::RutRegistrado if campo == Campo::Rut => Some(self.to_string()),
            ApiError::Captcha(mensaje) if campo == Campo::Captcha => Some(mensaje.clone()),
            _ => None,
        }
    }

    /// The HTTP status that goes with it: the person's mistakes are 4xx, only ours are 5xx.
    pub fn estado(&self) -> u16 {
        match self {
            ApiError::Campos(_) | ApiError::Captcha(_) => 422,
            ApiError::RutRegistrado | ApiError::Flujo(_) => 409,
            ApiError::CredencialesInvalidas
            | ApiError::SinSesion
            | ApiError::SinSesionOperador
            | ApiError::CredencialesOperador => 401,
            ApiError::DebeCambiarClaveOperador => 403,
            ApiError::NoEncontrado => 404,
            ApiError::YaDecidida => 409,
            ApiError::LimiteSolicitudes(_) => 429,
            ApiError::SolicitudEnRevision(_) | ApiError::SolicitudRechazada(_) => 403,
            ApiError::Bloqueada(_) | ApiError::OperadorBloqueado(_) => 423,
            ApiError::DemasiadasSolicitudes | ApiError::IntentosAgotados => 429,
            ApiError::SolicitudInvalida => 400,
            ApiError::OrigenRechazado => 403,
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
    type Encoder = PostcardEncoding;

    /// Failures of the server-function machinery, before or after our code. On the server,
    /// arguments that cannot be read (`Args`, `MissingArg`; `Deserialization` is how the JSON
    /// codec reports a body it cannot decode) are the caller's mistake: 400, never a 500. On
    /// the client, `Deserialization` means our answer could not be read.
    fn from_server_fn_error(e: ServerFnErrorErr) -> Self {
        let error = match e {
            ServerFnErrorErr::Request(_) => ApiError::SinConexion,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => ApiError::SolicitudInvalida,
            ServerFnErrorErr::Deserialization(_) if cfg!(feature = "ssr") => ApiError::SolicitudInvalida,
            _ => ApiError::Interno,
        };
        #[cfg(feature = "ssr")]
        {
            match &error {
                ApiError::SolicitudInvalida => tracing::warn!(motivo = %e, "solicitud inválida"),
                _ => tracing::error!(motivo = %e, "falla de la función de servidor"),
            }
            // Our code never ran, so nothing else gives the answer its status.
            let _ = super::con_estado::<()>(Err(error.clone()));
        }
        error
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
            E::OperadorBloqueado { minutos } => ApiError::OperadorBloqueado(minutos),
            E::IntentosAgotados => ApiError::IntentosAgotados,
            E::SinSesion => ApiError::SinSesion,
            E::SinSesionOperador => ApiError::SinSesionOperador,
            E::DebeCambiarClaveOperador => ApiError::DebeCambiarClaveOperador,
            E::CredencialesOperador => ApiError::CredencialesOperador,
            E::NoEncontrado => ApiError::NoEncontrado,
            E::YaDecidida => ApiError::YaDecidida,
            E::LimiteSolicitudes { limite } => ApiError::LimiteSolicitudes(limite),
            E::SolicitudEnRevision { numero } => ApiError::SolicitudEnRevision(numero),
            E::SolicitudRechazada { numero } => ApiError::SolicitudRechazada(numero),
            interno @ E::Interno { .. } => {
                tracing::error!(error = %interno.cadena(), "error interno");
                ApiError::Interno
            }
        }
    }
}

/// An error answered outside a server function (a middleware's refusal, the file upload), in
/// the encoding and with the status a server function's would have, so the page reads it alike.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        use leptos::server_fn::ContentType;
        let estado =
            axum::http::StatusCode::from_u16(self.estado()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (estado, [(axum::http::header::CONTENT_TYPE, PostcardEncoding::CONTENT_TYPE)], self.ser()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Postcard writes a variant as its position. A page loaded before a deploy reads the next
    /// version's errors, so existing variants keep their place; new ones go at the end.
    #[test]
    fn each_error_keeps_its_position_on_the_wire() {
        let en_orden = [
            ApiError::Campos(ErroresCampos::default()),
            ApiError::Captcha(String::new()),
            ApiError::RutRegistrado,
            ApiError::Flujo(String::new()),
            ApiError::CredencialesInvalidas,
            ApiError::Bloqueada(1),
            ApiError::IntentosAgotados,
            ApiError::SinSesion,
            ApiError::OperadorBloqueado(1),
            ApiError::SinSesionOperador,
            ApiError::DebeCambiarClaveOperador,
            ApiError::CredencialesOperador,
            ApiError::NoEncontrado,
            ApiError::YaDecidida,
            ApiError::LimiteSolicitudes(1),
            ApiError::SolicitudEnRevision(1),
            ApiError::SolicitudRechazada(1),
            ApiError::DemasiadasSolicitudes,
            ApiError::SinConexion,
            ApiError::SolicitudInvalida,
            ApiError::OrigenRechazado,
            ApiError::Interno,
        ];
        for (posicion, error) in en_orden.into_iter().enumerate() {
            let bytes = error.ser();
            assert_eq!(usize::from(bytes[0]), posicion, "{error:?} moved");
            assert_eq!(ApiError::de(bytes), error, "read back as written");
        }
    }

    #[test]
    fn a_body_that_is_not_an_error_is_a_bad_request_not_a_panic() {
        // On the server, where this runs; the browser reads it as `Interno`.
        assert_eq!(ApiError::de(vec![0xff, 0xff].into()), ApiError::SolicitudInvalida);
    }
}
