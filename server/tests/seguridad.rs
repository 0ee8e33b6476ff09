//! HTTP protections of the running server.

mod comun;

use comun::{AppDePrueba, Motor};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

async fn sqlite() -> AppDePrueba {
    AppDePrueba::iniciar(Motor::Sqlite).await.unwrap()
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_csp() {
    let app = sqlite().await;
    let r = app.http.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'nonce-"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert_eq!(h["cache-control"], "no-store");
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
    assert!(html.contains("Sistema Clave Sence"));
    app.terminar().await;
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page() {
    let app = sqlite().await;
    let r = app.http.get(app.url("/no/existe")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("Página no encontrada"));
    app.terminar().await;
}

#[tokio::test]
async fn a_post_from_another_origin_is_refused() {
    let app = sqlite().await;
    let r = app
        .http
        .post(app.url("/api/iniciar_flujo"))
        .header("origin", "https://evil.example")
        .form(&[("tipo", "registro_natural")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.contar("flujos").await, 0);
    let propio = format!("http://{}", app.direccion);
    let r = app
        .http
        .post(app.url("/api/iniciar_flujo"))
        .header("origin", propio)
        .form(&[("tipo", "registro_natural")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    app.terminar().await;
}

#[tokio::test]
async fn server_functions_are_rate_limited_per_ip() {
    let app = AppDePrueba::iniciar_con(Motor::Sqlite, |s| {
        s.rate_limit.per_ip_per_minute = 1;
        s.rate_limit.burst = 3;
    })
    .await
    .unwrap();
    for _ in 0..3 {
        app.llamar_form("iniciar_flujo", &[("tipo", "registro_natural")]).await.unwrap();
    }
    let (estado, error) = app.llamar_form("iniciar_flujo", &[("tipo", "registro_natural")]).await.unwrap_err();
    assert_eq!((estado, error), (429, json!("DemasiadasSolicitudes")));
    assert_eq!(app.http.get(app.url("/")).send().await.unwrap().status(), 200, "pages are not limited");
    app.terminar().await;
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read() {
    let app = sqlite().await;
    let enorme = "x".repeat(200 * 1024);
    let r = app.http.post(app.url("/api/nuevo_captcha")).form(&[("flujo", enorme.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 413);
    app.terminar().await;
}

#[tokio::test]
async fn pages_are_compressed_and_answers_under_a_packet_are_not() {
    let app = sqlite().await;
    for codificacion in ["br", "gzip"] {
        let r = app.http.get(app.url("/")).header("accept-encoding", codificacion).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-encoding"], codificacion, "the page in {codificacion}");
        assert_eq!(r.headers()["vary"], "accept-encoding");
    }
    // A flow's id is a few dozen bytes: compressing it would only cost time.
    let r = app
        .http
        .post(app.url("/api/iniciar_flujo"))
        .header("accept-encoding", "br")
        .form(&[("tipo", "recuperar_natural")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("content-encoding").is_none(), "{:?}", r.headers());
    let id = comun::postcard_a_json::<String>(&r.bytes().await.unwrap());
    assert!(id.is_some_and(|id| id.as_str().is_some_and(|id| !id.is_empty())), "the flow's id");
    app.terminar().await;
}

/// What a raw connection receives until the server closes it, or `None` if it is still open
/// after `segundos`.
async fn leer_hasta_el_cierre(conexion: &mut TcpStream, segundos: u64) -> Option<String> {
    let mut leido = Vec::new();
    let lectura = tokio::time::timeout(Duration::from_secs(segundos), conexion.read_to_end(&mut leido)).await;
    lectura.ok().map(|_| String::from_utf8_lossy(&leido).into_owned())
}

#[tokio::test]
async fn clients_that_stall_their_headers_or_their_body_are_cut_off() {
    let app = AppDePrueba::iniciar_con(Motor::Sqlite, |s| {
        s.http.header_timeout_seconds = 1;
        s.http.request_timeout_seconds = 2;
    })
    .await
    .unwrap();

    // Headers that never end (slowloris): the connection is closed at the header deadline.
    let inicio = Instant::now();
    let mut lento = TcpStream::connect(app.direccion).await.unwrap();
    lento.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n").await.unwrap();
    let recibido = leer_hasta_el_cierre(&mut lento, 5).await.expect("closed within 5 s");
    assert!(!recibido.contains("200 OK"), "{recibido}");
    assert!(inicio.elapsed() >= Duration::from_millis(900), "closed before its deadline");

    // A connection that sends nothing at all is closed at the same deadline.
    let mut mudo = TcpStream::connect(app.direccion).await.unwrap();
    assert_eq!(leer_hasta_el_cierre(&mut mudo, 5).await.as_deref(), Some(""), "closed within 5 s, unanswered");

    // A body that never arrives whole: answered 503 with the message the pages show.
    let mut lento = TcpStream::connect(app.direccion).await.unwrap();
    let cabeceras = "POST /api/iniciar_flujo HTTP/1.1\r\nHost: x\r\n\
                     Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntipo=";
    lento.write_all(cabeceras.as_bytes()).await.unwrap();
    let recibido = leer_hasta_el_cierre(&mut lento, 6).await.expect("answered and closed within 6 s");
    assert!(recibido.starts_with("HTTP/1.1 503"), "{recibido}");
    let cuerpo = recibido.split_once("\r\n\r\n").map(|(_, cuerpo)| cuerpo).unwrap_or_default();
    assert_eq!(comun::error_api(cuerpo.as_bytes()), Some(json!("SinConexion")), "{recibido}");
    assert_eq!(app.contar("flujos").await, 0);

    // Clients that send their requests whole are served as always.
    let r = app.http.post(app.url("/api/iniciar_flujo")).form(&[("tipo", "registro_natural")]).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(app.contar("flujos").await, 1);
    app.terminar().await;
}
