//! N3 "Cambiar CS" (guide §4): the RUT and the current CS (a provisional one too) open the
//! change; the new CS follows the registration policy, differs from the current one, and ends
//! every open session of the account.

use super::auditoria::{self, Evento, Origen};
use super::cuentas::{self, Provisoria};
use super::entidades::{cuenta, sesion};
use super::error::ErrorServicio;
use super::flujos::{self, Flujo};
use super::{captcha, mensajes, notificaciones, Servicios};
use crate::formularios::mensajes::{FALTA_CLAVE_ACTUAL, MISMA_CLAVE};
use cs_domain::clave::{ClaveCs, ClaveError};
use cs_domain::flujo::{CambioClave, PasoCambioClave, TipoFlujo};
use cs_domain::rut::Rut;
use sea_orm::{prelude::Expr, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

async fn cargar(svc: &Servicios, flujo_id: &str) -> Result<Flujo<CambioClave>, ErrorServicio> {
    flujos::cargar::<CambioClave>(&svc.db, flujo_id, TipoFlujo::CambiarNatural, svc.ahora()).await
}

/// Parses the new CS and its repetition into field errors at `clave_nueva` / `repetir_clave_nueva`.
pub fn clave_nueva(nueva: &str, repetir: &str, rut: &Rut) -> Result<ClaveCs, ErrorServicio> {
    ClaveCs::parse_con_repeticion(nueva, repetir, Some(rut)).map_err(|e| {
        let campo = if e == ClaveError::NoCoinciden { "repetir_clave_nueva" } else { "clave_nueva" };
        ErrorServicio::campo(campo, e.to_string())
    })
}


pub async fn validar(svc: &Servicios, flujo_id: &str, rut: &str, clave: String, origen: &Origen) -> Result<(), ErrorServicio> {
    let rut = cuentas::leer_credenciales(rut, &clave, "clave_actual", FALTA_CLAVE_ACTUAL)?;
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoCambioClave::ValidarClave)?;
    if let Err(e) = cuentas::verificar_clave(svc, &rut, clave, Provisoria::Aceptar, "clave_actual", origen).await {
        flujos::registrar_fallo(&svc.db, flujo_id).await?;
        return Err(e);
    }
    flujo.avanzar(&svc.db, &PasoCambioClave::ValidarClave, Some(rut.normalizado())).await?;
    Ok(())
}

/// `Cambiar Clave`. Returns whether the notice also went by SMS.
pub async fn cambiar(
    svc: &Servicios,
    flujo_id: &str,
    captcha_id: &str,
    captcha_respuesta: &str,
    nueva: &str,
    repetir: &str,
    origen: &Origen,
) -> Result<bool, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoCambioClave::CambiarClave)?;
    let rut = flujo.rut()?;
    let nueva = clave_nueva(nueva, repetir, &rut)?;
    captcha::verificar(svc, flujo_id, captcha_id, captcha_respuesta).await?;
    let titular = cuentas::buscar(&svc.db, &rut).await?.ok_or(ErrorServicio::CredencialesInvalidas)?;
    if svc.hasheador.verificar(nueva.expose().to_owned(), Some(titular.cuenta.clave_hash.clone())).await? {
        return Err(ErrorServicio::campo("clave_nueva", MISMA_CLAVE));
    }
    let clave_hash = svc.hasheador.hashear(nueva.expose().to_owned()).await?;
    let celular = titular.celular();
    let avisos = mensajes::cambio_clave(&titular.email()?, celular.as_ref(), &titular.nombre);
    let ahora = svc.ahora();
    let flujo_id = flujo_id.to_owned();
    let origen = origen.clone();
    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                let flujo = flujos::cargar::<CambioClave>(tx, &flujo_id, TipoFlujo::CambiarNatural, ahora).await?;
                guardar_clave(tx, &rut, clave_hash, ahora).await?;
                notificaciones::encolar(tx, avisos, ahora).await?;
                auditoria::registrar(tx, Evento::CambioClave, Some(&rut), &origen, None, ahora).await?;
                flujo.avanzar(tx, &PasoCambioClave::CambiarClave, None).await?;
                Ok(())
            })
        })
        .await?;
    Ok(celular.is_some())
}

/// Stores a new permanent CS and ends the account's sessions (a stolen session dies with the
/// old CS).
pub async fn guardar_clave(
    tx: &impl sea_orm::ConnectionTrait,
    rut: &Rut,
    clave_hash: String,
    ahora: i64,
) -> Result<(), ErrorServicio> {
    cuenta::Entity::update_many()
        .col_expr(cuenta::Column::ClaveHash, Expr::value(clave_hash))
        .col_expr(cuenta::Column::ClaveProvisionalExpiraEn, Expr::value(Option::<i64>::None))
        .col_expr(cuenta::Column::ActualizadoEn, Expr::value(ahora))
        .filter(cuenta::Column::Rut.eq(rut.normalizado()))
        .exec(tx)
        .await?;
    sesion::Entity::delete_many().filter(sesion::Column::Rut.eq(rut.normalizado())).exec(tx).await?;
    Ok(())
}
