use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cuentas {
    Table,
    Rut,
    Tipo,
    Email,
    Celular,
    Pregunta,
    RespuestaHash,
    ClaveHash,
    ClaveProvisionalExpiraEn,
    FallosLogin,
    Bloqueos,
    BloqueadaHasta,
    CreadoEn,
    ActualizadoEn,
}

#[derive(DeriveIden)]
enum PersonasNaturales {
    Table,
    Rut,
    Nombres,
    Apellidos,
    Direccion,
    Numero,
    Block,
    Departamento,
    Comuna,
    TelefonoParticular,
    TelefonoTrabajo,
}

#[derive(DeriveIden)]
enum Flujos {
    Table,
    Id,
    Tipo,
    Sujeto,
    Estado,
    Fallos,
    Version,
    CreadoEn,
    ExpiraEn,
}

#[derive(DeriveIden)]
enum Captchas {
    Table,
    Id,
    FlujoId,
    RespuestaHash,
    ExpiraEn,
}

#[derive(DeriveIden)]
enum Mensajes {
    Table,
    Id,
    Canal,
    Destinatario,
    Asunto,
    Cuerpo,
    Secreto,
    Estado,
    Intentos,
    ProximoIntentoEn,
    ReservadoPor,
    ReservadoHasta,
    UltimoError,
    CreadoEn,
    EnviadoEn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Cuentas::Table)
                    .col(string_len(Cuentas::Rut, 12).primary_key())
                    .col(string_len(Cuentas::Tipo, 16))
                    .col(string_len(Cuentas::Email, 254))
                    .col(string_len_null(Cuentas::Celular, 16))
                    .col(string_len_null(Cuentas::Pregunta, 32))
                    .col(string_null(Cuentas::RespuestaHash))
                    .col(string(Cuentas::ClaveHash))
                    .col(big_integer_null(Cuentas::ClaveProvisionalExpiraEn))
                    .col(integer(Cuentas::FallosLogin).default(0))
                    .col(integer(Cuentas::Bloqueos).default(0))
                    .col(big_integer_null(Cuentas::BloqueadaHasta))
                    .col(big_integer(Cuentas::CreadoEn))
                    .col(big_integer(Cuentas::ActualizadoEn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PersonasNaturales::Table)
                    .col(string_len(PersonasNaturales::Rut, 12).primary_key())
                    .col(string_len(PersonasNaturales::Nombres, 100))
                    .col(string_len(PersonasNaturales::Apellidos, 100))
                    .col(string_len(PersonasNaturales::Direccion, 100))
                    .col(string_len(PersonasNaturales::Numero, 10))
                    .col(string_len_null(PersonasNaturales::Block, 10))
                    .col(string_len_null(PersonasNaturales::Departamento, 10))
                    .col(string_len(PersonasNaturales::Comuna, 5))
                    .col(string_len_null(PersonasNaturales::TelefonoParticular, 9))
                    .col(string_len_null(PersonasNaturales::TelefonoTrabajo, 9))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PersonasNaturales::Table, PersonasNaturales::Rut)
                            .to(Cuentas::Table, Cuentas::Rut)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Flujos::Table)
                    .col(string_len(Flujos::Id, 64).primary_key())
                    .col(string_len(Flujos::Tipo, 32))
                    .col(string_len_null(Flujos::Sujeto, 12))
                    .col(text(Flujos::Estado))
                    .col(integer(Flujos::Fallos).default(0))
                    .col(integer(Flujos::Version).default(0))
                    .col(big_integer(Flujos::CreadoEn))
                    .col(big_integer(Flujos::ExpiraEn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_flujos_expira_en").table(Flujos::Table).col(Flujos::ExpiraEn).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Captchas::Table)
                    .col(string_len(Captchas::Id, 64).primary_key())
                    .col(string_len(Captchas::FlujoId, 64))
                    .col(string_len(Captchas::RespuestaHash, 64))
                    .col(big_integer(Captchas::ExpiraEn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_captchas_flujo_id").table(Captchas::Table).col(Captchas::FlujoId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Mensajes::Table)
                    .col(big_pk_auto(Mensajes::Id))
                    .col(string_len(Mensajes::Canal, 8))
                    .col(string_len(Mensajes::Destinatario, 254))
                    .col(string_null(Mensajes::Asunto))
                    .col(text(Mensajes::Cuerpo))
                    .col(boolean(Mensajes::Secreto))
                    .col(string_len(Mensajes::Estado, 16))
                    .col(integer(Mensajes::Intentos).default(0))
                    .col(big_integer(Mensajes::ProximoIntentoEn))
                    .col(string_len_null(Mensajes::ReservadoPor, 64))
                    .col(big_integer_null(Mensajes::ReservadoHasta))
                    .col(text_null(Mensajes::UltimoError))
                    .col(big_integer(Mensajes::CreadoEn))
                    .col(big_integer_null(Mensajes::EnviadoEn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mensajes_estado_proximo")
                    .table(Mensajes::Table)
                    .col(Mensajes::Estado)
                    .col(Mensajes::ProximoIntentoEn)
                    .to_owned(),
            )
            .await
    }
}
