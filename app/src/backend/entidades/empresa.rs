//! What a company registered besides the credential: razón social (from the SII), address and
//! phones. Its email is the account's; its mobiles are its legal representatives'.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "empresas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rut: String,
    pub razon_social: String,
    pub direccion: String,
    pub numero: String,
    pub block: Option<String>,
    pub departamento: Option<String>,
    /// 5-digit CUT code.
    pub comuna: String,
    pub telefono: String,
    pub fax: Option<String>,
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
