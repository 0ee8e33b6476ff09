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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite does not enforce a VARCHAR's length (nor can it change a column's type).
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            return Ok(());
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Operadores::Table)
                    .modify_column(string_len(Operadores::TotpSecreto, 256))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            return Ok(());
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Operadores::Table)
                    .modify_column(string_len(Operadores::TotpSecreto, 64))
                    .to_owned(),
            )
            .await
    }
}
