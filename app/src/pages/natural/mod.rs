//! Persona Natural screens.

pub mod registro;
