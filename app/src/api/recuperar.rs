//! N2 "Recuperar CS": the steps of the one page, each validated by the server in order.

use super::ApiError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// What the page shows after the RUT is validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasoIdentidad {
    /// The account's secret question (cases 3.2 and 3.3).
    Pregunta(String),
    /// No question on file: the ID serial number (case 3.1).
    Serie,
}

/// The final step: the answer (3.3), or the email confirmation after the serial (3.1, 3.2)
/// with the new contact data when the person answered `NO`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinRecuperacion {
    pub respuesta: String,
    pub email_correcto: Option<bool>,
    pub email: String,
    pub celular: String,
}

/// Where the provisional CS went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaveEnviada {
    pub por_sms: bool,
}

#[server(prefix = "/api", endpoint = "recuperar_validar_rut")]
pub async fn recuperar_validar_rut(flujo: String, rut: String) -> Result<PasoIdentidad, ApiError> {
    super::con_estado(
        async { Ok(crate::backend::recuperacion::validar_rut(&super::servicios()?, &flujo, &rut, &super::origen()).await?) }
            .await,
    )
}

#[server(prefix = "/api", endpoint = "recuperar_no_recuerdo")]
pub async fn recuperar_no_recuerdo(flujo: String) -> Result<(), ApiError> {
    super::con_estado(async { Ok(crate::backend::recuperacion::no_recuerdo(&super::servicios()?, &flujo).await?) }.await)
}

/// Checks the serial with the Registro Civil; returns the registered email, masked.
#[server(prefix = "/api", endpoint = "recuperar_validar_serie")]
pub async fn recuperar_validar_serie(flujo: String, serie: String) -> Result<String, ApiError> {
    super::con_estado(
        async {
            Ok(crate::backend::recuperacion::validar_serie(&super::servicios()?, &flujo, &serie, &super::origen()).await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "recuperar_clave", input = Json)]
pub async fn recuperar_clave(
    flujo: String,
    captcha_id: String,
    captcha: String,
    datos: FinRecuperacion,
) -> Result<ClaveEnviada, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let por_sms =
                crate::backend::recuperacion::recuperar(&svc, &flujo, &captcha_id, &captcha, &datos, &super::origen()).await?;
            Ok(ClaveEnviada { por_sms })
        }
        .await,
    )
}
