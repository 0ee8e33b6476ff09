//! Recuperar CS: the steps of the one page, each validated by the server in order. The kind of
//! account, and with it the steps, comes from the flow.

use super::ApiError;
use crate::domain::cuenta::Prueba;
use crate::formularios::recuperar::{ClaveEnviada, FinRecuperacion, Siguiente};
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, Postcard};

/// The account: a RUT, or (a facilitator's flow) the type and number of a document.
#[server(prefix = "/api", endpoint = "recuperar_validar_rut", output = Postcard)]
pub async fn recuperar_validar_rut(
    flujo: String,
    rut: String,
    tipo_documento: Option<String>,
    numero_documento: Option<String>,
) -> Result<Siguiente, ApiError> {
    super::con_estado(
        async {
            let entrada = crate::formularios::credenciales::EntradaCuenta {
                rut,
                tipo_documento: tipo_documento.unwrap_or_default(),
                numero_documento: numero_documento.unwrap_or_default(),
            };
            let svc = super::servicios()?;
            Ok(crate::backend::recuperacion::validar_rut(&svc, &flujo, &entrada, &super::origen()).await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "recuperar_no_recuerdo", output = Postcard)]
pub async fn recuperar_no_recuerdo(flujo: String) -> Result<Siguiente, ApiError> {
    super::con_estado(
        async { Ok(crate::backend::recuperacion::no_recuerdo(&super::servicios()?, &flujo).await?) }.await,
    )
}

/// A proof of identity: a company's legal representative, or an ID card's serial number.
#[server(prefix = "/api", endpoint = "recuperar_probar", output = Postcard)]
pub async fn recuperar_probar(flujo: String, prueba: Prueba, valor: String) -> Result<Siguiente, ApiError> {
    super::con_estado(
        async {
            use crate::formularios::recuperar::Evidencia;
            let evidencia = Evidencia::leer(prueba, &valor).map_err(ApiError::Campos)?;
            let svc = super::servicios()?;
            Ok(crate::backend::recuperacion::probar(&svc, &flujo, &evidencia, &super::origen()).await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "recuperar_clave", input = Json, output = Postcard)]
pub async fn recuperar_clave(
    flujo: String,
    captcha_id: String,
    captcha: String,
    datos: FinRecuperacion,
) -> Result<ClaveEnviada, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            Ok(crate::backend::recuperacion::recuperar(&svc, &flujo, &captcha_id, &captcha, &datos, &super::origen())
                .await?)
        }
        .await,
    )
}
