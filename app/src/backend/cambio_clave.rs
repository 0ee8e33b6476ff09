//! Cambiar CS (guides §4), one procedure for every kind of account: the account's RUT (for a
//! company, also the RUN of any of its current legal representatives per the SII) and the
//! current CS, a provisional one too, open the change; the new CS follows the registration
//! policy, differs from the current one, and ends every open session of the account.

use super::auditoria::{self, Evento, Origen};
use super::cuentas::{self, ClaveAVerificar, Provisoria, Titular};
use super::entidades::{cuenta, sesion};
use super::error::ErrorServicio;
use super::flujos::{self, Flujo};
use super::identidad::{self, NO_ES_REPRESENTANTE};
use super::{captcha, mensajes, notificaciones, Servicios};
use crate::formularios::{
    credenciales::{leer_clave_nueva, EntradaCredenciales},
    mensajes::MISMA_CLAVE,
    Campo,
};
use cs_domain::clave::ClaveCs;
use cs_domain::cuenta::IdCuenta;
use cs_domain::flujo::{CambioClave, MaquinaFlujo, PasoCambioClave};
use cs_domain::rut::Rut;
use sea_orm::{prelude::Expr, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

async fn cargar(svc: &Servicios, flujo_id: &str) -> Result<Flujo<CambioClave>, ErrorServicio> {
    flujos::cargar::<CambioClave>(&svc.db, flujo_id, svc.ahora()).await
}

/// The first step of every procedure that starts with the CS (Cambiar CS, Actualizar datos):
/// for a company, the representative must be a current one per the SII (checked first: it
/// reveals nothing secret, and a CS is only spent once the rest holds); then the CS, with the
/// lockout rules. Any failure counts against the flow. Returns the account and the flow, with
/// its subject and representative fixed for the next write.
pub async fn validar_credenciales<M: MaquinaFlujo>(
    svc: &Servicios,
    flujo: Flujo<M>,
    entrada: &EntradaCredenciales,
    campo_clave: Campo,
    provisoria: Provisoria,
    origen: &Origen,
) -> Result<(Titular, Flujo<M>), ErrorServicio> {
    let cuenta = flujo.cuenta();
    let credenciales = entrada.validar(cuenta, campo_clave)?;
    let resultado = async {
        if let (Some(representante), Some(empresa)) = (&credenciales.representante, credenciales.cuenta.rut()) {
            if !identidad::es_representante(svc, empresa, representante).await? {
                return Err(ErrorServicio::campo(Campo::RutRepresentanteLegal, NO_ES_REPRESENTANTE));
            }
        }
        let clave = ClaveAVerificar {
            cuenta: &credenciales.cuenta,
            tipo: Some(cuenta),
            clave: &credenciales.clave,
            campo: campo_clave,
            provisoria,
        };
        cuentas::verificar_clave(svc, clave, origen).await
    };
    match resultado.await {
        Ok(titular) => {
            let flujo = flujo.con_sujeto(&credenciales.cuenta).con_representante(credenciales.representante.as_ref());
            Ok((titular, flujo))
        }
        Err(e) => {
            flujos::registrar_fallo(&svc.db, &flujo.id).await?;
            Err(e)
        }
    }
}

#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn validar(
    svc: &Servicios,
    flujo_id: &str,
    entrada: &EntradaCredenciales,
    origen: &Origen,
) -> Result<(), ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoCambioClave::ValidarClave)?;
    let (_, flujo) = validar_credenciales(svc, flujo, entrada, Campo::ClaveActual, Provisoria::Aceptar, origen).await?;
    flujo.avanzar(&svc.db, &PasoCambioClave::ValidarClave).await?;
    Ok(())
}

/// `Cambiar Clave`. Returns whether the notice also went by SMS.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
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
    let id = flujo.cuenta_id()?;
    let nueva = leer_clave_nueva(nueva, repetir, id.rut())?;
    captcha::verificar(svc, flujo_id, captcha_id, captcha_respuesta).await?;
    let titular =
        cuentas::buscar_de(&svc.db, &id, flujo.cuenta()).await?.ok_or(ErrorServicio::CredencialesInvalidas)?;
    let (avisos, por_sms) = preparar_cambio(svc, &titular, &nueva, flujo.representante().as_ref()).await?;
    let clave_hash = svc.hasheador.hashear(nueva.expose()).await?;
    let ahora = svc.ahora();
    let flujo_id = flujo_id.to_owned();
    let origen = origen.clone();
    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                let flujo = flujos::cargar::<CambioClave>(tx, &flujo_id, ahora).await?;
                guardar_clave(tx, &id, clave_hash, ahora).await?;
                notificaciones::encolar(tx, avisos, ahora).await?;
                auditoria::registrar_cuenta(tx, Evento::CambioClave, &id, &origen, None, ahora).await?;
                flujo.avanzar(tx, &PasoCambioClave::CambiarClave).await?;
                Ok(())
            })
        })
        .await?;
    Ok(por_sms)
}

/// Refuses a new CS equal to the current one, and writes the notices of the change (email, and
/// SMS to the account's mobile or the acting representative's). Returns them and whether one
/// goes by SMS.
pub async fn preparar_cambio(
    svc: &Servicios,
    titular: &Titular,
    nueva: &ClaveCs,
    representante: Option<&Rut>,
) -> Result<(Vec<notificaciones::Mensaje>, bool), ErrorServicio> {
    if svc.hasheador.verificar(nueva.expose(), Some(titular.cuenta.clave_hash.clone())).await? {
        return Err(ErrorServicio::campo(Campo::ClaveNueva, MISMA_CLAVE));
    }
    let celular = titular.celular(representante);
    let avisos = mensajes::cambio_clave(&titular.email()?, celular.as_ref(), &titular.nombre());
    Ok((avisos, celular.is_some()))
}

/// Stores a new permanent CS and ends the account's sessions (a stolen session dies with the
/// old CS).
pub async fn guardar_clave(
    tx: &impl sea_orm::ConnectionTrait,
    id: &IdCuenta,
    clave_hash: String,
    ahora: i64,
) -> Result<(), ErrorServicio> {
    cuenta::Entity::update_many()
        .col_expr(cuenta::Column::ClaveHash, Expr::value(clave_hash))
        .col_expr(cuenta::Column::ClaveProvisionalExpiraEn, Expr::value(Option::<i64>::None))
        .col_expr(cuenta::Column::ActualizadoEn, Expr::value(ahora))
        .filter(cuenta::Column::Rut.eq(id.clave()))
        .exec(tx)
        .await?;
    sesion::Entity::delete_many().filter(sesion::Column::Rut.eq(id.clave())).exec(tx).await?;
    Ok(())
}
