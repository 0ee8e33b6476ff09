//! A flow in progress: the only place its state lives, so any app instance can serve any step.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flujos")]
pub struct Model {
    /// 256 random bits, base64url: unguessable, it is the flow's only credential.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `TipoFlujo::codigo`.
    pub tipo: String,
    /// The RUT the flow is about, once known; a flow never changes subject.
    pub sujeto: Option<String>,
    /// For a company: the legal representative it acts through, once validated.
    pub representante: Option<String>,
    /// The kind's state machine state, as JSON.
    pub estado: String,
    pub fallos: i32,
    /// Bumped on every write: a step that read an older version loses (no double submit).
    pub version: i32,
    pub creado_en: i64,
    pub expira_en: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
