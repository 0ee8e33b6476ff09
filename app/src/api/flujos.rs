//! Starting a flow and drawing its captcha: the same two calls for every procedure.

use super::ApiError;
use crate::domain::flujo::TipoFlujo;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use serde::{Deserialize, Serialize};

/// A captcha as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Captcha {
    pub id: String,
    /// `data:image/png;base64,…`
    pub imagen: String,
}

/// Opens a flow of `tipo` (`recuperar_juridica`, …) on the server and returns its id: every
/// later step names it, and the kind of account comes from it.
#[server(prefix = "/api", endpoint = "iniciar_flujo", output = Postcard)]
pub async fn iniciar_flujo(tipo: TipoFlujo) -> Result<String, ApiError> {
    super::con_estado(async { Ok(crate::backend::flujos::crear(&super::servicios()?, tipo).await?) }.await)
}

/// Draws a new captcha for the flow, replacing the previous one (`Refrescar`).
#[server(prefix = "/api", endpoint = "nuevo_captcha", output = Postcard)]
pub async fn nuevo_captcha(flujo: String) -> Result<Captcha, ApiError> {
    super::con_estado(
        async {
            let c = crate::backend::captcha::emitir(&super::servicios()?, &flujo).await?;
            Ok(Captcha { id: c.id, imagen: c.imagen })
        }
        .await,
    )
}
