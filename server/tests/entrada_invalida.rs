//! Malformed requests get a clear answer, never a 500: a missing field, a value outside its
//! list or a body that is not JSON is a 400 with a message the page shows; a request from
//! another site is a 403 with its own message. A 500 is left for real faults.

mod comun;

use app::api::ApiError;
use comun::{AppDePrueba, Motor, CAPTCHA};
use leptos::server_fn::error::FromServerFnError;
use serde_json::json;

fn es_solicitud_invalida(respuesta: Result<serde_json::Value, (u16, serde_json::Value)>) {
    assert_eq!(respuesta.unwrap_err(), (400, json!("SolicitudInvalida")));
}

async fn a_missing_field_or_an_unknown_value_is_a_400(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    es_solicitud_invalida(app.llamar_form("iniciar_flujo", &[("tipo", "otro")]).await);
    es_solicitud_invalida(app.llamar_form("iniciar_flujo", &[]).await);
    let flujo = app.abrir("recuperar_natural").await;
    es_solicitud_invalida(app.llamar_form("recuperar_validar_rut", &[("flujo", &flujo)]).await);
    es_solicitud_invalida(app.llamar_form("nuevo_captcha", &[("otro", "x")]).await);
    assert_eq!(app.contar("flujos").await, 1, "nothing was created by the refused calls");
    app.terminar().await;
}

async fn a_body_that_is_not_the_json_expected_is_a_400(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let url = app.url("/api/registrar");
    let r = app.http.post(&url).header("content-type", "application/json").body("esto no es JSON").send().await;
    let r = r.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(comun::error_api(&r.bytes().await.unwrap()), Some(json!("SolicitudInvalida")));

    let flujo = app.abrir("registro_natural").await;
    let captcha = app.captcha(&flujo).await;
    // The form is missing entirely, then one of its fields has the wrong type.
    let sin_form = json!({ "flujo": flujo, "captcha_id": captcha, "captcha": CAPTCHA });
    es_solicitud_invalida(app.llamar_json("registrar", sin_form).await);
    let mut form = comun::formulario("12.345.678-5", "ana.perez@correo.cl");
    form["sin_celular"] = json!("quizás");
    let mal_tipo = json!({ "flujo": flujo, "captcha_id": captcha, "captcha": CAPTCHA, "form": form });
    es_solicitud_invalida(app.llamar_json("registrar", mal_tipo).await);
    es_solicitud_invalida(app.llamar_json("recuperar_clave", json!([1, 2, 3])).await);
    assert_eq!(app.contar("cuentas").await, 0);
    // The captcha was never reached, so the person can still use it.
    let valido = comun::formulario("12.345.678-5", "ana.perez@correo.cl");
    app.enviar_registro(&flujo, &captcha, CAPTCHA, valido).await.unwrap();
    app.terminar().await;
}

async fn a_request_from_another_site_is_a_403_with_its_own_message(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    let r = app
        .http
        .post(app.url("/api/iniciar_flujo"))
        .header("origin", "https://evil.example")
        .form(&[("tipo", "registro_natural")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let error = ApiError::de(r.bytes().await.unwrap());
    assert_eq!(error, ApiError::OrigenRechazado);
    assert_ne!(error.to_string(), ApiError::Interno.to_string());
    assert!(error.es_general(), "shown at the top of the form");
    app.terminar().await;
}

async fn a_real_fault_is_still_a_500(motor: Motor) {
    let Some(app) = AppDePrueba::iniciar(motor).await else { return };
    // Opening a flow goes through `db_sin_espera` (on SQLite, the same pool as `db`).
    for db in [&app.servicios.db_sin_espera, &app.servicios.db] {
        db.clone().close().await.ok();
    }
    let (estado, error) = app.llamar_form("iniciar_flujo", &[("tipo", "registro_natural")]).await.unwrap_err();
    assert_eq!((estado, error), (500, json!("Interno")));
    comun::borrar(app.motor, &app.url_db).await;
}

#[test]
fn the_messages_are_spanish_and_say_what_to_do() {
    let invalida = ApiError::SolicitudInvalida.to_string();
    assert!(invalida.contains("no es válida") && invalida.contains("Recargue la página"), "{invalida}");
    assert!(ApiError::OrigenRechazado.to_string().contains("Sistema Clave Sence"));
    assert_eq!((ApiError::SolicitudInvalida.estado(), ApiError::OrigenRechazado.estado()), (400, 403));
}

en_ambos_motores!(
    a_missing_field_or_an_unknown_value_is_a_400,
    a_body_that_is_not_the_json_expected_is_a_400,
    a_request_from_another_site_is_a_403_with_its_own_message,
    a_real_fault_is_still_a_500,
);
