#![recursion_limit = "256"]
//! The Clave Sence server: settings, assembly and HTTP protections. `main.rs` is the CLI.

pub mod config;
pub mod seguridad;
pub mod startup;
