//! `Ingresar` with the CS, `Mi cuenta`, the forced change of a provisional CS, and `Salir`.

use super::ApiError;
use crate::domain::secreto::TextoSecreto;
use crate::formularios::sesion::{DatosCuenta, Ingreso};
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, Postcard};

/// Logs in with the RUT of a person or a company, or a facilitator's document type and
/// number, and the CS; `solicitud`, a platform's login request being answered. Also the
/// target of the `Ingresar` form itself, so that it works before the page's code has loaded:
/// it then answers with where to go next (as the page's code would), or with the page again
/// showing the error.
#[server(prefix = "/api", endpoint = "ingresar", output = Postcard)]
pub async fn ingresar(
    rut: String,
    clave: TextoSecreto,
    solicitud: Option<String>,
    /// The checkbox `Ingresar como facilitador extranjero (sin RUT)`: present when checked.
    es_facilitador: Option<String>,
    tipo_documento: Option<String>,
    numero_documento: Option<String>,
) -> Result<Ingreso, ApiError> {
    super::con_estado(
        async {
            use crate::formularios::credenciales::EntradaIngreso;
            let entrada = EntradaIngreso {
                facilitador: es_facilitador.is_some(),
                rut,
                tipo_documento: tipo_documento.unwrap_or_default(),
                numero_documento: numero_documento.unwrap_or_default(),
                clave,
            };
            let (cuenta, clave) = entrada.validar().map_err(ApiError::Campos)?;
            let svc = super::servicios()?;
            let (cookie, ingreso) = crate::backend::sesiones::ingresar(&svc, &cuenta, &clave, &super::origen()).await?;
            super::poner_cookie(&cookie);
            if super::formulario_sin_js() {
                use crate::formularios::sesion::{id_solicitud, url_continuar};
                super::llevar_a(&match (&ingreso, id_solicitud(solicitud)) {
                    (Ingreso::Listo, Some(s)) => url_continuar(&s),
                    (_, Some(s)) => format!("/mi-cuenta?solicitud={s}"),
                    (_, None) => "/mi-cuenta".to_owned(),
                });
            }
            Ok(ingreso)
        }
        .await,
    )
}

/// The session's account, or `None` when there is no (live) session.
#[server(prefix = "/api", endpoint = "mi_cuenta", output = Postcard)]
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
#[server(prefix = "/api", endpoint = "cambiar_clave_provisional", input = Json, output = Postcard)]
pub async fn cambiar_clave_provisional(
    clave_nueva: TextoSecreto,
    repetir_clave_nueva: TextoSecreto,
) -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let id = super::id_sesion().ok_or(ApiError::SinSesion)?;
            Ok(crate::backend::sesiones::cambiar_clave_provisional(
                &svc,
                &id,
                clave_nueva.expose(),
                repetir_clave_nueva.expose(),
                &super::origen(),
            )
            .await?)
        }
        .await,
    )
}

/// Ends the session. Also the target of `Mi cuenta`'s `Salir` form itself, which then goes home.
#[server(prefix = "/api", endpoint = "salir", output = Postcard)]
pub async fn salir() -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            if let Some(id) = super::id_sesion() {
                crate::backend::sesiones::salir(&svc, &id).await?;
            }
            super::poner_cookie(&crate::backend::sesiones::cookie_vencida(&svc));
            if super::formulario_sin_js() {
                super::llevar_a("/");
            }
            Ok(())
        }
        .await,
    )
}

/// The platform asking for the login on this `Ingresar` page's request (`?solicitud=`), looked
/// up by the server before it renders the page and left in the request's extensions.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct PlataformaDelIngreso(pub Option<String>);

/// The platform asking the person to log in (OpenID Connect), while its request is live.
#[server(prefix = "/api", endpoint = "plataforma_solicitante", output = Postcard)]
pub async fn plataforma_solicitante(solicitud: String) -> Result<Option<String>, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            Ok(crate::backend::oidc::flujo::plataforma(&svc, &solicitud).await?)
        }
        .await,
    )
}
