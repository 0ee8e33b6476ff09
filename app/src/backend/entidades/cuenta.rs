//! The credential of any account kind (person, company, facilitator): the CS and how to reach
//! its holder. Details of each kind live in their own tables.

use cs_domain::cuenta::TipoCuenta;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cuentas")]
pub struct Model {
    /// Normalised RUT, `12345678-5` (a person's or a company's).
    #[sea_orm(primary_key, auto_increment = false)]
    pub rut: String,
    pub tipo: TipoCuenta,
    pub email: String,
    /// E.164, `+56912345678`; `None` when the holder has no mobile (a company's are its
    /// representatives').
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
    #[sea_orm(has_one = "super::empresa::Entity")]
    Empresa,
    #[sea_orm(has_many = "super::representante_legal::Entity")]
    RepresentantesLegales,
}

impl Related<super::persona_natural::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PersonaNatural.def()
    }
}

impl Related<super::empresa::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Empresa.def()
    }
}

impl Related<super::representante_legal::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RepresentantesLegales.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
