//! The rules of the Clave Sence system, written once and compiled both into the browser
//! (instant feedback) and into the server (enforcement). Every type here can only hold a
//! valid value: build it with `parse`, and the error says, in Spanish, what is wrong.

pub mod clave;
pub mod cuenta;
pub mod email;
pub mod facilitador;
pub mod flujo;
pub mod mascara;
pub mod numero_serie;
pub mod pregunta;
pub mod provisional;
pub mod rut;
pub mod secreto;
pub mod telefono;
pub mod territorio;
pub mod texto;
