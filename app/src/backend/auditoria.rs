//! Records every credential event, and answers the questions the attempt limits ask of it
//! ("how many identity checks failed for this RUT today?"). The log never holds a secret: no
//! CS, answer, serial number or provisional CS, only what happened and to whom.

use super::entidades::auditoria;
use super::error::ErrorServicio;
use cs_domain::{cuenta::IdCuenta, rut::Rut};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// Where a request came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origen {
    pub ip: String,
    pub agente: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evento {
    Registro,
    RecuperacionIniciada,
    IdentidadValidada,
    RecuperacionFallida,
    RecuperacionCompletada,
    CambioClave,
    ActualizacionDatos,
    IngresoOk,
    IngresoFallido,
    /// A platform received a code for the account (OpenID Connect); `detalle` names it.
    IngresoPlataforma,
    Bloqueo,
    Desbloqueo,
    /// A company sent a facilitator request; `detalle` is its number.
    SolicitudFacilitador,
    SolicitudAprobada,
    SolicitudRechazada,
    IngresoOperador,
    IngresoOperadorFallido,
    /// An operator looked up an account (its state and log).
    ConsultaCuenta,
    /// An operator opened a request's file.
    ArchivoConsultado,
    /// An operator read a request with the facilitator's personal data.
    ConsultaSolicitud,
}

impl Evento {
    pub fn codigo(self) -> &'static str {
        match self {
            Evento::Registro => "registro",
            Evento::RecuperacionIniciada => "recuperacion_iniciada",
            Evento::IdentidadValidada => "identidad_validada",
            Evento::RecuperacionFallida => "recuperacion_fallida",
            Evento::RecuperacionCompletada => "recuperacion_completada",
            Evento::CambioClave => "cambio_clave",
            Evento::ActualizacionDatos => "actualizacion_datos",
            Evento::IngresoOk => "ingreso_ok",
            Evento::IngresoFallido => "ingreso_fallido",
            Evento::IngresoPlataforma => "ingreso_plataforma",
            Evento::Bloqueo => "bloqueo",
            Evento::Desbloqueo => "desbloqueo",
            Evento::SolicitudFacilitador => "solicitud_facilitador",
            Evento::SolicitudAprobada => "solicitud_aprobada",
            Evento::SolicitudRechazada => "solicitud_rechazada",
            Evento::IngresoOperador => "ingreso_operador",
            Evento::IngresoOperadorFallido => "ingreso_operador_fallido",
            Evento::ConsultaCuenta => "consulta_cuenta",
            Evento::ArchivoConsultado => "archivo_consultado",
            Evento::ConsultaSolicitud => "consulta_solicitud",
        }
    }
}

/// One event; `detalle` is a fixed reason, `None` on success.
#[tracing::instrument(skip_all, fields(evento = evento.codigo()))]
pub async fn registrar(
    conn: &impl ConnectionTrait,
    evento: Evento,
    rut: Option<&Rut>,
    origen: &Origen,
    detalle: Option<&str>,
    en: i64,
) -> Result<(), ErrorServicio> {
    insertar(conn, evento, rut.map(Rut::normalizado), None, origen, detalle, en).await
}

/// One event of an account of any kind (a facilitator has no RUT).
pub async fn registrar_cuenta(
    conn: &impl ConnectionTrait,
    evento: Evento,
    cuenta: &IdCuenta,
    origen: &Origen,
    detalle: Option<&str>,
    en: i64,
) -> Result<(), ErrorServicio> {
    insertar(conn, evento, Some(cuenta.clave()), None, origen, detalle, en).await
}

/// One event of the back office: `operador` acted, on the account or request `sujeto` (an
/// account key, a company RUT), if any.
#[tracing::instrument(skip_all, fields(evento = evento.codigo()))]
pub async fn registrar_operacion(
    conn: &impl ConnectionTrait,
    evento: Evento,
    operador: &Rut,
    sujeto: Option<&str>,
    origen: &Origen,
    detalle: Option<&str>,
    en: i64,
) -> Result<(), ErrorServicio> {
    insertar(conn, evento, sujeto.map(str::to_owned), Some(operador.normalizado()), origen, detalle, en).await
}

async fn insertar(
    conn: &impl ConnectionTrait,
    evento: Evento,
    sujeto: Option<String>,
    operador: Option<String>,
    origen: &Origen,
    detalle: Option<&str>,
    en: i64,
) -> Result<(), ErrorServicio> {
    let resultado = match evento {
        Evento::RecuperacionFallida | Evento::IngresoFallido | Evento::IngresoOperadorFallido => "fallo",
        _ => "ok",
    };
    auditoria::Entity::insert(auditoria::ActiveModel {
        en: Set(en),
        evento: Set(evento.codigo().into()),
        rut: Set(sujeto),
        ip: Set(origen.ip.clone()),
        agente: Set(origen.agente.chars().take(200).collect()),
        resultado: Set(resultado.into()),
        detalle: Set(detalle.map(|d| d.chars().take(200).collect())),
        operador: Set(operador),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

/// Failed identity checks since `desde`, for a RUT and from an IP.
#[tracing::instrument(skip_all)]
pub async fn fallos_recientes(
    conn: &impl ConnectionTrait,
    cuenta: &IdCuenta,
    ip: &str,
    desde_rut: i64,
    desde_ip: i64,
) -> Result<(u64, u64), ErrorServicio> {
    let fallidos =
        || auditoria::Entity::find().filter(auditoria::Column::Evento.eq(Evento::RecuperacionFallida.codigo()));
    let por_rut = fallidos()
        .filter(auditoria::Column::Rut.eq(cuenta.clave()))
        .filter(auditoria::Column::En.gte(desde_rut))
        .count(conn)
        .await?;
    let por_ip =
        fallidos().filter(auditoria::Column::Ip.eq(ip)).filter(auditoria::Column::En.gte(desde_ip)).count(conn).await?;
    Ok((por_rut, por_ip))
}

/// A RUT's events, oldest first (the `server auditoria` command).
pub async fn de_rut(conn: &impl ConnectionTrait, rut: &Rut) -> Result<Vec<auditoria::Model>, ErrorServicio> {
    de_sujeto(conn, &rut.normalizado()).await
}

/// The events of an account or company by its key, oldest first.
#[tracing::instrument(skip_all)]
pub async fn de_sujeto(conn: &impl ConnectionTrait, clave: &str) -> Result<Vec<auditoria::Model>, ErrorServicio> {
    Ok(auditoria::Entity::find()
        .filter(auditoria::Column::Rut.eq(clave))
        .order_by_asc(auditoria::Column::Id)
        .all(conn)
        .await?)
}
