//! J5 Solicitud de CS para Facilitador Extranjero and the operators' back office: the request
//! with real files, every refused file, the queue, the decision and its race, the second
//! factor, the operator's lockout, who may reach what, and the facilitator's login.

mod comun;

use app::backend::{entidades::operador, mensajes, operadores, totp};
use comun::{con_pregunta, AppDePrueba, Motor, CAPTCHA};
use cs_domain::{cuenta::TipoCuenta, email::Email, rut::Rut};
use sea_orm::EntityTrait;
use secrecy::ExposeSecret;
use serde_json::{json, Value};

const OPERADOR: &str = "15.555.555-6";
const CLAVE_OPERADOR: &str = "Operador-Sence-2026";
const PASAPORTE: &str = "AB1234567";

fn fixture(nombre: &str) -> Vec<u8> {
    let ruta = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures").join(nombre);
    std::fs::read(&ruta).unwrap_or_else(|e| panic!("{}: {e}", ruta.display()))
}

fn datos_facilitador(numero: &str) -> Value {
    json!({
        "numero_documento": numero,
        "tipo_documento": "pasaporte",
        "nombres": "Lucía",
        "apellido_paterno": "Fernández",
        "apellido_materno": "",
        "sexo": "femenino",
        "fecha_nacimiento": "01-12-1992",
        "estado_civil": "soltero",
        "hijos": "1",
        "pais": "AR",
        "email": "lucia.fernandez@example.com.ar",
        "pregunta": "nombre_mascota",
        "respuesta": "Tango"
    })
}

async fn app(motor: Motor) -> Option<AppDePrueba> {
    let app = AppDePrueba::iniciar(motor).await?;
    app.sembrar_demo().await;
    Some(app)
}

impl AppDePrueba {
    /// A flow whose company step passed (the seeded company with its representative).
    async fn empresa_validada(&self) -> String {
        let empresa = con_pregunta(TipoCuenta::Juridica);
        let flujo = self.abrir("solicitud_facilitador_juridica").await;
        let captcha_id = self.captcha(&flujo).await;
        let r = self
            .llamar_json(
                "facilitador_validar",
                json!({ "flujo": flujo, "entrada": empresa.credenciales(empresa.clave), "captcha_id": captcha_id, "captcha": CAPTCHA }),
            )
            .await;
        assert_eq!(r, Ok(Value::Null));
        flujo
    }

    async fn subir(&self, flujo: &str, rol: &str, nombre: &str, contenido: Vec<u8>) -> Result<Value, (u16, Value)> {
        let r = self
            .http
            .post(self.url("/api/facilitador/archivo"))
            .header("x-flujo", flujo)
            .header("x-rol", rol)
            .header("x-nombre-archivo", nombre)
            .body(contenido)
            .send()
            .await
            .unwrap();
        let estado = r.status().as_u16();
        let cuerpo = r.bytes().await.unwrap();
        if estado == 200 {
            Ok(serde_json::from_slice(&cuerpo).unwrap())
        } else {
            Err((estado, comun::error_api(&cuerpo).expect("an ApiError")))
        }
    }

    /// A whole request with real files; returns its number.
    async fn solicitud_completa(&self, numero_documento: &str) -> i64 {
        let flujo = self.empresa_validada().await;
        self.subir(&flujo, "declaracion", "declaracion.pdf", fixture("declaracion.pdf")).await.unwrap();
        self.subir(&flujo, "documento", "pasaporte.jpg", fixture("documento.jpg")).await.unwrap();
        let r = self.llamar_json(
            "facilitador_solicitar",
            json!({ "flujo": flujo, "datos": datos_facilitador(numero_documento) }),
        );
        r.await.unwrap().as_i64().expect("a request number")
    }

    /// Creates an operator; returns the TOTP secret of the URI it enrols from. The database
    /// holds it only encrypted.
    async fn crear_operador(&self, rut: &str) -> String {
        let rut = Rut::parse(rut).unwrap();
        let email = Email::parse("operador@sence.example.cl").unwrap();
        let creado = operadores::crear(&self.servicios, &rut, "Operadora de Prueba", &email).await.unwrap();
        let secreto = creado.uri_totp.split("secret=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        let guardado = self.secreto_guardado(&rut.normalizado()).await;
        assert!(!guardado.contains(&secreto), "stored in clear: {guardado}");
        assert_eq!(
            self.servicios.llave_totp.descifrar(&guardado, &rut.normalizado()).unwrap().expose_secret(),
            secreto
        );
        secreto
    }

    async fn secreto_guardado(&self, rut: &str) -> String {
        operador::Entity::find_by_id(rut.to_owned()).one(&self.servicios.db).await.unwrap().unwrap().totp_secreto
    }

    fn codigo(&self, secreto: &str, desfase: i64) -> String {
        totp::codigo_en(secreto, self.servicios.ahora() + desfase).unwrap()
    }

    async fn ingresar_operador(
        &self,
        rut: &str,
        clave: &str,
        codigo: &str,
    ) -> (Result<Value, (u16, Value)>, Option<String>) {
        let (r, cookie) = self
            .llamar_con_cookie("operador_ingresar", &[("rut", rut), ("clave", clave), ("codigo", codigo)], None)
            .await;
        (r, cookie.map(|c| c.split(';').next().unwrap().to_owned()))
    }

    /// An operator who replaced the initial password; returns its session cookie.
    async fn operador_listo(&self, rut: &str) -> String {
        let secreto = self.crear_operador(rut).await;
        // The initial password is only printed: set a known one for the test.
        let hash = self.servicios.hasheador.hashear("inicial-de-prueba").await.unwrap();
        operador::Entity::update(operador::ActiveModel {
            rut: sea_orm::ActiveValue::Unchanged(Rut::parse(rut).unwrap().normalizado()),
            clave_hash: sea_orm::ActiveValue::Set(hash),
            ..Default::default()
        })
        .exec(&self.servicios.db)
        .await
        .unwrap();
        let (r, cookie) = self.ingresar_operador(rut, "inicial-de-prueba", &self.codigo(&secreto, 0)).await;
        assert_eq!(r, Ok(json!(true)), "the first login asks to replace the initial password");
        let cookie = cookie.unwrap();
        let campos = [("clave_nueva", CLAVE_OPERADOR), ("repetir_clave_nueva", CLAVE_OPERADOR)];
        assert_eq!(self.llamar_con_cookie("operador_cambiar_clave", &campos, Some(&cookie)).await.0, Ok(Value::Null));
        cookie
    }

    async fn como_operador(&self, funcion: &str, campos: &[(&str, &str)], cookie: &str) -> Result<Value, (u16, Value)> {
        self.llamar_con_cookie(funcion, campos, Some(cookie)).await.0
    }

    async fn ingresar_facilitador(&self, numero: &str, clave: &str) -> Result<Value, (u16, Value)> {
        let campos = [
            ("rut", ""),
            ("clave", clave),
            ("es_facilitador", "on"),
            ("tipo_documento", "pasaporte"),
            ("numero_documento", numero),
        ];
        self.llamar_con_cookie("ingresar", &campos, None).await.0
    }

    fn asuntos_a(&self, mensajes: &[app::backend::entidades::mensaje::Model], a: &str) -> Vec<String> {
        mensajes.iter().filter(|m| m.destinatario == a).filter_map(|m| m.asunto.clone()).collect()
    }
}

async fn a_company_requests_an_operator_approves_and_the_facilitator_logs_in(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let empresa = con_pregunta(TipoCuenta::Juridica);
    let numero = app.solicitud_completa(PASAPORTE).await;
    let enviados = app.mensajes().await;
    assert_eq!(app.asuntos_a(&enviados, empresa.email), [mensajes::ASUNTO_SOLICITUD_RECIBIDA]);
    let al_facilitador = enviados.iter().find(|m| m.destinatario == "lucia.fernandez@example.com.ar").unwrap();
    assert!(al_facilitador.cuerpo.contains(&format!("Número de solicitud: {numero}")));
    assert_eq!(
        app.ingresar_facilitador(PASAPORTE, "Cualquiera1").await,
        Err((403, json!({ "SolicitudEnRevision": numero }))),
        "a pending request is told as such"
    );

    let cookie = app.operador_listo(OPERADOR).await;
    let cola = app.como_operador("operador_cola", &[("estado", ""), ("empresa", "")], &cookie).await.unwrap();
    assert_eq!(cola[0]["numero"], numero);
    assert_eq!(cola[0]["estado"], "pendiente");
    assert_eq!(cola[0]["facilitador"], "Lucía Fernández");
    let detalle = app.como_operador("operador_solicitud", &[("numero", &numero.to_string())], &cookie).await.unwrap();
    let archivos = detalle["archivos"].as_array().unwrap();
    assert_eq!(archivos.len(), 2);
    let lecturas = "auditoria WHERE evento = 'consulta_solicitud' AND operador = '15555555-6'";
    assert_eq!(app.contar(lecturas).await, 1, "reading a request's personal data is audited");
    let pdf = archivos.iter().find(|a| a["formato"] == "PDF").unwrap()["id"].as_i64().unwrap();
    let r = app.http.get(app.url(&format!("/operador/archivo/{pdf}"))).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("inline; filename=\"declaracion.pdf\""));
    assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
    assert_eq!(r.bytes().await.unwrap().to_vec(), fixture("declaracion.pdf"));

    assert_eq!(
        app.como_operador("operador_aprobar", &[("numero", &numero.to_string())], &cookie).await,
        Ok(Value::Null)
    );
    let clave = app
        .mensajes()
        .await
        .into_iter()
        .rev()
        .find(|m| {
            m.destinatario == "lucia.fernandez@example.com.ar"
                && m.asunto.as_deref() == Some(mensajes::ASUNTO_SOLICITUD_APROBADA)
        })
        .expect("the provisional CS email")
        .cuerpo
        .split("Su Clave Sence provisoria es: ")
        .nth(1)
        .unwrap()[..8]
        .to_owned();
    assert_eq!(app.ingresar_facilitador("ab-123 4567", &clave).await, Ok(json!("DebeCambiarClave")));
    let cuenta = app.cuenta("pasaporte:AB1234567").await;
    assert_eq!(cuenta.tipo, TipoCuenta::Facilitador);
    let detalle = app.como_operador("operador_solicitud", &[("numero", &numero.to_string())], &cookie).await.unwrap();
    assert_eq!(detalle["estado"], "aprobada");
    assert!(detalle["decision"].as_str().unwrap().contains("15.555.555-6"));
    app.terminar().await;
}

async fn a_rejection_is_told_to_both_and_frees_the_document(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let numero = app.solicitud_completa(PASAPORTE).await;
    let cookie = app.operador_listo(OPERADOR).await;
    let n = numero.to_string();
    assert_eq!(
        app.como_operador("operador_rechazar", &[("numero", &n), ("motivo", "  ")], &cookie).await,
        Err((422, json!({ "Campos": { "motivo": "Indique el motivo del rechazo." } })))
    );
    let motivo = "La declaración jurada no está firmada.";
    assert_eq!(
        app.como_operador("operador_rechazar", &[("numero", &n), ("motivo", motivo)], &cookie).await,
        Ok(Value::Null)
    );
    let rechazos: Vec<_> = app
        .mensajes()
        .await
        .into_iter()
        .filter(|m| m.asunto.as_deref() == Some(mensajes::ASUNTO_SOLICITUD_RECHAZADA))
        .collect();
    assert_eq!(rechazos.len(), 2, "to the company and to the facilitator");
    assert!(rechazos.iter().all(|m| m.cuerpo.contains(motivo)));
    assert_eq!(
        app.ingresar_facilitador(PASAPORTE, "Cualquiera1").await,
        Err((403, json!({ "SolicitudRechazada": numero })))
    );
    assert_eq!(
        app.como_operador("operador_aprobar", &[("numero", &n)], &cookie).await,
        Err((409, json!("YaDecidida"))),
        "a decision is final"
    );
    let otra = app.solicitud_completa(PASAPORTE).await;
    assert!(otra > numero, "a rejected request leaves the document free for a new one");
    app.terminar().await;
}

async fn two_operators_deciding_at_once_one_wins(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let numero = app.solicitud_completa(PASAPORTE).await.to_string();
    let (a, b) = (app.operador_listo(OPERADOR).await, app.operador_listo("16.666.666-K").await);
    let campos_aprobacion = [("numero", numero.as_str())];
    let campos_rechazo = [("numero", numero.as_str()), ("motivo", "Documento ilegible.")];
    let (aprobar, rechazar) = tokio::join!(
        app.como_operador("operador_aprobar", &campos_aprobacion, &a),
        app.como_operador("operador_rechazar", &campos_rechazo, &b),
    );
    let ganadores = [&aprobar, &rechazar].iter().filter(|r| r.is_ok()).count();
    assert_eq!(ganadores, 1, "{aprobar:?} / {rechazar:?}");
    let aprobada = aprobar.is_ok();
    let perdedor = if aprobada { rechazar } else { aprobar };
    assert_eq!(perdedor, Err((409, json!("YaDecidida"))));
    let esperadas = i64::from(aprobada);
    assert_eq!(
        app.contar("facilitadores WHERE solicitud IS NOT NULL").await,
        esperadas,
        "an account only if the approval won"
    );
    assert_eq!(app.contar("cuentas WHERE rut = 'pasaporte:AB1234567'").await, esperadas);
    app.terminar().await;
}

async fn every_bad_file_is_refused_at_its_field_and_nothing_is_stored(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.empresa_validada().await;
    let pdf = fixture("declaracion.pdf");
    let png = fixture("documento.png");
    let mut sobre_un_mega = pdf.clone();
    sobre_un_mega.resize(1024 * 1024 + 1, b' ');
    // Far more than the socket buffers hold: the client is still sending when the refusal comes,
    // and reads it only because the server drains the body first.
    let mut tres_megas = pdf.clone();
    tres_megas.resize(3 * 1024 * 1024, b' ');
    let casos: Vec<(&str, Vec<u8>, &str)> = vec![
        ("vacio.pdf", Vec::new(), "vacío"),
        ("foto.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(), "Formato de archivo no permitido"),
        ("declaracion.pdf", png.clone(), "no corresponde a su contenido"),
        ("programa.jpg", b"MZ\x90\x00 ejecutable".to_vec(), "no es una imagen"),
        ("declaracion.pdf", pdf[..pdf.len() / 2].to_vec(), "dañado"),
        ("grande.pdf", sobre_un_mega, "1 MB"),
        ("enorme.pdf", tres_megas, "1 MB"),
        ("sin_extension", pdf.clone(), "Formato de archivo no permitido"),
    ];
    for (nombre, contenido, mensaje) in casos {
        let (estado, cuerpo) = app.subir(&flujo, "declaracion", nombre, contenido).await.unwrap_err();
        let texto = cuerpo["Campos"]["declaracion"].as_str().unwrap_or_else(|| panic!("{nombre}: {cuerpo}"));
        assert!(texto.contains(mensaje), "{nombre}: {texto}");
        assert!(estado == 422 || estado == 413, "{nombre}: {estado}");
    }
    assert_eq!(app.contar("archivos_solicitud").await, 0, "no refused file is stored");
    // Exactly 1 MB of a real PDF is accepted (padding after %%EOF is allowed).
    let mut un_mega = pdf;
    un_mega.resize(1024 * 1024, b'\n');
    assert_eq!(app.subir(&flujo, "declaracion", "DECLARACION.PDF", un_mega).await, Ok(json!({ "formato": "pdf" })));
    app.terminar().await;
}

async fn steps_out_of_order_are_refused(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let flujo = app.abrir("solicitud_facilitador_juridica").await;
    let r = app.subir(&flujo, "declaracion", "declaracion.pdf", fixture("declaracion.pdf")).await;
    assert_eq!(r.unwrap_err().0, 409, "no upload before the company is validated");
    let plantilla =
        app.http.post(app.url("/api/facilitador/plantilla")).form(&[("flujo", &flujo)]).send().await.unwrap();
    assert_eq!(plantilla.status(), 409, "no template either");

    let flujo = app.empresa_validada().await;
    let plantilla =
        app.http.post(app.url("/api/facilitador/plantilla")).form(&[("flujo", &flujo)]).send().await.unwrap();
    assert_eq!(plantilla.status(), 200);
    assert!(plantilla.headers()["content-disposition"].to_str().unwrap().contains(".docx"));
    let docx = plantilla.bytes().await.unwrap();
    assert_eq!(&docx[..2], b"PK", "a Word document is a ZIP");
    let r = app.subir(&flujo, "documento", "pasaporte.jpg", fixture("documento.jpg")).await;
    assert_eq!(r.unwrap_err().0, 409, "the ID document comes after the declaration");
    app.subir(&flujo, "declaracion", "declaracion.pdf", fixture("declaracion.pdf")).await.unwrap();
    let r = app
        .llamar_json("facilitador_solicitar", json!({ "flujo": flujo, "datos": datos_facilitador(PASAPORTE) }))
        .await;
    assert_eq!(
        r,
        Err((
            422,
            json!({ "Campos": { "documento_identificacion": "Adjunte el documento de identificación del facilitador." } })
        ))
    );
    app.subir(&flujo, "documento", "pasaporte.png", fixture("documento.png")).await.unwrap();
    let mut menor = datos_facilitador(PASAPORTE);
    menor["fecha_nacimiento"] = json!("01-12-2015");
    let r = app.llamar_json("facilitador_solicitar", json!({ "flujo": flujo, "datos": menor })).await;
    assert!(r.unwrap_err().1["Campos"]["fecha_nacimiento"].as_str().unwrap().contains("18"));
    let r = app
        .llamar_json("facilitador_solicitar", json!({ "flujo": flujo, "datos": datos_facilitador(PASAPORTE) }))
        .await;
    assert!(r.unwrap().is_i64());
    let r = app
        .llamar_json("facilitador_solicitar", json!({ "flujo": flujo, "datos": datos_facilitador(PASAPORTE) }))
        .await;
    assert_eq!(r.unwrap_err().0, 409, "a sent request cannot be sent again");

    // The same document cannot have two open requests.
    let flujo = app.empresa_validada().await;
    app.subir(&flujo, "declaracion", "declaracion.pdf", fixture("declaracion.pdf")).await.unwrap();
    app.subir(&flujo, "documento", "pasaporte.png", fixture("documento.png")).await.unwrap();
    let r = app
        .llamar_json("facilitador_solicitar", json!({ "flujo": flujo, "datos": datos_facilitador(PASAPORTE) }))
        .await;
    assert_eq!(
        r,
        Err((
            422,
            json!({ "Campos": { "numero_documento": "Ya existe una solicitud en revisión para este documento." } })
        ))
    );
    app.terminar().await;
}

async fn a_wrong_company_cs_counts_towards_its_lockout(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let empresa = con_pregunta(TipoCuenta::Juridica);
    for _ in 0..5 {
        let flujo = app.abrir("solicitud_facilitador_juridica").await;
        let captcha_id = app.captcha(&flujo).await;
        let r = app
            .llamar_json(
                "facilitador_validar",
                json!({ "flujo": flujo, "entrada": empresa.credenciales("Otra12345"), "captcha_id": captcha_id, "captcha": CAPTCHA }),
            )
            .await;
        assert!(r.is_err());
    }
    let (r, _) = app.ingresar(empresa.rut, empresa.clave).await;
    assert_eq!(r.unwrap_err().0, 423, "five wrong CS in the request lock the company as five logins would");
    app.terminar().await;
}

async fn a_company_cannot_flood_the_queue(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    for n in 0..app::backend::solicitud_facilitador::LIMITE_DIARIO_POR_EMPRESA {
        app.solicitud_completa(&format!("XY{n:05}")).await;
    }
    let flujo = app.empresa_validada().await;
    app.subir(&flujo, "declaracion", "declaracion.pdf", fixture("declaracion.pdf")).await.unwrap();
    app.subir(&flujo, "documento", "pasaporte.png", fixture("documento.png")).await.unwrap();
    let r = app
        .llamar_json("facilitador_solicitar", json!({ "flujo": flujo, "datos": datos_facilitador(PASAPORTE) }))
        .await;
    assert_eq!(r, Err((429, json!({ "LimiteSolicitudes": 10 }))));
    app.tiempo.adelantar(24 * 3600 + 1);
    let flujo = app.empresa_validada().await;
    app.subir(&flujo, "declaracion", "declaracion.pdf", fixture("declaracion.pdf")).await.unwrap();
    app.subir(&flujo, "documento", "pasaporte.png", fixture("documento.png")).await.unwrap();
    let r = app
        .llamar_json("facilitador_solicitar", json!({ "flujo": flujo, "datos": datos_facilitador(PASAPORTE) }))
        .await;
    assert!(r.unwrap().is_i64(), "a day later the company may ask again");
    app.terminar().await;
}

async fn the_age_is_counted_on_chiles_date(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    // 2027-12-06 02:50 UTC is 23:50 on 5 December in Chile (UTC-3): by UTC's date someone born
    // on 6 December 2009 is already 18, by Chile's not yet.
    app.tiempo.adelantar(1_828_061_400 - app.servicios.ahora());
    let flujo = app.empresa_validada().await;
    app.subir(&flujo, "declaracion", "declaracion.pdf", fixture("declaracion.pdf")).await.unwrap();
    app.subir(&flujo, "documento", "pasaporte.jpg", fixture("documento.jpg")).await.unwrap();
    let mut cumple_manana = datos_facilitador(PASAPORTE);
    cumple_manana["fecha_nacimiento"] = json!("06-12-2009");
    let solicitar = || app.llamar_json("facilitador_solicitar", json!({ "flujo": flujo, "datos": cumple_manana }));
    assert_eq!(
        solicitar().await,
        Err((
            422,
            json!({ "Campos": { "fecha_nacimiento": "El facilitador debe ser mayor de edad (18 años cumplidos)." } })
        ))
    );
    // Twenty minutes later it is the 6th in Chile.
    app.tiempo.adelantar(20 * 60);
    assert!(solicitar().await.unwrap().is_i64());
    app.terminar().await;
}

async fn operators_need_the_password_and_a_fresh_code(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let cookie = app.operador_listo(OPERADOR).await;
    let guardado = app.secreto_guardado("15555555-6").await;
    let secreto = app.servicios.llave_totp.descifrar(&guardado, "15555555-6").unwrap().expose_secret().to_owned();
    // The code used by `operador_listo` cannot be used again; the next one can.
    let usado = app.codigo(&secreto, 0);
    assert_eq!(
        app.ingresar_operador(OPERADOR, CLAVE_OPERADOR, &usado).await.0,
        Err((401, json!("CredencialesOperador")))
    );
    let siguiente = app.codigo(&secreto, 30);
    assert_eq!(app.ingresar_operador(OPERADOR, CLAVE_OPERADOR, &siguiente).await.0, Ok(json!(false)));
    assert_eq!(
        app.ingresar_operador(OPERADOR, "Otra-Clave-Larga", &app.codigo(&secreto, 60)).await.0,
        Err((401, json!("CredencialesOperador"))),
        "a wrong password with a right code"
    );
    for _ in 0..3 {
        app.ingresar_operador(OPERADOR, CLAVE_OPERADOR, "000000").await.0.unwrap_err();
    }
    let bloqueado = app.ingresar_operador(OPERADOR, CLAVE_OPERADOR, &app.codigo(&secreto, 60)).await.0;
    // The operator's own message: the citizens' one sends them to recover a CS they do not have.
    let (estado, error) = bloqueado.unwrap_err();
    assert_eq!(estado, 423, "five failures lock the operator");
    assert!(error.get("OperadorBloqueado").is_some_and(Value::is_i64), "{error}");
    // The session opened before the lock is still the operator's; it ends at logout.
    assert!(app.como_operador("operador_cola", &[("estado", ""), ("empresa", "")], &cookie).await.is_ok());
    app.como_operador("operador_salir", &[], &cookie).await.unwrap();
    assert_eq!(
        app.como_operador("operador_cola", &[("estado", ""), ("empresa", "")], &cookie).await,
        Err((401, json!("SinSesionOperador")))
    );
    app.terminar().await;
}

async fn no_citizen_or_stranger_reaches_the_back_office(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let numero = app.solicitud_completa(PASAPORTE).await.to_string();
    let persona = con_pregunta(TipoCuenta::Natural);
    let (_, ciudadano) = app.ingresar(persona.rut, persona.clave).await;
    let ciudadano = ciudadano.unwrap();
    let funciones: [(&str, Vec<(&str, &str)>); 5] = [
        ("operador_cola", vec![("estado", ""), ("empresa", "")]),
        ("operador_solicitud", vec![("numero", &numero)]),
        ("operador_aprobar", vec![("numero", &numero)]),
        ("operador_cuenta", vec![("consulta", persona.rut)]),
        ("operador_desbloquear", vec![("clave", "11111111-1")]),
    ];
    for (funcion, campos) in &funciones {
        assert_eq!(
            app.llamar_form(funcion, campos).await,
            Err((401, json!("SinSesionOperador"))),
            "{funcion} anonymous"
        );
        assert_eq!(
            app.llamar_con_cookie(funcion, campos, Some(&ciudadano)).await.0,
            Err((401, json!("SinSesionOperador"))),
            "{funcion} with a citizen's session"
        );
    }
    let archivo = app.http.get(app.url("/operador/archivo/1")).header("cookie", &ciudadano).send().await.unwrap();
    assert_eq!(archivo.status(), 401);
    // An operator who has not replaced the initial password can do nothing else.
    let secreto = app.crear_operador("16.666.666-K").await;
    let hash = app.servicios.hasheador.hashear("inicial-de-prueba").await.unwrap();
    operador::Entity::update(operador::ActiveModel {
        rut: sea_orm::ActiveValue::Unchanged("16666666-K".into()),
        clave_hash: sea_orm::ActiveValue::Set(hash),
        ..Default::default()
    })
    .exec(&app.servicios.db)
    .await
    .unwrap();
    let (_, nuevo) = app.ingresar_operador("16.666.666-K", "inicial-de-prueba", &app.codigo(&secreto, 0)).await;
    assert_eq!(
        app.como_operador("operador_cola", &[("estado", ""), ("empresa", "")], &nuevo.unwrap()).await,
        Err((403, json!("DebeCambiarClaveOperador")))
    );
    assert_eq!(app.contar("cuentas WHERE rut = 'pasaporte:AB1234567'").await, 0);
    app.terminar().await;
}

async fn support_finds_unlocks_and_audits_an_account(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let persona = con_pregunta(TipoCuenta::Natural);
    for _ in 0..5 {
        app.ingresar(persona.rut, "Otra12345").await.0.unwrap_err();
    }
    assert_eq!(app.ingresar(persona.rut, persona.clave).await.0.unwrap_err().0, 423);
    let cookie = app.operador_listo(OPERADOR).await;
    let cuenta = app.como_operador("operador_cuenta", &[("consulta", "11111111-1")], &cookie).await.unwrap();
    assert_eq!(cuenta["nombre"], "Juan Carlos González Rojas");
    assert!(cuenta["bloqueada_hasta"].is_string());
    assert!(cuenta["eventos"].as_array().unwrap().iter().any(|e| e["evento"] == "bloqueo"));
    app.como_operador("operador_desbloquear", &[("clave", cuenta["clave"].as_str().unwrap())], &cookie).await.unwrap();
    assert_eq!(app.ingresar(persona.rut, persona.clave).await.0, Ok(json!("Listo")));
    let cuenta = app.como_operador("operador_cuenta", &[("consulta", persona.rut)], &cookie).await.unwrap();
    let desbloqueo = cuenta["eventos"].as_array().unwrap().iter().find(|e| e["evento"] == "desbloqueo").cloned();
    assert_eq!(desbloqueo.unwrap()["operador"], "15.555.555-6", "every operator action is audited with its operator");
    assert_eq!(
        app.como_operador("operador_cuenta", &[("consulta", "pasaporte:ZZ99999")], &cookie).await,
        Ok(Value::Null)
    );
    app.terminar().await;
}

async fn a_facilitator_recovers_by_the_answer_and_changes_the_cs(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    let documento = |flujo: &str| {
        let campos =
            [("flujo", flujo), ("rut", ""), ("tipo_documento", "pasaporte"), ("numero_documento", "ab-7654321")];
        campos.map(|(k, v)| (k, v.to_owned()))
    };
    let de_la_app = &app;
    let validar = move |flujo: String| async move {
        let campos = documento(&flujo);
        let campos: Vec<(&str, &str)> = campos.iter().map(|(k, v)| (*k, v.as_str())).collect();
        de_la_app.llamar_form("recuperar_validar_rut", &campos).await
    };
    // No serial number exists for a facilitator: without the answer, the help line.
    let flujo = app.abrir("recuperar_facilitador").await;
    assert_eq!(validar(flujo.clone()).await, Ok(json!({ "Pregunta": "NOMBRE DE MI MASCOTA" })));
    let sin_respuesta = app.llamar_form("recuperar_no_recuerdo", &[("flujo", &flujo)]).await.unwrap_err();
    assert_eq!(sin_respuesta.0, 409);
    assert!(sin_respuesta.1["Flujo"].as_str().unwrap().contains("800 80 10 30"));
    // A RUT is not what a facilitator's flow asks.
    let flujo = app.abrir("recuperar_facilitador").await;
    let r = app.llamar_form("recuperar_validar_rut", &[("flujo", &flujo), ("rut", "11.111.111-1")]).await;
    assert!(r.unwrap_err().1["Campos"]["tipo_documento"].is_string());
    // With the answer: a provisional CS by email.
    let flujo = app.abrir("recuperar_facilitador").await;
    validar(flujo.clone()).await.unwrap();
    let captcha_id = app.captcha(&flujo).await;
    let datos = json!({ "respuesta": "tango", "email_correcto": null, "email": "", "celular": "" });
    let r = app
        .llamar_json(
            "recuperar_clave",
            json!({ "flujo": flujo, "captcha_id": captcha_id, "captcha": CAPTCHA, "datos": datos }),
        )
        .await;
    assert_eq!(r, Ok(json!({ "por_sms": false })));
    let provisoria = app.clave_provisoria_enviada_a("martin.olivera@example.com.ar").await;

    // Cambiar CS with the provisional one, through the same procedure as everyone's.
    let flujo = app.abrir("cambiar_facilitador").await;
    let entrada = json!({ "rut": "", "tipo_documento": "pasaporte", "numero_documento": "AB7654321", "rut_representante": "", "clave": provisoria });
    assert_eq!(
        app.llamar_json("cambiar_validar", json!({ "flujo": flujo, "entrada": entrada })).await,
        Ok(Value::Null)
    );
    let captcha_id = app.captcha(&flujo).await;
    let cambio = json!({ "flujo": flujo, "captcha_id": captcha_id, "captcha": CAPTCHA, "clave_nueva": "Jacaranda7", "repetir_clave_nueva": "Jacaranda7" });
    assert_eq!(app.llamar_json("cambiar_clave", cambio).await, Ok(json!({ "por_sms": false })));
    assert_eq!(app.ingresar_facilitador("AB7654321", "Jacaranda7").await, Ok(json!("Listo")));
    assert_eq!(app.ingresar_facilitador("AB7654321", "Ombu2026").await.unwrap_err().0, 401);
    app.terminar().await;
}

/// A secret stored in clear by an earlier version still logs in, and the cleanup encrypts it.
async fn secrets_stored_in_clear_are_encrypted_by_the_cleanup(motor: Motor) {
    let Some(app) = app(motor).await else { return };
    app.operador_listo(OPERADOR).await;
    let rut = Rut::parse(OPERADOR).unwrap().normalizado();
    let secreto = app.servicios.llave_totp.descifrar(&app.secreto_guardado(&rut).await, &rut).unwrap();
    let secreto = secreto.expose_secret().to_owned();
    operador::Entity::update(operador::ActiveModel {
        rut: sea_orm::ActiveValue::Unchanged(rut.clone()),
        totp_secreto: sea_orm::ActiveValue::Set(secreto.clone()),
        ..Default::default()
    })
    .exec(&app.servicios.db)
    .await
    .unwrap();
    assert_eq!(app.ingresar_operador(OPERADOR, CLAVE_OPERADOR, &app.codigo(&secreto, 30)).await.0, Ok(json!(false)));

    // The app's own cleanup may have come first.
    assert!(totp::cifrar_pendientes(&app.servicios.db, &app.servicios.llave_totp).await.unwrap() <= 1);
    let guardado = app.secreto_guardado(&rut).await;
    assert!(guardado.starts_with("v1:") && !guardado.contains(&secreto), "{guardado}");
    assert_eq!(totp::cifrar_pendientes(&app.servicios.db, &app.servicios.llave_totp).await.unwrap(), 0);
    // The next code, a minute later (the last one used was 30 s ahead).
    app.tiempo.adelantar(60);
    assert_eq!(app.ingresar_operador(OPERADOR, CLAVE_OPERADOR, &app.codigo(&secreto, 0)).await.0, Ok(json!(false)));
    app.terminar().await;
}

/// Rotating `operators.totp_key`: an instance with the new key and the old one listed as
/// previous keeps the operator logging in and moves the secret under the new key, after which
/// an instance with only the old key cannot read it (and says so, rather than let anyone in).
async fn a_rotated_key_keeps_operators_logging_in(motor: Motor) {
    let Some(vieja) = app(motor).await else { return };
    vieja.operador_listo(OPERADOR).await;
    let rut = Rut::parse(OPERADOR).unwrap().normalizado();
    let secreto = vieja.servicios.llave_totp.descifrar(&vieja.secreto_guardado(&rut).await, &rut).unwrap();
    let secreto = secreto.expose_secret().to_owned();
    let llave_de_desarrollo =
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, b"clave-sence-solo-para-desarrollo");
    let nueva = AppDePrueba::iniciar_sobre(motor, &vieja.url_db, |s| {
        s.operators.totp_key = Some("TnVldmFMbGF2ZURlT3BlcmFkb3Jlc1BhcmFUT1RQMzI=".into());
        s.operators.previous_totp_keys = vec![llave_de_desarrollo.into()];
    })
    .await;
    assert_eq!(
        nueva.ingresar_operador(OPERADOR, CLAVE_OPERADOR, &nueva.codigo(&secreto, 30)).await.0,
        Ok(json!(false))
    );

    // The new instance's cleanup, which runs as it starts, re-encrypts the secret.
    let bajo_la_nueva = comun::esperar_hasta(10, || async {
        vieja.servicios.llave_totp.descifrar(&nueva.secreto_guardado(&rut).await, &rut).is_err()
    });
    assert!(bajo_la_nueva.await, "still under the old key");
    assert_eq!(totp::cifrar_pendientes(&nueva.servicios.db, &nueva.servicios.llave_totp).await.unwrap(), 0);
    let guardado = nueva.secreto_guardado(&rut).await;
    assert_eq!(nueva.servicios.llave_totp.descifrar(&guardado, &rut).unwrap().expose_secret(), secreto);
    nueva.tiempo.adelantar(60);
    assert_eq!(nueva.ingresar_operador(OPERADOR, CLAVE_OPERADOR, &nueva.codigo(&secreto, 0)).await.0, Ok(json!(false)));
    vieja.tiempo.adelantar(120);
    assert_eq!(
        vieja.ingresar_operador(OPERADOR, CLAVE_OPERADOR, &vieja.codigo(&secreto, 0)).await.0,
        Err((500, json!("Interno")))
    );
    nueva.cerrar().await;
    vieja.terminar().await;
}

en_ambos_motores!(
    a_rotated_key_keeps_operators_logging_in,
    secrets_stored_in_clear_are_encrypted_by_the_cleanup,
    a_facilitator_recovers_by_the_answer_and_changes_the_cs,
    a_company_requests_an_operator_approves_and_the_facilitator_logs_in,
    a_rejection_is_told_to_both_and_frees_the_document,
    two_operators_deciding_at_once_one_wins,
    every_bad_file_is_refused_at_its_field_and_nothing_is_stored,
    steps_out_of_order_are_refused,
    a_wrong_company_cs_counts_towards_its_lockout,
    a_company_cannot_flood_the_queue,
    the_age_is_counted_on_chiles_date,
    operators_need_the_password_and_a_fresh_code,
    no_citizen_or_stranger_reaches_the_back_office,
    support_finds_unlocks_and_audits_an_account,
);
