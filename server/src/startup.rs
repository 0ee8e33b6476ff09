//! Assembles the application from its settings: database, services, router, workers.

use crate::archivos;
use crate::cliente::{self, RedConfiable};
use crate::config::{RegistryBackend, RegistrySettings, Settings};
use crate::estaticos;
use crate::observabilidad::{self, Metricas};
use crate::salud;
use crate::seguridad::{self, LimitePorIp};
use app::backend::{
    self,
    claves::Hasheador,
    notificaciones::{CorreoSmtp, Repartidor, SmsHttp},
    registros::{RegistroCivil, RegistroCivilHttp, RegistroCivilLocal, Sii, SiiHttp, SiiLocal},
    totp::{self, LlaveTotp},
    Ajustes, Reloj, Servicios,
};
use app::{shell, App};
use axum::{extract::ConnectInfo, middleware, Router};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use secrecy::ExposeSecret;
use std::{net::SocketAddr, sync::Arc, time::Duration};
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::compression::{
    predicate::{DefaultPredicate, Predicate, SizeAbove},
    CompressionLayer, CompressionLevel,
};

/// Server functions take small forms: anything bigger is refused before it is read.
const LIMITE_CUERPO: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ErrorArranque {
    #[error("base de datos: {0}")]
    BaseDeDatos(#[from] sea_orm::DbErr),
    #[error("registro: {0}")]
    Registro(#[from] backend::registros::ErrorRegistro),
    #[error("{0}")]
    Configuracion(String),
    #[error("no se pudo abrir {0}: {1}")]
    Red(SocketAddr, std::io::Error),
}

fn registro_civil(s: &RegistrySettings) -> Result<Arc<dyn RegistroCivil>, ErrorArranque> {
    Ok(match (s.backend, &s.url) {
        (RegistryBackend::Csv, _) => Arc::new(RegistroCivilLocal::desde_csv(&s.csv)?),
        (RegistryBackend::Http, Some(url)) => Arc::new(RegistroCivilHttp::new(url)?),
        (RegistryBackend::Http, None) => return Err(ErrorArranque::Configuracion("registro_civil.url falta".into())),
    })
}

fn sii(s: &RegistrySettings) -> Result<Arc<dyn Sii>, ErrorArranque> {
    Ok(match (s.backend, &s.url) {
        (RegistryBackend::Csv, _) => Arc::new(SiiLocal::desde_csv(&s.csv)?),
        (RegistryBackend::Http, Some(url)) => Arc::new(SiiHttp::new(url)?),
        (RegistryBackend::Http, None) => return Err(ErrorArranque::Configuracion("sii.url falta".into())),
    })
}

/// Connects to the database (migrating it unless `database.migrate` is off) and builds the
/// domain services.
pub async fn servicios(settings: &Settings, reloj: Reloj) -> Result<Servicios, ErrorArranque> {
    if let Some(respuesta) = &settings.captcha.test_answer {
        let dibujable = respuesta.chars().count() == backend::captcha::LARGO
            && respuesta.chars().all(|c| backend::captcha::ALFABETO.contains(&c));
        if !dibujable {
            return Err(ErrorArranque::Configuracion(format!(
                "captcha.test_answer debe tener {} letras de {:?}",
                backend::captcha::LARGO,
                backend::captcha::ALFABETO.iter().collect::<String>()
            )));
        }
        tracing::warn!(%respuesta, "MODO DE PRUEBA DEL CAPTCHA: todas las imágenes tienen la misma respuesta");
    }
    let mut llave_totp = match &settings.operators.totp_key {
        Some(llave) => LlaveTotp::desde_base64(llave.expose_secret())
            .map_err(|e| ErrorArranque::Configuracion(format!("operators.totp_key: {e}")))?,
        None => LlaveTotp::de_desarrollo(),
    };
    for (i, anterior) in settings.operators.previous_totp_keys.iter().enumerate() {
        llave_totp = llave_totp
            .con_anterior(anterior.expose_secret())
            .map_err(|e| ErrorArranque::Configuracion(format!("operators.previous_totp_keys[{i}]: {e}")))?;
    }
    let concurrencia = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
    let url = settings.database.url.expose_secret();
    let db = if settings.database.migrate { backend::conectar(url).await? } else { backend::abrir(url).await? };
    Ok(Servicios {
        db_sin_espera: backend::sin_espera(&db, url).await?,
        db,
        reloj,
        hasheador: Hasheador::new(concurrencia),
        registro_civil: registro_civil(&settings.registro_civil)?,
        sii: sii(&settings.sii)?,
        llave_totp,
        ajustes: Ajustes {
            duracion_flujo_segundos: settings.flows.lifetime_minutes * 60,
            captcha_respuesta_fija: settings.captcha.test_answer.clone(),
            duracion_clave_provisional_segundos: settings.flows.provisional_cs_hours * 3600,
            url_publica: settings.public_origin.clone().unwrap_or_else(|| format!("http://{}", settings.bind)),
            cookies_seguras: settings.public_origin.as_deref().is_some_and(|o| o.starts_with("https://")),
        },
    })
}

/// Leptos' options: from the environment cargo-leptos sets, with this instance's address.
fn opciones_leptos(settings: &Settings) -> LeptosOptions {
    let mut conf = get_configuration(None).expect("leptos configuration from the environment");
    conf.leptos_options.site_addr = settings.bind;
    conf.leptos_options.hash_files = estaticos::nombres_con_hash(&conf.leptos_options);
    conf.leptos_options
}

/// The router: pages, server functions and health checks, behind the security middleware.
fn router(
    settings: &Settings,
    servicios: Servicios,
    metricas: Arc<Metricas>,
    opciones: LeptosOptions,
    diccionario: Option<Arc<estaticos::Diccionario>>,
) -> Router {
    let rutas = generate_route_list(App);
    let db = servicios.db.clone();
    let oidc = crate::oidc::rutas(servicios.clone());
    let servicios_archivos = servicios.clone();
    let servicios_plataforma = servicios.clone();
    let contexto = move || provide_context(servicios.clone());

    let limite = Arc::new(LimitePorIp::new(settings.rate_limit.per_ip_per_minute, settings.rate_limit.burst, 100_000));
    let origen_publico: Option<Arc<str>> = settings.public_origin.as_deref().map(Arc::from);
    let proxies: Arc<[RedConfiable]> = settings.trusted_proxies.clone().into();

    let paginas = Router::new()
        .leptos_routes_with_context(&opciones, rutas, contexto.clone(), {
            let opciones = opciones.clone();
            move || shell(opciones.clone())
        })
        .merge(salud::rutas(db))
        .merge(estaticos::rutas(&opciones, diccionario))
        .merge(oidc)
        .fallback(leptos_axum::file_and_error_handler_with_context(contexto, shell))
        .layer(middleware::from_fn_with_state(servicios_plataforma, crate::oidc::nombrar_plataforma))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(LIMITE_CUERPO));
    // Uploads stream up to their own cap (1 MB), apart from the forms' small limit.
    let router = paginas
        .merge(archivos::rutas(servicios_archivos))
        .route_layer(middleware::from_fn_with_state(limite, limita_solo_api))
        .layer(middleware::from_fn_with_state(origen_publico, seguridad::verificar_origen))
        .layer(middleware::from_fn_with_state(proxies, cliente::identificar))
        .layer(middleware::from_fn_with_state(plazo_solicitud(settings), seguridad::plazo))
        .layer(middleware::from_fn(seguridad::cabeceras))
        // Pages and server-function answers; the assets already come compressed. At the
        // fastest level: at tower-http's default (brotli 4) compressing a 4.7 KB page cost more
        // than rendering it (4.5 k pages/s against 9.6 k uncompressed, docs/rendimiento.md).
        // An answer under 1 KB already fits in one packet: it goes as it is.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Fastest)
                .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024))),
        );
    observabilidad::instrumentar(router, metricas).with_state(opciones)
}

/// The rate limit applies to server functions and the token endpoint (the calls that do work,
/// hashing included), not to pages and files.
async fn limita_solo_api(
    state: axum::extract::State<Arc<LimitePorIp>>,
    cliente: axum::Extension<app::api::DireccionCliente>,
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    if req.uri().path().starts_with("/api/") || req.uri().path() == "/oidc/token" {
        seguridad::limitar(state, cliente, req, next).await
    } else {
        next.run(req).await
    }
}

/// Delivers the outbox and deletes expired flows, forever, every `poll_seconds`.
pub fn iniciar_trabajadores(settings: &Settings, servicios: Servicios) -> Result<(), ErrorArranque> {
    let correo = match &settings.mail.smtp_url {
        Some(url) => {
            Some(CorreoSmtp::new(url.expose_secret(), &settings.mail.from).map_err(ErrorArranque::Configuracion)?)
        }
        None => None,
    };
    let sms = match &settings.sms.url {
        Some(url) => Some(SmsHttp::new(url.expose_secret()).map_err(ErrorArranque::Configuracion)?),
        None => None,
    };
    let intervalo = Duration::from_secs(settings.outbox.poll_seconds.max(1));
    // An instance that does not migrate may start before the schema exists: its workers wait.
    let esperar_esquema = !settings.database.migrate;
    if settings.outbox.worker {
        let repartidor = Repartidor {
            db: servicios.db.clone(),
            reloj: servicios.reloj.clone(),
            correo,
            sms,
            instancia: backend::flujos::id_aleatorio(),
            reserva_segundos: settings.outbox.lease_seconds.max(1),
            mostrar_secretos: !settings.production,
        };
        let db = servicios.db.clone();
        tokio::spawn(async move {
            if esperar_esquema {
                esquema_al_dia(&db, intervalo).await;
            }
            loop {
                match repartidor.repartir(50).await {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "falló el reparto de mensajes"),
                }
                tokio::time::sleep(intervalo).await;
            }
        });
    }
    tokio::spawn(async move {
        if esperar_esquema {
            esquema_al_dia(&servicios.db, intervalo).await;
        }
        loop {
            if let Err(e) = backend::flujos::limpiar_vencidos(&servicios).await {
                tracing::error!(error = %e, "falló la limpieza de flujos vencidos");
            }
            if let Err(e) = backend::sesiones::limpiar_vencidas(&servicios).await {
                tracing::error!(error = %e, "falló la limpieza de sesiones vencidas");
            }
            if let Err(e) = backend::operadores::limpiar_vencidas(&servicios).await {
                tracing::error!(error = %e, "falló la limpieza de sesiones de operador vencidas");
            }
            if let Err(e) = backend::solicitud_facilitador::limpiar_huerfanos(&servicios).await {
                tracing::error!(error = %e, "falló la limpieza de archivos sin solicitud");
            }
            match totp::cifrar_pendientes(&servicios.db, &servicios.llave_totp).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(operadores = n, "secretos TOTP cifrados con operators.totp_key"),
                Err(e) => tracing::error!(error = %e, "falló el cifrado de secretos TOTP con operators.totp_key"),
            }
            if let Err(e) = backend::oidc::flujo::limpiar_vencidos(&servicios).await {
                tracing::error!(error = %e, "falló la limpieza de solicitudes, códigos y tokens OIDC vencidos");
            }
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    });
    Ok(())
}

/// Waits until the schema has every migration (someone ran `server migrate`).
async fn esquema_al_dia(db: &sea_orm::DatabaseConnection, intervalo: Duration) {
    let mut avisado = false;
    while !backend::esquema::al_dia(db).await.unwrap_or(false) {
        if !avisado {
            tracing::warn!("esquema sin migrar: los trabajadores esperan a `server migrate`");
            avisado = true;
        }
        tokio::time::sleep(intervalo).await;
    }
}

/// A bound, not yet serving, application: tests read its ports before it runs.
pub struct Aplicacion {
    listener: TcpListener,
    router: Router,
    /// The metrics listener (`metrics.bind`), and what it reads.
    metricas: Option<(TcpListener, Arc<Metricas>, Servicios)>,
    plazo_cabeceras: Duration,
    plazo_solicitud: Duration,
}

impl Aplicacion {
    pub async fn construir(settings: &Settings, servicios: Servicios) -> Result<Aplicacion, ErrorArranque> {
        iniciar_trabajadores(settings, servicios.clone())?;
        // Before the port opens: a balancer sends nothing to an instance still preparing.
        let opciones = opciones_leptos(settings);
        let diccionario = estaticos::diccionario(&opciones).await;
        let listener = TcpListener::bind(settings.bind).await.map_err(|e| ErrorArranque::Red(settings.bind, e))?;
        let registro = Arc::new(Metricas::default());
        let metricas = match settings.metrics.bind {
            Some(direccion) => {
                let escucha = TcpListener::bind(direccion).await.map_err(|e| ErrorArranque::Red(direccion, e))?;
                Some((escucha, registro.clone(), servicios.clone()))
            }
            None => None,
        };
        Ok(Aplicacion {
            listener,
            router: router(settings, servicios, registro, opciones, diccionario),
            metricas,
            plazo_cabeceras: Duration::from_secs(settings.http.header_timeout_seconds.max(1)),
            plazo_solicitud: plazo_solicitud(settings),
        })
    }

    pub fn direccion(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Where the metrics are served, when they are.
    pub fn direccion_metricas(&self) -> Option<SocketAddr> {
        self.metricas.as_ref().map(|(escucha, _, _)| escucha.local_addr().expect("a bound listener has an address"))
    }

    pub async fn servir(self) -> std::io::Result<()> {
        if let Some((escucha, metricas, servicios)) = self.metricas {
            tracing::info!("métricas en http://{}/metrics", escucha.local_addr()?);
            tokio::spawn(observabilidad::servir_metricas(escucha, metricas, servicios));
        }
        // axum::serve gives hyper no timer, so it never times out a client that sends its
        // headers slowly, or nothing at all, or keeps an idle connection: this loop does. HTTP/1.1
        // only (the balancer speaks it to the instances): hyper's version sniffing, which serving
        // HTTP/2 too would need, waits for a first byte with no deadline.
        let mut http1 = hyper::server::conn::http1::Builder::new();
        http1.timer(TokioTimer::new()).header_read_timeout(self.plazo_cabeceras);
        let apagado = GracefulShutdown::new();
        let mut terminar = std::pin::pin!(senal_de_terminar());
        loop {
            let (conexion, cliente) = tokio::select! {
                aceptada = self.listener.accept() => match aceptada {
                    Ok(aceptada) => aceptada,
                    // A client that gave up while queued: nothing to do.
                    Err(e) if es_de_la_conexion(&e) => continue,
                    Err(e) => {
                        // Out of file descriptors, most likely: give closing connections time.
                        tracing::error!("no se pudo aceptar una conexión: {e}");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                },
                _ = &mut terminar => break,
            };
            // Without TCP_NODELAY a response written in two pieces (headers, then a file's body)
            // can wait for the client's delayed ACK: 40 ms per request.
            if let Err(e) = conexion.set_nodelay(true) {
                tracing::warn!("TCP_NODELAY: {e}");
            }
            let router = self.router.clone();
            let servicio = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(cliente));
                router.clone().oneshot(req)
            });
            let conexion = apagado.watch(http1.serve_connection(TokioIo::new(conexion), servicio));
            tokio::spawn(async move {
                if let Err(e) = conexion.await {
                    tracing::debug!("conexión terminada con error: {e}");
                }
            });
        }
        // New connections are refused at once (the balancer sends them to another instance);
        // idle ones close now, and requests in course get as long as a request may take.
        drop(self.listener);
        if tokio::time::timeout(self.plazo_solicitud, apagado.shutdown()).await.is_err() {
            tracing::warn!("apagado: conexiones aún abiertas tras el plazo de una solicitud, se cortan");
        }
        Ok(())
    }
}

fn plazo_solicitud(settings: &Settings) -> Duration {
    Duration::from_secs(settings.http.request_timeout_seconds.max(1))
}

/// An accept error about one connection (its client gave up), not about the listener.
fn es_de_la_conexion(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(e.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset)
}

/// Ctrl-C, or the SIGTERM with which a process manager (systemd, Kubernetes) stops an instance.
async fn senal_de_terminar() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut sigterm) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = sigterm.recv() => {}
                }
                return;
            }
            Err(e) => tracing::warn!("SIGTERM no se puede escuchar: {e}"),
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
