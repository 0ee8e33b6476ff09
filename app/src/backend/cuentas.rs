//! Account operations shared by the flows: reading an account with its holder's name,
//! creating a natural person's account, and checking a CS with the lockout rules.

use super::auditoria::{self, Evento, Origen};
use super::entidades::{cuenta, persona_natural};
use super::error::ErrorServicio;
use super::{mensajes, notificaciones, Servicios};
use cs_domain::{email::Email, rut::Rut, telefono::Celular};
use sea_orm::{prelude::Expr, sea_query::ExprTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Consecutive wrong CS that lock the account.
pub const FALLOS_PARA_BLOQUEO: i32 = 5;
const BLOQUEO_INICIAL_SEGUNDOS: i64 = 60;
const BLOQUEO_MAXIMO_SEGUNDOS: i64 = 15 * 60;

/// How long the `n`-th lock (counting from 0) lasts: 1 min, doubling, at most 15 min.
pub fn duracion_bloqueo(n: i32) -> i64 {
    std::cmp::min(BLOQUEO_INICIAL_SEGUNDOS << n.clamp(0, 10), BLOQUEO_MAXIMO_SEGUNDOS)
}

/// An account with what the flows need to address its holder.
pub struct Titular {
    pub cuenta: cuenta::Model,
    pub nombre: String,
}

impl Titular {
    pub fn email(&self) -> Result<Email, ErrorServicio> {
        Email::parse(&self.cuenta.email).map_err(|e| ErrorServicio::Interno(format!("email guardado inválido: {e}")))
    }

    pub fn celular(&self) -> Option<Celular> {
        self.cuenta.celular.as_deref().and_then(|c| Celular::parse(c).ok())
    }

    pub fn es_provisoria(&self) -> bool {
        self.cuenta.clave_provisional_expira_en.is_some()
    }
}

pub async fn buscar(conn: &impl ConnectionTrait, rut: &Rut) -> Result<Option<Titular>, ErrorServicio> {
    let Some(cuenta) = cuenta::Entity::find_by_id(rut.normalizado()).one(conn).await? else {
        return Ok(None);
    };
    let nombre = persona_natural::Entity::find_by_id(rut.normalizado())
        .one(conn)
        .await?
        .map(|p| format!("{} {}", p.nombres, p.apellidos))
        .unwrap_or_default();
    Ok(Some(Titular { cuenta, nombre }))
}

/// A new natural person's account, ready to insert.
pub struct NuevaCuentaNatural {
    pub cuenta: cuenta::ActiveModel,
    pub persona: persona_natural::ActiveModel,
}

impl NuevaCuentaNatural {
    /// The credential part; the caller fills `persona`'s address and phones.
    pub fn credencial(
        rut: &Rut,
        email: &Email,
        celular: Option<&Celular>,
        pregunta: Option<(&str, String)>,
        clave_hash: String,
        ahora: i64,
    ) -> cuenta::ActiveModel {
        let (pregunta, respuesta_hash) = pregunta.map(|(p, r)| (p.to_owned(), r)).unzip();
        cuenta::ActiveModel {
            rut: Set(rut.normalizado()),
            tipo: Set("natural".into()),
            email: Set(email.as_str().to_owned()),
            celular: Set(celular.map(Celular::e164)),
            pregunta: Set(pregunta),
            respuesta_hash: Set(respuesta_hash),
            clave_hash: Set(clave_hash),
            clave_provisional_expira_en: Set(None),
            fallos_login: Set(0),
            bloqueos: Set(0),
            bloqueada_hasta: Set(None),
            creado_en: Set(ahora),
            actualizado_en: Set(ahora),
        }
    }

    /// Inserts both rows; a RUT that already has an account is `RutRegistrado`, also when two
    /// registrations race (the primary key decides).
    pub async fn insertar(self, conn: &impl ConnectionTrait) -> Result<(), ErrorServicio> {
        cuenta::Entity::insert(self.cuenta).exec(conn).await.map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ErrorServicio::RutRegistrado,
            _ => e.into(),
        })?;
        persona_natural::Entity::insert(self.persona).exec(conn).await?;
        Ok(())
    }
}

/// The RUT and CS fields of a form that checks a CS: the RUT parsed, both checked at once.
pub fn leer_credenciales(rut: &str, clave: &str, campo_clave: &str, falta_clave: &str) -> Result<Rut, ErrorServicio> {
    let mut errores = crate::formularios::ErroresCampos::default();
    let rut = errores.tomar("rut", Rut::parse(rut));
    if clave.is_empty() {
        errores.agregar(campo_clave, falta_clave);
    }
    rut.filter(|_| errores.is_empty()).ok_or(ErrorServicio::Campos(errores))
}

/// What a correct CS check lets the caller do with a provisional CS.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Provisoria {
    /// Accept it, and spend it: it works once (login, `Cambiar CS`).
    Aceptar,
    /// Refuse it with a message: the person must change it first (`Actualizar datos`).
    Rechazar,
}

/// Checks `clave` for `rut`. Unknown RUT and wrong CS are the same error and take the same
/// time (a dummy hash is verified). Five wrong CS in a row lock the account for a while that
/// doubles with each lock, and the holder is told by email; a correct CS clears the count.
pub async fn verificar_clave(
    svc: &Servicios,
    rut: &Rut,
    clave: String,
    provisoria: Provisoria,
    campo_clave: &str,
    origen: &Origen,
) -> Result<Titular, ErrorServicio> {
    let ahora = svc.ahora();
    let titular = buscar(&svc.db, rut).await?;
    if let Some(hasta) = titular.as_ref().and_then(|t| t.cuenta.bloqueada_hasta).filter(|h| *h > ahora) {
        auditoria::registrar(&svc.db, Evento::IngresoFallido, Some(rut), origen, Some("cuenta bloqueada"), ahora).await?;
        return Err(ErrorServicio::Bloqueada { minutos: (hasta - ahora + 59) / 60 });
    }
    let hash = titular.as_ref().map(|t| t.cuenta.clave_hash.clone());
    let coincide = svc.hasheador.verificar(clave, hash).await?;
    let vigente = titular
        .as_ref()
        .is_some_and(|t| t.cuenta.clave_provisional_expira_en.is_none_or(|expira| expira > ahora));
    let Some(titular) = titular.filter(|_| coincide && vigente) else {
        auditoria::registrar(&svc.db, Evento::IngresoFallido, Some(rut), origen, Some("rut o clave incorrectos"), ahora).await?;
        return Err(contar_fallo(svc, rut, origen).await?);
    };
    if titular.es_provisoria() && provisoria == Provisoria::Rechazar {
        return Err(ErrorServicio::campo(
            campo_clave,
            "Está usando una Clave Sence provisoria: cámbiela primero en Cambiar CS.",
        ));
    }
    let gastar = if titular.es_provisoria() { Some(ahora) } else { titular.cuenta.clave_provisional_expira_en };
    cuenta::Entity::update_many()
        .col_expr(cuenta::Column::FallosLogin, Expr::value(0))
        .col_expr(cuenta::Column::Bloqueos, Expr::value(0))
        .col_expr(cuenta::Column::ClaveProvisionalExpiraEn, Expr::value(gastar))
        .filter(cuenta::Column::Rut.eq(rut.normalizado()))
        .exec(&svc.db)
        .await?;
    Ok(titular)
}

/// Counts a wrong CS against an existing account, locking it at the limit.
async fn contar_fallo(svc: &Servicios, rut: &Rut, origen: &Origen) -> Result<ErrorServicio, ErrorServicio> {
    let ahora = svc.ahora();
    cuenta::Entity::update_many()
        .col_expr(cuenta::Column::FallosLogin, Expr::col(cuenta::Column::FallosLogin).add(1))
        .filter(cuenta::Column::Rut.eq(rut.normalizado()))
        .exec(&svc.db)
        .await?;
    let Some(titular) = buscar(&svc.db, rut).await? else {
        return Ok(ErrorServicio::CredencialesInvalidas);
    };
    if titular.cuenta.fallos_login < FALLOS_PARA_BLOQUEO {
        return Ok(ErrorServicio::CredencialesInvalidas);
    }
    let segundos = duracion_bloqueo(titular.cuenta.bloqueos);
    let minutos = segundos / 60;
    let email = titular.email()?;
    let tx = sea_orm::TransactionTrait::begin(&svc.db).await?;
    // Only the request that resets the count locks (two failing at once lock once).
    let bloqueo = cuenta::Entity::update_many()
        .col_expr(cuenta::Column::FallosLogin, Expr::value(0))
        .col_expr(cuenta::Column::Bloqueos, Expr::col(cuenta::Column::Bloqueos).add(1))
        .col_expr(cuenta::Column::BloqueadaHasta, Expr::value(ahora + segundos))
        .filter(cuenta::Column::Rut.eq(rut.normalizado()))
        .filter(cuenta::Column::FallosLogin.gte(FALLOS_PARA_BLOQUEO))
        .exec(&tx)
        .await?;
    if bloqueo.rows_affected == 1 {
        notificaciones::encolar(&tx, vec![mensajes::bloqueo(&email, &titular.nombre, minutos)], ahora).await?;
        auditoria::registrar(&tx, Evento::Bloqueo, Some(rut), origen, Some("intentos fallidos consecutivos"), ahora).await?;
    }
    tx.commit().await?;
    Ok(ErrorServicio::Bloqueada { minutos })
}

#[cfg(test)]
mod tests {
    use super::duracion_bloqueo;

    #[test]
    fn each_new_lock_doubles_up_to_fifteen_minutes() {
        let minutos: Vec<i64> = (0..6).map(|n| duracion_bloqueo(n) / 60).collect();
        assert_eq!(minutos, [1, 2, 4, 8, 15, 15]);
    }
}
