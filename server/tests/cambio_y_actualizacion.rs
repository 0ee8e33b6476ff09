//! N3 "Cambiar CS" and N4 "Actualizar datos" through the server functions.

mod comun;

use app::backend::mensajes::{ASUNTO_ACTUALIZACION, ASUNTO_CAMBIO_CLAVE};
use comun::{AppDePrueba, Motor, CAPTCHA};
use serde_json::{json, Value};

const JUAN: &str = "11.111.111-1";
const CLAVE_JUAN: &str = "Araucaria1";
const MARIA: &str = "22.222.222-2";
const CLAVE_MARIA: &str = "Copihue26";

async fn app(motor: Motor) -> Option<AppDePrueba> {
    let app = AppDePrueba::iniciar(motor).await?;
    app.sembrar_demo().await;
    Some(app)
}

impl AppDePrueba {
    async fn validar_cambio(&self, flujo: &str, rut: &str, clave: &str) -> Result<Value, (u16, Value)> {
        self.llamar_form("cambiar_validar", &[("flujo", flujo), ("rut", rut), ("clave_actual", clave)]).await
    }
    async fn cambiar(&self, flujo: &str, nueva: &str, repetir: &str) -> Result<Value, (u16, Value)> {
        let captcha_id = self.captcha(flujo).await;
        self.llamar_json(
            "cambiar_clave",
            json!({ "flujo": flujo, "captcha_id": captcha_id, "captcha": CAPTCHA, "clave_nueva": nueva, "repetir_clave_nueva": repetir }),
        )
        .await
    }
    async fn validar_actualizacion(&self, flujo: &str, rut: &str, clave: &str) -> Result<Value, (u16, Value)> {
        self.llamar_form("actualizar_validar", &[("flujo", flujo), ("rut", rut), ("clave", clave)]).await
    }
    async fn pregunta(&self, flujo: &str, pregunta: Option<&str>, respuesta: &str) -> Result<Value, (u16, Value)> {
        self.llamar_json("actualizar_pregunta", json!({ "flujo": flujo, "pregunta": pregunta, "respuesta": respuesta })).await
    }
    async fn actualizar(&self, flujo: &str, datos: Value) -> Result<Value, (u16, Value)> {
        let captcha_id = self.captcha(flujo).await;
        self.llamar_json("actualizar_datos", json!({ "flujo": flujo, "captcha_id": captcha_id, "captcha": CAPTCHA, "datos": datos }))
            .await
    }
}

async fn changing_the_cs_replaces_it_and_notifies_by_email_and_sms(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("cambiar_natural").await;
    app.validar_cambio(&flujo, JUAN, CLAVE_JUAN).await.unwrap();
    assert_eq!(app.cambiar(&flujo, "Quillay27", "Quillay27").await.unwrap(), json!({ "por_sms": true }));
    assert_eq!(app.ingresar(JUAN, "Quillay27").await.0.unwrap(), json!("Listo"));
    assert!(app.ingresar(JUAN, CLAVE_JUAN).await.0.is_err());
    let mensajes = app.mensajes().await;
    assert!(mensajes.iter().any(|m| m.asunto.as_deref() == Some(ASUNTO_CAMBIO_CLAVE)));
    assert!(mensajes.iter().any(|m| m.canal == "sms" && m.destinatario == "+56987654321"));
    assert!(mensajes.iter().all(|m| !m.cuerpo.contains("Quillay27")));
    app.terminar().await;
}

async fn the_change_refuses_skipping_validation_a_wrong_cs_and_the_same_cs(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("cambiar_natural").await;
    let (_, error) = app.cambiar(&flujo, "Quillay27", "Quillay27").await.unwrap_err();
    assert!(error["Flujo"].as_str().unwrap().contains("no corresponde"), "{error}");
    assert_eq!(app.validar_cambio(&flujo, JUAN, "Otra12345").await.unwrap_err(), (401, json!("CredencialesInvalidas")));
    app.validar_cambio(&flujo, JUAN, CLAVE_JUAN).await.unwrap();
    let (_, error) = app.cambiar(&flujo, CLAVE_JUAN, CLAVE_JUAN).await.unwrap_err();
    assert_eq!(error["Campos"]["clave_nueva"], "La CS Nueva debe ser distinta de la CS Actual.");
    let (_, error) = app.cambiar(&flujo, "Quillay27", "Quillay28").await.unwrap_err();
    assert_eq!(error["Campos"]["repetir_clave_nueva"], "Las claves no coinciden.");
    let (_, error) = app.cambiar(&flujo, "x11111111", "x11111111").await.unwrap_err();
    assert_eq!(error["Campos"]["clave_nueva"], "La Clave CS no puede contener su RUT.");
    assert_eq!(app.ingresar(JUAN, CLAVE_JUAN).await.0.unwrap(), json!("Listo"), "nothing changed");
    app.terminar().await;
}

async fn updating_contact_data_after_the_secret_answer(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("actualizar_natural").await;
    assert_eq!(app.validar_actualizacion(&flujo, JUAN, CLAVE_JUAN).await.unwrap(), json!({ "Responder": "MI PAÍS FAVORITO" }));
    let datos = json!({
        "email": "juan.nuevo@correo.cl", "telefono_particular": "", "celular": "", "sin_celular": true, "telefono_trabajo": ""
    });
    let (_, error) = app.actualizar(&flujo, datos).await.unwrap_err();
    assert!(error.get("Flujo").is_some(), "the data step before the answer: {error}");
    let (_, error) = app.pregunta(&flujo, None, "Perú").await.unwrap_err();
    assert_eq!(error["Campos"]["respuesta"], "La respuesta secreta no es correcta.");
    let actuales = app.pregunta(&flujo, None, "chile").await.unwrap();
    assert_eq!(actuales["email"], "juan.gonzalez@example.cl");
    assert_eq!(actuales["celular"], "87654321");

    let nuevos = json!({
        "email": "juan.nuevo@correo.cl", "telefono_particular": "221234567", "celular": "",
        "sin_celular": true, "telefono_trabajo": ""
    });
    app.actualizar(&flujo, nuevos).await.unwrap();
    let cuenta = app.cuenta("11111111-1").await;
    assert_eq!((cuenta.email.as_str(), cuenta.celular), ("juan.nuevo@correo.cl", None));
    let avisos: Vec<_> = app
        .mensajes()
        .await
        .into_iter()
        .filter(|m| m.asunto.as_deref() == Some(ASUNTO_ACTUALIZACION))
        .map(|m| m.destinatario)
        .collect();
    assert_eq!(avisos, ["juan.gonzalez@example.cl", "juan.nuevo@correo.cl"]);
    app.terminar().await;
}

async fn an_account_without_question_sets_one_while_updating(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("actualizar_natural").await;
    assert_eq!(app.validar_actualizacion(&flujo, MARIA, CLAVE_MARIA).await.unwrap(), json!("Definir"));
    let (_, error) = app.pregunta(&flujo, Some(""), "Temuco").await.unwrap_err();
    assert_eq!(error["Campos"]["pregunta"], "Seleccione una pregunta secreta.");
    app.pregunta(&flujo, Some("ciudad_madre"), "Temuco").await.unwrap();
    assert_eq!(app.cuenta("22222222-2").await.pregunta.as_deref(), Some("ciudad_madre"));
    // From now on a recovery asks it.
    let recuperar = app.abrir("recuperar_natural").await;
    let paso = app.llamar_form("recuperar_validar_rut", &[("flujo", &recuperar), ("rut", MARIA)]).await.unwrap();
    assert_eq!(paso, json!({ "Pregunta": "CIUDAD DE NACIMIENTO DE MI MADRE" }));
    app.terminar().await;
}

async fn invalid_contact_data_is_refused_field_by_field(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("actualizar_natural").await;
    app.validar_actualizacion(&flujo, JUAN, CLAVE_JUAN).await.unwrap();
    app.pregunta(&flujo, None, "Chile").await.unwrap();
    let malos = json!({
        "email": "no-es-email", "telefono_particular": "123", "celular": "12",
        "sin_celular": false, "telefono_trabajo": ""
    });
    let (estado, error) = app.actualizar(&flujo, malos).await.unwrap_err();
    assert_eq!(estado, 422);
    for campo in ["email", "telefono_particular", "celular"] {
        assert!(error["Campos"][campo].is_string(), "{campo}: {error}");
    }
    assert_eq!(app.cuenta("11111111-1").await.email, "juan.gonzalez@example.cl");
    app.terminar().await;
}

en_ambos_motores!(
    changing_the_cs_replaces_it_and_notifies_by_email_and_sms,
    the_change_refuses_skipping_validation_a_wrong_cs_and_the_same_cs,
    updating_contact_data_after_the_secret_answer,
    an_account_without_question_sets_one_while_updating,
    invalid_contact_data_is_refused_field_by_field,
);
