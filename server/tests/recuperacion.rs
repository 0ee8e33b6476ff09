//! Recuperar CS through the server functions, for people and companies alike: the three cases
//! of the guides, every refusal (out of order, replay, expiry, limits), and what is stored and
//! sent. What only a company has (its legal representative) is at the end.

mod comun;

use app::backend::{entidades::auditoria, mensajes::ASUNTO_CLAVE_PROVISORIA};
use comun::{con_pregunta, sin_pregunta, AppDePrueba, Demo, Motor, CAPTCHA};
use cs_domain::cuenta::TipoCuenta;
use sea_orm::EntityTrait;
use serde_json::{json, Value};

async fn app(motor: Motor) -> Option<AppDePrueba> {
    let app = AppDePrueba::iniciar(motor).await?;
    app.sembrar_demo().await;
    Some(app)
}

const FUERA_DE_ORDEN: &str = "Este paso no corresponde al estado del trámite. Por favor, complete los pasos en orden.";

impl AppDePrueba {
    async fn validar_rut(&self, flujo: &str, rut: &str) -> Result<Value, (u16, Value)> {
        self.llamar_form("recuperar_validar_rut", &[("flujo", flujo), ("rut", rut)]).await
    }
    async fn no_recuerdo(&self, flujo: &str) -> Result<Value, (u16, Value)> {
        self.llamar_form("recuperar_no_recuerdo", &[("flujo", flujo)]).await
    }
    async fn probar(&self, flujo: &str, prueba: &str, valor: &str) -> Result<Value, (u16, Value)> {
        self.llamar_form("recuperar_probar", &[("flujo", flujo), ("prueba", prueba), ("valor", valor)]).await
    }
    async fn validar_serie(&self, flujo: &str, serie: &str) -> Result<Value, (u16, Value)> {
        self.probar(flujo, "serie", serie).await
    }
    /// Passes every proof of `demo`'s kind (a company names its representative first) up to
    /// the masked email.
    async fn probar_identidad(&self, flujo: &str, demo: &Demo) -> Value {
        if let Some(representante) = demo.representante {
            assert_eq!(self.probar(flujo, "representante", representante).await.unwrap(), json!({ "Prueba": "serie" }));
        }
        self.validar_serie(flujo, demo.serie).await.unwrap()
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

/// What the first proof is, after the RUT of an account without question.
fn primera_prueba(cuenta: TipoCuenta) -> Value {
    match cuenta {
        TipoCuenta::Juridica => json!({ "Prueba": "representante" }),
        _ => json!({ "Prueba": "serie" }),
    }
}

async fn case_3_3_the_answer_recovers_and_the_provisional_cs_logs_in(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    let (pregunta, respuesta) = demo.pregunta.unwrap();
    assert_eq!(app.validar_rut(&flujo, demo.rut).await.unwrap(), json!({ "Pregunta": pregunta }));
    let con_otra_forma = format!("  {} ", respuesta.to_uppercase());
    assert_eq!(app.recuperar(&flujo, con_respuesta(&con_otra_forma)).await.unwrap(), json!({ "por_sms": true }));

    let mensajes = app.mensajes().await;
    let correo = mensajes.iter().find(|m| m.canal == "email").unwrap();
    assert_eq!(correo.destinatario, demo.email);
    assert_eq!(correo.asunto.as_deref(), Some(ASUNTO_CLAVE_PROVISORIA));
    assert!(correo.cuerpo.contains(&format!("/{}/cambiar", cuenta.codigo())), "{}", correo.cuerpo);
    let clave = app.clave_provisoria_enviada_a(demo.email).await;
    assert!(clave.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    let sms = mensajes.iter().find(|m| m.canal == "sms").unwrap();
    assert_eq!(Some(sms.destinatario.as_str()), demo.sms);
    assert_eq!(sms.cuerpo, format!("Sr(A) usuario(a), su clave Sence es: {clave}. Atte. SENCE"));
    assert!(mensajes.iter().all(|m| m.secreto == m.cuerpo.contains(&clave)));

    let guardada = app.cuenta(demo.normalizado).await;
    assert!(guardada.clave_provisional_expira_en.unwrap() > app.servicios.ahora() + 71 * 3600);
    let (ingreso, _) = app.ingresar(demo.rut, &clave).await;
    assert_eq!(ingreso.unwrap(), json!("DebeCambiarClave"));
    let (viejo, _) = app.ingresar(demo.rut, demo.clave).await;
    assert!(viejo.is_err(), "the old CS no longer works");
    app.terminar().await;
}

async fn case_3_2_forgotten_answer_goes_by_the_proofs_and_confirms_the_email(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&flujo, &demo.rut.replace(['.', '-'], "")).await.unwrap();
    assert_eq!(app.no_recuerdo(&flujo).await.unwrap(), primera_prueba(cuenta));
    let enmascarado = app.probar_identidad(&flujo, &demo).await;
    assert_eq!(
        enmascarado["ConfirmarEmail"].as_str().unwrap(),
        &cs_domain::mascara::enmascarar_email(&cs_domain::email::Email::parse(demo.email).unwrap())
    );
    assert_eq!(app.recuperar(&flujo, email_correcto()).await.unwrap(), json!({ "por_sms": true }));
    app.clave_provisoria_enviada_a(demo.email).await;
    app.terminar().await;
}

async fn case_3_2_with_no_replaces_the_contact_data_and_tells_the_old_email(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&flujo, demo.rut).await.unwrap();
    app.no_recuerdo(&flujo).await.unwrap();
    app.probar_identidad(&flujo, &demo).await;
    let nuevos = json!({ "respuesta": "", "email_correcto": false, "email": "nuevo@correo.cl", "celular": "91234567" });
    app.recuperar(&flujo, nuevos).await.unwrap();

    let guardada = app.cuenta(demo.normalizado).await;
    assert_eq!(guardada.email, "nuevo@correo.cl");
    app.clave_provisoria_enviada_a("nuevo@correo.cl").await;
    let mensajes = app.mensajes().await;
    let sms = mensajes.iter().find(|m| m.canal == "sms").unwrap();
    match cuenta {
        // A person's new mobile replaces the old one and receives the SMS.
        TipoCuenta::Natural => {
            assert_eq!(guardada.celular.as_deref(), Some("+56991234567"));
            assert_eq!(sms.destinatario, "+56991234567");
        }
        // A company gives only its email: the SMS goes to its representative, as on file.
        _ => {
            assert_eq!(guardada.celular, None);
            assert_eq!(Some(sms.destinatario.as_str()), demo.sms);
        }
    }
    let aviso = mensajes.iter().find(|m| m.destinatario == demo.email).expect("notice to the old email");
    assert!(!aviso.secreto && aviso.cuerpo.contains("800 80 10 30"));
    app.terminar().await;
}

async fn case_3_1_without_question_goes_by_the_proofs(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = sin_pregunta(cuenta);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    assert_eq!(app.validar_rut(&flujo, demo.rut).await.unwrap(), primera_prueba(cuenta));
    if let Some(representante) = demo.representante {
        app.probar(&flujo, "representante", representante).await.unwrap();
    }
    // The serial is read as people type it.
    let escrito = app.validar_serie(&flujo, &demo.serie.to_lowercase()).await.unwrap();
    assert!(escrito["ConfirmarEmail"].as_str().unwrap().ends_with("xxxx"), "{escrito}");
    let enviado = app.recuperar(&flujo, email_correcto()).await.unwrap();
    assert_eq!(enviado, json!({ "por_sms": demo.sms.is_some() }));
    let mensajes = app.mensajes().await;
    assert_eq!(mensajes.iter().filter(|m| m.canal == "sms").count(), usize::from(demo.sms.is_some()));
    app.terminar().await;
}

async fn a_missing_email_choice_or_bad_new_data_is_a_field_error(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = sin_pregunta(cuenta);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&flujo, demo.rut).await.unwrap();
    app.probar_identidad(&flujo, &demo).await;
    let (estado, error) = app
        .recuperar(&flujo, json!({ "respuesta": "", "email_correcto": null, "email": "", "celular": "" }))
        .await
        .unwrap_err();
    assert_eq!((estado, &error["Campos"]["email_correcto"]), (422, &json!("Indique si el email es correcto.")));
    let malos = json!({ "respuesta": "", "email_correcto": false, "email": "no-es-email", "celular": "123" });
    let (_, error) = app.recuperar(&flujo, malos).await.unwrap_err();
    assert!(error["Campos"]["email"].is_string(), "{error}");
    // Only a person is asked a new mobile.
    assert_eq!(error["Campos"]["celular"].is_string(), cuenta == TipoCuenta::Natural, "{error}");
    assert_eq!(app.mensajes().await.len(), 0);
    app.terminar().await;
}

async fn every_step_out_of_order_is_refused(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let (con, sin) = (con_pregunta(cuenta), sin_pregunta(cuenta));
    let fuera = json!({ "Flujo": FUERA_DE_ORDEN });
    // The final step before any identity step.
    let flujo = app.abrir_de("recuperar", cuenta).await;
    assert_eq!(app.recuperar(&flujo, email_correcto()).await.unwrap_err().1, fuera);
    // 3.1: the final step without the proofs, and the serial before the representative.
    app.validar_rut(&flujo, sin.rut).await.unwrap();
    assert_eq!(app.recuperar(&flujo, email_correcto()).await.unwrap_err().1, fuera);
    if sin.representante.is_some() {
        assert_eq!(app.validar_serie(&flujo, sin.serie).await.unwrap_err().1, fuera);
    }
    // A changed RUT after validation.
    assert_eq!(app.validar_rut(&flujo, con.rut).await.unwrap_err().1, fuera);
    // A proof on a flow that took the answer path, and "no recuerdo" without a question.
    let otro = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&otro, con.rut).await.unwrap();
    assert_eq!(app.validar_serie(&otro, con.serie).await.unwrap_err().1, fuera);
    assert_eq!(app.no_recuerdo(&flujo).await.unwrap_err().1, fuera);
    // A flow of the other kind does not take this kind's steps (nor its accounts).
    let ajeno = app.abrir(if cuenta == TipoCuenta::Juridica { "cambiar_juridica" } else { "cambiar_natural" }).await;
    let (_, error) = app.validar_rut(&ajeno, sin.rut).await.unwrap_err();
    assert_eq!(error["Flujo"], "El trámite no existe o ya no está disponible. Por favor, comience nuevamente.");
    assert_eq!(app.mensajes().await.len(), 0);
    assert!(app.cuenta(sin.normalizado).await.clave_provisional_expira_en.is_none());
    app.terminar().await;
}

async fn a_replayed_or_expired_final_step_is_refused(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&flujo, demo.rut).await.unwrap();
    app.recuperar(&flujo, con_respuesta(demo.respuesta())).await.unwrap();
    let (_, error) = app.recuperar(&flujo, con_respuesta(demo.respuesta())).await.unwrap_err();
    assert_eq!(error, json!({ "Flujo": "Este trámite ya fue completado." }));
    assert_eq!(app.mensajes().await.iter().filter(|m| m.canal == "email").count(), 1);

    let vencido = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&vencido, demo.rut).await.unwrap();
    let captcha_id = app.captcha(&vencido).await;
    app.tiempo.adelantar(31 * 60);
    let datos = con_respuesta(demo.respuesta());
    let (_, error) = app
        .llamar_json(
            "recuperar_clave",
            json!({ "flujo": vencido, "captcha_id": captcha_id, "captcha": CAPTCHA, "datos": datos }),
        )
        .await
        .unwrap_err();
    assert_eq!(error["Flujo"], "El tiempo para completar el trámite expiró. Por favor, comience nuevamente.");
    app.terminar().await;
}

async fn five_wrong_serials_kill_the_flow_and_the_rut_is_limited_across_flows(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = sin_pregunta(cuenta);
    let hasta_la_serie = |flujo: String| {
        let app = &app;
        async move {
            app.validar_rut(&flujo, demo.rut).await.unwrap();
            if let Some(representante) = demo.representante {
                app.probar(&flujo, "representante", representante).await.unwrap();
            }
            flujo
        }
    };
    let flujo = hasta_la_serie(app.abrir_de("recuperar", cuenta).await).await;
    for _ in 0..5 {
        let (estado, error) = app.validar_serie(&flujo, "100000000").await.unwrap_err();
        assert_eq!(estado, 422);
        let mensaje = error["Campos"]["serie"].as_str().unwrap();
        assert!(mensaje.contains("no corresponde") && !mensaje.contains("100000000"));
    }
    let (_, error) = app.validar_serie(&flujo, demo.serie).await.unwrap_err();
    assert_eq!(error["Flujo"], "Superó el número de intentos permitidos. Por favor, comience nuevamente.");
    // A second flow adds five more failures: the RUT reaches its daily limit…
    let segundo = hasta_la_serie(app.abrir_de("recuperar", cuenta).await).await;
    for _ in 0..5 {
        app.validar_serie(&segundo, "100000000").await.unwrap_err();
    }
    // …and a third flow is refused even with the right serial.
    let tercero = app.abrir_de("recuperar", cuenta).await;
    let (estado, error) = app.validar_rut(&tercero, demo.rut).await.unwrap_err();
    assert_eq!((estado, error), (429, json!("IntentosAgotados")));
    // A day later the RUT may try again.
    app.tiempo.adelantar(24 * 3600 + 1);
    let cuarto = hasta_la_serie(app.abrir_de("recuperar", cuenta).await).await;
    app.validar_serie(&cuarto, demo.serie).await.unwrap();
    app.terminar().await;
}

async fn an_address_that_failed_too_often_is_refused_for_any_rut(motor: Motor, cuenta: TipoCuenta) {
    use app::backend::auditoria::{registrar, Evento, Origen};
    let Some(app) = app(motor).await else { return };
    let demo = sin_pregunta(cuenta);
    let desde_aqui = Origen { ip: "127.0.0.1".into(), agente: "prueba".into() };
    let otro = cs_domain::rut::Rut::parse("13.579.246-2").unwrap();
    for _ in 0..30 {
        let ahora = app.servicios.ahora();
        registrar(
            &app.servicios.db,
            Evento::RecuperacionFallida,
            Some(&otro),
            &desde_aqui,
            Some("serie incorrecta"),
            ahora,
        )
        .await
        .unwrap();
    }
    let flujo = app.abrir_de("recuperar", cuenta).await;
    assert_eq!(app.validar_rut(&flujo, demo.rut).await.unwrap_err(), (429, json!("IntentosAgotados")));
    app.tiempo.adelantar(3600 + 1);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&flujo, demo.rut).await.expect("an hour later the address may try again");
    app.terminar().await;
}

async fn a_wrong_answer_is_counted_and_never_echoed(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&flujo, demo.rut).await.unwrap();
    let (_, error) = app.recuperar(&flujo, con_respuesta("Perú")).await.unwrap_err();
    assert_eq!(error, json!({ "Campos": { "respuesta": "La respuesta secreta no es correcta." } }));
    assert_eq!(app.mensajes().await.len(), 0);
    app.recuperar(&flujo, con_respuesta(demo.respuesta()))
        .await
        .expect("the right answer still works on a fresh captcha");
    app.terminar().await;
}

async fn five_wrong_answers_kill_the_flow(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&flujo, demo.rut).await.unwrap();
    for _ in 0..5 {
        app.recuperar(&flujo, con_respuesta("Perú")).await.unwrap_err();
    }
    // The flow is dead: not even a captcha to try the right answer with.
    let (_, error) = app.nuevo_captcha(&flujo).await.unwrap_err();
    assert_eq!(error["Flujo"], "Superó el número de intentos permitidos. Por favor, comience nuevamente.");
    assert_eq!(app.mensajes().await.len(), 0);
    app.terminar().await;
}

async fn an_unknown_rut_an_account_of_another_kind_or_a_bad_rut_is_refused(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir_de("recuperar", cuenta).await;
    let (_, error) = app.validar_rut(&flujo, "12.345.678-5").await.unwrap_err();
    assert!(error["Campos"]["rut"].as_str().unwrap().contains("No existe una cuenta"));
    let otra_clase = if cuenta == TipoCuenta::Juridica { TipoCuenta::Natural } else { TipoCuenta::Juridica };
    let (_, error) = app.validar_rut(&flujo, con_pregunta(otra_clase).rut).await.unwrap_err();
    assert!(error["Campos"]["rut"].as_str().unwrap().contains("No existe una cuenta"), "{error}");
    let (_, error) = app.validar_rut(&flujo, "12.345.678-9").await.unwrap_err();
    assert_eq!(error["Campos"]["rut"], "El dígito verificador del RUT no es válido.");
    app.terminar().await;
}

async fn the_audit_log_records_the_recovery_without_secrets(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("recuperar", cuenta).await;
    app.validar_rut(&flujo, demo.rut).await.unwrap();
    app.no_recuerdo(&flujo).await.unwrap();
    if let Some(representante) = demo.representante {
        app.probar(&flujo, "representante", representante).await.unwrap();
    }
    app.validar_serie(&flujo, "999999999").await.unwrap_err();
    app.validar_serie(&flujo, demo.serie).await.unwrap();
    app.recuperar(&flujo, email_correcto()).await.unwrap();
    let clave = app.clave_provisoria_enviada_a(demo.email).await;
    let rut = cs_domain::rut::Rut::parse(demo.rut).unwrap();
    // What `server auditoria --rut …` prints.
    let eventos = app::backend::auditoria::de_rut(&app.servicios.db, &rut).await.unwrap();
    assert_eq!(eventos.len(), auditoria::Entity::find().all(&app.servicios.db).await.unwrap().len());
    let nombres: Vec<_> = eventos.iter().map(|e| e.evento.as_str()).collect();
    let mut esperados = vec!["recuperacion_iniciada"];
    if demo.representante.is_some() {
        esperados.push("identidad_validada");
    }
    esperados.extend(["recuperacion_fallida", "identidad_validada", "recuperacion_completada"]);
    assert_eq!(nombres, esperados);
    assert!(eventos.iter().all(|e| e.rut.as_deref() == Some(demo.normalizado) && e.ip == "127.0.0.1"));
    let todo = format!("{eventos:?}");
    for secreto in [clave.as_str(), "100200300", "100.200.300", "999999999", demo.clave, demo.respuesta()] {
        assert!(!todo.contains(secreto), "the audit log holds {secreto}");
    }
    app.terminar().await;
}

en_ambos_motores_y_cuentas!(
    case_3_3_the_answer_recovers_and_the_provisional_cs_logs_in,
    case_3_2_forgotten_answer_goes_by_the_proofs_and_confirms_the_email,
    case_3_2_with_no_replaces_the_contact_data_and_tells_the_old_email,
    case_3_1_without_question_goes_by_the_proofs,
    a_missing_email_choice_or_bad_new_data_is_a_field_error,
    every_step_out_of_order_is_refused,
    a_replayed_or_expired_final_step_is_refused,
    five_wrong_serials_kill_the_flow_and_the_rut_is_limited_across_flows,
    an_address_that_failed_too_often_is_refused_for_any_rut,
    a_wrong_answer_is_counted_and_never_echoed,
    five_wrong_answers_kill_the_flow,
    an_unknown_rut_an_account_of_another_kind_or_a_bad_rut_is_refused,
    the_audit_log_records_the_recovery_without_secrets,
);

// ---------------------------------------------------------------- only companies have

/// The representative must be a current one of this company per the SII: one of another
/// company is refused at the field and counted, and the serial is the representative's.
async fn a_representative_of_another_company_is_refused(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let demo = sin_pregunta(TipoCuenta::Juridica); // OTEC Aprende: María and Pedro represent it
    let flujo = app.abrir_de("recuperar", TipoCuenta::Juridica).await;
    app.validar_rut(&flujo, demo.rut).await.unwrap();
    // Juan represents Capacitaciones del Sur, not OTEC Aprende.
    let (estado, error) = app.probar(&flujo, "representante", "11.111.111-1").await.unwrap_err();
    assert_eq!(estado, 422);
    assert!(
        error["Campos"]["rut_representante_legal"].as_str().unwrap().contains("Representante Legal vigente"),
        "{error}"
    );
    // Any current representative will do, not only the one on file; the serial is theirs.
    assert_eq!(app.probar(&flujo, "representante", "13.579.246-2").await.unwrap(), json!({ "Prueba": "serie" }));
    let (_, error) = app.validar_serie(&flujo, demo.serie).await.unwrap_err();
    assert!(error["Campos"]["serie"].is_string(), "María's card does not prove Pedro: {error}");
    app.validar_serie(&flujo, "110.987.654").await.unwrap();
    let fallos = app.contar("flujos WHERE fallos = 2").await;
    assert_eq!(fallos, 1, "the wrong representative and the wrong serial both counted");
    app.terminar().await;
}

en_ambos_motores!(a_representative_of_another_company_is_refused);
