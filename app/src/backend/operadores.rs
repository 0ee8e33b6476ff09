//! SENCE operators of the back office: accounts created on the server (never by sign-up),
//! login with RUT, password and a TOTP code, their own sessions (shorter than citizens') and
//! lockout. Every back-office service takes an [`Operador`], which only a live session of an
//! operator who has replaced the initial password can produce: holding one is the permission.

use super::auditoria::{self, Evento, Origen};
use super::cuentas::{duracion_bloqueo, FALLOS_PARA_BLOQUEO};
use super::entidades::{operador, sesion_operador};
use super::error::ErrorServicio;
use super::flujos::id_aleatorio;
use super::{totp, Servicios};
use crate::formularios::{
    operador::{revisar_clave_operador, CLAVES_NO_COINCIDEN},
    Campo,
};
use cs_domain::{email::Email, rut::Rut};
use rand::{distributions::Alphanumeric, Rng};
use sea_orm::{
    prelude::Expr, sea_query::ExprTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter,
    TransactionTrait,
};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// ASVS L2 asks short idle times for administrative interfaces.
pub const INACTIVIDAD_SEGUNDOS: i64 = 10 * 60;
pub const DURACION_MAXIMA_SEGUNDOS: i64 = 4 * 3600;
const LARGO_CLAVE_INICIAL: usize = 16;

/// An operator acting now: built only from a live session (see [`autorizar`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operador {
    rut: Rut,
    nombre: String,
}

impl Operador {
    pub fn rut(&self) -> &Rut {
        &self.rut
    }

    pub fn nombre(&self) -> &str {
        &self.nombre
    }
}

/// What `server operador crear` prints, once.
pub struct OperadorCreado {
    pub clave_inicial: SecretString,
    pub uri_totp: String,
}

/// Creates an operator with a random one-time password (to be replaced at the first login)
/// and a new TOTP secret.
pub async fn crear(svc: &Servicios, rut: &Rut, nombre: &str, email: &Email) -> Result<OperadorCreado, ErrorServicio> {
    let nombre = nombre.trim();
    if nombre.is_empty() || nombre.chars().count() > 200 {
        return Err(ErrorServicio::interno("el nombre del operador debe tener entre 1 y 200 caracteres"));
    }
    let clave: String =
        rand::rngs::OsRng.sample_iter(&Alphanumeric).take(LARGO_CLAVE_INICIAL).map(char::from).collect();
    let secreto = totp::nuevo_secreto();
    let uri_totp = totp::uri(&secreto, &rut.normalizado())?;
    let clave_hash = svc.hasheador.hashear(&clave).await?;
    let insertado = operador::Entity::insert(operador::ActiveModel {
        rut: Set(rut.normalizado()),
        nombre: Set(nombre.to_owned()),
        email: Set(email.as_str().to_owned()),
        clave_hash: Set(clave_hash),
        debe_cambiar_clave: Set(true),
        totp_secreto: Set(svc.llave_totp.cifrar(&secreto, &rut.normalizado())),
        totp_ultimo_paso: Set(None),
        fallos: Set(0),
        bloqueos: Set(0),
        bloqueada_hasta: Set(None),
        activo: Set(true),
        creado_en: Set(svc.ahora()),
    })
    .exec(&svc.db)
    .await;
    match insertado {
        Ok(_) => Ok(OperadorCreado { clave_inicial: SecretString::from(clave), uri_totp }),
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            Err(ErrorServicio::interno(format!("ya existe un operador con RUT {rut}")))
        }
        Err(e) => Err(e.into()),
    }
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn nombre_cookie(svc: &Servicios) -> &'static str {
    if svc.ajustes.cookies_seguras {
        "__Host-cs_operador"
    } else {
        "cs_operador"
    }
}

/// Strict: no other site can make the browser send it, not even a link.
fn cookie(svc: &Servicios, valor: &str, max_age: i64) -> String {
    let seguro = if svc.ajustes.cookies_seguras { "; Secure" } else { "" };
    format!("{}={valor}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{seguro}", nombre_cookie(svc))
}

pub fn cookie_vencida(svc: &Servicios) -> String {
    cookie(svc, "", 0)
}

/// The outcome of a correct login.
pub struct Ingreso {
    pub cookie: String,
    /// Still the initial password: the session can only replace it.
    pub debe_cambiar_clave: bool,
}

/// Checks RUT, password and TOTP code. Any wrong part is the same error (nothing tells which
/// was wrong); five in a row lock the operator as citizens' accounts are locked.
#[tracing::instrument(skip_all, fields(operador = %rut))]
pub async fn ingresar(
    svc: &Servicios,
    rut: &Rut,
    clave: &str,
    codigo: &str,
    origen: &Origen,
) -> Result<Ingreso, ErrorServicio> {
    let ahora = svc.ahora();
    let fila = operador::Entity::find_by_id(rut.normalizado()).one(&svc.db).await?.filter(|o| o.activo);
    if let Some(hasta) = fila.as_ref().and_then(|o| o.bloqueada_hasta).filter(|h| *h > ahora) {
        auditoria::registrar_operacion(
            &svc.db,
            Evento::IngresoOperadorFallido,
            rut,
            None,
            origen,
            Some("bloqueado"),
            ahora,
        )
        .await?;
        return Err(ErrorServicio::OperadorBloqueado { minutos: (hasta - ahora + 59) / 60 });
    }
    let coincide = svc.hasheador.verificar(clave, fila.as_ref().map(|o| o.clave_hash.clone())).await?;
    let paso = match fila.as_ref().filter(|_| coincide) {
        Some(o) => {
            let secreto = svc.llave_totp.descifrar(&o.totp_secreto, &o.rut)?;
            totp::verificar(secreto.expose_secret(), codigo, ahora, o.totp_ultimo_paso)?
        }
        None => None,
    };
    let (Some(fila), Some(paso)) = (fila, paso) else {
        return Err(contar_fallo(svc, rut, origen).await?);
    };
    let token = id_aleatorio();
    let tx = svc.db.begin().await?;
    // The step is written only if newer than the stored one: two logins with one code, one wins.
    let usado = operador::Entity::update_many()
        .col_expr(operador::Column::TotpUltimoPaso, Expr::value(paso))
        .col_expr(operador::Column::Fallos, Expr::value(0))
        .col_expr(operador::Column::Bloqueos, Expr::value(0))
        .filter(operador::Column::Rut.eq(rut.normalizado()))
        .filter(
            Condition::any()
                .add(operador::Column::TotpUltimoPaso.is_null())
                .add(operador::Column::TotpUltimoPaso.lt(paso)),
        )
        .exec(&tx)
        .await?;
    if usado.rows_affected != 1 {
        tx.rollback().await?;
        return Err(contar_fallo(svc, rut, origen).await?);
    }
    sesion_operador::Entity::insert(sesion_operador::ActiveModel {
        id_hash: Set(hash(&token)),
        operador: Set(rut.normalizado()),
        creada_en: Set(ahora),
        usada_en: Set(ahora),
        expira_en: Set(ahora + DURACION_MAXIMA_SEGUNDOS),
    })
    .exec(&tx)
    .await?;
    auditoria::registrar_operacion(&tx, Evento::IngresoOperador, rut, None, origen, None, ahora).await?;
    tx.commit().await?;
    Ok(Ingreso { cookie: cookie(svc, &token, DURACION_MAXIMA_SEGUNDOS), debe_cambiar_clave: fila.debe_cambiar_clave })
}

async fn contar_fallo(svc: &Servicios, rut: &Rut, origen: &Origen) -> Result<ErrorServicio, ErrorServicio> {
    let ahora = svc.ahora();
    auditoria::registrar_operacion(&svc.db, Evento::IngresoOperadorFallido, rut, None, origen, None, ahora).await?;
    operador::Entity::update_many()
        .col_expr(operador::Column::Fallos, Expr::col(operador::Column::Fallos).add(1))
        .filter(operador::Column::Rut.eq(rut.normalizado()))
        .exec(&svc.db)
        .await?;
    let Some(fila) = operador::Entity::find_by_id(rut.normalizado()).one(&svc.db).await? else {
        return Ok(ErrorServicio::CredencialesOperador);
    };
    if fila.fallos < FALLOS_PARA_BLOQUEO {
        return Ok(ErrorServicio::CredencialesOperador);
    }
    let segundos = duracion_bloqueo(fila.bloqueos);
    // Only the request that resets the count locks (two failing at once lock once).
    let bloqueo = operador::Entity::update_many()
        .col_expr(operador::Column::Fallos, Expr::value(0))
        .col_expr(operador::Column::Bloqueos, Expr::col(operador::Column::Bloqueos).add(1))
        .col_expr(operador::Column::BloqueadaHasta, Expr::value(ahora + segundos))
        .filter(operador::Column::Rut.eq(rut.normalizado()))
        .filter(operador::Column::Fallos.gte(FALLOS_PARA_BLOQUEO))
        .exec(&svc.db)
        .await?;
    if bloqueo.rows_affected == 1 {
        auditoria::registrar_operacion(&svc.db, Evento::Bloqueo, rut, None, origen, Some("operador"), ahora).await?;
    }
    Ok(ErrorServicio::OperadorBloqueado { minutos: segundos / 60 })
}

/// A live session's operator row, touched; expired sessions are deleted.
async fn sesion_vigente(svc: &Servicios, token: &str) -> Result<Option<operador::Model>, ErrorServicio> {
    let ahora = svc.ahora();
    let Some(s) = sesion_operador::Entity::find_by_id(hash(token)).one(&svc.db).await? else {
        return Ok(None);
    };
    if s.expira_en <= ahora || s.usada_en + INACTIVIDAD_SEGUNDOS <= ahora {
        sesion_operador::Entity::delete_by_id(s.id_hash).exec(&svc.db).await?;
        return Ok(None);
    }
    let Some(fila) = operador::Entity::find_by_id(s.operador.clone()).one(&svc.db).await?.filter(|o| o.activo) else {
        return Ok(None);
    };
    sesion_operador::Entity::update_many()
        .col_expr(sesion_operador::Column::UsadaEn, Expr::value(ahora))
        .filter(sesion_operador::Column::IdHash.eq(s.id_hash.as_str()))
        .exec(&svc.db)
        .await?;
    Ok(Some(fila))
}

fn desde_fila(fila: &operador::Model) -> Result<Operador, ErrorServicio> {
    let rut = Rut::parse(&fila.rut).map_err(|e| ErrorServicio::por("RUT de operador inválido", e))?;
    Ok(Operador { rut, nombre: fila.nombre.clone() })
}

/// The operator of a live session who may act: one still on the initial password may only
/// replace it.
pub async fn autorizar(svc: &Servicios, token: Option<&str>) -> Result<Operador, ErrorServicio> {
    let fila = match token {
        Some(token) => sesion_vigente(svc, token).await?,
        None => None,
    };
    let fila = fila.ok_or(ErrorServicio::SinSesionOperador)?;
    if fila.debe_cambiar_clave {
        return Err(ErrorServicio::DebeCambiarClaveOperador);
    }
    desde_fila(&fila)
}

/// Who is logged in, whether or not the initial password was replaced (the page chooses
/// between the back office and the change).
pub async fn quien(svc: &Servicios, token: Option<&str>) -> Result<Option<(Operador, bool)>, ErrorServicio> {
    let Some(token) = token else { return Ok(None) };
    match sesion_vigente(svc, token).await? {
        Some(fila) => Ok(Some((desde_fila(&fila)?, fila.debe_cambiar_clave))),
        None => Ok(None),
    }
}

/// Replaces the password (the initial one, at the first login). Long passphrases are
/// welcome; a short one is refused at its field.
pub async fn cambiar_clave(
    svc: &Servicios,
    token: Option<&str>,
    nueva: &str,
    repetir: &str,
    origen: &Origen,
) -> Result<(), ErrorServicio> {
    let fila = match token {
        Some(token) => sesion_vigente(svc, token).await?,
        None => None,
    }
    .ok_or(ErrorServicio::SinSesionOperador)?;
    if let Some(mensaje) = revisar_clave_operador(nueva) {
        return Err(ErrorServicio::campo(Campo::ClaveNueva, mensaje));
    }
    if nueva != repetir {
        return Err(ErrorServicio::campo(Campo::RepetirClaveNueva, CLAVES_NO_COINCIDEN));
    }
    if svc.hasheador.verificar(nueva, Some(fila.clave_hash.clone())).await? {
        return Err(ErrorServicio::campo(Campo::ClaveNueva, "La contraseña nueva debe ser distinta de la actual."));
    }
    let clave_hash = svc.hasheador.hashear(nueva).await?;
    let operador = desde_fila(&fila)?;
    let ahora = svc.ahora();
    let tx = svc.db.begin().await?;
    operador::Entity::update_many()
        .col_expr(operador::Column::ClaveHash, Expr::value(clave_hash))
        .col_expr(operador::Column::DebeCambiarClave, Expr::value(false))
        .filter(operador::Column::Rut.eq(fila.rut.as_str()))
        .exec(&tx)
        .await?;
    auditoria::registrar_operacion(&tx, Evento::CambioClave, operador.rut(), None, origen, Some("operador"), ahora)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn salir(svc: &Servicios, token: &str) -> Result<(), ErrorServicio> {
    sesion_operador::Entity::delete_by_id(hash(token)).exec(&svc.db).await?;
    Ok(())
}

/// Deletes operator sessions past their end.
pub async fn limpiar_vencidas(svc: &Servicios) -> Result<(), ErrorServicio> {
    let ahora = svc.ahora();
    sesion_operador::Entity::delete_many()
        .filter(
            Condition::any()
                .add(sesion_operador::Column::ExpiraEn.lte(ahora))
                .add(sesion_operador::Column::UsadaEn.lte(ahora - INACTIVIDAD_SEGUNDOS)),
        )
        .exec(&svc.db)
        .await?;
    Ok(())
}
