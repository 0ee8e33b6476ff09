//! `server [serve|migrate|seed-demo|auditoria|oidc-cliente|oidc|operador|empaquetar] [--config FILE]`

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;
use server::{config::Settings, startup};
use std::{path::PathBuf, process::ExitCode};

/// A request allocates and frees dozens of small buffers on whichever worker thread runs it;
/// under load glibc's malloc and free took about a fifth of the server's samples, mimalloc half
/// that (docs/rendimiento.md).
#[global_allocator]
static ASIGNADOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Register, list or revoke the platforms that log people in with the CS (OpenID Connect).
    #[command(subcommand)]
    OidcCliente(OrdenCliente),
    /// The OpenID Connect provider's signing keys.
    #[command(subcommand)]
    Oidc(OrdenOidc),
    /// SENCE operators of the back office (`/operador`).
    #[command(subcommand)]
    Operador(OrdenOperador),
    /// Pack each page's code chunks into one file for first visits, in the release build's
    /// site directory (`scripts/build.sh` runs it after building), and exit.
    Empaquetar,
}

#[derive(Subcommand)]
enum OrdenOperador {
    /// Create an operator: prints a one-time initial password and the `otpauth://` URI of the
    /// second factor, once.
    Crear {
        #[arg(long)]
        rut: String,
        #[arg(long)]
        nombre: String,
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum OrdenCliente {
    /// Register a platform; a confidential one's secret is printed once.
    Crear {
        #[arg(long)]
        id: String,
        /// Shown to the person on the login page.
        #[arg(long)]
        nombre: String,
        /// A redirect URI (repeat for several); matched exactly.
        #[arg(long = "redirect", required = true)]
        redirects: Vec<String>,
        /// Where logout may return (repeat for several).
        #[arg(long = "salida")]
        salidas: Vec<String>,
        /// A client that cannot keep a secret (browser or phone app): it must use PKCE.
        #[arg(long)]
        publico: bool,
    },
    /// List the platforms.
    Listar,
    /// Revoke a platform: no more logins, codes or userinfo for it.
    Revocar {
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand)]
enum OrdenOidc {
    /// A new key signs from now on; the previous one stays published for a day.
    RotarClaves,
}

#[tokio::main]
async fn main() -> ExitCode {
    // Log lines are written by a thread of their own: a slow stdout (a pipe, a full disk) never
    // holds up a request. Under overload lines are dropped rather than requests delayed; the
    // guard flushes what is left when `main` returns.
    let (registro, _vaciar_al_salir) = tracing_appender::non_blocking(std::io::stdout());
    tracing_subscriber::fmt()
        .with_writer(registro)
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
    // The embedded default's file goes under data/, made when a command first needs the database
    // (not for a build step such as `empaquetar`).
    let base_de_datos = || -> std::io::Result<&str> {
        if url.starts_with("sqlite://data/") {
            std::fs::create_dir_all("data")?;
        }
        Ok(url)
    };
    let servicios = || async {
        base_de_datos()?;
        Ok::<_, Box<dyn std::error::Error>>(startup::servicios(&settings, app::backend::reloj_del_sistema()).await?)
    };
    match cli.orden.unwrap_or(Orden::Serve) {
        Orden::Migrate => {
            app::backend::conectar(base_de_datos()?).await?;
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
        Orden::OidcCliente(orden) => {
            let servicios = servicios().await?;
            oidc_cliente(&servicios, orden).await?;
        }
        Orden::Oidc(OrdenOidc::RotarClaves) => {
            let servicios = servicios().await?;
            let kid = app::backend::oidc::claves::rotar(&servicios).await.map_err(|e| e.cadena())?;
            println!("nueva clave de firma: {kid}");
        }
        Orden::Operador(OrdenOperador::Crear { rut, nombre, email }) => {
            let rut = cs_domain::rut::Rut::parse(&rut).map_err(|e| format!("RUT inválido: {e}"))?;
            let email = cs_domain::email::Email::parse(&email).map_err(|e| format!("email inválido: {e}"))?;
            let servicios = servicios().await?;
            let creado =
                app::backend::operadores::crear(&servicios, &rut, &nombre, &email).await.map_err(|e| e.cadena())?;
            println!("operador: {rut}");
            println!("contraseña inicial: {}", creado.clave_inicial.expose_secret());
            println!("segundo factor: {}", creado.uri_totp);
            eprintln!(
                "Entregue ambos datos por un canal seguro: no se vuelven a mostrar. \
                 La contraseña inicial se reemplaza en el primer ingreso a /operador."
            );
        }
        Orden::Empaquetar => {
            let opciones = leptos::config::get_configuration(None)?.leptos_options;
            let paquetes = tokio::task::spawn_blocking(move || server::estaticos::empaquetar(&opciones)).await??;
            tracing::info!(paquetes, "paquetes de primera visita listos");
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

async fn oidc_cliente(svc: &app::backend::Servicios, orden: OrdenCliente) -> Result<(), Box<dyn std::error::Error>> {
    use app::backend::oidc::clientes;
    match orden {
        OrdenCliente::Crear { id, nombre, redirects, salidas, publico } => {
            let nuevo = clientes::NuevoCliente {
                id: id.clone(),
                nombre,
                redirect_uris: redirects,
                uris_salida: salidas,
                publico,
            };
            match clientes::crear(svc, nuevo).await? {
                Some(secreto) => {
                    println!("client_id: {id}\nclient_secret: {secreto}");
                    eprintln!("Guarde el secreto ahora: no se vuelve a mostrar.");
                }
                None => println!("client_id: {id} (público: sin secreto, debe usar PKCE S256)"),
            }
        }
        OrdenCliente::Listar => {
            for c in clientes::listar(svc).await? {
                let tipo = if c.publico { "público" } else { "confidencial" };
                let estado = if c.revocado { "revocado" } else { "vigente" };
                println!("{}\t{}\t{tipo}\t{estado}\t{}", c.id, c.nombre, c.redirect_uris.replace('\n', " "));
            }
        }
        OrdenCliente::Revocar { id } => {
            clientes::revocar(svc, &id).await?;
            println!("plataforma {id} revocada");
        }
    }
    Ok(())
}
