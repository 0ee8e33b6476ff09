//! N1: the final submission of "Registrar Persona Natural".

use super::ApiError;
use crate::formularios::registro_natural::FormRegistroNatural;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuentaCreada {
    /// Where the welcome email went, masked (`polmxxxx@senxxxx`).
    pub email: String,
}

#[server(prefix = "/api", endpoint = "registrar_persona_natural", input = Json)]
pub async fn registrar_persona_natural(
    flujo: String,
    captcha_id: String,
    captcha: String,
    form: FormRegistroNatural,
) -> Result<CuentaCreada, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let registro = form.validar().map_err(ApiError::Campos)?;
            let hecho = crate::backend::registro_natural::registrar(&svc, &flujo, &captcha_id, &captcha, registro, &super::origen())
                .await?;
            Ok(CuentaCreada { email: hecho.email_enmascarado })
        }
        .await,
    )
}
