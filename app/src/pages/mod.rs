//! One module per screen.

pub mod en_construccion;
pub mod informacion;
pub mod ingresar;
pub mod inicio;
pub mod mi_cuenta;
pub mod natural;
pub mod no_encontrada;
