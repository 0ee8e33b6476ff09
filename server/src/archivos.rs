//! The routes that carry files, outside the server functions: a facilitator request's uploads
//! (streamed, cut at 1 MB, while every other request keeps the small body limit), the
//! sworn-declaration template, and a request's files for operators only.

use crate::oidc::origen;
use app::api::{ApiError, DireccionCliente};
use app::backend::{
    archivos::{FormatoArchivo, TAMANO_MAXIMO},
    error::ErrorServicio,
    operadores, plantilla_declaracion, revision,
    solicitud_facilitador::{self, RolArchivo},
    Servicios,
};
use app::components::archivo::RUTA_SUBIDA;
use app::formularios::ErroresCampos;
use app::pages::facilitador::RUTA_PLANTILLA;
use axum::{
    body::BodyDataStream,
    extract::{Path, Request, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Form, Json, Router,
};
use futures_util::StreamExt;
use serde::Deserialize;

/// A file route's own router (its body limit is the upload's, not the forms').
pub fn rutas<S: Clone + Send + Sync + 'static>(servicios: Servicios) -> Router<S> {
    Router::new()
        .route(RUTA_SUBIDA, post(subir))
        .route(RUTA_PLANTILLA, post(plantilla))
        .route("/operador/archivo/{id}", get(ver_archivo))
        .with_state(servicios)
}

/// An error as the pages read it from server functions.
fn error(e: impl Into<ApiError>) -> Response {
    e.into().into_response()
}

fn texto_cabecera<'a>(headers: &'a HeaderMap, nombre: &str) -> Option<&'a str> {
    headers.get(nombre).and_then(|v| v.to_str().ok())
}

/// Reads the body up to `limite` bytes; `None` as soon as it goes beyond (nothing more is
/// buffered).
async fn leer_hasta(datos: &mut BodyDataStream, limite: usize) -> Result<Option<Vec<u8>>, axum::Error> {
    let mut leido = Vec::new();
    while let Some(trozo) = datos.next().await {
        let trozo = trozo?;
        if leido.len() + trozo.len() > limite {
            return Ok(None);
        }
        leido.extend_from_slice(&trozo);
    }
    Ok(Some(leido))
}

/// Most bytes of a refused upload read and dropped before answering, and for how long.
const DESCARTE_MAXIMO: usize = 4 * TAMANO_MAXIMO;
const DESCARTE_SEGUNDOS: u64 = 10;

/// Reads and drops a refused upload's body, up to [`DESCARTE_MAXIMO`] bytes or
/// [`DESCARTE_SEGUNDOS`]. A client still sending when the answer comes and the connection
/// closes may see a broken connection instead of the refusal; past either bound the
/// connection is closed anyway.
async fn descartar(mut datos: BodyDataStream) {
    let leer = async {
        let mut descartado = 0;
        while let Some(Ok(trozo)) = datos.next().await {
            descartado += trozo.len();
            if descartado > DESCARTE_MAXIMO {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(DESCARTE_SEGUNDOS), leer).await;
}

/// `POST /api/facilitador/archivo`: the file is the body; the flow, its role and its name
/// travel in headers (`X-Flujo`, `X-Rol`, `X-Nombre-Archivo`, percent-encoded), never in
/// the URL. Answers the format the content showed, or the refusal at its field.
async fn subir(State(svc): State<Servicios>, req: Request) -> Response {
    let headers = req.headers();
    let (Some(flujo), Some(rol)) = (
        texto_cabecera(headers, "x-flujo").map(str::to_owned),
        texto_cabecera(headers, "x-rol").and_then(RolArchivo::desde_codigo),
    ) else {
        return error(ApiError::SolicitudInvalida);
    };
    let nombre = texto_cabecera(headers, "x-nombre-archivo")
        .and_then(|n| percent_encoding::percent_decode_str(n).decode_utf8().ok())
        .map(String::from)
        .unwrap_or_default();
    let demasiado_grande = || {
        let mensaje = app::backend::archivos::ArchivoRechazado::DemasiadoGrande.to_string();
        error(ApiError::Campos(ErroresCampos::de_uno(rol.campo(), mensaje)))
    };
    // A declared length over the cap is refused without keeping a byte.
    let declarado = texto_cabecera(headers, "content-length").and_then(|l| l.parse::<usize>().ok());
    let mut cuerpo = req.into_body().into_data_stream();
    if let Some(declarado) = declarado.filter(|l| *l > TAMANO_MAXIMO) {
        if declarado <= DESCARTE_MAXIMO {
            descartar(cuerpo).await;
        }
        return demasiado_grande();
    }
    let contenido = match leer_hasta(&mut cuerpo, TAMANO_MAXIMO).await {
        Ok(Some(contenido)) => contenido,
        Ok(None) => {
            descartar(cuerpo).await;
            return demasiado_grande();
        }
        Err(e) => {
            tracing::warn!(error = %e, "subida interrumpida");
            return error(ApiError::SolicitudInvalida);
        }
    };
    match solicitud_facilitador::adjuntar(&svc, &flujo, rol, &nombre, contenido).await {
        Ok(formato) => Json(serde_json::json!({ "formato": formato.codigo() })).into_response(),
        Err(e) => error(e),
    }
}

#[derive(Deserialize)]
struct PedidoPlantilla {
    flujo: String,
}

/// `POST /api/facilitador/plantilla` (a form, so it works before the page's code loads and
/// the flow's id stays out of the URL): the Word template, as a download.
async fn plantilla(State(svc): State<Servicios>, Form(pedido): Form<PedidoPlantilla>) -> Response {
    match solicitud_facilitador::plantilla(&svc, &pedido.flujo).await {
        Ok(docx) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(plantilla_declaracion::TIPO_MIME)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!(
                        "attachment; filename=\"{}\"",
                        plantilla_declaracion::NOMBRE_ARCHIVO
                    ))
                    .expect("a fixed ASCII file name"),
                ),
            ],
            docx,
        )
            .into_response(),
        Err(e) => error(e),
    }
}

/// `GET /operador/archivo/{id}`: a request's file, shown inline to a logged-in operator
/// only, with the type its content proved and a policy under which nothing in it can run.
async fn ver_archivo(
    State(svc): State<Servicios>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    cliente: Option<Extension<DireccionCliente>>,
) -> Response {
    let token = app::api::cookie_de_nombre(&headers, operadores::nombre_cookie(&svc));
    let operador = match operadores::autorizar(&svc, token.as_deref()).await {
        Ok(operador) => operador,
        Err(e) => return error(e),
    };
    let fila = match revision::archivo(&svc, &operador, id, &origen(&headers, cliente)).await {
        Ok(fila) => fila,
        Err(e) => return error(e),
    };
    let Some(formato) = FormatoArchivo::desde_codigo(&fila.formato) else {
        return error(ErrorServicio::interno(format!("formato guardado desconocido: {}", fila.formato)));
    };
    let nombre_ascii: String =
        fila.nombre.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let nombre_utf8 = percent_encoding::utf8_percent_encode(&fila.nombre, percent_encoding::NON_ALPHANUMERIC);
    let disposicion = format!("inline; filename=\"{nombre_ascii}\"; filename*=UTF-8''{nombre_utf8}");
    // Images are shown in a sandbox; Chromium's PDF viewer refuses to run inside one, and a
    // PDF's own scripts are not run by it.
    let politica = match formato {
        FormatoArchivo::Pdf => "default-src 'none'; object-src 'self'; frame-ancestors 'self'",
        _ => "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'self'",
    };
    let mut respuesta = fila.contenido.into_response();
    let h = respuesta.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(formato.tipo_mime()));
    if let Ok(valor) = HeaderValue::from_str(&disposicion) {
        h.insert(header::CONTENT_DISPOSITION, valor);
    }
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(politica));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    respuesta
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    #[tokio::test]
    async fn reading_stops_past_the_limit() {
        let mut cuerpo = Body::from(vec![7u8; 11]).into_data_stream();
        assert_eq!(leer_hasta(&mut cuerpo, 10).await.unwrap(), None);
        let mut cuerpo = Body::from(vec![7u8; 10]).into_data_stream();
        assert_eq!(leer_hasta(&mut cuerpo, 10).await.unwrap().map(|v| v.len()), Some(10));
    }
}
