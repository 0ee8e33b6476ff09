//! Cambiar CS and Actualizar datos through the server functions, for people and companies
//! alike; then what only a company has: its legal representative in the first step, and the
//! list of representatives it keeps.

mod comun;

use app::backend::mensajes::{ASUNTO_ACTUALIZACION, ASUNTO_CAMBIO_CLAVE};
use comun::{con_pregunta, sin_pregunta, AppDePrueba, Demo, Motor, CAPTCHA};
use cs_domain::cuenta::TipoCuenta;
use serde_json::{json, Value};

async fn app(motor: Motor) -> Option<AppDePrueba> {
    let app = AppDePrueba::iniciar(motor).await?;
    app.sembrar_demo().await;
    Some(app)
}

impl AppDePrueba {
    async fn validar_cambio(&self, flujo: &str, credenciales: Value) -> Result<Value, (u16, Value)> {
        self.llamar_json("cambiar_validar", json!({ "flujo": flujo, "entrada": credenciales })).await
    }
    async fn cambiar(&self, flujo: &str, nueva: &str, repetir: &str) -> Result<Value, (u16, Value)> {
        let captcha_id = self.captcha(flujo).await;
        self.llamar_json(
            "cambiar_clave",
            json!({ "flujo": flujo, "captcha_id": captcha_id, "captcha": CAPTCHA, "clave_nueva": nueva, "repetir_clave_nueva": repetir }),
        )
        .await
    }
    async fn validar_actualizacion(&self, flujo: &str, credenciales: Value) -> Result<Value, (u16, Value)> {
        self.llamar_json("actualizar_validar", json!({ "flujo": flujo, "entrada": credenciales })).await
    }
    async fn pregunta(&self, flujo: &str, pregunta: &str, respuesta: &str) -> Result<Value, (u16, Value)> {
        let entrada = json!({ "pregunta": pregunta, "respuesta": respuesta });
        self.llamar_json("actualizar_pregunta", json!({ "flujo": flujo, "entrada": entrada })).await
    }
    async fn actualizar(&self, flujo: &str, datos: Value) -> Result<Value, (u16, Value)> {
        let captcha_id = self.captcha(flujo).await;
        self.llamar_json(
            "actualizar_datos",
            json!({ "flujo": flujo, "captcha_id": captcha_id, "captcha": CAPTCHA, "datos": datos }),
        )
        .await
    }
    /// Opens Actualizar datos for `demo` up to its data, which it returns.
    async fn hasta_los_datos(&self, demo: &Demo) -> (String, Value) {
        let flujo = self.abrir_de("actualizar", demo.cuenta).await;
        self.validar_actualizacion(&flujo, demo.credenciales(demo.clave)).await.unwrap();
        let datos = self.pregunta(&flujo, "", demo.respuesta()).await.unwrap();
        (flujo, datos)
    }
}

/// The data of `demo`'s kind with a new email (and, for a person, no mobile).
fn nuevos_datos(en_archivo: &Value, email: &str) -> Value {
    let mut datos = en_archivo.clone();
    if let Some(persona) = datos.get_mut("Persona") {
        persona["email"] = json!(email);
        persona["celular"] = json!("");
        persona["sin_celular"] = json!(true);
        persona["telefono_particular"] = json!("221234567");
    } else {
        datos["Empresa"]["email"] = json!(email);
        datos["Empresa"]["telefono"] = json!("229876543");
        datos["Empresa"]["domicilio"]["comuna"] = json!("13114");
    }
    datos
}

async fn changing_the_cs_replaces_it_and_notifies_by_email_and_sms(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("cambiar", cuenta).await;
    app.validar_cambio(&flujo, demo.credenciales(demo.clave)).await.unwrap();
    assert_eq!(app.cambiar(&flujo, "Quillay27", "Quillay27").await.unwrap(), json!({ "por_sms": true }));
    assert_eq!(app.ingresar(demo.rut, "Quillay27").await.0.unwrap(), json!("Listo"));
    assert!(app.ingresar(demo.rut, demo.clave).await.0.is_err(), "the old CS is refused after a change");
    let mensajes = app.mensajes().await;
    assert!(mensajes.iter().any(|m| m.asunto.as_deref() == Some(ASUNTO_CAMBIO_CLAVE) && m.destinatario == demo.email));
    assert!(mensajes.iter().any(|m| m.canal == "sms" && Some(m.destinatario.as_str()) == demo.sms));
    assert!(mensajes.iter().all(|m| !m.cuerpo.contains("Quillay27")));
    app.terminar().await;
}

async fn the_change_refuses_skipping_validation_a_wrong_cs_and_the_same_cs(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("cambiar", cuenta).await;
    let (_, error) = app.cambiar(&flujo, "Quillay27", "Quillay27").await.unwrap_err();
    assert!(error["Flujo"].as_str().unwrap().contains("no corresponde"), "{error}");
    let incorrecta = app.validar_cambio(&flujo, demo.credenciales("Otra12345")).await.unwrap_err();
    assert_eq!(incorrecta, (401, json!("CredencialesInvalidas")));
    let (estado, error) = app.validar_cambio(&flujo, demo.credenciales("")).await.unwrap_err();
    assert_eq!((estado, &error["Campos"]["clave_actual"]), (422, &json!("Ingrese su CS Actual.")));
    app.validar_cambio(&flujo, demo.credenciales(demo.clave)).await.unwrap();
    let (_, error) = app.cambiar(&flujo, demo.clave, demo.clave).await.unwrap_err();
    assert_eq!(error["Campos"]["clave_nueva"], "La CS Nueva debe ser distinta de la CS Actual.");
    let (_, error) = app.cambiar(&flujo, "Quillay27", "Quillay28").await.unwrap_err();
    assert_eq!(error["Campos"]["repetir_clave_nueva"], "Las claves no coinciden.");
    let con_rut = format!("x{}", &demo.normalizado[..8]);
    let (_, error) = app.cambiar(&flujo, &con_rut, &con_rut).await.unwrap_err();
    assert_eq!(error["Campos"]["clave_nueva"], "La Clave CS no puede contener su RUT.");
    assert_eq!(app.ingresar(demo.rut, demo.clave).await.0.unwrap(), json!("Listo"), "nothing changed");
    app.terminar().await;
}

async fn five_wrong_cs_kill_the_change_and_lock_the_account(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("cambiar", cuenta).await;
    for _ in 0..4 {
        assert_eq!(app.validar_cambio(&flujo, demo.credenciales("Otra12345")).await.unwrap_err().0, 401);
    }
    assert_eq!(
        app.validar_cambio(&flujo, demo.credenciales("Otra12345")).await.unwrap_err(),
        (423, json!({ "Bloqueada": 1 }))
    );
    let (_, error) = app.validar_cambio(&flujo, demo.credenciales(demo.clave)).await.unwrap_err();
    assert_eq!(error["Flujo"], "Superó el número de intentos permitidos. Por favor, comience nuevamente.");
    assert_eq!(app.ingresar(demo.rut, demo.clave).await.0.unwrap_err().0, 423, "the account is locked for a while");
    app.terminar().await;
}

async fn updating_the_data_after_the_secret_answer(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let flujo = app.abrir_de("actualizar", cuenta).await;
    let (pregunta, respuesta) = demo.pregunta.unwrap();
    assert_eq!(
        app.validar_actualizacion(&flujo, demo.credenciales(demo.clave)).await.unwrap(),
        json!({ "Responder": pregunta })
    );
    let temprano = match cuenta {
        TipoCuenta::Juridica => json!({ "Empresa": {
            "email": "x@correo.cl", "telefono": "", "fax": "", "representantes": [],
            "domicilio": { "region": "", "comuna": "", "direccion": "", "numero": "", "block": "", "departamento": "" }
        } }),
        _ => json!({ "Persona": {
            "email": "x@correo.cl", "telefono_particular": "", "celular": "", "sin_celular": true, "telefono_trabajo": ""
        } }),
    };
    let (_, error) = app.actualizar(&flujo, temprano).await.unwrap_err();
    assert!(error["Flujo"].is_string(), "the data step before the answer: {error}");
    let (_, error) = app.pregunta(&flujo, "", "Perú").await.unwrap_err();
    assert_eq!(error["Campos"]["respuesta"], "La respuesta secreta no es correcta.");
    let en_archivo = app.pregunta(&flujo, "", &respuesta.to_lowercase()).await.unwrap();
    let datos = en_archivo.get("Persona").or(en_archivo.get("Empresa")).unwrap();
    assert_eq!(datos["email"], demo.email);

    app.actualizar(&flujo, nuevos_datos(&en_archivo, "nuevo@correo.cl")).await.unwrap();
    let guardada = app.cuenta(demo.normalizado).await;
    assert_eq!(guardada.email, "nuevo@correo.cl");
    if cuenta == TipoCuenta::Natural {
        assert_eq!(guardada.celular, None, "Sin Celular");
    }
    let avisos: Vec<_> = app
        .mensajes()
        .await
        .into_iter()
        .filter(|m| m.asunto.as_deref() == Some(ASUNTO_ACTUALIZACION))
        .map(|m| m.destinatario)
        .collect();
    assert_eq!(avisos, [demo.email, "nuevo@correo.cl"]);
    // What is on file now is what the next update shows.
    let (_, ahora) = app.hasta_los_datos(&con_pregunta(cuenta)).await;
    assert_eq!(ahora, {
        let mut esperado = nuevos_datos(&en_archivo, "nuevo@correo.cl");
        if let Some(p) = esperado.get_mut("Persona") {
            p["celular"] = json!("");
        }
        esperado
    });
    app.terminar().await;
}

async fn an_account_without_question_sets_one_while_updating(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = sin_pregunta(cuenta);
    let flujo = app.abrir_de("actualizar", cuenta).await;
    assert_eq!(app.validar_actualizacion(&flujo, demo.credenciales(demo.clave)).await.unwrap(), json!("Definir"));
    let (_, error) = app.pregunta(&flujo, "", "Temuco").await.unwrap_err();
    assert_eq!(error["Campos"]["pregunta"], "Seleccione una pregunta secreta.");
    app.pregunta(&flujo, "ciudad_madre", "Temuco").await.unwrap();
    assert_eq!(app.cuenta(demo.normalizado).await.pregunta.as_deref(), Some("ciudad_madre"));
    // From now on a recovery asks it.
    let recuperar = app.abrir_de("recuperar", cuenta).await;
    let paso = app.llamar_form("recuperar_validar_rut", &[("flujo", &recuperar), ("rut", demo.rut)]).await.unwrap();
    assert_eq!(paso, json!({ "Pregunta": "CIUDAD DE NACIMIENTO DE MI MADRE" }));
    app.terminar().await;
}

async fn invalid_data_is_refused_field_by_field(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let (flujo, en_archivo) = app.hasta_los_datos(&demo).await;
    let mut malos = en_archivo.clone();
    let campos: &[&str] = match cuenta {
        TipoCuenta::Juridica => {
            malos["Empresa"]["email"] = json!("no-es-email");
            malos["Empresa"]["telefono"] = json!("123");
            malos["Empresa"]["domicilio"]["comuna"] = json!("05101");
            &["email", "telefono", "comuna"]
        }
        _ => {
            malos["Persona"] = json!({
                "email": "no-es-email", "telefono_particular": "123", "celular": "12",
                "sin_celular": false, "telefono_trabajo": ""
            });
            &["email", "telefono_particular", "celular"]
        }
    };
    let (estado, error) = app.actualizar(&flujo, malos).await.unwrap_err();
    assert_eq!(estado, 422);
    for campo in campos {
        assert!(error["Campos"][campo].is_string(), "{campo}: {error}");
    }
    assert_eq!(app.cuenta(demo.normalizado).await.email, demo.email);
    app.terminar().await;
}

async fn a_provisional_cs_cannot_update_until_changed(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let clave = app.recuperar_por_respuesta(&demo).await;
    let flujo = app.abrir_de("actualizar", cuenta).await;
    let (_, error) = app.validar_actualizacion(&flujo, demo.credenciales(&clave)).await.unwrap_err();
    assert!(error["Campos"]["clave"].as_str().unwrap().contains("provisoria"), "{error}");
    app.terminar().await;
}

en_ambos_motores_y_cuentas!(
    changing_the_cs_replaces_it_and_notifies_by_email_and_sms,
    the_change_refuses_skipping_validation_a_wrong_cs_and_the_same_cs,
    five_wrong_cs_kill_the_change_and_lock_the_account,
    updating_the_data_after_the_secret_answer,
    an_account_without_question_sets_one_while_updating,
    invalid_data_is_refused_field_by_field,
    a_provisional_cs_cannot_update_until_changed,
);

// ---------------------------------------------------------------- only companies have

/// Cambiar CS of a company: any current legal representative per the SII (not only the one on
/// file) with the company's CS; a person who does not represent it is refused at the field,
/// counted against the flow, and the CS is not even checked.
async fn a_company_changes_its_cs_through_any_current_representative(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let demo = sin_pregunta(TipoCuenta::Juridica);
    let flujo = app.abrir_de("cambiar", TipoCuenta::Juridica).await;
    let ajeno = json!({ "rut": demo.rut, "rut_representante": "11.111.111-1", "clave": demo.clave });
    let (estado, error) = app.validar_cambio(&flujo, ajeno).await.unwrap_err();
    assert_eq!(estado, 422);
    assert!(error["Campos"]["rut_representante_legal"].as_str().unwrap().contains("Representante Legal vigente"));
    let sin = json!({ "rut": demo.rut, "rut_representante": "", "clave": demo.clave });
    let (_, error) = app.validar_cambio(&flujo, sin).await.unwrap_err();
    assert_eq!(error["Campos"]["rut_representante_legal"], "Ingrese el RUT.");
    assert_eq!(app.cuenta(demo.normalizado).await.fallos_login, 0, "the CS was not checked");
    let pedro = json!({ "rut": demo.rut, "rut_representante": "13.579.246-2", "clave": demo.clave });
    app.validar_cambio(&flujo, pedro).await.unwrap();
    app.cambiar(&flujo, "Quillay27", "Quillay27").await.unwrap();
    assert_eq!(app.ingresar(demo.rut, "Quillay27").await.0.unwrap(), json!("Listo"));
    // A person's RUT in a company's procedure is treated as no account at all.
    let persona = con_pregunta(TipoCuenta::Natural);
    let otro = app.abrir_de("cambiar", TipoCuenta::Juridica).await;
    let cruzado = json!({ "rut": persona.rut, "rut_representante": "11.111.111-1", "clave": persona.clave });
    assert_eq!(app.validar_cambio(&otro, cruzado).await.unwrap_err().0, 422, "not a company per the SII");
    app.terminar().await;
}

impl AppDePrueba {
    async fn agregar_representante(&self, flujo: &str, representante: Value) -> Result<Value, (u16, Value)> {
        self.llamar_json("actualizar_representante", json!({ "flujo": flujo, "representante": representante })).await
    }
}

fn representante(rut: &str) -> Value {
    json!({ "rut": rut, "nombre": "", "celular": "95554433", "email": "rl@otecaprende.example.cl" })
}

/// Actualizar datos of a company keeps its legal representatives: a new one is checked with the
/// SII and takes the Registro Civil's name; one of another company is refused; the list keeps
/// at least one and none twice.
async fn a_company_keeps_its_legal_representatives(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let demo = sin_pregunta(TipoCuenta::Juridica);
    let flujo = app.abrir_de("actualizar", TipoCuenta::Juridica).await;
    app.validar_actualizacion(&flujo, demo.credenciales(demo.clave)).await.unwrap();
    // Before the data step a representative cannot be checked.
    let (_, error) = app.agregar_representante(&flujo, representante("13.579.246-2")).await.unwrap_err();
    assert!(error["Flujo"].is_string(), "{error}");
    let en_archivo = app.pregunta(&flujo, "amigo_infancia", "Rodrigo").await.unwrap();
    assert_eq!(en_archivo["Empresa"]["representantes"][0]["rut"], "22.222.222-2");

    let (_, error) = app.agregar_representante(&flujo, representante("11.111.111-1")).await.unwrap_err();
    assert!(error["Campos"]["rut_representante"].as_str().unwrap().contains("Representante Legal vigente"));
    let pedro = app.agregar_representante(&flujo, representante("13579246-2")).await.unwrap();
    assert_eq!(pedro["rut"], "13.579.246-2");
    assert_eq!(pedro["nombre"], "Pedro Pablo Soto Fuentes", "the Registro Civil's name");

    let mut datos = en_archivo.clone();
    datos["Empresa"]["representantes"] = json!([]);
    let (_, error) = app.actualizar(&flujo, datos.clone()).await.unwrap_err();
    assert_eq!(error["Campos"]["representantes"], "Debe registrar al menos un Representante Legal.");
    // A representative the page did not check is checked on arrival.
    datos["Empresa"]["representantes"] = json!([representante("11.111.111-1")]);
    let (_, error) = app.actualizar(&flujo, datos.clone()).await.unwrap_err();
    assert!(error["Campos"]["representantes"].as_str().unwrap().contains("11.111.111-1"), "{error}");
    // Pedro in, María out.
    datos["Empresa"]["representantes"] = json!([pedro]);
    app.actualizar(&flujo, datos).await.unwrap();
    let (_, ahora) = app.hasta_los_datos(&Demo { pregunta: Some(("", "Rodrigo")), ..demo }).await;
    let lista = ahora["Empresa"]["representantes"].as_array().unwrap();
    assert_eq!(lista.len(), 1);
    assert_eq!(lista[0]["nombre"], "Pedro Pablo Soto Fuentes");
    assert_eq!(lista[0]["celular"], "95554433");
    // The SMS of a recovery now goes to Pedro.
    let recuperar = app.abrir_de("recuperar", TipoCuenta::Juridica).await;
    app.llamar_form("recuperar_validar_rut", &[("flujo", &recuperar), ("rut", demo.rut)]).await.unwrap();
    let captcha_id = app.captcha(&recuperar).await;
    let fin = json!({ "respuesta": "rodrigo", "email_correcto": null, "email": "", "celular": "" });
    let r = app
        .llamar_json(
            "recuperar_clave",
            json!({ "flujo": recuperar, "captcha_id": captcha_id, "captcha": CAPTCHA, "datos": fin }),
        )
        .await
        .unwrap();
    assert_eq!(r, json!({ "por_sms": true }));
    assert!(app.mensajes().await.iter().any(|m| m.canal == "sms" && m.destinatario == "+56995554433"));
    app.terminar().await;
}

en_ambos_motores!(
    a_company_changes_its_cs_through_any_current_representative,
    a_company_keeps_its_legal_representatives
);
