//! Companies: their details and legal representatives, and the representative a flow acts
//! through. Account keys widen for identifiers longer than a RUT (a foreign document).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cuentas {
    Table,
    Rut,
}

#[derive(DeriveIden)]
enum Empresas {
    Table,
    Rut,
    RazonSocial,
    Direccion,
    Numero,
    Block,
    Departamento,
    Comuna,
    Telefono,
    Fax,
}

#[derive(DeriveIden)]
enum RepresentantesLegales {
    Table,
    EmpresaRut,
    Rut,
    Nombre,
    Celular,
    Email,
    CreadoEn,
}

#[derive(DeriveIden)]
enum Flujos {
    Table,
    Sujeto,
    Representante,
}

#[derive(DeriveIden)]
enum Sesiones {
    Table,
    Rut,
}

#[derive(DeriveIden)]
enum Auditoria {
    Table,
    Rut,
}

/// Room for any account identifier, not only a RUT.
const LARGO_IDENTIFICADOR: u32 = 64;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Empresas::Table)
                    .col(string_len(Empresas::Rut, 12).primary_key())
                    .col(string_len(Empresas::RazonSocial, 100))
                    .col(string_len(Empresas::Direccion, 100))
                    .col(string_len(Empresas::Numero, 10))
                    .col(string_len_null(Empresas::Block, 10))
                    .col(string_len_null(Empresas::Departamento, 10))
                    .col(string_len(Empresas::Comuna, 5))
                    .col(string_len(Empresas::Telefono, 9))
                    .col(string_len_null(Empresas::Fax, 9))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Empresas::Table, Empresas::Rut)
                            .to(Cuentas::Table, Cuentas::Rut)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RepresentantesLegales::Table)
                    .col(string_len(RepresentantesLegales::EmpresaRut, 12))
                    .col(string_len(RepresentantesLegales::Rut, 12))
                    .col(string_len(RepresentantesLegales::Nombre, 200))
                    .col(string_len(RepresentantesLegales::Celular, 16))
                    .col(string_len(RepresentantesLegales::Email, 254))
                    .col(big_integer(RepresentantesLegales::CreadoEn))
                    .primary_key(Index::create().col(RepresentantesLegales::EmpresaRut).col(RepresentantesLegales::Rut))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RepresentantesLegales::Table, RepresentantesLegales::EmpresaRut)
                            .to(Cuentas::Table, Cuentas::Rut)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(Flujos::Table).add_column(string_len_null(Flujos::Representante, 12)).to_owned(),
            )
            .await?;
        // SQLite does not enforce lengths (and cannot alter a column); PostgreSQL does.
        if manager.get_database_backend() == sea_orm::DbBackend::Postgres {
            for (tabla, columna) in [
                (Cuentas::Table.into_iden(), Cuentas::Rut.into_iden()),
                (Flujos::Table.into_iden(), Flujos::Sujeto.into_iden()),
                (Sesiones::Table.into_iden(), Sesiones::Rut.into_iden()),
                (Auditoria::Table.into_iden(), Auditoria::Rut.into_iden()),
            ] {
                manager
                    .alter_table(
                        Table::alter()
                            .table(tabla)
                            .modify_column(ColumnDef::new(columna).string_len(LARGO_IDENTIFICADOR))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}
