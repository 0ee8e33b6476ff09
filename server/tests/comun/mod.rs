//! Test helpers: a real server on port 0 over a fresh database (SQLite always; PostgreSQL
//! when reachable, required in CI), a movable clock, and a client for the server functions.
#![allow(dead_code)] // each test binary uses its own subset

use app::backend::{Reloj, Servicios};
use cs_domain::cuenta::TipoCuenta;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};
use server::config::Settings;
use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc,
    },
};

pub const CAPTCHA: &str = "SENC";

/// A seeded demo account (`server seed-demo`) and what proves its holder: tests of the
/// procedures every kind shares take one per kind.
#[derive(Clone, Copy, Debug)]
pub struct Demo {
    pub cuenta: TipoCuenta,
    pub rut: &'static str,
    pub normalizado: &'static str,
    pub clave: &'static str,
    pub email: &'static str,
    /// The legal representative acting for a company (listed by the demo SII).
    pub representante: Option<&'static str>,
    /// The ID card that proves the holder: the person's, or the company representative's.
    pub serie: &'static str,
    /// The secret question's text and answer, when the account has one.
    pub pregunta: Option<(&'static str, &'static str)>,
    /// Where an SMS for the account goes: the person's mobile, or the representative's.
    pub sms: Option<&'static str>,
}

/// An account of `cuenta` with a secret question and a mobile for SMS.
pub fn con_pregunta(cuenta: TipoCuenta) -> Demo {
    match cuenta {
        TipoCuenta::Juridica => Demo {
            cuenta,
            rut: "76.086.428-5",
            normalizado: "76086428-5",
            clave: "Canelo2026",
            email: "contacto@capacitacionesdelsur.example.cl",
            representante: Some("11.111.111-1"),
            serie: "100.200.300",
            pregunta: Some(("NOMBRE DE MI MASCOTA", "Cachupín")),
            sms: Some("+56987654321"),
        },
        _ => Demo {
            cuenta,
            rut: "11.111.111-1",
            normalizado: "11111111-1",
            clave: "Araucaria1",
            email: "juan.gonzalez@example.cl",
            representante: None,
            serie: "100.200.300",
            pregunta: Some(("MI PAÍS FAVORITO", "Chile")),
            sms: Some("+56987654321"),
        },
    }
}

/// An older account of `cuenta` without a secret question.
pub fn sin_pregunta(cuenta: TipoCuenta) -> Demo {
    match cuenta {
        TipoCuenta::Juridica => Demo {
            cuenta,
            rut: "76.224.613-9",
            normalizado: "76224613-9",
            clave: "Aprende19",
            email: "contacto@otecaprende.example.cl",
            representante: Some("22.222.222-2"),
            serie: "A012345678",
            pregunta: None,
            sms: Some("+56922334455"),
        },
        _ => Demo {
            cuenta,
            rut: "22.222.222-2",
            normalizado: "22222222-2",
            clave: "Copihue26",
            email: "maria.munoz@example.cl",
            representante: None,
            serie: "A012345678",
            pregunta: None,
            sms: None,
        },
    }
}

impl Demo {
    pub fn respuesta(&self) -> &'static str {
        self.pregunta.expect("an account with a question").1
    }

    /// The first step of Cambiar CS and Actualizar datos, with `clave`.
    pub fn credenciales(&self, clave: &str) -> Value {
        json!({ "rut": self.rut, "rut_representante": self.representante.unwrap_or_default(), "clave": clave })
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Motor {
    Sqlite,
    Postgres,
}

/// Declares one test per database engine and kind of account from an
/// `async fn(Motor, TipoCuenta)`: the procedures every kind shares are tested for every kind.
#[macro_export]
macro_rules! en_ambos_motores_y_cuentas {
    ($($nombre:ident),* $(,)?) => {
        mod sqlite_natural {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $nombre() { super::$nombre($crate::comun::Motor::Sqlite, cs_domain::cuenta::TipoCuenta::Natural).await }) *
        }
        mod sqlite_juridica {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $nombre() { super::$nombre($crate::comun::Motor::Sqlite, cs_domain::cuenta::TipoCuenta::Juridica).await }) *
        }
        mod postgres_natural {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $nombre() { super::$nombre($crate::comun::Motor::Postgres, cs_domain::cuenta::TipoCuenta::Natural).await }) *
        }
        mod postgres_juridica {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $nombre() { super::$nombre($crate::comun::Motor::Postgres, cs_domain::cuenta::TipoCuenta::Juridica).await }) *
        }
    };
}

/// Declares one test per database engine from an `async fn(Motor)`.
#[macro_export]
macro_rules! en_ambos_motores {
    ($($nombre:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $nombre() { super::$nombre($crate::comun::Motor::Sqlite).await }) *
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $nombre() { super::$nombre($crate::comun::Motor::Postgres).await }) *
        }
    };
}

fn id() -> String {
    app::backend::flujos::id_aleatorio().to_lowercase().replace(['-', '_'], "x")[..16].to_owned()
}

pub fn url_postgres_admin() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Says, past the test harness's output capture, that a PostgreSQL test did not run: once per
/// test binary in a banner, then once per test with its name. A skipped engine must never
/// look like a pass.
fn avisar_omitida(error: &str) {
    use std::io::Write;
    static AVISO: std::sync::Once = std::sync::Once::new();
    let mut salida = std::io::stderr().lock();
    AVISO.call_once(|| {
        let linea = "!".repeat(78);
        let _ = writeln!(
            salida,
            "\n{linea}\n!! PostgreSQL NO DISPONIBLE en {}: las pruebas sobre PostgreSQL de este binario\n\
             !! se OMITEN (en CI, con la variable CI definida, fallan).\n!! {error}\n{linea}",
            url_postgres_admin()
        );
    });
    let prueba = std::thread::current().name().unwrap_or("?").to_owned();
    let _ = writeln!(salida, "!! OMITIDA sobre PostgreSQL: {prueba}");
}

/// A fresh, empty database, or `None` when PostgreSQL is not reachable outside CI.
pub async fn base_de_datos(motor: Motor) -> Option<String> {
    match motor {
        Motor::Sqlite => {
            let dir = std::env::temp_dir().join("clave-sence-tests");
            std::fs::create_dir_all(&dir).unwrap();
            Some(format!("sqlite://{}?mode=rwc", dir.join(format!("{}.db", id())).display()))
        }
        Motor::Postgres => {
            // Once a test of this binary found PostgreSQL down, the others skip at once.
            static NO_DISPONIBLE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
            let en_ci = std::env::var_os("CI").is_some();
            if !en_ci && NO_DISPONIBLE.load(Ordering::SeqCst) {
                avisar_omitida("");
                return None;
            }
            let mut opciones = sea_orm::ConnectOptions::new(url_postgres_admin());
            opciones
                .connect_timeout(std::time::Duration::from_secs(5))
                .acquire_timeout(std::time::Duration::from_secs(5));
            let admin = match Database::connect(opciones).await {
                Ok(db) => db,
                Err(e) if !en_ci => {
                    avisar_omitida(&e.to_string());
                    NO_DISPONIBLE.store(true, Ordering::SeqCst);
                    return None;
                }
                Err(e) => panic!("PostgreSQL is required in CI: {e}"),
            };
            let nombre = format!("cs_test_{}", id());
            admin.execute_unprepared(&format!("CREATE DATABASE {nombre}")).await.unwrap();
            let base = url_postgres_admin();
            let (prefijo, _) = base.rsplit_once('/').unwrap();
            Some(format!("{prefijo}/{nombre}"))
        }
    }
}

/// Drops a PostgreSQL test database (SQLite files live in the temp dir).
pub async fn borrar(motor: Motor, url: &str) {
    if let Motor::Postgres = motor {
        let nombre = url.rsplit('/').next().unwrap();
        let admin = Database::connect(url_postgres_admin()).await.unwrap();
        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {nombre} WITH (FORCE)")).await;
    }
}

pub fn demo(archivo: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("demo").join(archivo)
}

pub fn ajustes(url: &str) -> Settings {
    let mut s = Settings { bind: "127.0.0.1:0".parse().unwrap(), ..Default::default() };
    s.database.url = url.into();
    s.captcha.test_answer = Some(CAPTCHA.into());
    s.rate_limit.per_ip_per_minute = 100_000;
    s.rate_limit.burst = 10_000;
    s.outbox.worker = false;
    s.registro_civil.csv = demo("registro_civil.csv");
    s.sii.csv = demo("sii.csv");
    s
}

/// A clock tests can move forward.
#[derive(Clone, Default)]
pub struct RelojMovil {
    desfase: Arc<AtomicI64>,
}

impl RelojMovil {
    pub fn adelantar(&self, segundos: i64) {
        self.desfase.fetch_add(segundos, Ordering::SeqCst);
    }
    pub fn reloj(&self) -> Reloj {
        let desfase = self.desfase.clone();
        Arc::new(move || chrono::Utc::now().timestamp() + desfase.load(Ordering::SeqCst))
    }
}

pub struct AppDePrueba {
    pub motor: Motor,
    pub url_db: String,
    pub direccion: SocketAddr,
    /// Where its metrics are served, when `metrics.bind` is set.
    pub direccion_metricas: Option<SocketAddr>,
    pub servicios: Servicios,
    pub tiempo: RelojMovil,
    pub http: reqwest::Client,
}

impl AppDePrueba {
    pub async fn iniciar(motor: Motor) -> Option<AppDePrueba> {
        Self::iniciar_con(motor, |_| {}).await
    }

    pub async fn iniciar_con(motor: Motor, ajustar: impl FnOnce(&mut Settings)) -> Option<AppDePrueba> {
        let url_db = base_de_datos(motor).await?;
        Some(Self::iniciar_sobre(motor, &url_db, ajustar).await)
    }

    /// Another instance over the database at `url_db` (which it migrates if needed): several
    /// share one database as in production. Only the last one should `terminar`.
    pub async fn iniciar_sobre(motor: Motor, url_db: &str, ajustar: impl FnOnce(&mut Settings)) -> AppDePrueba {
        let url_db = url_db.to_owned();
        let mut settings = ajustes(&url_db);
        ajustar(&mut settings);
        let tiempo = RelojMovil::default();
        let servicios = server::startup::servicios(&settings, tiempo.reloj()).await.expect("services start");
        let app = server::startup::Aplicacion::construir(&settings, servicios.clone()).await.expect("app builds");
        let direccion = app.direccion();
        let direccion_metricas = app.direccion_metricas();
        tokio::spawn(app.servir());
        AppDePrueba { motor, url_db, direccion, direccion_metricas, servicios, tiempo, http: reqwest::Client::new() }
    }

    pub fn url(&self, ruta: &str) -> String {
        format!("http://{}{}", self.direccion, ruta)
    }

    pub async fn terminar(self) {
        let (motor, url_db) = (self.motor, self.url_db.clone());
        self.cerrar().await;
        borrar(motor, &url_db).await;
    }

    /// Closes this instance's connections and leaves the database to the others.
    pub async fn cerrar(self) {
        self.servicios.db_sin_espera.clone().close().await.ok();
        self.servicios.db.clone().close().await.ok();
    }

    /// Calls a URL-encoded server function; `Ok` body or `Err((status, body))`.
    pub async fn llamar_form(&self, funcion: &str, campos: &[(&str, &str)]) -> Result<Value, (u16, Value)> {
        let r = self.http.post(self.url(&format!("/api/{funcion}"))).form(campos).send().await.unwrap();
        respuesta(funcion, r).await
    }

    pub async fn llamar_json(&self, funcion: &str, cuerpo: Value) -> Result<Value, (u16, Value)> {
        let r = self.http.post(self.url(&format!("/api/{funcion}"))).json(&cuerpo).send().await.unwrap();
        respuesta(funcion, r).await
    }

    /// Starts a flow of `tipo` (`recuperar_natural`, `cambiar_juridica`, …).
    pub async fn abrir(&self, tipo: &str) -> String {
        let v = self.llamar_form("iniciar_flujo", &[("tipo", tipo)]).await.expect("flow starts");
        v.as_str().unwrap().to_owned()
    }

    /// Starts a flow of `procedimiento` (`recuperar`, …) for the kind of `cuenta`.
    pub async fn abrir_de(&self, procedimiento: &str, cuenta: TipoCuenta) -> String {
        self.abrir(&format!("{procedimiento}_{}", cuenta.codigo())).await
    }

    /// The id of a fresh captcha for `flujo` (its answer is always [`CAPTCHA`]).
    pub async fn captcha(&self, flujo: &str) -> String {
        self.nuevo_captcha(flujo).await.expect("captcha")["id"].as_str().unwrap().to_owned()
    }

    /// Creates the demo accounts: people and companies, with and without a question.
    pub async fn sembrar_demo(&self) {
        app::backend::demo::sembrar(&self.servicios).await.unwrap();
    }

    /// Calls a URL-encoded server function with a session cookie; also returns the
    /// `Set-Cookie` it answered with.
    pub async fn llamar_con_cookie(
        &self,
        funcion: &str,
        campos: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> (Result<Value, (u16, Value)>, Option<String>) {
        let mut peticion = self.http.post(self.url(&format!("/api/{funcion}"))).form(campos);
        if let Some(cookie) = cookie {
            peticion = peticion.header("cookie", cookie);
        }
        let r = peticion.send().await.unwrap();
        let set_cookie = r.headers().get("set-cookie").map(|v| v.to_str().unwrap().to_owned());
        (respuesta(funcion, r).await, set_cookie)
    }

    /// Logs in; returns the answer and the `name=value` cookie to send back.
    pub async fn ingresar(&self, rut: &str, clave: &str) -> (Result<Value, (u16, Value)>, Option<String>) {
        let (r, set_cookie) = self.llamar_con_cookie("ingresar", &[("rut", rut), ("clave", clave)], None).await;
        (r, set_cookie.map(|c| c.split(';').next().unwrap().to_owned()))
    }

    /// Recovers `demo`'s CS by its answer (case 3.3); returns the provisional CS.
    pub async fn recuperar_por_respuesta(&self, demo: &Demo) -> String {
        let flujo = self.abrir_de("recuperar", demo.cuenta).await;
        self.llamar_form("recuperar_validar_rut", &[("flujo", &flujo), ("rut", demo.rut)]).await.unwrap();
        let captcha_id = self.captcha(&flujo).await;
        let datos = json!({ "respuesta": demo.respuesta(), "email_correcto": null, "email": "", "celular": "" });
        self.llamar_json(
            "recuperar_clave",
            json!({ "flujo": flujo, "captcha_id": captcha_id, "captcha": CAPTCHA, "datos": datos }),
        )
        .await
        .unwrap();
        self.clave_provisoria_enviada_a(demo.email).await
    }

    /// The queued messages (the worker is off in tests, so bodies are intact).
    pub async fn mensajes(&self) -> Vec<app::backend::entidades::mensaje::Model> {
        use sea_orm::{EntityTrait, QueryOrder};
        app::backend::entidades::mensaje::Entity::find()
            .order_by_asc(app::backend::entidades::mensaje::Column::Id)
            .all(&self.servicios.db)
            .await
            .unwrap()
    }

    /// The provisional CS of the last provisional-CS email sent to `email`.
    pub async fn clave_provisoria_enviada_a(&self, email: &str) -> String {
        let m = self
            .mensajes()
            .await
            .into_iter()
            .rev()
            .find(|m| {
                m.destinatario == email && m.asunto.as_deref() == Some(app::backend::mensajes::ASUNTO_CLAVE_PROVISORIA)
            })
            .expect("a provisional CS email");
        m.cuerpo.split("su Clave Sence es: ").nth(1).unwrap()[..8].to_owned()
    }

    pub async fn cuenta(&self, rut: &str) -> app::backend::entidades::cuenta::Model {
        use sea_orm::EntityTrait;
        app::backend::entidades::cuenta::Entity::find_by_id(rut.to_owned())
            .one(&self.servicios.db)
            .await
            .unwrap()
            .unwrap()
    }

    pub async fn nuevo_captcha(&self, flujo: &str) -> Result<Value, (u16, Value)> {
        self.llamar_form("nuevo_captcha", &[("flujo", flujo)]).await
    }

    /// Starts a registration of the form's kind, draws its captcha and submits `form` with
    /// `respuesta` as captcha answer.
    pub async fn registrar(&self, form: Value, respuesta: &str) -> Result<Value, (u16, Value)> {
        let flujo = self.abrir(&format!("registro_{}", form["cuenta"].as_str().unwrap())).await;
        let captcha = self.nuevo_captcha(&flujo).await.expect("captcha");
        self.enviar_registro(&flujo, captcha["id"].as_str().unwrap(), respuesta, form).await
    }

    pub async fn enviar_registro(
        &self,
        flujo: &str,
        captcha_id: &str,
        respuesta: &str,
        form: Value,
    ) -> Result<Value, (u16, Value)> {
        self.llamar_json(
            "registrar",
            json!({ "flujo": flujo, "captcha_id": captcha_id, "captcha": respuesta, "form": form }),
        )
        .await
    }

    pub async fn contar(&self, tabla: &str) -> i64 {
        let fila = self
            .servicios
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.servicios.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {tabla}"),
            ))
            .await
            .unwrap()
            .unwrap();
        fila.try_get::<i64>("", "n").unwrap()
    }
}

/// A server function's answer, `Ok` body or `Err((status, body))`, as JSON for the tests to
/// compare. Server functions answer in postcard, which names nothing: the body is read with
/// the function's own output type (an error with `ApiError`), then written out as the JSON
/// serde makes of it. A body that is not postcard (a 413 from the size limit, say) is kept as
/// text.
async fn respuesta(funcion: &str, r: reqwest::Response) -> Result<Value, (u16, Value)> {
    let estado = r.status().as_u16();
    let cuerpo = r.bytes().await.unwrap();
    let leido = if (200..300).contains(&estado) { salida(funcion, &cuerpo) } else { error_api(&cuerpo) };
    let valor = leido.unwrap_or_else(|| Value::String(String::from_utf8_lossy(&cuerpo).into_owned()));
    if (200..300).contains(&estado) {
        Ok(valor)
    } else {
        Err((estado, valor))
    }
}

/// Reads postcard as `T`, and gives the JSON of what it read.
pub fn postcard_a_json<T: serde::de::DeserializeOwned + serde::Serialize>(cuerpo: &[u8]) -> Option<Value> {
    use leptos::server_fn::{codec::PostcardEncoding, Decodes};
    let valor: T = PostcardEncoding::decode(cuerpo.to_vec().into()).ok()?;
    Some(serde_json::to_value(valor).unwrap())
}

/// An error body, as every server function and the middleware answer it.
pub fn error_api(cuerpo: &[u8]) -> Option<Value> {
    postcard_a_json::<app::api::ApiError>(cuerpo)
}

/// A successful answer of the server function at `/api/{funcion}`, read with its output type.
fn salida(funcion: &str, cuerpo: &[u8]) -> Option<Value> {
    use app::api::{
        actualizar::*, cambiar::*, facilitador::*, flujos::*, operador::*, recuperar::*, registro::*, sesion::*,
    };
    use leptos::server_fn::ServerFn;
    let ruta = format!("/api/{funcion}");
    macro_rules! por_funcion {
        ($($f:ty),* $(,)?) => {
            $(if <$f as ServerFn>::PATH == ruta {
                return postcard_a_json::<<$f as ServerFn>::Output>(cuerpo);
            })*
        };
    }
    por_funcion!(
        IniciarFlujo,
        NuevoCaptcha,
        Ingresar,
        MiCuenta,
        CambiarClaveProvisional,
        Salir,
        PlataformaSolicitante,
        RecuperarValidarRut,
        RecuperarNoRecuerdo,
        RecuperarProbar,
        RecuperarClave,
        CambiarValidar,
        CambiarClave,
        ActualizarValidar,
        ActualizarPregunta,
        ActualizarRepresentante,
        ActualizarDatos,
        Registrar,
        FacilitadorValidar,
        FacilitadorSolicitar,
        OperadorIngresar,
        OperadorActual,
        OperadorCambiarClave,
        OperadorSalir,
        OperadorCola,
        OperadorSolicitud,
        OperadorAprobar,
        OperadorRechazar,
        OperadorCuenta,
        OperadorDesbloquear,
    );
    panic!("{ruta}: add its server function to the tests' table in `salida`")
}

/// The server binary as an operator runs it (`serve` on the database at `url_db`, the demo
/// registries, warnings only), for a test to add its own settings, spawn and kill.
pub fn binario(url_db: &str, bind: &str) -> tokio::process::Command {
    let raiz = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut orden = tokio::process::Command::new(env!("CARGO_BIN_EXE_server"));
    orden
        .arg("serve")
        .current_dir(&raiz)
        .env("CS_BIND", bind)
        .env("CS_DATABASE__URL", url_db)
        .env("CS_REGISTRO_CIVIL__CSV", demo("registro_civil.csv"))
        .env("CS_SII__CSV", demo("sii.csv"))
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true);
    orden
}

/// A local TCP port nothing listens on (free when asked; tests bind it soon after).
pub fn puerto_libre() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Polls `condicion` every 100 ms for up to `segundos`; whether it became true.
pub async fn esperar_hasta<F, Fut>(segundos: u64, mut condicion: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let limite = std::time::Instant::now() + std::time::Duration::from_secs(segundos);
    while std::time::Instant::now() < limite {
        if condicion().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

/// A complete, valid registration form of a person with `rut`.
pub fn formulario(rut: &str, email: &str) -> Value {
    json!({
        "cuenta": "natural",
        "rut": rut,
        "razon_social": "",
        "pregunta": "nombre_mascota",
        "respuesta": "Firulais",
        "domicilio": {
            "region": "13",
            "comuna": "13101",
            "direccion": "Avenida Libertador Bernardo O'Higgins",
            "numero": "1449",
            "block": "",
            "departamento": "1203"
        },
        "email": email,
        "telefono_particular": "221234567",
        "telefono_trabajo": "",
        "celular": "98765432",
        "sin_celular": false,
        "telefono": "",
        "fax": "",
        "representante": { "rut": "", "nombre": "", "celular": "", "email": "" },
        "clave": "Pehuen2026",
        "repetir_clave": "Pehuen2026"
    })
}

/// A complete, valid registration form of the company `rut`, registered by the representative
/// `representante`.
pub fn formulario_empresa(rut: &str, representante: &str, email: &str) -> Value {
    let mut form = formulario(rut, email);
    form["cuenta"] = json!("juridica");
    form["telefono_particular"] = json!("");
    form["celular"] = json!("");
    form["telefono"] = json!("226543210");
    form["representante"] =
        json!({ "rut": representante, "nombre": "", "celular": "91234567", "email": "representante@correo.cl" });
    form
}

/// The notification sinks (`end2end/support/sinks.mjs`): a real SMTP server and an SMS
/// provider stand-in, on free ports.
pub struct Sumideros {
    proceso: tokio::process::Child,
    pub smtp: u16,
    pub http: u16,
}

impl Sumideros {
    pub async fn iniciar() -> Sumideros {
        Self::iniciar_con_smtp_en(0).await
    }

    /// With the SMTP server on `puerto` (0: any free port): an SMTP server that comes up where
    /// the app was already told to deliver.
    pub async fn iniciar_con_smtp_en(puerto: u16) -> Sumideros {
        use tokio::io::AsyncBufReadExt;
        let raiz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut proceso = tokio::process::Command::new("node")
            .arg(raiz.join("end2end/support/sinks.mjs"))
            .env("SINK_SMTP_PORT", puerto.to_string())
            .env("SINK_HTTP_PORT", "0")
            .current_dir(&raiz)
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs the sinks (run `npm ci` first)");
        let mut lineas = tokio::io::BufReader::new(proceso.stdout.take().unwrap()).lines();
        let primera = lineas.next_line().await.unwrap().expect("the sinks print their ports");
        let puertos: Value = serde_json::from_str(&primera).unwrap();
        Sumideros {
            proceso,
            smtp: puertos["smtp"].as_u64().unwrap() as u16,
            http: puertos["http"].as_u64().unwrap() as u16,
        }
    }

    pub fn url_smtp(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.smtp)
    }

    pub fn url_sms(&self) -> String {
        format!("http://127.0.0.1:{}/sms", self.http)
    }

    pub async fn correos(&self) -> Vec<Value> {
        let url = format!("http://127.0.0.1:{}/emails", self.http);
        reqwest::get(url).await.unwrap().json().await.unwrap()
    }

    pub async fn sms(&self) -> Vec<Value> {
        let url = format!("http://127.0.0.1:{}/sms", self.http);
        reqwest::get(url).await.unwrap().json().await.unwrap()
    }

    pub async fn fallar_sms(&self, veces: u32) {
        let url = format!("http://127.0.0.1:{}/fail-sms?times={veces}", self.http);
        reqwest::Client::new().post(url).send().await.unwrap();
    }

    pub async fn terminar(mut self) {
        let _ = self.proceso.kill().await;
    }
}
