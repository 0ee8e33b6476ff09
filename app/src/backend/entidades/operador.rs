//! A SENCE operator of the back office: a credential apart from citizens' accounts, with a
//! password and a TOTP second factor.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "operadores")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rut: String,
    pub nombre: String,
    pub email: String,
    pub clave_hash: String,
    /// Still the one-time password `server operador crear` printed.
    pub debe_cambiar_clave: bool,
    /// The TOTP secret (base32, RFC 6238), encrypted: see `backend::totp::LlaveTotp`.
    pub totp_secreto: String,
    /// The time step of the last accepted code: a code is never accepted twice.
    pub totp_ultimo_paso: Option<i64>,
    pub fallos: i32,
    pub bloqueos: i32,
    pub bloqueada_hasta: Option<i64>,
    pub activo: bool,
    pub creado_en: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
