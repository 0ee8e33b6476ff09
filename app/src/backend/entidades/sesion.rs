//! A login session. The cookie carries a random token; only its hash is stored, so the table
//! does not hold usable credentials.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sesiones")]
pub struct Model {
    /// SHA-256 of the cookie's token, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub rut: String,
    pub creada_en: i64,
    /// Last request: the idle timeout counts from here.
    pub usada_en: i64,
    /// Absolute end, whatever the activity.
    pub expira_en: i64,
    /// Logged in with a provisional CS: nothing but the change is allowed.
    pub debe_cambiar_clave: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
