//! J5 Solicitud de CS para Facilitador Extranjero: validate the company, then send the
//! facilitator's data. The files go by their own route (`/api/facilitador/archivo`), streamed
//! with their own size cap.

use super::ApiError;
use crate::formularios::{credenciales::EntradaCredenciales, facilitador::FormFacilitador};
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, Postcard};

#[server(prefix = "/api", endpoint = "facilitador_validar", input = Json, output = Postcard)]
pub async fn facilitador_validar(
    flujo: String,
    entrada: EntradaCredenciales,
    captcha_id: String,
    captcha: String,
) -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            Ok(crate::backend::solicitud_facilitador::validar_empresa(
                &svc,
                &flujo,
                &entrada,
                &captcha_id,
                &captcha,
                &super::origen(),
            )
            .await?)
        }
        .await,
    )
}

/// `Realizar solicitud`: returns the request number.
#[server(prefix = "/api", endpoint = "facilitador_solicitar", input = Json, output = Postcard)]
pub async fn facilitador_solicitar(flujo: String, datos: FormFacilitador) -> Result<i64, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            Ok(crate::backend::solicitud_facilitador::realizar(&svc, &flujo, &datos, &super::origen()).await?)
        }
        .await,
    )
}
