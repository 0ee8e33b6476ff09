//! Several instances on one PostgreSQL database, as SENCE runs them behind a load balancer:
//! started at the same moment on a fresh database (both migrate at once), they serve one
//! recovery whose steps alternate between them, while both outbox workers deliver to a real
//! SMTP server and SMS sink. Every message arrives exactly once.

mod comun;

use comun::{esperar_hasta, formulario, AppDePrueba, Motor, Sumideros, CAPTCHA};
use serde_json::{json, Value};
use server::config::Settings;
use std::time::Duration;

const JUAN: &str = "11.111.111-1"; // question on file, mobile +56 9 8765 4321, serial 100.200.300
const PERSONAS: [&str; 6] =
    ["30.007.919-9", "30.015.838-2", "30.023.757-6", "30.031.676-K", "13.579.246-2", "16.543.210-K"];

fn con_entrega(sumideros: &Sumideros) -> impl Fn(&mut Settings) + '_ {
    |s| {
        s.mail.smtp_url = Some(sumideros.url_smtp().into());
        s.sms.url = Some(sumideros.url_sms().into());
        s.outbox.worker = true;
        s.outbox.poll_seconds = 1;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_started_together_serve_one_recovery_and_deliver_each_message_once() {
    let Some(url_db) = comun::base_de_datos(Motor::Postgres).await else { return };
    let sumideros = Sumideros::iniciar().await;
    let (a, b) = tokio::join!(
        AppDePrueba::iniciar_sobre(Motor::Postgres, &url_db, con_entrega(&sumideros)),
        AppDePrueba::iniciar_sobre(Motor::Postgres, &url_db, con_entrega(&sumideros)),
    );
    for instancia in [&a, &b] {
        let listo = instancia.http.get(instancia.url("/listo")).send().await.unwrap();
        assert_eq!(listo.status(), 200, "both migrated and are ready");
    }
    a.sembrar_demo().await;

    // One recovery (case 3.2), each step on the other instance.
    let flujo = a.abrir("recuperar_natural").await;
    let paso = b.llamar_form("recuperar_validar_rut", &[("flujo", &flujo), ("rut", JUAN)]).await;
    assert_eq!(paso.unwrap(), json!({ "Pregunta": "MI PAÍS FAVORITO" }));
    a.llamar_form("recuperar_no_recuerdo", &[("flujo", &flujo)]).await.unwrap();
    let serie = [("flujo", flujo.as_str()), ("prueba", "serie"), ("valor", "100.200.300")];
    let email = b.llamar_form("recuperar_probar", &serie).await;
    assert_eq!(email.unwrap(), json!({ "ConfirmarEmail": "juanxxxx@exaxxxx" }));
    let captcha = a.captcha(&flujo).await;
    let fin = json!({
        "flujo": flujo, "captcha_id": captcha, "captcha": CAPTCHA,
        "datos": { "respuesta": "", "email_correcto": true, "email": "", "celular": "" }
    });
    assert_eq!(b.llamar_json("recuperar_clave", fin.clone()).await.unwrap(), json!({ "por_sms": true }));
    let (estado, _) = a.llamar_json("recuperar_clave", fin).await.unwrap_err();
    assert!((400..500).contains(&estado), "a replay on the other instance is refused: {estado}");

    // More work for both workers: registrations, alternating instances.
    for (i, rut) in PERSONAS.iter().enumerate() {
        let instancia = if i % 2 == 0 { &a } else { &b };
        instancia.registrar(formulario(rut, &format!("persona{i}@correo.cl")), CAPTCHA).await.unwrap();
    }

    let esperados = PERSONAS.len() + 1;
    let llegaron = esperar_hasta(30, || async {
        sumideros.correos().await.len() >= esperados && !sumideros.sms().await.is_empty()
    })
    .await;
    assert!(llegaron, "emails {:?}, sms {:?}", sumideros.correos().await, sumideros.sms().await);
    // Several more polls of both workers: nothing is delivered again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let correos = sumideros.correos().await;
    let mut claves: Vec<(String, String)> = correos
        .iter()
        .map(|c| (c["to"][0].as_str().unwrap().to_owned(), c["subject"].as_str().unwrap().to_owned()))
        .collect();
    claves.sort();
    claves.dedup();
    assert_eq!((correos.len(), claves.len()), (esperados, esperados), "{correos:?}");
    let sms = sumideros.sms().await;
    assert_eq!(sms.len(), 1, "{sms:?}");
    assert_eq!(sms[0]["to"], "+56987654321");
    assert_eq!(a.contar("mensajes").await, i64::try_from(esperados + 1).unwrap());
    let mensajes = b.mensajes().await;
    assert!(mensajes.iter().all(|m| m.estado == "enviado" && m.intentos == 1), "{mensajes:?}");

    // The provisional CS that arrived by email works on either instance.
    let provisional = correos
        .iter()
        .filter_map(|c| c["text"].as_str())
        .find_map(|t| t.split("su Clave Sence es: ").nth(1))
        .map(|resto| resto[..8].to_owned())
        .expect("the provisional CS email");
    assert_eq!(sms[0]["text"], Value::from(format!("Sr(A) usuario(a), su clave Sence es: {provisional}. Atte. SENCE")));
    let (ingreso, _) = a.ingresar(JUAN, &provisional).await;
    assert_eq!(ingreso.unwrap(), json!("DebeCambiarClave"));

    a.cerrar().await;
    b.terminar().await;
    sumideros.terminar().await;
}
