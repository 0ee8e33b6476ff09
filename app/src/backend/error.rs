//! The errors of the domain services: each is either the person's to fix (and carries the
//! Spanish message) or the operator's (logged, and hidden behind a generic message).

use crate::formularios::ErroresCampos;
use cs_domain::flujo::ErrorFlujo;

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
    #[error("demasiados intentos fallidos para el RUT o la IP")]
    IntentosAgotados,
    #[error("sin sesión")]
    SinSesion,
    #[error("error interno: {0}")]
    Interno(String),
}

impl ErrorServicio {
    pub fn campo(campo: &str, mensaje: impl Into<String>) -> Self {
        let mut errores = ErroresCampos::default();
        errores.agregar(campo, mensaje);
        ErrorServicio::Campos(errores)
    }
}

impl From<sea_orm::DbErr> for ErrorServicio {
    fn from(e: sea_orm::DbErr) -> Self {
        ErrorServicio::Interno(format!("base de datos: {e}"))
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
