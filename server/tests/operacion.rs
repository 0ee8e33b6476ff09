//! What an operator relies on to run instances behind a load balancer: health and readiness
//! checks (also for instances that leave migrating to `server migrate`), request ids, metrics,
//! and client addresses taken from trusted proxies only.

mod comun;

use app::backend::entidades::flujo;
use app::backend::notificaciones::{encolar, Destino, Mensaje};
use comun::{AppDePrueba, Motor};
use cs_domain::telefono::Celular;
use sea_orm::EntityTrait;
use serde_json::{json, Value};

async fn obtener(app: &AppDePrueba, ruta: &str) -> (u16, Value) {
    let r = app.http.get(app.url(ruta)).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn an_instance_is_alive_and_ready_once_migrated(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    assert_eq!(obtener(&app, "/salud").await, (200, json!({ "estado": "vivo" })));
    assert_eq!(obtener(&app, "/listo").await, (200, json!({ "estado": "listo" })));
    app.terminar().await;
}

async fn an_instance_that_does_not_migrate_is_not_ready_until_someone_does(motor: Motor) {
    let Some(url_db) = comun::base_de_datos(motor).await else { return };
    let app = AppDePrueba::iniciar_sobre(motor, &url_db, |s| s.database.migrate = false).await;
    assert_eq!(app.contar_tablas().await, 0, "it created nothing");
    assert_eq!(obtener(&app, "/salud").await.0, 200);
    let (estado, cuerpo) = obtener(&app, "/listo").await;
    assert_eq!(estado, 503);
    assert!(cuerpo["motivo"].as_str().unwrap().contains("server migrate"), "{cuerpo}");

    // What `server migrate` does, from another process.
    app::backend::conectar(&url_db).await.unwrap().close().await.unwrap();
    assert_eq!(obtener(&app, "/listo").await, (200, json!({ "estado": "listo" })));
    assert!(app.llamar_form("iniciar_flujo", &[("tipo", "registro_natural")]).await.is_ok());
    app.terminar().await;
}

/// One SQLite file serves one instance: only PostgreSQL migrates concurrently.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_migrating_one_postgresql_database_at_once_all_succeed() {
    let motor = Motor::Postgres;
    let Some(url_db) = comun::base_de_datos(motor).await else { return };
    let (uno, otro, tercero) =
        tokio::join!(app::backend::conectar(&url_db), app::backend::conectar(&url_db), app::backend::conectar(&url_db));
    for db in [uno.unwrap(), otro.unwrap(), tercero.unwrap()] {
        assert!(app::backend::esquema::al_dia(&db).await.unwrap());
        db.close().await.unwrap();
    }
    comun::borrar(motor, &url_db).await;
}

async fn every_answer_carries_a_request_id(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let id_de = |r: &reqwest::Response| r.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_owned());

    let r = app.http.get(app.url("/")).send().await.unwrap();
    let nuevo = id_de(&r).expect("a request id is made");
    assert_eq!(nuevo.len(), 36, "a UUID: {nuevo}");
    let otro = id_de(&app.http.get(app.url("/")).send().await.unwrap()).unwrap();
    assert_ne!(nuevo, otro);

    let r = app
        .http
        .post(app.url("/api/iniciar_flujo"))
        .header("x-request-id", "balanceador-42.a:b_c")
        .form(&[("tipo", "otro")]);
    let r = r.send().await.unwrap();
    assert_eq!((r.status().as_u16(), id_de(&r).as_deref()), (400, Some("balanceador-42.a:b_c")), "kept");

    for forjado in ["con espacios y\tcontrol", &"x".repeat(200)] {
        let r = app.http.get(app.url("/salud")).header("x-request-id", forjado).send().await.unwrap();
        let id = id_de(&r).unwrap();
        assert!(id != forjado && id.len() == 36, "a forged id is replaced: {id}");
    }
    app.terminar().await;
}

async fn metrics_count_requests_by_route_and_read_the_outbox(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar_con(motor, |s| s.metrics.bind = Some("127.0.0.1:0".parse().unwrap())).await
    else {
        return;
    };
    let metricas = app.direccion_metricas.expect("metrics listener");
    assert_ne!(metricas, app.direccion, "a listener of its own");
    assert_eq!(obtener(&app, "/metrics").await.0, 404, "never on the public listener");

    for _ in 0..2 {
        app.abrir("registro_natural").await;
    }
    app.llamar_form("iniciar_flujo", &[("tipo", "otro")]).await.unwrap_err();
    app.http.get(app.url("/no/existe/123")).send().await.unwrap();
    let sms = |texto: &str| Mensaje {
        destino: Destino::Sms(Celular::parse("98765432").unwrap()),
        cuerpo: texto.into(),
        secreto: false,
    };
    encolar(&app.servicios.db, vec![sms("uno"), sms("dos"), sms("tres")], app.servicios.ahora() - 90).await.unwrap();

    let r = reqwest::get(format!("http://{metricas}/metrics")).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/openmetrics-text"));
    let texto = r.text().await.unwrap();
    let linea = |prefijo: &str| {
        texto.lines().find(|l| l.starts_with(prefijo)).unwrap_or_else(|| panic!("no {prefijo} in\n{texto}")).to_owned()
    };
    assert_eq!(
        linea(r#"cs_solicitudes_http_total{metodo="POST",ruta="/api/iniciar_flujo",estado="200"}"#).split(' ').nth(1),
        Some("2")
    );
    linea(r#"cs_solicitudes_http_total{metodo="POST",ruta="/api/iniciar_flujo",estado="400"} 1"#);
    // `/metrics` asked of the public listener, and `/no/existe/123`.
    linea(r#"cs_solicitudes_http_total{metodo="GET",ruta="otra",estado="404"} 2"#);
    assert!(!texto.contains("/no/existe"), "an unknown path adds no series");
    linea(r#"cs_solicitudes_http_duracion_segundos_count{metodo="POST",ruta="/api/iniciar_flujo"} 3"#);
    linea(r#"cs_buzon_mensajes{estado="pendiente"} 3"#);
    linea(r#"cs_buzon_mensajes{estado="enviado"} 0"#);
    let espera: i64 = linea("cs_buzon_espera_mas_larga_segundos ").split(' ').nth(1).unwrap().parse().unwrap();
    assert!((90..120).contains(&espera), "{espera}");
    linea("cs_hashing_en_espera 0");
    linea("cs_hashing_en_curso 0");
    app.terminar().await;
}

async fn metrics_are_off_by_default(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    assert!(app.direccion_metricas.is_none());
    app.terminar().await;
}

/// Starts a recovery with `X-Forwarded-For: xff` (the test's connection comes from
/// 127.0.0.1); returns the address the audit log recorded for it, the one the per-IP recovery
/// limit counts.
async fn ip_registrada(app: &AppDePrueba, xff: &str) -> String {
    use app::backend::entidades::auditoria;
    use sea_orm::QueryOrder;
    let flujo = app.abrir("recuperar_natural").await;
    let r = app
        .http
        .post(app.url("/api/recuperar_validar_rut"))
        .header("x-forwarded-for", xff)
        .form(&[("flujo", flujo.as_str()), ("rut", "22.222.222-2")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let ultimo = auditoria::Entity::find().order_by_desc(auditoria::Column::Id).one(&app.servicios.db).await.unwrap();
    ultimo.unwrap().ip
}

async fn the_client_address_comes_from_trusted_proxies_only(motor: Motor) {
    let Some(sin_proxies) = AppDePrueba::iniciar(motor).await else { return };
    sin_proxies.sembrar_demo().await;
    assert_eq!(ip_registrada(&sin_proxies, "203.0.113.9").await, "127.0.0.1", "the header is ignored");
    sin_proxies.terminar().await;

    let Some(app) = AppDePrueba::iniciar_con(motor, |s| {
        s.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
        s.rate_limit.per_ip_per_minute = 1;
        s.rate_limit.burst = 3;
    })
    .await
    else {
        return;
    };
    app.sembrar_demo().await;
    assert_eq!(ip_registrada(&app, "6.6.6.6, 203.0.113.9").await, "203.0.113.9", "the rightmost untrusted hop");

    // The flood limit counts each client behind the balancer on its own.
    let llamar = |ip: &'static str| {
        app.http.post(app.url("/api/iniciar_flujo")).header("x-forwarded-for", ip).form(&[("tipo", "registro_natural")])
    };
    for _ in 0..3 {
        assert_eq!(llamar("198.51.100.1").send().await.unwrap().status(), 200);
    }
    assert_eq!(llamar("198.51.100.1").send().await.unwrap().status(), 429, "this client spent its burst");
    assert_eq!(llamar("198.51.100.2").send().await.unwrap().status(), 200, "another client is not affected");
    app.terminar().await;
}

impl AppDePrueba {
    async fn contar_tablas(&self) -> i64 {
        let consulta = match self.motor {
            Motor::Sqlite => "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'",
            Motor::Postgres => "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
        };
        use sea_orm::ConnectionTrait;
        let db = &self.servicios.db;
        let fila = db
            .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), consulta))
            .await
            .unwrap()
            .unwrap();
        fila.try_get::<i64>("", "n").unwrap()
    }
}

/// Opening a flow is the one write that does not wait for PostgreSQL's disk (the busiest and
/// the only one whose loss in a crash is harmless); every other write waits.
async fn only_opening_a_flow_commits_without_waiting_for_the_disk(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let id = app.abrir("recuperar_natural").await;
    let fila = flujo::Entity::find_by_id(id).one(&app.servicios.db).await.unwrap();
    assert!(fila.is_some(), "the durable connections see the flow at once");
    if let Motor::Postgres = motor {
        assert_eq!(confirmacion_sincrona(&app.servicios.db).await, "on");
        assert_eq!(confirmacion_sincrona(&app.servicios.db_sin_espera).await, "off");
    }
    app.terminar().await;
}

async fn confirmacion_sincrona(db: &sea_orm::DatabaseConnection) -> String {
    use sea_orm::ConnectionTrait;
    let consulta = sea_orm::Statement::from_string(db.get_database_backend(), "SHOW synchronous_commit");
    let fila = db.query_one_raw(consulta).await.unwrap().unwrap();
    fila.try_get::<String>("", "synchronous_commit").unwrap()
}

/// On SQLite the settings `backend::abrir` relies on hold for any connection to the file, as
/// when the pool replaces its one connection: WAL is stored in the file, and sqlx gives each
/// connection foreign keys and a busy timeout (waits for a lock instead of failing).
#[tokio::test]
async fn any_sqlite_connection_writes_ahead_enforces_foreign_keys_and_waits_for_locks() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let url = comun::base_de_datos(Motor::Sqlite).await.unwrap();
    let abierta = app::backend::abrir(&url).await.unwrap();
    let otra = sea_orm::Database::connect(&url).await.unwrap();
    for db in [&abierta, &otra] {
        let mut valores = Vec::new();
        for pragma in ["journal_mode", "foreign_keys", "busy_timeout"] {
            let consulta = Statement::from_string(DbBackend::Sqlite, format!("PRAGMA {pragma}"));
            let fila = db.query_one_raw(consulta).await.unwrap().unwrap();
            let valor =
                fila.try_get_by_index::<String>(0).or_else(|_| fila.try_get_by_index::<i64>(0).map(|n| n.to_string()));
            valores.push(valor.unwrap());
        }
        assert_eq!(valores, ["wal", "1", "5000"]);
    }
    otra.close().await.unwrap();
    abierta.close().await.unwrap();
}

/// A process manager stops an instance with SIGTERM: it closes its connections and exits 0,
/// instead of dying mid-request.
#[cfg(unix)]
#[tokio::test]
async fn sigterm_shuts_the_binary_down_cleanly() {
    let Some(url_db) = comun::base_de_datos(Motor::Sqlite).await else { return };
    let puerto = comun::puerto_libre();
    let mut servidor =
        comun::binario(&url_db, &format!("127.0.0.1:{puerto}")).spawn().expect("the server binary starts");
    let http = reqwest::Client::new();
    let salud = format!("http://127.0.0.1:{puerto}/salud");
    let vivo = comun::esperar_hasta(30, || async { http.get(&salud).send().await.is_ok_and(|r| r.status() == 200) });
    assert!(vivo.await, "the instance never answered");
    let pid = servidor.id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let salida = tokio::time::timeout(std::time::Duration::from_secs(10), servidor.wait()).await;
    let estado = salida.expect("still running 10 s after SIGTERM").unwrap();
    assert!(estado.success(), "{estado}");
    comun::borrar(Motor::Sqlite, &url_db).await;
}

en_ambos_motores!(
    only_opening_a_flow_commits_without_waiting_for_the_disk,
    an_instance_is_alive_and_ready_once_migrated,
    an_instance_that_does_not_migrate_is_not_ready_until_someone_does,
    every_answer_carries_a_request_id,
    metrics_count_requests_by_route_and_read_the_outbox,
    metrics_are_off_by_default,
    the_client_address_comes_from_trusted_proxies_only,
);
