#![recursion_limit = "256"]
//! The Clave Sence server: settings, assembly and HTTP protections. `main.rs` is the CLI.

pub mod archivos;
pub mod cliente;
pub mod config;
pub mod estaticos;
pub mod observabilidad;
pub mod oidc;
pub mod salud;
pub mod seguridad;
pub mod startup;
