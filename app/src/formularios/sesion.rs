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
