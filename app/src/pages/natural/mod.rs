//! Persona Natural screens.

pub mod actualizar;
pub mod cambiar;
pub mod recuperar;
pub mod registro;
