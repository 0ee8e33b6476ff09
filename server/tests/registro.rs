//! Registrar through the server functions, as the browser calls them, for people and
//! companies, against SQLite and PostgreSQL. The flow's and the captcha's rules are the same for
//! both kinds; what the registries must vouch for differs.

mod comun;

use app::backend::entidades::{cuenta, empresa, flujo, mensaje, persona_natural, representante_legal};
use comun::{formulario, formulario_empresa, AppDePrueba, Motor, CAPTCHA};
use cs_domain::cuenta::TipoCuenta;
use sea_orm::EntityTrait;
use serde_json::{json, Value};

const ANA: &str = "12.345.678-5";
/// In the demo SII with Juan as its representative, and without an account.
const SENCE: &str = "60.803.000-K";
const JUAN: &str = "11.111.111-1";

/// A valid registration of `cuenta`'s kind, with its own email.
fn un_formulario(cuenta: TipoCuenta, email: &str) -> Value {
    match cuenta {
        TipoCuenta::Juridica => formulario_empresa(SENCE, JUAN, email),
        _ => formulario(ANA, email),
    }
}

impl AppDePrueba {
    async fn flujo_de_registro(&self, cuenta: TipoCuenta) -> String {
        self.abrir_de("registro", cuenta).await
    }
}

async fn registering_creates_the_account_person_and_welcome_email(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let hecho = app.registrar(formulario(ANA, "ana.perez@correo.cl"), "senc").await.expect("registered");
    assert_eq!(hecho["email"], "ana.xxxx@corxxxx");

    let cuenta = cuenta::Entity::find_by_id("12345678-5".to_owned()).one(&app.servicios.db).await.unwrap().unwrap();
    assert_eq!(cuenta.email, "ana.perez@correo.cl");
    assert_eq!(cuenta.celular.as_deref(), Some("+56998765432"));
    assert!(cuenta.clave_hash.starts_with("$argon2id$"));
    assert!(!cuenta.clave_hash.contains("Pehuen2026"));
    assert_eq!(cuenta.pregunta.as_deref(), Some("nombre_mascota"));
    let hash_respuesta = cuenta.respuesta_hash.unwrap();
    assert!(app.servicios.hasheador.verificar("firulais", Some(hash_respuesta)).await.unwrap());

    let persona =
        persona_natural::Entity::find_by_id("12345678-5".to_owned()).one(&app.servicios.db).await.unwrap().unwrap();
    assert_eq!((persona.nombres.as_str(), persona.apellidos.as_str()), ("Ana María", "Pérez Soto"));
    assert_eq!(persona.comuna, "13101");

    let mensajes = mensaje::Entity::find().all(&app.servicios.db).await.unwrap();
    assert_eq!(mensajes.len(), 1);
    assert_eq!(mensajes[0].destinatario, "ana.perez@correo.cl");
    assert!(mensajes[0].cuerpo.contains("Ana María Pérez Soto"));
    app.terminar().await;
}

async fn a_replayed_final_step_is_refused(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let flujo = app.flujo_de_registro(cuenta).await;
    let c1 = app.nuevo_captcha(&flujo).await.unwrap();
    let form = un_formulario(cuenta, "ana@correo.cl");
    app.enviar_registro(&flujo, c1["id"].as_str().unwrap(), CAPTCHA, form.clone()).await.expect("first");
    let (_, error) = app.enviar_registro(&flujo, c1["id"].as_str().unwrap(), CAPTCHA, form).await.unwrap_err();
    assert_eq!(error["Flujo"], "Este trámite ya fue completado.");
    assert_eq!(app.contar("cuentas").await, 1);
    app.terminar().await;
}

async fn a_wrong_captcha_is_refused_spent_and_counted(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let flujo = app.flujo_de_registro(cuenta).await;
    let c = app.nuevo_captcha(&flujo).await.unwrap();
    let id = c["id"].as_str().unwrap();
    let (_, error) = app.enviar_registro(&flujo, id, "ZZZZ", un_formulario(cuenta, "a@correo.cl")).await.unwrap_err();
    assert!(error["Captcha"].as_str().unwrap().contains("no coincide"), "{error}");
    // The same captcha cannot be tried again, even with the right answer.
    let (_, error) = app.enviar_registro(&flujo, id, CAPTCHA, un_formulario(cuenta, "a@correo.cl")).await.unwrap_err();
    assert!(error["Captcha"].as_str().unwrap().contains("expiró"), "{error}");
    assert_eq!(app.contar("cuentas").await, 0);
    let f = flujo::Entity::find_by_id(flujo.clone()).one(&app.servicios.db).await.unwrap().unwrap();
    assert_eq!(f.fallos, 1);
    // A fresh captcha works.
    let c = app.nuevo_captcha(&flujo).await.unwrap();
    app.enviar_registro(&flujo, c["id"].as_str().unwrap(), CAPTCHA, un_formulario(cuenta, "a@correo.cl"))
        .await
        .unwrap();
    app.terminar().await;
}

async fn a_captcha_of_another_flow_is_refused(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let mio = app.flujo_de_registro(cuenta).await;
    let otro = app.flujo_de_registro(cuenta).await;
    let ajeno = app.nuevo_captcha(&otro).await.unwrap();
    let (_, error) = app
        .enviar_registro(&mio, ajeno["id"].as_str().unwrap(), CAPTCHA, un_formulario(cuenta, "a@correo.cl"))
        .await
        .unwrap_err();
    assert!(error.get("Captcha").is_some(), "{error}");
    assert_eq!(app.contar("cuentas").await, 0);
    app.terminar().await;
}

async fn five_failures_kill_the_flow(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let flujo = app.flujo_de_registro(cuenta).await;
    for _ in 0..5 {
        let c = app.nuevo_captcha(&flujo).await.unwrap();
        app.enviar_registro(&flujo, c["id"].as_str().unwrap(), "ZZZZ", un_formulario(cuenta, "a@correo.cl"))
            .await
            .unwrap_err();
    }
    let (_, error) = app.nuevo_captcha(&flujo).await.unwrap_err();
    assert_eq!(error["Flujo"], "Superó el número de intentos permitidos. Por favor, comience nuevamente.");
    app.terminar().await;
}

async fn an_expired_flow_is_refused(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let flujo = app.flujo_de_registro(cuenta).await;
    let c = app.nuevo_captcha(&flujo).await.unwrap();
    app.tiempo.adelantar(31 * 60);
    let (_, error) = app
        .enviar_registro(&flujo, c["id"].as_str().unwrap(), CAPTCHA, un_formulario(cuenta, "a@correo.cl"))
        .await
        .unwrap_err();
    assert_eq!(error["Flujo"], "El tiempo para completar el trámite expiró. Por favor, comience nuevamente.");
    assert_eq!(app.contar("cuentas").await, 0);
    app.terminar().await;
}

async fn an_expired_captcha_is_refused(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let flujo = app.flujo_de_registro(cuenta).await;
    let c = app.nuevo_captcha(&flujo).await.unwrap();
    app.tiempo.adelantar(5 * 60 + 1);
    let (_, error) = app
        .enviar_registro(&flujo, c["id"].as_str().unwrap(), CAPTCHA, un_formulario(cuenta, "a@correo.cl"))
        .await
        .unwrap_err();
    assert!(error["Captcha"].as_str().unwrap().contains("expiró"), "{error}");
    app.terminar().await;
}

async fn refreshing_replaces_the_previous_captcha(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let flujo = app.flujo_de_registro(cuenta).await;
    let viejo = app.nuevo_captcha(&flujo).await.unwrap();
    let nuevo = app.nuevo_captcha(&flujo).await.unwrap();
    assert_ne!(viejo["id"], nuevo["id"]);
    assert!(nuevo["imagen"].as_str().unwrap().starts_with("data:image/png;base64,"));
    let form = un_formulario(cuenta, "a@correo.cl");
    assert!(app.enviar_registro(&flujo, viejo["id"].as_str().unwrap(), CAPTCHA, form.clone()).await.is_err());
    app.enviar_registro(&flujo, nuevo["id"].as_str().unwrap(), CAPTCHA, form).await.expect("the new one works");
    app.terminar().await;
}

async fn a_bypassed_browser_gets_the_same_field_errors_and_nothing_is_written(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let mut form = formulario("12.345.678-9", "no-es-un-email");
    form["clave"] = json!("123");
    form["domicilio"]["comuna"] = json!("99999");
    let (estado, error) = app.registrar(form, CAPTCHA).await.unwrap_err();
    assert_eq!(estado, 422);
    let campos = &error["Campos"];
    assert_eq!(campos["rut"], "El dígito verificador del RUT no es válido.");
    assert_eq!(campos["clave"], "La Clave CS debe tener al menos 8 caracteres.");
    assert_eq!(campos["comuna"], "La comuna seleccionada no existe.");
    assert!(campos["email"].is_string());
    assert_eq!(app.contar("cuentas").await + app.contar("mensajes").await, 0);
    app.terminar().await;
}

async fn a_run_unknown_or_not_vigente_in_the_civil_registry_is_refused(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    for rut in ["17.345.678-6", "9.876.543-3"] {
        let (_, error) = app.registrar(formulario(rut, "a@correo.cl"), CAPTCHA).await.unwrap_err();
        assert!(error["Campos"]["rut"].as_str().unwrap().contains("Registro Civil"), "{error}");
    }
    assert_eq!(app.contar("cuentas").await, 0);
    app.terminar().await;
}

async fn a_registered_rut_gets_a_clear_error(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    app.registrar(un_formulario(cuenta, "a@correo.cl"), CAPTCHA).await.unwrap();
    let mut otra = un_formulario(cuenta, "otra@correo.cl");
    otra["rut"] = json!(otra["rut"].as_str().unwrap().replace(['.', '-'], ""));
    let (estado, error) = app.registrar(otra, CAPTCHA).await.unwrap_err();
    assert_eq!((estado, error), (409, json!("RutRegistrado")));
    assert_eq!(app.contar("cuentas").await, 1);
    assert_eq!(app.contar("mensajes").await, 1);
    app.terminar().await;
}

async fn simultaneous_registrations_of_one_rut_create_one_account(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let mut intentos = Vec::new();
    for i in 0..4 {
        let flujo = app.flujo_de_registro(cuenta).await;
        let c = app.nuevo_captcha(&flujo).await.unwrap();
        intentos.push((flujo, c["id"].as_str().unwrap().to_owned(), un_formulario(cuenta, &format!("a{i}@correo.cl"))));
    }
    let resultados = futures_join(&app, intentos).await;
    assert_eq!(resultados.iter().filter(|r| r.is_ok()).count(), 1, "{resultados:?}");
    for r in resultados.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(r.1, json!("RutRegistrado"));
    }
    assert_eq!(app.contar("cuentas").await, 1);
    assert_eq!(app.contar("personas_naturales").await + app.contar("empresas").await, 1);
    assert_eq!(app.contar("mensajes").await, 1);
    app.terminar().await;
}

async fn futures_join(
    app: &AppDePrueba,
    intentos: Vec<(String, String, serde_json::Value)>,
) -> Vec<Result<serde_json::Value, (u16, serde_json::Value)>> {
    let tareas = intentos.iter().map(|(flujo, id, form)| app.enviar_registro(flujo, id, CAPTCHA, form.clone()));
    let mut salida = Vec::new();
    let mut pendientes: Vec<_> = tareas.map(Box::pin).collect();
    // Poll all at once so the requests really overlap.
    while !pendientes.is_empty() {
        let (r, _, resto) = select_all(pendientes).await;
        salida.push(r);
        pendientes = resto;
    }
    salida
}

use futures::future::select_all;

async fn a_form_of_the_other_kind_is_refused_by_the_flow(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let flujo = app.flujo_de_registro(TipoCuenta::Natural).await;
    let c = app.nuevo_captcha(&flujo).await.unwrap();
    let empresa = formulario_empresa(SENCE, JUAN, "a@correo.cl");
    let (_, error) = app.enviar_registro(&flujo, c["id"].as_str().unwrap(), CAPTCHA, empresa).await.unwrap_err();
    assert!(error["Flujo"].as_str().unwrap().contains("no corresponde"), "{error}");
    assert_eq!(app.contar("cuentas").await, 0);
    app.terminar().await;
}

async fn an_unavailable_or_unknown_flow_cannot_start(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    for tipo in ["registro_facilitador", "otro"] {
        let (estado, _) = app.llamar_form("iniciar_flujo", &[("tipo", tipo)]).await.unwrap_err();
        assert!((400..500).contains(&estado), "{tipo}: {estado}");
    }
    let (_, error) = app.nuevo_captcha("no-existe").await.unwrap_err();
    assert!(error["Flujo"].as_str().unwrap().contains("no existe"));
    app.terminar().await;
}

en_ambos_motores!(
    registering_creates_the_account_person_and_welcome_email,
    a_bypassed_browser_gets_the_same_field_errors_and_nothing_is_written,
    a_run_unknown_or_not_vigente_in_the_civil_registry_is_refused,
    a_form_of_the_other_kind_is_refused_by_the_flow,
    an_unavailable_or_unknown_flow_cannot_start,
    registering_a_company_keeps_the_registries_names_and_its_representative,
    a_company_the_sii_does_not_vouch_for_is_refused,
    a_representative_the_registries_do_not_vouch_for_is_refused,
    a_company_form_is_checked_field_by_field,
);

en_ambos_motores_y_cuentas!(
    a_replayed_final_step_is_refused,
    a_wrong_captcha_is_refused_spent_and_counted,
    a_captcha_of_another_flow_is_refused,
    five_failures_kill_the_flow,
    an_expired_flow_is_refused,
    an_expired_captcha_is_refused,
    refreshing_replaces_the_previous_captcha,
    a_registered_rut_gets_a_clear_error,
    simultaneous_registrations_of_one_rut_create_one_account,
);

// ---------------------------------------------------------------- companies

async fn registering_a_company_keeps_the_registries_names_and_its_representative(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let mut form = formulario_empresa("60803000k", JUAN, "contacto@sence.cl");
    form["razon_social"] = json!("Un nombre escrito a mano");
    form["representante"]["nombre"] = json!("Otro nombre");
    form["fax"] = json!("226543211");
    let hecho = app.registrar(form, CAPTCHA).await.expect("registered");
    assert_eq!(hecho["email"], "contxxxx@senxxxx");

    let db = &app.servicios.db;
    let cuenta = cuenta::Entity::find_by_id("60803000-K".to_owned()).one(db).await.unwrap().unwrap();
    assert_eq!((cuenta.tipo, cuenta.email.as_str(), cuenta.celular), (TipoCuenta::Juridica, "contacto@sence.cl", None));
    let empresa = empresa::Entity::find_by_id("60803000-K".to_owned()).one(db).await.unwrap().unwrap();
    assert_eq!(empresa.razon_social, "Servicio Nacional de Capacitación y Empleo", "the SII's name");
    assert_eq!((empresa.telefono.as_str(), empresa.fax.as_deref()), ("226543210", Some("226543211")));
    let representantes = representante_legal::Entity::find().all(db).await.unwrap();
    assert_eq!(representantes.len(), 1);
    assert_eq!(representantes[0].rut, "11111111-1");
    assert_eq!(representantes[0].nombre, "Juan Carlos González Rojas", "the Registro Civil's name");
    assert_eq!(representantes[0].celular, "+56991234567");
    let mensajes = mensaje::Entity::find().all(db).await.unwrap();
    assert_eq!(mensajes.len(), 1);
    assert_eq!(mensajes[0].destinatario, "contacto@sence.cl");
    assert!(mensajes[0].cuerpo.contains("Servicio Nacional de Capacitación y Empleo"));
    // The company logs in with its RUT and CS.
    assert_eq!(app.ingresar(SENCE, "Pehuen2026").await.0.unwrap(), json!("Listo"));
    app.terminar().await;
}

async fn a_company_the_sii_does_not_vouch_for_is_refused(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    // Not in force; unknown to the SII; a person's RUN.
    for rut in ["77.777.777-7", "77.200.000-6", ANA] {
        let (_, error) =
            app.registrar(formulario_empresa(rut, "13.579.246-2", "a@correo.cl"), CAPTCHA).await.unwrap_err();
        assert!(error["Campos"]["rut"].as_str().unwrap().contains("SII"), "{rut}: {error}");
    }
    assert_eq!(app.contar("cuentas").await, 0);
    app.terminar().await;
}

async fn a_representative_the_registries_do_not_vouch_for_is_refused(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    // María represents another company.
    let (_, error) =
        app.registrar(formulario_empresa(SENCE, "22.222.222-2", "a@correo.cl"), CAPTCHA).await.unwrap_err();
    assert!(error["Campos"]["rut_representante"].as_str().unwrap().contains("Representante Legal vigente"), "{error}");
    assert_eq!(app.contar("cuentas").await + app.contar("mensajes").await, 0);
    app.terminar().await;
}

async fn a_company_form_is_checked_field_by_field(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let mut form = formulario_empresa(SENCE, "12.345.678-9", "a@correo.cl");
    form["telefono"] = json!("123");
    form["representante"]["celular"] = json!("");
    form["representante"]["email"] = json!("x");
    let (estado, error) = app.registrar(form, CAPTCHA).await.unwrap_err();
    assert_eq!(estado, 422);
    for campo in ["rut_representante", "telefono", "celular_representante", "email_representante"] {
        assert!(error["Campos"][campo].is_string(), "{campo}: {error}");
    }
    assert!(error["Campos"].get("celular").is_none(), "a company has no mobile of its own: {error}");
    app.terminar().await;
}
