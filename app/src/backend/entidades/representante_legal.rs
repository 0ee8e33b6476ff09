//! A legal representative of a company, as the company registered it. Whether the person still
//! represents the company is the SII's to say, each time it matters.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "representantes_legales")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub empresa_rut: String,
    /// Normalised RUN.
    #[sea_orm(primary_key, auto_increment = false)]
    pub rut: String,
    /// From the Registro Civil.
    pub nombre: String,
    /// E.164.
    pub celular: String,
    pub email: String,
    /// The first one registered is the one recovery texts to when no other was named.
    pub creado_en: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::cuenta::Entity", from = "Column::EmpresaRut", to = "super::cuenta::Column::Rut")]
    Cuenta,
}

impl Related<super::cuenta::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Cuenta.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
