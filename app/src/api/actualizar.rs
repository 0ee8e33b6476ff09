//! Actualizar datos: the account and its CS, the secret question, then the data.

use super::ApiError;
use crate::formularios::{
    actualizar::{DatosActualizables, EntradaPregunta, PasoPregunta},
    credenciales::EntradaCredenciales,
    secciones::FormRepresentante,
};
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, Postcard};

#[server(prefix = "/api", endpoint = "actualizar_validar", input = Json, output = Postcard)]
pub async fn actualizar_validar(flujo: String, entrada: EntradaCredenciales) -> Result<PasoPregunta, ApiError> {
    super::con_estado(
        async {
            Ok(crate::backend::actualizacion::validar(&super::servicios()?, &flujo, &entrada, &super::origen()).await?)
        }
        .await,
    )
}

/// Answers (or sets) the secret question; returns the data on file.
#[server(prefix = "/api", endpoint = "actualizar_pregunta", input = Json, output = Postcard)]
pub async fn actualizar_pregunta(flujo: String, entrada: EntradaPregunta) -> Result<DatosActualizables, ApiError> {
    super::con_estado(
        async {
            Ok(crate::backend::actualizacion::pregunta(&super::servicios()?, &flujo, &entrada, &super::origen())
                .await?)
        }
        .await,
    )
}

/// Checks a legal representative the company wants to add; returns them as the list shows them.
#[server(prefix = "/api", endpoint = "actualizar_representante", input = Json, output = Postcard)]
pub async fn actualizar_representante(
    flujo: String,
    representante: FormRepresentante,
) -> Result<FormRepresentante, ApiError> {
    super::con_estado(
        async {
            let nuevo = representante.validar().map_err(ApiError::Campos)?;
            Ok(crate::backend::actualizacion::verificar_representante(&super::servicios()?, &flujo, &nuevo).await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "actualizar_datos", input = Json, output = Postcard)]
pub async fn actualizar_datos(
    flujo: String,
    captcha_id: String,
    captcha: String,
    datos: DatosActualizables,
) -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            Ok(crate::backend::actualizacion::actualizar(&svc, &flujo, &captcha_id, &captcha, &datos, &super::origen())
                .await?)
        }
        .await,
    )
}
