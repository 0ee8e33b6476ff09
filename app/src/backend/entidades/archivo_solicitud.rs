//! An uploaded file of a facilitator request (the sworn declaration, the ID document), judged
//! by its content before it was stored. Never served to the public.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "archivos_solicitud")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The flow it was uploaded in, until the request is sent.
    pub flujo: Option<String>,
    pub solicitud: Option<i64>,
    /// `declaracion` or `documento`.
    pub rol: String,
    /// `FormatoArchivo::codigo`, as its content showed.
    pub formato: String,
    /// The uploaded name, cleaned, for the operator's download.
    pub nombre: String,
    pub tamano: i32,
    pub contenido: Vec<u8>,
    pub creado_en: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
