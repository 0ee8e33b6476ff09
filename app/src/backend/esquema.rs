//! Bringing the schema up to date when several instances start at once, and telling whether it
//! is. On PostgreSQL, migrating is serialised by an advisory lock: without it, two instances
//! starting together both create the same tables and the second dies on a duplicate key of
//! PostgreSQL's catalogue. SQLite is one file behind one instance: it migrates as it is.

use super::migraciones::Migrador;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, TransactionTrait};
use sea_orm_migration::{seaql_migrations, MigratorTrait, SchemaManager};

/// The advisory lock every instance takes to migrate: any fixed number unique to this schema
/// (the ASCII of "CSMIGRAR").
const CERROJO_MIGRACIONES: i64 = 0x4353_4D49_4752_4152;

/// Applies pending migrations, one instance at a time.
///
/// The lock is a transaction-scoped one, taken by a transaction that stays open while the
/// migrations run on other connections of the pool: it is released when that transaction
/// ends, and by PostgreSQL itself if this process dies holding it. An instance that waited
/// finds nothing left to apply.
#[tracing::instrument(skip_all, fields(motor = ?db.get_database_backend()))]
pub async fn migrar(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Migrador::up(db, None).await;
    }
    let cerrojo = db.begin().await?;
    cerrojo.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({CERROJO_MIGRACIONES})")).await?;
    tracing::debug!("cerrojo de migraciones tomado");
    let resultado = Migrador::up(db, None).await;
    cerrojo.commit().await?;
    resultado
}

/// Whether every migration this build knows has been applied. Reads only (never creates the
/// migrations table). A schema *newer* than this build (a later release migrated first)
/// counts as current: migrations only add, and instances of the previous release keep
/// serving while a rolling deployment replaces them.
pub async fn al_dia(db: &DatabaseConnection) -> Result<bool, DbErr> {
    let tabla = Migrador::migration_table_name().to_string();
    if !SchemaManager::new(db).has_table(&tabla).await? {
        return Ok(false);
    }
    let aplicadas: std::collections::HashSet<String> =
        seaql_migrations::Entity::find().all(db).await?.into_iter().map(|m| m.version).collect();
    Ok(Migrador::migrations().iter().all(|m| aplicadas.contains(m.name())))
}
