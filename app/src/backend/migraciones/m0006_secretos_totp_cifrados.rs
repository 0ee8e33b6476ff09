//! The operators' TOTP secrets are stored encrypted (`backend::totp::LlaveTotp`): about 100
//! characters instead of 32. The clear ones left are encrypted by the instances' cleanup, which
//! has the key; a migration does not.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Operadores {
    Table,
    TotpSecreto,
}

/// The column's length. SQLite neither enforces a VARCHAR's length nor can change a column's
/// type: there, nothing to do.
async fn largo(manager: &SchemaManager<'_>, caracteres: u32) -> Result<(), DbErr> {
    if manager.get_database_backend() == DatabaseBackend::Sqlite {
        return Ok(());
    }
    let columna = string_len(Operadores::TotpSecreto, caracteres);
    manager.alter_table(Table::alter().table(Operadores::Table).modify_column(columna).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        largo(manager, 256).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        largo(manager, 64).await
    }
}
