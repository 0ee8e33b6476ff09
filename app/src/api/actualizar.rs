//! N4 "Actualizar datos": RUT and CS, the secret question, then the contact data.

use super::ApiError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// What the page asks after the CS is validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasoPregunta {
    /// Answer the account's question.
    Responder(String),
    /// The account has none: choose one and its answer.
    Definir,
}

/// `Datos de Contacto` as typed (and, from the server, as currently registered).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatosContacto {
    pub email: String,
    pub telefono_particular: String,
    pub celular: String,
    pub sin_celular: bool,
    pub telefono_trabajo: String,
}

#[server(prefix = "/api", endpoint = "actualizar_validar")]
pub async fn actualizar_validar(flujo: String, rut: String, clave: String) -> Result<PasoPregunta, ApiError> {
    super::con_estado(
        async {
            Ok(crate::backend::actualizacion::validar(&super::servicios()?, &flujo, &rut, clave, &super::origen()).await?)
        }
        .await,
    )
}

/// Answers (or, with `pregunta`, sets) the secret question; returns the current contact data.
#[server(prefix = "/api", endpoint = "actualizar_pregunta", input = Json)]
pub async fn actualizar_pregunta(
    flujo: String,
    pregunta: Option<String>,
    respuesta: String,
) -> Result<DatosContacto, ApiError> {
    super::con_estado(
        async {
            Ok(crate::backend::actualizacion::pregunta(
                &super::servicios()?,
                &flujo,
                pregunta.as_deref(),
                &respuesta,
                &super::origen(),
            )
            .await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "actualizar_datos", input = Json)]
pub async fn actualizar_datos(
    flujo: String,
    captcha_id: String,
    captcha: String,
    datos: DatosContacto,
) -> Result<(), ApiError> {
    super::con_estado(
        async {
            Ok(crate::backend::actualizacion::actualizar(
                &super::servicios()?,
                &flujo,
                &captcha_id,
                &captcha,
                &datos,
                &super::origen(),
            )
            .await?)
        }
        .await,
    )
}
