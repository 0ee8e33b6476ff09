//! SeaORM entities. Every time is Unix seconds (i64): portable between SQLite and PostgreSQL
//! and compared numerically.

pub mod archivo_solicitud;
pub mod auditoria;
pub mod captcha;
pub mod cuenta;
pub mod empresa;
pub mod facilitador;
pub mod flujo;
pub mod mensaje;
pub mod oidc;
pub mod operador;
pub mod persona_natural;
pub mod representante_legal;
pub mod sesion;
pub mod sesion_operador;
pub mod solicitud_facilitador;
