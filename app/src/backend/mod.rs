//! Everything that runs only on the server: storage, hashing, captcha, outbox, registries, and
//! one service per flow. Nothing here knows about HTTP or Leptos: the server functions in
//! `crate::api` are a thin layer over it.

pub mod actualizacion;
pub mod archivos;
pub mod auditoria;
pub mod calendario;
pub mod cambio_clave;
pub mod captcha;
pub mod claves;
pub mod cuentas;
pub mod demo;
pub mod entidades;
pub mod error;
pub mod esquema;
pub mod flujos;
pub mod identidad;
pub mod mensajes;
pub mod migraciones;
pub mod notificaciones;
pub mod oidc;
pub mod operadores;
pub mod plantilla_declaracion;
pub mod recuperacion;
pub mod registro;
pub mod registros;
pub mod revision;
pub mod sesiones;
pub mod solicitud_facilitador;
pub mod soporte;
pub mod totp;

use claves::Hasheador;
use registros::{RegistroCivil, Sii};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// The current time in Unix seconds. Injected so tests can move time (expiry) at will.
pub type Reloj = Arc<dyn Fn() -> i64 + Send + Sync>;

pub fn reloj_del_sistema() -> Reloj {
    Arc::new(|| chrono::Utc::now().timestamp())
}

/// Tunables of the domain services, from the server's settings.
#[derive(Clone, Debug)]
pub struct Ajustes {
    /// How long a flow may take from its first to its last step.
    pub duracion_flujo_segundos: i64,
    /// When set, every captcha's answer is this text (end-to-end tests). Never in production.
    pub captcha_respuesta_fija: Option<String>,
    /// How long a provisional CS works if unused (recovery flows).
    pub duracion_clave_provisional_segundos: i64,
    /// Where the site is reached, for links in emails.
    pub url_publica: String,
    /// Served over TLS: session cookies get `Secure` and the `__Host-` prefix.
    pub cookies_seguras: bool,
}

impl Default for Ajustes {
    fn default() -> Self {
        Ajustes {
            duracion_flujo_segundos: 30 * 60,
            captcha_respuesta_fija: None,
            duracion_clave_provisional_segundos: 72 * 3600,
            url_publica: "http://127.0.0.1:3000".into(),
            cookies_seguras: false,
        }
    }
}

/// What every service needs, shared by all requests: cheap to clone.
#[derive(Clone)]
pub struct Servicios {
    pub db: DatabaseConnection,
    /// For the one write whose loss in a crash is harmless, opening a flow (every procedure
    /// page does it: the busiest write): on PostgreSQL its commits do not wait for the disk
    /// (see [`sin_espera`]). On SQLite, `db` itself.
    pub db_sin_espera: DatabaseConnection,
    pub reloj: Reloj,
    pub hasheador: Hasheador,
    pub registro_civil: Arc<dyn RegistroCivil>,
    pub sii: Arc<dyn Sii>,
    /// Encrypts the operators' second-factor secrets in the database.
    pub llave_totp: totp::LlaveTotp,
    pub ajustes: Ajustes,
}

impl Servicios {
    pub fn ahora(&self) -> i64 {
        (self.reloj)()
    }
}

/// Opens the database and brings its schema up to date (one instance at a time: see
/// [`esquema::migrar`]).
pub async fn conectar(url: &str) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let db = abrir(url).await?;
    esquema::migrar(&db).await?;
    Ok(db)
}

/// Opens the database as it is, for deployments that migrate before starting instances.
pub async fn abrir(url: &str) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mut opciones = sea_orm::ConnectOptions::new(url.to_owned());
    opciones.sqlx_logging(false);
    let db = sea_orm::Database::connect(opciones).await?;
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        // Concurrent readers with one writer. The journal mode is stored in the file, so it
        // holds for any later connection too; sqlx itself gives every connection foreign keys
        // and a 5 s busy timeout (waits instead of "database is locked").
        use sea_orm::ConnectionTrait;
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// The connections for [`Servicios::db_sin_espera`]: on PostgreSQL a small pool of its own
/// whose sessions commit with `synchronous_commit = off`. A crash can then lose only the last
/// instant's commits, never reorder or corrupt them, and any later durable commit (the flow's
/// next step) flushes them too. Measured in docs/rendimiento.md. SQLite keeps one pool.
pub async fn sin_espera(db: &DatabaseConnection, url: &str) -> Result<DatabaseConnection, sea_orm::DbErr> {
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(db.clone());
    }
    let mut opciones = sea_orm::ConnectOptions::new(url.to_owned());
    opciones
        .sqlx_logging(false)
        .max_connections(4)
        .map_sqlx_postgres_opts(|pg| pg.options([("synchronous_commit", "off")]));
    sea_orm::Database::connect(opciones).await
}
