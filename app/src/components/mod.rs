//! Reusable pieces of the pages.

pub mod archivo;
pub mod avisos;
pub mod campo;
pub mod captcha;
pub mod credenciales;
pub mod dialogo;
pub mod diferida;
pub mod domicilio;
pub mod flujo;
pub mod formulario;
pub mod hidratacion;
pub mod layout;
pub mod representante;
