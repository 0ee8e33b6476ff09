//! The outbox against a real SMTP server and an HTTP SMS sink: delivery, retries with backoff,
//! redaction of secrets, and a single delivery with two workers.

mod comun;

use app::backend::{
    entidades::mensaje,
    flujos::id_aleatorio,
    notificaciones::{encolar, CorreoSmtp, Destino, Mensaje, Repartidor, SmsHttp, MAX_INTENTOS, REDACTADO},
};
use comun::{formulario, AppDePrueba, Motor, Sumideros, CAPTCHA};
use cs_domain::{email::Email, telefono::Celular};
use sea_orm::{EntityTrait, QueryOrder};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

fn repartidor(app: &AppDePrueba, sumideros: &Sumideros) -> Repartidor {
    Repartidor {
        db: app.servicios.db.clone(),
        reloj: app.tiempo.reloj(),
        correo: Some(
            CorreoSmtp::new(
                &format!("smtp://127.0.0.1:{}", sumideros.smtp),
                "Notificacion SENCE <notificacion@sence.cl>",
            )
            .unwrap(),
        ),
        sms: Some(SmsHttp::new(&sumideros.url_sms()).unwrap()),
        instancia: id_aleatorio(),
        reserva_segundos: 120,
        mostrar_secretos: false,
    }
}

fn sms(texto: &str, secreto: bool) -> Mensaje {
    Mensaje { destino: Destino::Sms(Celular::parse("98765432").unwrap()), cuerpo: texto.into(), secreto }
}

async fn the_welcome_email_reaches_a_real_smtp_server(motor: Motor) {
    let sumideros = Sumideros::iniciar().await;
    let smtp = format!("smtp://127.0.0.1:{}", sumideros.smtp);
    let Some(app) = AppDePrueba::iniciar_con(motor, |s| {
        s.mail.smtp_url = Some(smtp.into());
        s.outbox.worker = true;
        s.outbox.poll_seconds = 1;
    })
    .await
    else {
        return;
    };
    app.registrar(formulario("12.345.678-5", "ana.perez@correo.cl"), CAPTCHA).await.unwrap();
    let mut correos = Vec::new();
    for _ in 0..50 {
        correos = sumideros.correos().await;
        if !correos.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(correos.len(), 1, "{correos:?}");
    assert_eq!(correos[0]["to"][0], "ana.perez@correo.cl");
    assert_eq!(correos[0]["subject"], "Bienvenido(a) al Sistema Clave Sence");
    assert!(correos[0]["text"].as_str().unwrap().contains("Ana María Pérez Soto"));
    // The worker marks the message once the SMTP server has answered: wait for that too.
    let enviado = comun::esperar_hasta(10, || async {
        mensaje::Entity::find().all(&app.servicios.db).await.unwrap()[0].estado == "enviado"
    })
    .await;
    assert!(enviado);
    app.terminar().await;
    sumideros.terminar().await;
}

async fn a_failed_sms_is_retried_later_and_its_secret_redacted_once_sent(motor: Motor) {
    let sumideros = Sumideros::iniciar().await;
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let trabajador = repartidor(&app, &sumideros);
    encolar(
        &app.servicios.db,
        vec![sms("Sr(A) usuario(a), su clave Sence es: J53722W1. Atte. SENCE", true)],
        app.servicios.ahora(),
    )
    .await
    .unwrap();
    sumideros.fallar_sms(1).await;

    assert_eq!(trabajador.repartir(10).await.unwrap(), 1);
    let m = &mensaje::Entity::find().all(&app.servicios.db).await.unwrap()[0];
    assert_eq!((m.estado.as_str(), m.intentos), ("pendiente", 1));
    assert!(m.ultimo_error.as_deref().unwrap().contains("503"));
    assert_eq!(trabajador.repartir(10).await.unwrap(), 0, "not due before its backoff");

    app.tiempo.adelantar(31);
    assert_eq!(trabajador.repartir(10).await.unwrap(), 1);
    let entregados = sumideros.sms().await;
    assert_eq!(entregados.len(), 1);
    assert_eq!(entregados[0]["to"], "+56998765432");
    assert!(entregados[0]["text"].as_str().unwrap().contains("J53722W1"));
    let m = &mensaje::Entity::find().all(&app.servicios.db).await.unwrap()[0];
    assert_eq!(m.estado, "enviado");
    assert!(!m.cuerpo.contains("J53722W1"), "the provisional CS must not stay in the database");
    app.terminar().await;
    sumideros.terminar().await;
}

async fn two_workers_deliver_each_message_once(motor: Motor) {
    let sumideros = Sumideros::iniciar().await;
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let mensajes = (0..20)
        .map(|i| Mensaje {
            destino: Destino::Email { a: Email::parse(&format!("p{i}@correo.cl")).unwrap(), asunto: format!("n{i}") },
            cuerpo: "hola".into(),
            secreto: false,
        })
        .collect();
    encolar(&app.servicios.db, mensajes, app.servicios.ahora()).await.unwrap();
    let (a, b) = (repartidor(&app, &sumideros), repartidor(&app, &sumideros));
    let (na, nb) = tokio::join!(a.repartir(50), b.repartir(50));
    assert_eq!(na.unwrap() + nb.unwrap(), 20);
    let correos = sumideros.correos().await;
    let mut asuntos: Vec<_> = correos.iter().map(|c| c["subject"].as_str().unwrap().to_owned()).collect();
    asuntos.sort();
    asuntos.dedup();
    assert_eq!((correos.len(), asuntos.len()), (20, 20));
    app.terminar().await;
    sumideros.terminar().await;
}

async fn without_transports_messages_are_held_not_lost(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    encolar(&app.servicios.db, vec![sms("hola", false)], app.servicios.ahora()).await.unwrap();
    let trabajador = sin_transportes(&app, true);
    assert_eq!(trabajador.repartir(10).await.unwrap(), 1);
    let m = &mensaje::Entity::find().all(&app.servicios.db).await.unwrap()[0];
    assert_eq!((m.estado.as_str(), m.cuerpo.as_str()), ("retenido", "hola"));
    assert_eq!(trabajador.repartir(10).await.unwrap(), 0, "held messages are not printed again");
    app.terminar().await;
}

fn sin_transportes(app: &AppDePrueba, mostrar_secretos: bool) -> Repartidor {
    Repartidor {
        db: app.servicios.db.clone(),
        reloj: app.tiempo.reloj(),
        correo: None,
        sms: None,
        instancia: id_aleatorio(),
        reserva_segundos: 120,
        mostrar_secretos,
    }
}

/// A log written to memory, to read what a worker printed.
#[derive(Clone, Default)]
struct Bitacora(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Bitacora {
    fn write(&mut self, datos: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(datos);
        Ok(datos.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Bitacora {
    fn texto(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Runs one delivery round with the log captured; returns what was logged.
async fn repartir_y_leer_bitacora(trabajador: &Repartidor) -> String {
    let bitacora = Bitacora::default();
    let escritor = bitacora.clone();
    let suscriptor = tracing_subscriber::fmt().with_writer(move || escritor.clone()).with_ansi(false).finish();
    let _activo = tracing::subscriber::set_default(suscriptor);
    assert_eq!(trabajador.repartir(10).await.unwrap(), 1);
    bitacora.texto()
}

async fn a_held_provisional_cs_is_logged_only_in_development_and_never_kept(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let texto = "Sr(A) usuario(a), su clave Sence es: J53722W1. Atte. SENCE";
    for (desarrollo, visible) in [(true, true), (false, false)] {
        encolar(&app.servicios.db, vec![sms(texto, true)], app.servicios.ahora()).await.unwrap();
        let bitacora = repartir_y_leer_bitacora(&sin_transportes(&app, desarrollo)).await;
        assert!(bitacora.contains("retenido"), "{bitacora}");
        assert_eq!(bitacora.contains("J53722W1"), visible, "development = {desarrollo}: {bitacora}");
    }
    let mensajes = mensaje::Entity::find().all(&app.servicios.db).await.unwrap();
    assert_eq!(mensajes.len(), 2);
    for m in mensajes {
        assert_eq!((m.estado.as_str(), m.cuerpo.as_str()), ("retenido", REDACTADO), "a held secret is not kept");
    }
    app.terminar().await;
}

/// The outbox in the order it was queued (PostgreSQL returns updated rows in any order).
async fn en_orden(app: &AppDePrueba) -> Vec<mensaje::Model> {
    mensaje::Entity::find().order_by_asc(mensaje::Column::Id).all(&app.servicios.db).await.unwrap()
}

async fn a_given_up_message_loses_its_secret_too(motor: Motor) {
    let sumideros = Sumideros::iniciar().await;
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let trabajador = repartidor(&app, &sumideros);
    encolar(
        &app.servicios.db,
        vec![sms("Sr(A) usuario(a), su clave Sence es: J53722W1. Atte. SENCE", true), sms("sin clave", false)],
        app.servicios.ahora(),
    )
    .await
    .unwrap();
    sumideros.fallar_sms(2 * MAX_INTENTOS as u32).await;
    for intento in 1..=MAX_INTENTOS {
        assert_eq!(trabajador.repartir(10).await.unwrap(), 2, "attempt {intento}");
        let mensajes = en_orden(&app).await;
        if intento < MAX_INTENTOS {
            assert!(mensajes[0].cuerpo.contains("J53722W1"), "kept while it may still be delivered");
        }
        app.tiempo.adelantar(3_600);
    }
    let mensajes = en_orden(&app).await;
    assert!(mensajes.iter().all(|m| m.estado == "fallido"));
    assert_eq!(mensajes[0].cuerpo, REDACTADO);
    assert_eq!(mensajes[1].cuerpo, "sin clave", "only secrets are redacted");
    assert!(sumideros.sms().await.is_empty());
    app.terminar().await;
    sumideros.terminar().await;
}

en_ambos_motores!(
    the_welcome_email_reaches_a_real_smtp_server,
    a_failed_sms_is_retried_later_and_its_secret_redacted_once_sent,
    two_workers_deliver_each_message_once,
    without_transports_messages_are_held_not_lost,
    a_held_provisional_cs_is_logged_only_in_development_and_never_kept,
    a_given_up_message_loses_its_secret_too,
);
