//! Schema migrations, applied at start-up (`server migrate` applies them alone). Written
//! against sea-query, not the entities, so a later entity change cannot rewrite history.

use sea_orm_migration::prelude::*;

mod m0001_inicial;
mod m0002_auditoria_y_sesiones;
mod m0003_personas_juridicas;
mod m0004_oidc;
mod m0005_facilitadores_y_operadores;
mod m0006_secretos_totp_cifrados;

pub struct Migrador;

#[async_trait::async_trait]
impl MigratorTrait for Migrador {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_inicial::Migration),
            Box::new(m0002_auditoria_y_sesiones::Migration),
            Box::new(m0003_personas_juridicas::Migration),
            Box::new(m0004_oidc::Migration),
            Box::new(m0005_facilitadores_y_operadores::Migration),
            Box::new(m0006_secretos_totp_cifrados::Migration),
        ]
    }
}
