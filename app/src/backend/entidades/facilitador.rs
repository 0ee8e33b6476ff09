//! A foreign facilitator's account data, from the request an operator approved.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "facilitadores")]
pub struct Model {
    /// The account's key in `cuentas` (`IdCuenta::clave`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub cuenta: String,
    /// The approved request it comes from (`None`: a demo account).
    pub solicitud: Option<i64>,
    pub empresa_rut: String,
    pub tipo_documento: String,
    pub numero_documento: String,
    pub pais: String,
    pub nombres: String,
    pub apellido_paterno: String,
    pub apellido_materno: Option<String>,
    pub sexo: String,
    pub fecha_nacimiento: String,
    pub estado_civil: String,
    pub hijos: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
