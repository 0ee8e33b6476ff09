//! N2 "Recuperar CS" through the server functions: the three cases of the guide, every
//! refusal (out of order, replay, expiry, limits), and what is stored and sent.

mod comun;

use app::backend::{entidades::auditoria, mensajes::ASUNTO_CLAVE_PROVISORIA};
use comun::{AppDePrueba, Motor, CAPTCHA};
use sea_orm::EntityTrait;
use serde_json::{json, Value};

const JUAN: &str = "11.111.111-1"; // question MI PAÍS FAVORITO, answer "Chile", mobile on file
const MARIA: &str = "22.222.222-2"; // no question, no mobile
const SERIE_JUAN: &str = "100.200.300";
const SERIE_MARIA: &str = "A012345678";

async fn app(motor: Motor) -> Option<AppDePrueba> {
    let app = AppDePrueba::iniciar(motor).await?;
    app.sembrar_demo().await;
    Some(app)
}

impl AppDePrueba {
    async fn validar_rut(&self, flujo: &str, rut: &str) -> Result<Value, (u16, Value)> {
        self.llamar_form("recuperar_validar_rut", &[("flujo", flujo), ("rut", rut)]).await
    }
    async fn no_recuerdo(&self, flujo: &str) -> Result<Value, (u16, Value)> {
        self.llamar_form("recuperar_no_recuerdo", &[("flujo", flujo)]).await
    }
    async fn validar_serie(&self, flujo: &str, serie: &str) -> Result<Value, (u16, Value)> {
        self.llamar_form("recuperar_validar_serie", &[("flujo", flujo), ("serie", serie)]).await
    }
    async fn recuperar(&self, flujo: &str, datos: Value) -> Result<Value, (u16, Value)> {
        let captcha_id = self.captcha(flujo).await;
        self.llamar_json(
            "recuperar_clave",
            json!({ "flujo": flujo, "captcha_id": captcha_id, "captcha": CAPTCHA, "datos": datos }),
        )
        .await
    }
}

fn con_respuesta(respuesta: &str) -> Value {
    json!({ "respuesta": respuesta, "email_correcto": null, "email": "", "celular": "" })
}

fn email_correcto() -> Value {
    json!({ "respuesta": "", "email_correcto": true, "email": "", "celular": "" })
}

async fn case_3_3_the_answer_recovers_and_the_provisional_cs_logs_in(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    assert_eq!(app.validar_rut(&flujo, JUAN).await.unwrap(), json!({ "Pregunta": "MI PAÍS FAVORITO" }));
    let hecho = app.recuperar(&flujo, con_respuesta("  CHILE ")).await.unwrap();
    assert_eq!(hecho, json!({ "por_sms": true }));

    let mensajes = app.mensajes().await;
    let correo = mensajes.iter().find(|m| m.canal == "email").unwrap();
    assert_eq!(correo.destinatario, "juan.gonzalez@example.cl");
    assert_eq!(correo.asunto.as_deref(), Some(ASUNTO_CLAVE_PROVISORIA));
    assert!(correo.cuerpo.contains("JUAN CARLOS GONZÁLEZ ROJAS, su Clave Sence es: "), "{}", correo.cuerpo);
    let clave = app.clave_provisoria_enviada_a("juan.gonzalez@example.cl").await;
    assert!(clave.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    let sms = mensajes.iter().find(|m| m.canal == "sms").unwrap();
    assert_eq!(sms.destinatario, "+56987654321");
    assert_eq!(sms.cuerpo, format!("Sr(A) usuario(a), su clave Sence es: {clave}. Atte. SENCE"));
    assert!(mensajes.iter().all(|m| m.secreto == m.cuerpo.contains(&clave)));

    let cuenta = app.cuenta("11111111-1").await;
    assert!(cuenta.clave_provisional_expira_en.unwrap() > app.servicios.ahora() + 71 * 3600);
    let (ingreso, _) = app.ingresar(JUAN, &clave).await;
    assert_eq!(ingreso.unwrap(), json!("DebeCambiarClave"));
    let (viejo, _) = app.ingresar(JUAN, "Araucaria1").await;
    assert!(viejo.is_err(), "the old CS no longer works");
    app.terminar().await;
}

async fn case_3_2_forgotten_answer_goes_by_serial_and_confirms_the_email(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    app.validar_rut(&flujo, "111111111").await.unwrap();
    app.no_recuerdo(&flujo).await.unwrap();
    assert_eq!(app.validar_serie(&flujo, SERIE_JUAN).await.unwrap(), json!("juanxxxx@exaxxxx"));
    assert_eq!(app.recuperar(&flujo, email_correcto()).await.unwrap(), json!({ "por_sms": true }));
    app.clave_provisoria_enviada_a("juan.gonzalez@example.cl").await;
    app.terminar().await;
}

async fn case_3_2_with_no_replaces_the_contact_data_and_tells_the_old_email(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    app.validar_rut(&flujo, JUAN).await.unwrap();
    app.no_recuerdo(&flujo).await.unwrap();
    app.validar_serie(&flujo, SERIE_JUAN).await.unwrap();
    let nuevos = json!({ "respuesta": "", "email_correcto": false, "email": "juan.nuevo@correo.cl", "celular": "91234567" });
    app.recuperar(&flujo, nuevos).await.unwrap();

    let cuenta = app.cuenta("11111111-1").await;
    assert_eq!(cuenta.email, "juan.nuevo@correo.cl");
    assert_eq!(cuenta.celular.as_deref(), Some("+56991234567"));
    app.clave_provisoria_enviada_a("juan.nuevo@correo.cl").await;
    let mensajes = app.mensajes().await;
    assert!(mensajes.iter().any(|m| m.canal == "sms" && m.destinatario == "+56991234567"));
    let aviso = mensajes.iter().find(|m| m.destinatario == "juan.gonzalez@example.cl").expect("notice to the old email");
    assert!(!aviso.secreto && aviso.cuerpo.contains("800 80 10 30"));
    app.terminar().await;
}

async fn case_3_1_without_question_goes_by_serial_and_sends_no_sms(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    assert_eq!(app.validar_rut(&flujo, MARIA).await.unwrap(), json!("Serie"));
    assert_eq!(app.validar_serie(&flujo, "a012345678").await.unwrap(), json!("maríxxxx@exaxxxx").to_string().replace('í', "i").parse::<Value>().unwrap());
    assert_eq!(app.recuperar(&flujo, email_correcto()).await.unwrap(), json!({ "por_sms": false }));
    assert!(app.mensajes().await.iter().all(|m| m.canal == "email"));
    app.terminar().await;
}

async fn a_missing_email_choice_or_bad_new_data_is_a_field_error(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    app.validar_rut(&flujo, MARIA).await.unwrap();
    app.validar_serie(&flujo, SERIE_MARIA).await.unwrap();
    let (estado, error) = app.recuperar(&flujo, json!({ "respuesta": "", "email_correcto": null, "email": "", "celular": "" })).await.unwrap_err();
    assert_eq!((estado, &error["Campos"]["email_correcto"]), (422, &json!("Indique si el email es correcto.")));
    let malos = json!({ "respuesta": "", "email_correcto": false, "email": "no-es-email", "celular": "123" });
    let (_, error) = app.recuperar(&flujo, malos).await.unwrap_err();
    assert!(error["Campos"]["email"].is_string() && error["Campos"]["celular"].is_string(), "{error}");
    assert_eq!(app.mensajes().await.len(), 0);
    app.terminar().await;
}

async fn every_step_out_of_order_is_refused(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let fuera = json!({ "Flujo": "Este paso no corresponde al estado del trámite. Por favor, complete los pasos en orden." });
    // The final step before any identity step.
    let flujo = app.abrir("recuperar_natural").await;
    assert_eq!(app.recuperar(&flujo, email_correcto()).await.unwrap_err().1, fuera);
    // 3.1: the final step without the serial.
    app.validar_rut(&flujo, MARIA).await.unwrap();
    assert_eq!(app.recuperar(&flujo, email_correcto()).await.unwrap_err().1, fuera);
    // A changed RUT after validation.
    assert_eq!(app.validar_rut(&flujo, JUAN).await.unwrap_err().1, fuera);
    // A serial on a flow that took the answer path, and "no recuerdo" without a question.
    let otro = app.abrir("recuperar_natural").await;
    app.validar_rut(&otro, JUAN).await.unwrap();
    assert_eq!(app.validar_serie(&otro, SERIE_JUAN).await.unwrap_err().1, fuera);
    assert_eq!(app.no_recuerdo(&flujo).await.unwrap_err().1, fuera);
    assert_eq!(app.mensajes().await.len(), 0);
    assert!(app.cuenta("22222222-2").await.clave_provisional_expira_en.is_none());
    app.terminar().await;
}

async fn a_replayed_or_expired_final_step_is_refused(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    app.validar_rut(&flujo, JUAN).await.unwrap();
    app.recuperar(&flujo, con_respuesta("chile")).await.unwrap();
    let (_, error) = app.recuperar(&flujo, con_respuesta("chile")).await.unwrap_err();
    assert_eq!(error, json!({ "Flujo": "Este trámite ya fue completado." }));
    assert_eq!(app.mensajes().await.iter().filter(|m| m.canal == "email").count(), 1);

    let vencido = app.abrir("recuperar_natural").await;
    app.validar_rut(&vencido, JUAN).await.unwrap();
    let captcha_id = app.captcha(&vencido).await;
    app.tiempo.adelantar(31 * 60);
    let (_, error) = app
        .llamar_json(
            "recuperar_clave",
            json!({ "flujo": vencido, "captcha_id": captcha_id, "captcha": CAPTCHA, "datos": con_respuesta("chile") }),
        )
        .await
        .unwrap_err();
    assert_eq!(error["Flujo"], "El tiempo para completar el trámite expiró. Por favor, comience nuevamente.");
    app.terminar().await;
}

async fn five_wrong_serials_kill_the_flow_and_the_rut_is_limited_across_flows(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    app.validar_rut(&flujo, MARIA).await.unwrap();
    for _ in 0..5 {
        let (estado, error) = app.validar_serie(&flujo, "100000000").await.unwrap_err();
        assert_eq!(estado, 422);
        let mensaje = error["Campos"]["serie"].as_str().unwrap();
        assert!(mensaje.contains("no corresponde") && !mensaje.contains("100000000"));
    }
    let (_, error) = app.validar_serie(&flujo, SERIE_MARIA).await.unwrap_err();
    assert_eq!(error["Flujo"], "Superó el número de intentos permitidos. Por favor, comience nuevamente.");
    // A second flow adds five more failures: the RUT reaches its daily limit…
    let segundo = app.abrir("recuperar_natural").await;
    app.validar_rut(&segundo, MARIA).await.unwrap();
    for _ in 0..5 {
        app.validar_serie(&segundo, "100000000").await.unwrap_err();
    }
    // …and a third flow is refused even with the right serial.
    let tercero = app.abrir("recuperar_natural").await;
    let (estado, error) = app.validar_rut(&tercero, MARIA).await.unwrap_err();
    assert_eq!((estado, error), (429, json!("IntentosAgotados")));
    // A day later the RUT may try again.
    app.tiempo.adelantar(24 * 3600 + 1);
    let cuarto = app.abrir("recuperar_natural").await;
    app.validar_rut(&cuarto, MARIA).await.unwrap();
    app.validar_serie(&cuarto, SERIE_MARIA).await.unwrap();
    app.terminar().await;
}

async fn an_address_that_failed_too_often_is_refused_for_any_rut(motor: Motor) {
    use app::backend::auditoria::{registrar, Evento, Origen};
    let Some(app) = app(motor).await else { return };
    let desde_aqui = Origen { ip: "127.0.0.1".into(), agente: "prueba".into() };
    let otro = cs_domain::rut::Rut::parse("13.579.246-2").unwrap();
    for _ in 0..30 {
        registrar(&app.servicios.db, Evento::RecuperacionFallida, Some(&otro), &desde_aqui, Some("serie incorrecta"), app.servicios.ahora())
            .await
            .unwrap();
    }
    let flujo = app.abrir("recuperar_natural").await;
    assert_eq!(app.validar_rut(&flujo, MARIA).await.unwrap_err(), (429, json!("IntentosAgotados")));
    app.tiempo.adelantar(3600 + 1);
    let flujo = app.abrir("recuperar_natural").await;
    app.validar_rut(&flujo, MARIA).await.expect("an hour later the address may try again");
    app.terminar().await;
}

async fn a_wrong_answer_is_counted_and_never_echoed(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    app.validar_rut(&flujo, JUAN).await.unwrap();
    let (_, error) = app.recuperar(&flujo, con_respuesta("Perú")).await.unwrap_err();
    assert_eq!(error, json!({ "Campos": { "respuesta": "La respuesta secreta no es correcta." } }));
    assert_eq!(app.mensajes().await.len(), 0);
    app.recuperar(&flujo, con_respuesta("Chile")).await.expect("the right answer still works on a fresh captcha");
    app.terminar().await;
}

async fn an_unknown_rut_or_a_non_current_id_is_refused(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    let (_, error) = app.validar_rut(&flujo, "12.345.678-5").await.unwrap_err();
    assert!(error["Campos"]["rut"].as_str().unwrap().contains("No existe una cuenta"));
    let (_, error) = app.validar_rut(&flujo, "12.345.678-9").await.unwrap_err();
    assert_eq!(error["Campos"]["rut"], "El dígito verificador del RUT no es válido.");
    app.terminar().await;
}

async fn the_audit_log_records_the_recovery_without_secrets(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("recuperar_natural").await;
    app.validar_rut(&flujo, JUAN).await.unwrap();
    app.no_recuerdo(&flujo).await.unwrap();
    app.validar_serie(&flujo, "999999999").await.unwrap_err();
    app.validar_serie(&flujo, SERIE_JUAN).await.unwrap();
    app.recuperar(&flujo, email_correcto()).await.unwrap();
    let clave = app.clave_provisoria_enviada_a("juan.gonzalez@example.cl").await;
    let juan = cs_domain::rut::Rut::parse(JUAN).unwrap();
    // What `server auditoria --rut 11.111.111-1` prints.
    let eventos = app::backend::auditoria::de_rut(&app.servicios.db, &juan).await.unwrap();
    assert_eq!(eventos.len(), auditoria::Entity::find().all(&app.servicios.db).await.unwrap().len());
    let nombres: Vec<_> = eventos.iter().map(|e| e.evento.as_str()).collect();
    assert_eq!(
        nombres,
        ["recuperacion_iniciada", "recuperacion_fallida", "identidad_validada", "recuperacion_completada"]
    );
    assert!(eventos.iter().all(|e| e.rut.as_deref() == Some("11111111-1") && e.ip == "127.0.0.1"));
    let todo = format!("{eventos:?}");
    for secreto in [clave.as_str(), "100200300", "100.200.300", "999999999", "Araucaria1", "hile"] {
        assert!(!todo.contains(secreto), "the audit log holds {secreto}");
    }
    app.terminar().await;
}

en_ambos_motores!(
    case_3_3_the_answer_recovers_and_the_provisional_cs_logs_in,
    case_3_2_forgotten_answer_goes_by_serial_and_confirms_the_email,
    case_3_2_with_no_replaces_the_contact_data_and_tells_the_old_email,
    case_3_1_without_question_goes_by_serial_and_sends_no_sms,
    a_missing_email_choice_or_bad_new_data_is_a_field_error,
    every_step_out_of_order_is_refused,
    a_replayed_or_expired_final_step_is_refused,
    five_wrong_serials_kill_the_flow_and_the_rut_is_limited_across_flows,
    a_wrong_answer_is_counted_and_never_echoed,
    an_address_that_failed_too_often_is_refused_for_any_rut,
    an_unknown_rut_or_a_non_current_id_is_refused,
    the_audit_log_records_the_recovery_without_secrets,
);
