//! The outbox through faults, as an operator would meet them: the SMTP server down while
//! messages queue, then back (everything delivered, nothing twice); an instance killed while
//! it delivers a message, its lease still held (the other instance delivers it once the lease
//! ends, and only then).

mod comun;

use app::backend::{
    entidades::mensaje,
    notificaciones::{encolar, Destino, Mensaje},
};
use comun::{esperar_hasta, puerto_libre, AppDePrueba, Motor, Sumideros};
use cs_domain::email::Email;
use sea_orm::EntityTrait;
use serde_json::Value;
use std::time::Duration;

fn correos(n: usize, prefijo: &str) -> Vec<Mensaje> {
    (0..n)
        .map(|i| Mensaje {
            destino: Destino::Email {
                a: Email::parse(&format!("{prefijo}{i}@correo.cl")).unwrap(),
                asunto: format!("{prefijo} {i}"),
            },
            cuerpo: format!("mensaje {i}"),
            secreto: false,
        })
        .collect()
}

async fn estados(app: &AppDePrueba) -> Vec<mensaje::Model> {
    mensaje::Entity::find().all(&app.servicios.db).await.unwrap()
}

/// Every subject received, sorted: a duplicate shows as a repeated entry.
fn asuntos(recibidos: &[Value]) -> Vec<String> {
    let mut asuntos: Vec<String> = recibidos.iter().map(|c| c["subject"].as_str().unwrap().to_owned()).collect();
    asuntos.sort();
    asuntos
}

async fn messages_queued_while_smtp_is_down_are_all_delivered_once_it_is_back(motor: Motor) {
    let puerto = puerto_libre();
    let Some(app) = AppDePrueba::iniciar_con(motor, |s| {
        s.mail.smtp_url = Some(format!("smtp://127.0.0.1:{puerto}").into());
        s.outbox.worker = true;
        s.outbox.poll_seconds = 1;
    })
    .await
    else {
        return;
    };
    encolar(&app.servicios.db, correos(6, "caida"), app.servicios.ahora()).await.unwrap();
    let todos_fallaron_una_vez = esperar_hasta(20, || async {
        estados(&app).await.iter().all(|m| m.estado == "pendiente" && m.intentos == 1 && m.ultimo_error.is_some())
    })
    .await;
    assert!(todos_fallaron_una_vez, "{:?}", estados(&app).await);
    // More arrive while it is still down; they fail on their first try too.
    encolar(&app.servicios.db, correos(4, "durante"), app.servicios.ahora()).await.unwrap();
    assert!(esperar_hasta(20, || async { estados(&app).await.iter().all(|m| m.intentos == 1) }).await);

    let sumideros = Sumideros::iniciar_con_smtp_en(puerto).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(sumideros.correos().await.is_empty(), "nothing is retried before its backoff");
    app.tiempo.adelantar(31);
    let entregados = esperar_hasta(30, || async { estados(&app).await.iter().all(|m| m.estado == "enviado") }).await;
    assert!(entregados, "{:?}", estados(&app).await);
    // A few more polls: nothing is sent again.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let recibidos = sumideros.correos().await;
    let mut esperados: Vec<String> =
        (0..6).map(|i| format!("caida {i}")).chain((0..4).map(|i| format!("durante {i}"))).collect();
    esperados.sort();
    assert_eq!(asuntos(&recibidos), esperados, "each message exactly once");
    assert!(estados(&app).await.iter().all(|m| m.intentos == 2 && m.reservado_por.is_none()));
    app.terminar().await;
    sumideros.terminar().await;
}

/// An SMTP server that accepts connections and never says a word: a delivery to it hangs
/// (until lettre's 30 s timeout), so its worker is caught mid-delivery with the lease held.
async fn smtp_mudo() -> (u16, tokio::task::JoinHandle<()>) {
    let escucha = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let puerto = escucha.local_addr().unwrap().port();
    let tarea = tokio::spawn(async move {
        let mut abiertas = Vec::new();
        while let Ok((conexion, _)) = escucha.accept().await {
            abiertas.push(conexion);
        }
    });
    (puerto, tarea)
}

/// The release binary, as an operator runs it, as a child process this test can kill.
struct Instancia(tokio::process::Child);

impl Instancia {
    fn iniciar(url_db: &str, smtp: u16, lease: i64) -> Instancia {
        let hijo = comun::binario(url_db, "127.0.0.1:0")
            .env("CS_MAIL__SMTP_URL", format!("smtp://127.0.0.1:{smtp}"))
            .env("CS_OUTBOX__WORKER", "true")
            .env("CS_OUTBOX__POLL_SECONDS", "1")
            .env("CS_OUTBOX__LEASE_SECONDS", lease.to_string())
            .spawn()
            .expect("the server binary starts");
        Instancia(hijo)
    }

    /// SIGKILL: no shutdown, no chance to release anything.
    async fn matar(mut self) {
        self.0.kill().await.unwrap();
    }
}

async fn a_message_held_by_a_killed_instance_is_delivered_by_the_other_once_the_lease_ends(motor: Motor) {
    const LEASE: i64 = 60;
    let Some(url_db) = comun::base_de_datos(motor).await else { return };
    // B exists first (it migrates the database) but does not deliver yet.
    let b = AppDePrueba::iniciar_sobre(motor, &url_db, |_| {}).await;
    encolar(
        &b.servicios.db,
        vec![Mensaje {
            destino: Destino::Email {
                a: Email::parse("ana.perez@correo.cl").unwrap(),
                asunto: "retenido por A".into(),
            },
            cuerpo: "hola".into(),
            secreto: false,
        }],
        b.servicios.ahora(),
    )
    .await
    .unwrap();

    let (mudo, _escucha) = smtp_mudo().await;
    let a = Instancia::iniciar(&url_db, mudo, LEASE);
    let tomado = esperar_hasta(30, || async { estados(&b).await[0].reservado_hasta.is_some() }).await;
    assert!(tomado, "A claims the message");
    let reservado_hasta = estados(&b).await[0].reservado_hasta.unwrap();
    a.matar().await;

    // B's worker starts now, on a clock it can move.
    let sumideros = Sumideros::iniciar().await;
    let trabajador = AppDePrueba::iniciar_sobre(motor, &url_db, |s| {
        s.mail.smtp_url = Some(sumideros.url_smtp().into());
        s.outbox.worker = true;
        s.outbox.poll_seconds = 1;
        s.outbox.lease_seconds = LEASE;
    })
    .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(sumideros.correos().await.is_empty(), "the lease of the dead instance still holds");
    let m = &estados(&b).await[0];
    assert_eq!((m.estado.as_str(), m.reservado_hasta), ("pendiente", Some(reservado_hasta)));

    let hasta_fin_del_lease = reservado_hasta - trabajador.servicios.ahora() + 1;
    trabajador.tiempo.adelantar(hasta_fin_del_lease);
    let enviado = esperar_hasta(20, || async { estados(&b).await[0].estado == "enviado" }).await;
    assert!(enviado, "{:?}", estados(&b).await);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let recibidos = sumideros.correos().await;
    assert_eq!(asuntos(&recibidos), vec!["retenido por A".to_owned()]);
    let m = &estados(&b).await[0];
    assert!(m.enviado_en.unwrap() > reservado_hasta, "sent after the lease, by B's clock: {m:?}");
    assert_eq!(m.intentos, 1, "the killed attempt never finished, so it never counted");
    trabajador.cerrar().await;
    b.terminar().await;
    sumideros.terminar().await;
}

en_ambos_motores!(
    messages_queued_while_smtp_is_down_are_all_delivered_once_it_is_back,
    a_message_held_by_a_killed_instance_is_delivered_by_the_other_once_the_lease_ends,
);
