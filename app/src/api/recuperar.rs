//! Recuperar CS: the steps of the one page, each validated by the server in order. The kind of
//! account, and with it the steps, comes from the flow.

use super::ApiError;
use crate::domain::cuenta::Prueba;
use crate::formularios::recuperar::{ClaveEnviada, FinRecuperacion, Siguiente};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "recuperar_validar_rut")]
pub async fn recuperar_validar_rut(flujo: String, rut: String) -> Result<Siguiente, ApiError> {
    super::con_estado(
        async {
            use crate::formularios::{leer, Campo};
            let rut = leer(Campo::Rut, crate::domain::rut::Rut::parse(&rut)).map_err(ApiError::Campos)?;
            Ok(crate::backend::recuperacion::validar_rut(&super::servicios()?, &flujo, &rut, &super::origen()).await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "recuperar_no_recuerdo")]
pub async fn recuperar_no_recuerdo(flujo: String) -> Result<Siguiente, ApiError> {
    super::con_estado(
        async { Ok(crate::backend::recuperacion::no_recuerdo(&super::servicios()?, &flujo).await?) }.await,
    )
}

/// A proof of identity: a company's legal representative, or an ID card's serial number.
#[server(prefix = "/api", endpoint = "recuperar_probar")]
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
            Ok(crate::backend::recuperacion::recuperar(&svc, &flujo, &captcha_id, &captcha, &datos, &super::origen())
                .await?)
        }
        .await,
    )
}
