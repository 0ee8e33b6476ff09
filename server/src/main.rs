//! `server [serve|migrate|seed-demo] [--config FILE]`

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;
use server::{config::Settings, startup};
use std::{path::PathBuf, process::ExitCode};

#[derive(Parser)]
#[command(name = "server", about = "Sistema Clave Sence")]
struct Cli {
    /// Settings file (TOML). Environment variables `CS_*` override it.
    #[arg(long, env = "CS_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    orden: Option<Orden>,
}

#[derive(Subcommand)]
enum Orden {
    /// Migrate the database (unless `database.migrate = false`) and serve (the default).
    Serve,
    /// Bring the database schema up to date and exit (safe while other instances start or run).
    Migrate,
    /// Create the demo accounts (development only) and exit.
    SeedDemo,
    /// Print the audit log of one RUT (UTC times), oldest first.
    Auditoria {
        #[arg(long)]
        rut: String,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match ejecutar(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

async fn ejecutar(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let settings = Settings::load(cli.config.as_deref())?;
    let url = settings.database.url.expose_secret();
    if url.starts_with("sqlite://data/") {
        std::fs::create_dir_all("data")?;
    }
    let servicios = || startup::servicios(&settings, app::backend::reloj_del_sistema());
    match cli.orden.unwrap_or(Orden::Serve) {
        Orden::Migrate => {
            app::backend::conectar(url).await?;
            tracing::info!("base de datos al día");
        }
        Orden::SeedDemo => {
            if settings.production {
                return Err("seed-demo no se permite en producción".into());
            }
            let servicios = servicios().await?;
            let creadas = app::backend::demo::sembrar(&servicios).await?;
            tracing::info!(creadas, "cuentas de demostración listas");
        }
        Orden::Auditoria { rut } => {
            let rut = cs_domain::rut::Rut::parse(&rut).map_err(|e| format!("RUT inválido: {e}"))?;
            let servicios = servicios().await?;
            for e in app::backend::auditoria::de_rut(&servicios.db, &rut).await? {
                let en = chrono::DateTime::from_timestamp(e.en, 0).map(|t| t.to_rfc3339()).unwrap_or_default();
                println!(
                    "{en}\t{}\t{}\t{}\t{}\t{}\t{}",
                    e.evento,
                    e.resultado,
                    e.rut.as_deref().unwrap_or("-"),
                    e.ip,
                    e.detalle.as_deref().unwrap_or("-"),
                    e.agente
                );
            }
        }
        Orden::Serve => {
            let servicios = servicios().await?;
            let aplicacion = startup::Aplicacion::construir(&settings, servicios).await?;
            tracing::info!("Sistema Clave Sence escuchando en http://{}", aplicacion.direccion());
            aplicacion.servir().await?;
        }
    }
    Ok(())
}
