//! Facilitador Extranjero requests with their files, the facilitators' accounts, and the SENCE
//! operators who decide the requests, with their own sessions. The audit log learns which
//! operator acted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cuentas {
    Table,
    Rut,
}

#[derive(DeriveIden)]
enum SolicitudesFacilitador {
    Table,
    Id,
    EmpresaRut,
    RepresentanteRut,
    TipoDocumento,
    NumeroDocumento,
    Pais,
    Nombres,
    ApellidoPaterno,
    ApellidoMaterno,
    Sexo,
    FechaNacimiento,
    EstadoCivil,
    Hijos,
    Email,
    Pregunta,
    RespuestaHash,
    Estado,
    Abierta,
    Motivo,
    Operador,
    DecididaEn,
    CreadaEn,
}

#[derive(DeriveIden)]
enum ArchivosSolicitud {
    Table,
    Id,
    Flujo,
    Solicitud,
    Rol,
    Formato,
    Nombre,
    Tamano,
    Contenido,
    CreadoEn,
}

#[derive(DeriveIden)]
enum Facilitadores {
    Table,
    Cuenta,
    Solicitud,
    EmpresaRut,
    TipoDocumento,
    NumeroDocumento,
    Pais,
    Nombres,
    ApellidoPaterno,
    ApellidoMaterno,
    Sexo,
    FechaNacimiento,
    EstadoCivil,
    Hijos,
}

#[derive(DeriveIden)]
enum Operadores {
    Table,
    Rut,
    Nombre,
    Email,
    ClaveHash,
    DebeCambiarClave,
    TotpSecreto,
    TotpUltimoPaso,
    Fallos,
    Bloqueos,
    BloqueadaHasta,
    Activo,
    CreadoEn,
}

#[derive(DeriveIden)]
enum SesionesOperador {
    Table,
    IdHash,
    Operador,
    CreadaEn,
    UsadaEn,
    ExpiraEn,
}

#[derive(DeriveIden)]
enum Auditoria {
    Table,
    Operador,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SolicitudesFacilitador::Table)
                    .col(big_pk_auto(SolicitudesFacilitador::Id))
                    .col(string_len(SolicitudesFacilitador::EmpresaRut, 12))
                    .col(string_len(SolicitudesFacilitador::RepresentanteRut, 12))
                    .col(string_len(SolicitudesFacilitador::TipoDocumento, 32))
                    .col(string_len(SolicitudesFacilitador::NumeroDocumento, 20))
                    .col(string_len(SolicitudesFacilitador::Pais, 2))
                    .col(string_len(SolicitudesFacilitador::Nombres, 50))
                    .col(string_len(SolicitudesFacilitador::ApellidoPaterno, 50))
                    .col(string_len_null(SolicitudesFacilitador::ApellidoMaterno, 50))
                    .col(string_len(SolicitudesFacilitador::Sexo, 16))
                    .col(string_len(SolicitudesFacilitador::FechaNacimiento, 10))
                    .col(string_len(SolicitudesFacilitador::EstadoCivil, 24))
                    .col(integer(SolicitudesFacilitador::Hijos))
                    .col(string_len(SolicitudesFacilitador::Email, 254))
                    .col(string_len(SolicitudesFacilitador::Pregunta, 32))
                    .col(text(SolicitudesFacilitador::RespuestaHash))
                    .col(string_len(SolicitudesFacilitador::Estado, 12))
                    // `pais:tipo:numero` while the request is pending, NULL once decided: the
                    // unique index lets one document have one open request at a time.
                    .col(string_len_null(SolicitudesFacilitador::Abierta, 64).unique_key())
                    .col(string_len_null(SolicitudesFacilitador::Motivo, 500))
                    .col(string_len_null(SolicitudesFacilitador::Operador, 12))
                    .col(big_integer_null(SolicitudesFacilitador::DecididaEn))
                    .col(big_integer(SolicitudesFacilitador::CreadaEn))
                    .to_owned(),
            )
            .await?;
        // The per-company daily limit, and the operators' queue.
        manager
            .create_index(
                Index::create()
                    .name("idx_solicitudes_empresa_creada")
                    .table(SolicitudesFacilitador::Table)
                    .col(SolicitudesFacilitador::EmpresaRut)
                    .col(SolicitudesFacilitador::CreadaEn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_solicitudes_estado_creada")
                    .table(SolicitudesFacilitador::Table)
                    .col(SolicitudesFacilitador::Estado)
                    .col(SolicitudesFacilitador::CreadaEn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ArchivosSolicitud::Table)
                    .col(big_pk_auto(ArchivosSolicitud::Id))
                    // While the flow is open the file belongs to it; the request takes it over.
                    .col(string_len_null(ArchivosSolicitud::Flujo, 64))
                    .col(big_integer_null(ArchivosSolicitud::Solicitud))
                    .col(string_len(ArchivosSolicitud::Rol, 16))
                    .col(string_len(ArchivosSolicitud::Formato, 8))
                    .col(string_len(ArchivosSolicitud::Nombre, 255))
                    .col(integer(ArchivosSolicitud::Tamano))
                    .col(blob(ArchivosSolicitud::Contenido))
                    .col(big_integer(ArchivosSolicitud::CreadoEn))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArchivosSolicitud::Table, ArchivosSolicitud::Solicitud)
                            .to(SolicitudesFacilitador::Table, SolicitudesFacilitador::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_archivos_flujo_rol")
                    .table(ArchivosSolicitud::Table)
                    .col(ArchivosSolicitud::Flujo)
                    .col(ArchivosSolicitud::Rol)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_archivos_solicitud")
                    .table(ArchivosSolicitud::Table)
                    .col(ArchivosSolicitud::Solicitud)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Facilitadores::Table)
                    .col(string_len(Facilitadores::Cuenta, 64).primary_key())
                    // The approved request; none for demo facilitators.
                    .col(big_integer_null(Facilitadores::Solicitud))
                    .col(string_len(Facilitadores::EmpresaRut, 12))
                    .col(string_len(Facilitadores::TipoDocumento, 32))
                    .col(string_len(Facilitadores::NumeroDocumento, 20))
                    .col(string_len(Facilitadores::Pais, 2))
                    .col(string_len(Facilitadores::Nombres, 50))
                    .col(string_len(Facilitadores::ApellidoPaterno, 50))
                    .col(string_len_null(Facilitadores::ApellidoMaterno, 50))
                    .col(string_len(Facilitadores::Sexo, 16))
                    .col(string_len(Facilitadores::FechaNacimiento, 10))
                    .col(string_len(Facilitadores::EstadoCivil, 24))
                    .col(integer(Facilitadores::Hijos))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Facilitadores::Table, Facilitadores::Cuenta)
                            .to(Cuentas::Table, Cuentas::Rut)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Facilitadores::Table, Facilitadores::Solicitud)
                            .to(SolicitudesFacilitador::Table, SolicitudesFacilitador::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Operadores::Table)
                    .col(string_len(Operadores::Rut, 12).primary_key())
                    .col(string_len(Operadores::Nombre, 200))
                    .col(string_len(Operadores::Email, 254))
                    .col(text(Operadores::ClaveHash))
                    .col(boolean(Operadores::DebeCambiarClave))
                    .col(string_len(Operadores::TotpSecreto, 64))
                    // The last accepted TOTP time step: a code works once.
                    .col(big_integer_null(Operadores::TotpUltimoPaso))
                    .col(integer(Operadores::Fallos))
                    .col(integer(Operadores::Bloqueos))
                    .col(big_integer_null(Operadores::BloqueadaHasta))
                    .col(boolean(Operadores::Activo))
                    .col(big_integer(Operadores::CreadoEn))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SesionesOperador::Table)
                    .col(string_len(SesionesOperador::IdHash, 64).primary_key())
                    .col(string_len(SesionesOperador::Operador, 12))
                    .col(big_integer(SesionesOperador::CreadaEn))
                    .col(big_integer(SesionesOperador::UsadaEn))
                    .col(big_integer(SesionesOperador::ExpiraEn))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SesionesOperador::Table, SesionesOperador::Operador)
                            .to(Operadores::Table, Operadores::Rut)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(Auditoria::Table).add_column(string_len_null(Auditoria::Operador, 12)).to_owned(),
            )
            .await
    }
}
