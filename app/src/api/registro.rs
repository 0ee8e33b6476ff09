//! `Crear Cuenta`: the final submission of Registrar, for a person or a company.

use super::ApiError;
use crate::formularios::registro::FormRegistro;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, Postcard};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuentaCreada {
    /// Where the welcome email went, masked (`polmxxxx@senxxxx`).
    pub email: String,
}

#[server(prefix = "/api", endpoint = "registrar", input = Json, output = Postcard)]
pub async fn registrar(
    flujo: String,
    captcha_id: String,
    captcha: String,
    form: FormRegistro,
) -> Result<CuentaCreada, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let registro = form.validar().map_err(ApiError::Campos)?;
            let hecho =
                crate::backend::registro::registrar(&svc, &flujo, &captcha_id, &captcha, registro, &super::origen())
                    .await?;
            Ok(CuentaCreada { email: hecho.email_enmascarado })
        }
        .await,
    )
}
