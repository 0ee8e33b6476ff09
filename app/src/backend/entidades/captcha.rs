//! An issued captcha: only the hash of its answer is kept, and it is deleted when used.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "captchas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub flujo_id: String,
    /// SHA-256 of the id and the upper-cased answer, hex.
    pub respuesta_hash: String,
    pub expira_en: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
