//! The errors of the domain services: each is either the person's to fix (and carries the
//! Spanish message) or the operator's (logged with its cause chain, and hidden behind a
//! generic message).

use crate::formularios::{Campo, ErroresCampos};
use cs_domain::flujo::ErrorFlujo;

type Causa = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum ErrorServicio {
    #[error("datos inválidos: {0:?}")]
    Campos(ErroresCampos),
    #[error(transparent)]
    Flujo(#[from] ErrorFlujo),
    #[error(transparent)]
    Captcha(#[from] super::captcha::ErrorCaptcha),
    #[error("el RUT ya tiene una cuenta")]
    RutRegistrado,
    #[error("RUT o CS incorrectos")]
    CredencialesInvalidas,
    #[error("cuenta bloqueada por {minutos} minuto(s)")]
    Bloqueada { minutos: i64 },
    #[error("operador bloqueado por {minutos} minuto(s)")]
    OperadorBloqueado { minutos: i64 },
    #[error("demasiados intentos fallidos para el RUT o la IP")]
    IntentosAgotados,
    #[error("sin sesión")]
    SinSesion,
    #[error("sin sesión de operador")]
    SinSesionOperador,
    #[error("el operador debe reemplazar su contraseña inicial")]
    DebeCambiarClaveOperador,
    #[error("RUT, contraseña o código de operador incorrectos")]
    CredencialesOperador,
    #[error("no encontrado")]
    NoEncontrado,
    #[error("la solicitud ya fue decidida")]
    YaDecidida,
    #[error("la empresa alcanzó el límite diario de solicitudes ({limite})")]
    LimiteSolicitudes { limite: u64 },
    /// A facilitator whose request is still under review tries to log in.
    #[error("solicitud {numero} en revisión")]
    SolicitudEnRevision { numero: i64 },
    #[error("solicitud {numero} rechazada")]
    SolicitudRechazada { numero: i64 },
    /// A fault of ours or of a service we depend on: what we were doing, and why it failed.
    #[error("{contexto}")]
    Interno {
        contexto: String,
        #[source]
        causa: Option<Causa>,
    },
}

impl ErrorServicio {
    pub fn campo(campo: Campo, mensaje: impl Into<String>) -> Self {
        ErrorServicio::Campos(ErroresCampos::de_uno(campo, mensaje))
    }

    /// A fault with no underlying error (an invariant that did not hold).
    pub fn interno(contexto: impl Into<String>) -> Self {
        ErrorServicio::Interno { contexto: contexto.into(), causa: None }
    }

    /// A fault caused by `causa`, which is kept for the log.
    pub fn por(contexto: impl Into<String>, causa: impl Into<Causa>) -> Self {
        ErrorServicio::Interno { contexto: contexto.into(), causa: Some(causa.into()) }
    }

    /// The message and every cause under it, for the operator's log.
    pub fn cadena(&self) -> String {
        let mut texto = self.to_string();
        let mut fuente = std::error::Error::source(self);
        while let Some(causa) = fuente {
            texto.push_str(": ");
            texto.push_str(&causa.to_string());
            fuente = causa.source();
        }
        texto
    }
}

impl From<ErroresCampos> for ErrorServicio {
    fn from(errores: ErroresCampos) -> Self {
        ErrorServicio::Campos(errores)
    }
}

impl From<sea_orm::DbErr> for ErrorServicio {
    fn from(e: sea_orm::DbErr) -> Self {
        ErrorServicio::por("base de datos", e)
    }
}

impl From<super::registros::ErrorRegistro> for ErrorServicio {
    fn from(e: super::registros::ErrorRegistro) -> Self {
        ErrorServicio::por("registro externo", e)
    }
}

impl From<sea_orm::TransactionError<ErrorServicio>> for ErrorServicio {
    fn from(e: sea_orm::TransactionError<ErrorServicio>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(inner) => inner,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_names_every_cause() {
        let io = std::io::Error::other("conexión rechazada");
        let error = ErrorServicio::por("enviar correo", io);
        assert_eq!(error.cadena(), "enviar correo: conexión rechazada");
        assert_eq!(ErrorServicio::interno("sin causa").cadena(), "sin causa");
    }
}
