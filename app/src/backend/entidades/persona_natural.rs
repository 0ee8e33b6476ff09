//! What a natural person registered besides the credential: name (from the Registro Civil),
//! address and phones.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "personas_naturales")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rut: String,
    pub nombres: String,
    pub apellidos: String,
    pub direccion: String,
    pub numero: String,
    pub block: Option<String>,
    pub departamento: Option<String>,
    /// 5-digit CUT code.
    pub comuna: String,
    pub telefono_particular: Option<String>,
    pub telefono_trabajo: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::cuenta::Entity", from = "Column::Rut", to = "super::cuenta::Column::Rut")]
    Cuenta,
}

impl Related<super::cuenta::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Cuenta.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
