//! Forms as the browser sends them (plain strings) and their conversion into domain values.
//! The same conversion runs in the browser, field by field as the person types, and on the
//! server, on the whole form: one rule, two places it is enforced.

pub mod registro_natural;

/// Messages shared by several forms, shown by the page and returned by the server alike.
pub mod mensajes {
    pub const MISMA_CLAVE: &str = "La CS Nueva debe ser distinta de la CS Actual.";
    pub const FALTA_CLAVE_ACTUAL: &str = "Ingrese su CS Actual.";
    pub const FALTA_CLAVE: &str = "Ingrese su Clave Sence.";
    pub const RESPUESTA_INCORRECTA: &str = "La respuesta secreta no es correcta.";
}

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Spanish messages keyed by field id: what goes wrong, shown at the field it concerns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErroresCampos(pub BTreeMap<String, String>);

impl ErroresCampos {
    pub fn agregar(&mut self, campo: &str, mensaje: impl Into<String>) {
        self.0.entry(campo.to_owned()).or_insert_with(|| mensaje.into());
    }

    pub fn de(&self, campo: &str) -> Option<&str> {
        self.0.get(campo).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps `Ok` values and records each error under its field.
    pub fn tomar<T, E: std::fmt::Display>(&mut self, campo: &str, r: Result<T, E>) -> Option<T> {
        r.map_err(|e| self.agregar(campo, e.to_string())).ok()
    }
}
