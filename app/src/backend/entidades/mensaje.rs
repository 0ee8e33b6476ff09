//! The notification outbox: written in the transaction of the change that causes the message,
//! delivered later by a worker.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mensajes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `email` or `sms`.
    pub canal: String,
    pub destinatario: String,
    pub asunto: Option<String>,
    pub cuerpo: String,
    /// The body carries a secret (a provisional CS): it is redacted once delivered.
    pub secreto: bool,
    /// `pendiente`, `enviado`, `fallido` (gave up) or `retenido` (no transport configured).
    pub estado: String,
    pub intentos: i32,
    pub proximo_intento_en: i64,
    /// The worker holding the message, until `reservado_hasta`.
    pub reservado_por: Option<String>,
    pub reservado_hasta: Option<i64>,
    pub ultimo_error: Option<String>,
    pub creado_en: i64,
    pub enviado_en: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
