//! `Ingresar` with the CS, `Mi cuenta`, the forced change of a provisional CS, and `Salir`.

use super::ApiError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ingreso {
    /// Logged in: go to `Mi cuenta`.
    Listo,
    /// Logged in with a provisional CS: it must be changed before anything else.
    DebeCambiarClave,
}

/// The person's own data, as `Mi cuenta` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatosCuenta {
    pub nombre: String,
    pub rut: String,
    /// Masked (`polmxxxx@senxxxx`).
    pub email: String,
    /// Masked (`+56 9 xxxx 5678`), if any.
    pub celular: Option<String>,
    pub debe_cambiar_clave: bool,
}

#[server(prefix = "/api", endpoint = "ingresar")]
pub async fn ingresar(rut: String, clave: String) -> Result<Ingreso, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let (cookie, ingreso) = crate::backend::sesiones::ingresar(&svc, &rut, clave, &super::origen()).await?;
            super::poner_cookie(&cookie);
            Ok(ingreso)
        }
        .await,
    )
}

/// The session's account, or `None` when there is no (live) session.
#[server(prefix = "/api", endpoint = "mi_cuenta")]
pub async fn mi_cuenta() -> Result<Option<DatosCuenta>, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            match super::id_sesion() {
                Some(id) => Ok(crate::backend::sesiones::mi_cuenta(&svc, &id).await?),
                None => Ok(None),
            }
        }
        .await,
    )
}

/// The forced change after logging in with a provisional CS.
#[server(prefix = "/api", endpoint = "cambiar_clave_provisional", input = Json)]
pub async fn cambiar_clave_provisional(clave_nueva: String, repetir_clave_nueva: String) -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let id = super::id_sesion().ok_or(ApiError::SinSesion)?;
            Ok(crate::backend::sesiones::cambiar_clave_provisional(
                &svc,
                &id,
                &clave_nueva,
                &repetir_clave_nueva,
                &super::origen(),
            )
            .await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "salir")]
pub async fn salir() -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            if let Some(id) = super::id_sesion() {
                crate::backend::sesiones::salir(&svc, &id).await?;
            }
            super::poner_cookie(&crate::backend::sesiones::cookie_vencida(&svc));
            Ok(())
        }
        .await,
    )
}
