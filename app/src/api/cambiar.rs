//! Cambiar CS: validate the account and its current CS, then set a new one.

use super::ApiError;
use crate::domain::secreto::TextoSecreto;
use crate::formularios::credenciales::EntradaCredenciales;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, Postcard};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaveCambiada {
    /// Whether a notice also went by SMS.
    pub por_sms: bool,
}

#[server(prefix = "/api", endpoint = "cambiar_validar", input = Json, output = Postcard)]
pub async fn cambiar_validar(flujo: String, entrada: EntradaCredenciales) -> Result<(), ApiError> {
    super::con_estado(
        async {
            Ok(crate::backend::cambio_clave::validar(&super::servicios()?, &flujo, &entrada, &super::origen()).await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "cambiar_clave", input = Json, output = Postcard)]
pub async fn cambiar_clave(
    flujo: String,
    captcha_id: String,
    captcha: String,
    clave_nueva: TextoSecreto,
    repetir_clave_nueva: TextoSecreto,
) -> Result<ClaveCambiada, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let por_sms = crate::backend::cambio_clave::cambiar(
                &svc,
                &flujo,
                &captcha_id,
                &captcha,
                clave_nueva.expose(),
                repetir_clave_nueva.expose(),
                &super::origen(),
            )
            .await?;
            Ok(ClaveCambiada { por_sms })
        }
        .await,
    )
}
