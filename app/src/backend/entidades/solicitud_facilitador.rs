//! A company's request of a CS for a foreign facilitator (J5), pending until an operator
//! approves or rejects it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "solicitudes_facilitador")]
pub struct Model {
    /// The request number the company and the facilitator are given.
    #[sea_orm(primary_key)]
    pub id: i64,
    pub empresa_rut: String,
    pub representante_rut: String,
    /// `TipoDocumento::codigo`.
    pub tipo_documento: String,
    pub numero_documento: String,
    /// ISO 3166-1 alpha-2.
    pub pais: String,
    pub nombres: String,
    pub apellido_paterno: String,
    pub apellido_materno: Option<String>,
    pub sexo: String,
    /// `aaaa-mm-dd`.
    pub fecha_nacimiento: String,
    pub estado_civil: String,
    pub hijos: i32,
    pub email: String,
    pub pregunta: String,
    pub respuesta_hash: String,
    /// `pendiente`, `aprobada` or `rechazada`.
    pub estado: String,
    /// `pais:tipo:numero` while pending (unique), `None` once decided.
    pub abierta: Option<String>,
    /// Why it was rejected.
    pub motivo: Option<String>,
    /// RUT of the operator who decided.
    pub operador: Option<String>,
    pub decidida_en: Option<i64>,
    pub creada_en: i64,
}

impl Model {
    pub fn nombre_completo(&self) -> String {
        cs_domain::facilitador::nombre_completo(&self.nombres, &self.apellido_paterno, self.apellido_materno.as_deref())
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
