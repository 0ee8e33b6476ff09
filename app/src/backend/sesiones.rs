//! Sessions opened with the CS (`Ingresar`). The browser holds a random token in an HttpOnly,
//! SameSite=Lax cookie (`__Host-` and Secure over TLS); the database holds only its hash. A
//! session ends at logout, after 15 minutes idle, after 8 hours in any case, and when the CS
//! changes. A provisional CS opens a session that can only change it.

use super::auditoria::{self, Evento, Origen};
use super::cambio_clave;
use super::cuentas::{self, ClaveAVerificar, Provisoria};
use super::entidades::sesion;
use super::error::ErrorServicio;
use super::flujos::id_aleatorio;
use super::{notificaciones, revision, Servicios};
use crate::formularios::{
    credenciales::leer_clave_nueva,
    sesion::{DatosCuenta, Ingreso, RepresentanteVisible},
    Campo,
};
use cs_domain::{
    cuenta::IdCuenta,
    email::Email,
    mascara::{enmascarar_celular, enmascarar_email},
    rut::Rut,
    secreto::TextoSecreto,
    telefono::Celular,
};
use sea_orm::{prelude::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use sha2::{Digest, Sha256};

pub const INACTIVIDAD_SEGUNDOS: i64 = 15 * 60;
pub const DURACION_MAXIMA_SEGUNDOS: i64 = 8 * 3600;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn nombre_cookie(svc: &Servicios) -> &'static str {
    if svc.ajustes.cookies_seguras {
        "__Host-cs_sesion"
    } else {
        "cs_sesion"
    }
}

fn cookie(svc: &Servicios, valor: &str, max_age: i64) -> String {
    let seguro = if svc.ajustes.cookies_seguras { "; Secure" } else { "" };
    format!("{}={valor}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{seguro}", nombre_cookie(svc))
}

/// A cookie that makes the browser forget the session.
pub fn cookie_vencida(svc: &Servicios) -> String {
    cookie(svc, "", 0)
}

/// Checks the CS of an account of any kind and opens a fresh session; returns its
/// `Set-Cookie` value. A facilitator whose request is not approved is told how it stands.
#[tracing::instrument(skip_all, fields(cuenta = %id))]
pub async fn ingresar(
    svc: &Servicios,
    id: &IdCuenta,
    clave: &TextoSecreto,
    origen: &Origen,
) -> Result<(String, Ingreso), ErrorServicio> {
    if let IdCuenta::Documento { .. } = id {
        revision::sin_cuenta_aun(svc, id).await?;
    }
    let verificar =
        ClaveAVerificar { cuenta: id, tipo: None, clave, campo: Campo::Clave, provisoria: Provisoria::Aceptar };
    let titular = cuentas::verificar_clave(svc, verificar, origen).await?;
    let ahora = svc.ahora();
    let token = id_aleatorio();
    sesion::Entity::insert(sesion::ActiveModel {
        id_hash: Set(hash(&token)),
        rut: Set(id.clave()),
        creada_en: Set(ahora),
        usada_en: Set(ahora),
        expira_en: Set(ahora + DURACION_MAXIMA_SEGUNDOS),
        debe_cambiar_clave: Set(titular.es_provisoria()),
    })
    .exec(&svc.db)
    .await?;
    auditoria::registrar_cuenta(&svc.db, Evento::IngresoOk, id, origen, None, ahora).await?;
    let ingreso = if titular.es_provisoria() { Ingreso::DebeCambiarClave } else { Ingreso::Listo };
    Ok((cookie(svc, &token, DURACION_MAXIMA_SEGUNDOS), ingreso))
}

/// The live session of `token`, touched (its idle time restarts); expired ones are deleted.
pub async fn vigente(svc: &Servicios, token: &str) -> Result<Option<sesion::Model>, ErrorServicio> {
    let ahora = svc.ahora();
    let Some(s) = sesion::Entity::find_by_id(hash(token)).one(&svc.db).await? else {
        return Ok(None);
    };
    if s.expira_en <= ahora || s.usada_en + INACTIVIDAD_SEGUNDOS <= ahora {
        sesion::Entity::delete_by_id(s.id_hash).exec(&svc.db).await?;
        return Ok(None);
    }
    sesion::Entity::update_many()
        .col_expr(sesion::Column::UsadaEn, Expr::value(ahora))
        .filter(sesion::Column::IdHash.eq(s.id_hash.as_str()))
        .exec(&svc.db)
        .await?;
    Ok(Some(s))
}

fn cuenta_de_sesion(s: &sesion::Model) -> Result<IdCuenta, ErrorServicio> {
    IdCuenta::desde_clave(&s.rut).ok_or_else(|| ErrorServicio::interno(format!("cuenta de sesión ilegible: {}", s.rut)))
}

/// The session's account: a person's data, or a company's with its representatives, contact
/// data masked.
pub async fn mi_cuenta(svc: &Servicios, token: &str) -> Result<Option<DatosCuenta>, ErrorServicio> {
    let Some(s) = vigente(svc, token).await? else { return Ok(None) };
    let id = cuenta_de_sesion(&s)?;
    let Some(titular) = cuentas::buscar_id(&svc.db, &id).await? else { return Ok(None) };
    let email_visible = |email: &str| Email::parse(email).map(|e| enmascarar_email(&e)).unwrap_or_default();
    let celular_visible = |celular: &str| Celular::parse(celular).map(|c| enmascarar_celular(&c)).unwrap_or_default();
    Ok(Some(DatosCuenta {
        cuenta: titular.tipo(),
        nombre: titular.nombre(),
        rut: id.to_string(),
        email: enmascarar_email(&titular.email()?),
        celular: titular.cuenta.celular.as_deref().map(celular_visible),
        representantes: titular
            .representantes()
            .iter()
            .map(|r| RepresentanteVisible {
                nombre: r.nombre.clone(),
                rut: Rut::parse(&r.rut).map(|rut| rut.to_string()).unwrap_or_else(|_| r.rut.clone()),
                email: email_visible(&r.email),
                celular: celular_visible(&r.celular),
            })
            .collect(),
        debe_cambiar_clave: s.debe_cambiar_clave,
    }))
}

/// The forced change after logging in with a provisional CS; the session then goes on.
pub async fn cambiar_clave_provisional(
    svc: &Servicios,
    token: &str,
    nueva: &str,
    repetir: &str,
    origen: &Origen,
) -> Result<(), ErrorServicio> {
    let s = vigente(svc, token).await?.ok_or(ErrorServicio::SinSesion)?;
    if !s.debe_cambiar_clave {
        return Err(cs_domain::flujo::ErrorFlujo::FueraDeOrden.into());
    }
    let id = cuenta_de_sesion(&s)?;
    let nueva = leer_clave_nueva(nueva, repetir, id.rut())?;
    let titular = cuentas::buscar_id(&svc.db, &id).await?.ok_or(ErrorServicio::SinSesion)?;
    let (avisos, _) = cambio_clave::preparar_cambio(svc, &titular, &nueva, None).await?;
    let clave_hash = svc.hasheador.hashear(nueva.expose()).await?;
    let ahora = svc.ahora();
    let tx = svc.db.begin().await?;
    cambio_clave::guardar_clave(&tx, &id, clave_hash, ahora).await?;
    // The change ended every session; this one lives on, now a normal one.
    sesion::Entity::insert(sesion::ActiveModel { debe_cambiar_clave: Set(false), usada_en: Set(ahora), ..s.into() })
        .exec(&tx)
        .await?;
    notificaciones::encolar(&tx, avisos, ahora).await?;
    auditoria::registrar_cuenta(&tx, Evento::CambioClave, &id, origen, Some("clave provisoria reemplazada"), ahora)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn salir(svc: &Servicios, token: &str) -> Result<(), ErrorServicio> {
    sesion::Entity::delete_by_id(hash(token)).exec(&svc.db).await?;
    Ok(())
}

/// Deletes sessions past their end (called with the expired flows).
pub async fn limpiar_vencidas(svc: &Servicios) -> Result<(), ErrorServicio> {
    let ahora = svc.ahora();
    sesion::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(sesion::Column::ExpiraEn.lte(ahora))
                .add(sesion::Column::UsadaEn.lte(ahora - INACTIVIDAD_SEGUNDOS)),
        )
        .exec(&svc.db)
        .await?;
    Ok(())
}
