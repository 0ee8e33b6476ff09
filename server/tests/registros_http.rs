//! The HTTP registry adapters against a stub server that speaks their JSON.

use app::backend::registros::{RegistroCivil, RegistroCivilHttp, Sii, SiiHttp};
use axum::{extract::Path, http::StatusCode, routing::get, Json, Router};
use cs_domain::rut::Rut;
use serde_json::json;

async fn stub() -> String {
    let app = Router::new()
        .route(
            "/personas/{rut}",
            get(|Path(rut): Path<String>| async move {
                match rut.as_str() {
                    "12345678-5" => Ok(Json(json!({
                        "nombres": "Ana María", "apellidos": "Pérez Soto", "numero_serie": "106.123.456", "vigente": true
                    }))),
                    "11111111-1" => Err(StatusCode::INTERNAL_SERVER_ERROR),
                    _ => Err(StatusCode::NOT_FOUND),
                }
            }),
        )
        .route(
            "/empresas/{rut}",
            get(|Path(rut): Path<String>| async move {
                match rut.as_str() {
                    "76086428-5" => Ok(Json(json!({
                        "razon_social": "Capacitaciones del Sur SpA", "vigente": true, "representantes": ["11.111.111-1"]
                    }))),
                    _ => Err(StatusCode::NOT_FOUND),
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

fn rut(s: &str) -> Rut {
    Rut::parse(s).unwrap()
}

#[tokio::test]
async fn the_civil_registry_client_reads_found_missing_and_failing_answers() {
    let rc = RegistroCivilHttp::new(&stub().await).unwrap();
    let ana = rc.persona(&rut("12.345.678-5")).await.unwrap().unwrap();
    assert_eq!(ana.nombres, "Ana María");
    assert_eq!(ana.numero_serie.as_str(), "106123456");
    assert!(rc.persona(&rut("13.579.246-2")).await.unwrap().is_none());
    assert!(rc.persona(&rut("11.111.111-1")).await.is_err(), "a 500 is an error, not a missing person");
}

#[tokio::test]
async fn the_sii_client_reads_a_company_and_its_representatives() {
    let sii = SiiHttp::new(&stub().await).unwrap();
    let empresa = sii.empresa(&rut("76.086.428-5")).await.unwrap().unwrap();
    assert_eq!(empresa.representantes, vec![rut("11.111.111-1")]);
    assert!(sii.empresa(&rut("60.803.000-K")).await.unwrap().is_none());
}

#[tokio::test]
async fn an_unreachable_registry_is_an_error() {
    let rc = RegistroCivilHttp::new("http://127.0.0.1:9").unwrap();
    assert!(rc.persona(&rut("12.345.678-5")).await.is_err());
}
