//! `Ingresar` and `Mi cuenta`: what the server answers.

use crate::domain::cuenta::TipoCuenta;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ingreso {
    /// Logged in: go to `Mi cuenta`.
    Listo,
    /// Logged in with a provisional CS: it must be changed before anything else.
    DebeCambiarClave,
}

/// The account's own data, as `Mi cuenta` shows it: contact data masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatosCuenta {
    pub cuenta: TipoCuenta,
    /// A person's name or a company's razón social.
    pub nombre: String,
    pub rut: String,
    /// Masked (`polmxxxx@senxxxx`).
    pub email: String,
    /// Masked (`+56 9 xxxx 5678`), if any.
    pub celular: Option<String>,
    /// A company's legal representatives.
    pub representantes: Vec<RepresentanteVisible>,
    pub debe_cambiar_clave: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepresentanteVisible {
    pub nombre: String,
    pub rut: String,
    /// Masked.
    pub email: String,
    /// Masked.
    pub celular: String,
}

/// The id of a platform's login request (OpenID Connect) from a page's query, when it has the
/// shape of one: it is then safe to put back in a URL as it is.
pub fn id_solicitud(texto: Option<String>) -> Option<String> {
    texto.filter(|t| {
        !t.is_empty() && t.len() <= 64 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

/// Where the browser goes once logged in for a platform: the server sends it back there.
pub fn url_continuar(solicitud: &str) -> String {
    format!("/oidc/continuar?solicitud={solicitud}")
}

#[cfg(test)]
mod tests {
    use super::id_solicitud;

    #[test]
    fn only_ids_of_url_safe_characters_are_kept() {
        assert_eq!(id_solicitud(Some("abc_DEF-123".into())).as_deref(), Some("abc_DEF-123"));
        assert_eq!(id_solicitud(Some("a&b=c".into())), None);
        assert_eq!(id_solicitud(Some(String::new())), None);
        assert_eq!(id_solicitud(None), None);
    }
}
