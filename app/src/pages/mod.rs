//! One module per screen.

pub mod en_construccion;
pub mod informacion;
pub mod inicio;
pub mod natural;
pub mod no_encontrada;
