//! The audit log of credential events: who, when, from where, and how it ended. Never a secret.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auditoria")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub en: i64,
    /// `Evento::codigo`.
    pub evento: String,
    pub rut: Option<String>,
    pub ip: String,
    pub agente: String,
    /// `ok` or `fallo`.
    pub resultado: String,
    /// A short reason, e.g. "respuesta incorrecta" (never the answer itself).
    pub detalle: Option<String>,
    /// RUT of the SENCE operator who acted, for back-office actions.
    pub operador: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
