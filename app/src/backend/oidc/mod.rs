//! The OpenID Connect provider: SENCE platforms log people and companies in with the CS
//! through the authorization code flow (PKCE), and never see the CS. Every protocol piece is
//! the `openidconnect` crate's (metadata, JWK set, ID token claims and signing, error bodies);
//! this module keeps the state in the database, so that every instance serves every step.
//!
//! The request of a platform is kept server-side ([`solicitud`](super::entidades::oidc::solicitud))
//! and the login page only carries its opaque id.

pub mod claves;
pub mod clientes;
pub mod flujo;

use super::error::ErrorServicio;
use openidconnect::AdditionalClaims;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// An authorization code lives this long (OAuth 2.0 Security BCP: short and single-use).
pub const VIDA_CODIGO_SEGUNDOS: i64 = 60;
/// Access tokens and ID tokens.
pub const VIDA_TOKEN_SEGUNDOS: i64 = 3600;
/// A retired key stays published this long: well beyond the ID tokens it signed, and the
/// time platforms cache the key set.
pub const PUBLICADA_TRAS_RETIRO_SEGUNDOS: i64 = 24 * 3600;

/// The scopes we serve; any other is ignored, as OpenID Connect says.
pub const SCOPES: [&str; 4] = ["openid", "profile", "email", "rut"];

/// Our claims beyond the standard ones (scope `rut`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimsRut {
    /// The account's RUT, normalised (`11111111-1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rut: Option<String>,
    /// `natural`, `juridica` or `facilitador`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tipo_cuenta: Option<String>,
}

impl AdditionalClaims for ClaimsRut {}

/// Codes and tokens are stored by their SHA-256: they are random and long, so no salt is
/// needed, and the table holds nothing usable.
fn hash(valor: &str) -> String {
    hex::encode(Sha256::digest(valor.as_bytes()))
}

/// The issuer: where the site is reached, as platforms configure it.
fn emisor(svc: &super::Servicios) -> String {
    svc.ajustes.url_publica.trim_end_matches('/').to_owned()
}

/// An error of the registry of platforms (the CLI's).
#[derive(Debug, thiserror::Error)]
pub enum ErrorCliente {
    #[error("ya existe una plataforma con el id {0}")]
    Duplicado(String),
    #[error("no existe la plataforma {0}")]
    Desconocido(String),
    #[error("dirección inválida {0}: debe ser una URL absoluta sin fragmento")]
    UriInvalida(String),
    #[error("falta al menos una dirección de retorno (--redirect)")]
    SinRedirect,
    #[error("id inválido: de 1 a 64 letras, dígitos, '-', '_' o '.'")]
    IdInvalido,
    #[error(transparent)]
    Servicio(#[from] ErrorServicio),
}

impl From<sea_orm::DbErr> for ErrorCliente {
    fn from(e: sea_orm::DbErr) -> Self {
        ErrorCliente::Servicio(e.into())
    }
}
