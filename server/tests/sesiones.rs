//! `Ingresar`, `Mi cuenta`, the forced change of a provisional CS, `Salir`, and the lockout,
//! for people and companies alike.

mod comun;

use app::backend::mensajes::ASUNTO_BLOQUEO;
use comun::{con_pregunta, AppDePrueba, Motor};
use cs_domain::cuenta::TipoCuenta;
use serde_json::json;

/// Juan: the seeded person who also represents the seeded company with a question.
const JUAN: &str = "11.111.111-1";
const CLAVE_JUAN: &str = "Araucaria1";

async fn app(motor: Motor) -> Option<AppDePrueba> {
    let app = AppDePrueba::iniciar(motor).await?;
    app.sembrar_demo().await;
    Some(app)
}

impl AppDePrueba {
    async fn mi_cuenta(&self, cookie: &str) -> serde_json::Value {
        self.llamar_con_cookie("mi_cuenta", &[], Some(cookie)).await.0.unwrap()
    }
}

async fn logging_in_opens_a_session_that_shows_my_account_until_logout(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let (r, set_cookie) = app.llamar_con_cookie("ingresar", &[("rut", demo.rut), ("clave", demo.clave)], None).await;
    assert_eq!(r.unwrap(), json!("Listo"));
    let set_cookie = set_cookie.unwrap();
    assert!(
        set_cookie.starts_with("cs_sesion=") && set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax")
    );
    let cookie = set_cookie.split(';').next().unwrap();
    let datos = app.mi_cuenta(cookie).await;
    assert_eq!(datos["cuenta"], cuenta.codigo());
    assert_eq!(datos["rut"], demo.rut);
    assert_eq!(datos["debe_cambiar_clave"], false);
    match cuenta {
        TipoCuenta::Juridica => {
            assert_eq!(datos["nombre"], "Capacitaciones del Sur SpA");
            assert_eq!(datos["email"], "contxxxx@capxxxx");
            assert_eq!(datos["celular"], json!(null));
            assert_eq!(
                datos["representantes"],
                json!([{ "nombre": "Juan Carlos González Rojas", "rut": "11.111.111-1", "email": "juanxxxx@capxxxx", "celular": "+56 9 xxxx 4321" }])
            );
        }
        _ => {
            assert_eq!(datos["nombre"], "Juan Carlos González Rojas");
            assert_eq!(datos["email"], "juanxxxx@exaxxxx");
            assert_eq!(datos["celular"], "+56 9 xxxx 4321");
            assert_eq!(datos["representantes"], json!([]));
        }
    }

    let (_, otra) = app.ingresar(demo.rut, demo.clave).await;
    assert_ne!(otra.unwrap(), cookie, "every login gets a fresh session id");

    let (r, vencida) = app.llamar_con_cookie("salir", &[], Some(cookie)).await;
    r.unwrap();
    assert!(vencida.unwrap().contains("Max-Age=0"));
    assert_eq!(app.mi_cuenta(cookie).await, json!(null), "logout ends the session on the server");
    app.terminar().await;
}

async fn unknown_rut_and_wrong_cs_answer_alike(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let (desconocido, _) = app.ingresar("12.345.678-5", demo.clave).await;
    let (equivocada, _) = app.ingresar(demo.rut, "Otra12345").await;
    assert_eq!(desconocido.unwrap_err(), (401, json!("CredencialesInvalidas")));
    assert_eq!(equivocada.unwrap_err(), (401, json!("CredencialesInvalidas")));
    app.terminar().await;
}

async fn sessions_end_after_fifteen_idle_minutes(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let (_, cookie) = app.ingresar(demo.rut, demo.clave).await;
    let cookie = cookie.unwrap();
    app.tiempo.adelantar(14 * 60);
    assert_ne!(app.mi_cuenta(&cookie).await, json!(null));
    app.tiempo.adelantar(14 * 60);
    assert_ne!(app.mi_cuenta(&cookie).await, json!(null), "each request restarts the idle time");
    app.tiempo.adelantar(15 * 60);
    assert_eq!(app.mi_cuenta(&cookie).await, json!(null));
    app.terminar().await;
}

async fn five_failures_lock_the_account_for_a_minute_then_two(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    for _ in 0..4 {
        assert_eq!(app.ingresar(demo.rut, "Otra12345").await.0.unwrap_err().1, json!("CredencialesInvalidas"));
    }
    assert_eq!(app.ingresar(demo.rut, "Otra12345").await.0.unwrap_err(), (423, json!({ "Bloqueada": 1 })));
    assert_eq!(
        app.ingresar(demo.rut, demo.clave).await.0.unwrap_err().1,
        json!({ "Bloqueada": 1 }),
        "even the right CS"
    );
    let avisos: Vec<_> =
        app.mensajes().await.into_iter().filter(|m| m.asunto.as_deref() == Some(ASUNTO_BLOQUEO)).collect();
    assert_eq!(avisos.len(), 1);
    assert_eq!(avisos[0].destinatario, demo.email);

    app.tiempo.adelantar(61);
    for _ in 0..5 {
        app.ingresar(demo.rut, "Otra12345").await.0.unwrap_err();
    }
    assert_eq!(
        app.ingresar(demo.rut, demo.clave).await.0.unwrap_err().1,
        json!({ "Bloqueada": 2 }),
        "the second lock doubles"
    );
    app.tiempo.adelantar(121);
    assert_eq!(app.ingresar(demo.rut, demo.clave).await.0.unwrap(), json!("Listo"));
    assert_eq!(app.cuenta(demo.normalizado).await.bloqueos, 0, "a success clears the count");
    app.terminar().await;
}

async fn a_recovery_lifts_the_lock_and_the_provisional_cs_forces_a_change(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    for _ in 0..5 {
        app.ingresar(demo.rut, "Otra12345").await.0.unwrap_err();
    }
    let provisoria = app.recuperar_por_respuesta(&demo).await;
    let (ingreso, cookie) = app.ingresar(demo.rut, &provisoria).await;
    assert_eq!(ingreso.unwrap(), json!("DebeCambiarClave"));
    let cookie = cookie.unwrap();
    assert_eq!(app.mi_cuenta(&cookie).await["debe_cambiar_clave"], true);

    // The provisional CS worked once: it cannot log in again, nor become the permanent CS.
    assert_eq!(app.ingresar(demo.rut, &provisoria).await.0.unwrap_err().1, json!("CredencialesInvalidas"));
    let cambio = |nueva: &str| json!({ "clave_nueva": nueva, "repetir_clave_nueva": nueva });
    let r = app
        .http
        .post(app.url("/api/cambiar_clave_provisional"))
        .header("cookie", &cookie)
        .json(&cambio(&provisoria))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = app
        .http
        .post(app.url("/api/cambiar_clave_provisional"))
        .header("cookie", &cookie)
        .json(&cambio("Quillay27"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(app.mi_cuenta(&cookie).await["debe_cambiar_clave"], false, "the session goes on");
    assert_eq!(app.ingresar(demo.rut, "Quillay27").await.0.unwrap(), json!("Listo"));
    assert!(app.cuenta(demo.normalizado).await.clave_provisional_expira_en.is_none());
    app.terminar().await;
}

async fn an_unused_provisional_cs_expires(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let provisoria = app.recuperar_por_respuesta(&demo).await;
    app.tiempo.adelantar(72 * 3600 + 1);
    assert_eq!(app.ingresar(demo.rut, &provisoria).await.0.unwrap_err().1, json!("CredencialesInvalidas"));
    app.terminar().await;
}

async fn without_a_session_nothing_is_changed(motor: Motor, cuenta: TipoCuenta) {
    let Some(app) = app(motor).await else { return };
    let demo = con_pregunta(cuenta);
    let r = app
        .http
        .post(app.url("/api/cambiar_clave_provisional"))
        .json(&json!({ "clave_nueva": "Quillay27", "repetir_clave_nueva": "Quillay27" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let (_, cookie) = app.ingresar(demo.rut, demo.clave).await;
    let r = app
        .http
        .post(app.url("/api/cambiar_clave_provisional"))
        .header("cookie", cookie.unwrap())
        .json(&json!({ "clave_nueva": "Quillay27", "repetir_clave_nueva": "Quillay27" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409, "a normal session has no forced change to make");
    assert_eq!(app.ingresar(demo.rut, demo.clave).await.0.unwrap(), json!("Listo"));
    app.terminar().await;
}

#[tokio::test]
async fn over_tls_the_cookie_is_host_prefixed_and_secure() {
    let app = AppDePrueba::iniciar_con(Motor::Sqlite, |s| s.public_origin = Some("https://cus.sence.cl".into()))
        .await
        .unwrap();
    app.sembrar_demo().await;
    let (r, set_cookie) = app.llamar_con_cookie("ingresar", &[("rut", JUAN), ("clave", CLAVE_JUAN)], None).await;
    r.unwrap();
    let set_cookie = set_cookie.unwrap();
    assert!(set_cookie.starts_with("__Host-cs_sesion=") && set_cookie.ends_with("; Secure"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/") && !set_cookie.contains("Domain"));
    app.terminar().await;
}

en_ambos_motores_y_cuentas!(
    logging_in_opens_a_session_that_shows_my_account_until_logout,
    unknown_rut_and_wrong_cs_answer_alike,
    sessions_end_after_fifteen_idle_minutes,
    five_failures_lock_the_account_for_a_minute_then_two,
    a_recovery_lifts_the_lock_and_the_provisional_cs_forces_a_change,
    an_unused_provisional_cs_expires,
    without_a_session_nothing_is_changed,
);
