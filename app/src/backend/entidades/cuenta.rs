//! The credential of any account kind (person, company, facilitator): the CS and how to reach
//! its holder. Details of each kind live in their own tables.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cuentas")]
pub struct Model {
    /// Normalised RUT, `12345678-5`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub rut: String,
    /// `natural`, `juridica` or `facilitador`.
    pub tipo: String,
    pub email: String,
    /// E.164, `+56912345678`; `None` when the holder has no mobile.
    pub celular: Option<String>,
    /// Secret question code; `None` for older accounts that never set one.
    pub pregunta: Option<String>,
    pub respuesta_hash: Option<String>,
    pub clave_hash: String,
    /// Set while the CS is a provisional one: when it stops working.
    pub clave_provisional_expira_en: Option<i64>,
    pub fallos_login: i32,
    pub bloqueos: i32,
    pub bloqueada_hasta: Option<i64>,
    pub creado_en: i64,
    pub actualizado_en: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_one = "super::persona_natural::Entity")]
    PersonaNatural,
}

impl Related<super::persona_natural::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PersonaNatural.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
