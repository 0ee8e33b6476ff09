use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Auditoria {
    Table,
    Id,
    En,
    Evento,
    Rut,
    Ip,
    Agente,
    Resultado,
    Detalle,
}

#[derive(DeriveIden)]
enum Sesiones {
    Table,
    IdHash,
    Rut,
    CreadaEn,
    UsadaEn,
    ExpiraEn,
    DebeCambiarClave,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Auditoria::Table)
                    .col(big_pk_auto(Auditoria::Id))
                    .col(big_integer(Auditoria::En))
                    .col(string_len(Auditoria::Evento, 32))
                    .col(string_len_null(Auditoria::Rut, 12))
                    .col(string_len(Auditoria::Ip, 45))
                    .col(string_len(Auditoria::Agente, 200))
                    .col(string_len(Auditoria::Resultado, 8))
                    .col(string_len_null(Auditoria::Detalle, 200))
                    .to_owned(),
            )
            .await?;
        // The per-RUT and per-IP attempt limits count recent failures through these.
        manager
            .create_index(
                Index::create()
                    .name("idx_auditoria_rut_en")
                    .table(Auditoria::Table)
                    .col(Auditoria::Rut)
                    .col(Auditoria::En)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_auditoria_ip_en")
                    .table(Auditoria::Table)
                    .col(Auditoria::Ip)
                    .col(Auditoria::En)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sesiones::Table)
                    .col(string_len(Sesiones::IdHash, 64).primary_key())
                    .col(string_len(Sesiones::Rut, 12))
                    .col(big_integer(Sesiones::CreadaEn))
                    .col(big_integer(Sesiones::UsadaEn))
                    .col(big_integer(Sesiones::ExpiraEn))
                    .col(boolean(Sesiones::DebeCambiarClave))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sesiones_expira_en")
                    .table(Sesiones::Table)
                    .col(Sesiones::ExpiraEn)
                    .to_owned(),
            )
            .await
    }
}
