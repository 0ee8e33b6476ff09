//! Account support for operators: an account's state by RUT or facilitator document, its
//! audit log, and unlocking it. Every lookup is itself audited.

use super::auditoria::{self, Evento, Origen};
use super::cuentas;
use super::entidades::{auditoria as registro, cuenta};
use super::error::ErrorServicio;
use super::operadores::Operador;
use super::Servicios;
use cs_domain::cuenta::{IdCuenta, TipoCuenta};
use cs_domain::mascara::enmascarar_email;
use sea_orm::{prelude::Expr, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

/// The newest events shown with an account.
const EVENTOS_MOSTRADOS: usize = 100;

/// What support sees of an account: never a secret, contact data masked.
#[derive(Clone, Debug)]
pub struct EstadoCuenta {
    pub id: IdCuenta,
    pub tipo: TipoCuenta,
    pub nombre: String,
    pub email: String,
    pub bloqueada_hasta: Option<i64>,
    pub fallos_login: i32,
    /// Until when a provisional CS not yet replaced works.
    pub provisoria_hasta: Option<i64>,
    pub creada_en: i64,
    /// Newest first.
    pub eventos: Vec<registro::Model>,
}

pub async fn consultar(
    svc: &Servicios,
    operador: &Operador,
    id: &IdCuenta,
    origen: &Origen,
) -> Result<Option<EstadoCuenta>, ErrorServicio> {
    let ahora = svc.ahora();
    auditoria::registrar_operacion(
        &svc.db,
        Evento::ConsultaCuenta,
        operador.rut(),
        Some(&id.clave()),
        origen,
        None,
        ahora,
    )
    .await?;
    let Some(titular) = cuentas::buscar_id(&svc.db, id).await? else { return Ok(None) };
    let mut eventos = auditoria::de_sujeto(&svc.db, &id.clave()).await?;
    eventos.reverse();
    eventos.truncate(EVENTOS_MOSTRADOS);
    Ok(Some(EstadoCuenta {
        id: id.clone(),
        tipo: titular.tipo(),
        nombre: titular.nombre(),
        email: enmascarar_email(&titular.email()?),
        bloqueada_hasta: titular.cuenta.bloqueada_hasta.filter(|h| *h > ahora),
        fallos_login: titular.cuenta.fallos_login,
        provisoria_hasta: titular.cuenta.clave_provisional_expira_en.filter(|h| *h > ahora),
        creada_en: titular.cuenta.creado_en,
        eventos,
    }))
}

/// Lifts a lock and forgets the failures that led to it.
pub async fn desbloquear(
    svc: &Servicios,
    operador: &Operador,
    id: &IdCuenta,
    origen: &Origen,
) -> Result<(), ErrorServicio> {
    let ahora = svc.ahora();
    let tx = svc.db.begin().await?;
    let escrito = cuenta::Entity::update_many()
        .col_expr(cuenta::Column::BloqueadaHasta, Expr::value(Option::<i64>::None))
        .col_expr(cuenta::Column::FallosLogin, Expr::value(0))
        .col_expr(cuenta::Column::Bloqueos, Expr::value(0))
        .filter(cuenta::Column::Rut.eq(id.clave()))
        .exec(&tx)
        .await?;
    if escrito.rows_affected != 1 {
        return Err(ErrorServicio::NoEncontrado);
    }
    auditoria::registrar_operacion(&tx, Evento::Desbloqueo, operador.rut(), Some(&id.clave()), origen, None, ahora)
        .await?;
    tx.commit().await?;
    Ok(())
}
