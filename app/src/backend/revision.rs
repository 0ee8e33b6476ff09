//! The operators' review of facilitator requests: the queue, a request with its files, and
//! the decision. A decision is final and only one operator's counts: it is written only if
//! the request is still pending, in the transaction that creates the account or sends the
//! rejection.

use super::auditoria::{self, Evento, Origen};
use super::cuentas::{self, Credencial, NuevaCuenta, NuevoTitular};
use super::entidades::{archivo_solicitud, facilitador, solicitud_facilitador};
use super::error::ErrorServicio;
use super::operadores::Operador;
use super::{mensajes, notificaciones, Servicios};
use crate::formularios::{operador::FALTA_MOTIVO, Campo};
use cs_domain::cuenta::{IdCuenta, TipoCuenta};
use cs_domain::email::Email;
use cs_domain::facilitador::{NumeroDocumento, TipoDocumento};
use cs_domain::provisional::ClaveProvisional;
use cs_domain::rut::Rut;
use sea_orm::{
    prelude::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

/// The most requests one page of the queue lists.
const LARGO_PAGINA: u64 = 200;
const LARGO_MAXIMO_MOTIVO: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EstadoSolicitud {
    Pendiente,
    Aprobada,
    Rechazada,
}

impl EstadoSolicitud {
    pub const TODOS: [EstadoSolicitud; 3] =
        [EstadoSolicitud::Pendiente, EstadoSolicitud::Aprobada, EstadoSolicitud::Rechazada];

    pub fn codigo(self) -> &'static str {
        match self {
            EstadoSolicitud::Pendiente => "pendiente",
            EstadoSolicitud::Aprobada => "aprobada",
            EstadoSolicitud::Rechazada => "rechazada",
        }
    }

    pub fn desde_codigo(codigo: &str) -> Option<EstadoSolicitud> {
        Self::TODOS.into_iter().find(|e| e.codigo() == codigo)
    }
}

/// What the queue may be narrowed to.
#[derive(Clone, Debug, Default)]
pub struct FiltroCola {
    pub estado: Option<EstadoSolicitud>,
    pub empresa: Option<Rut>,
}

/// Pending requests first, oldest first (the order they should be decided in); then the
/// decided ones, most recent decision first.
pub async fn cola(
    svc: &Servicios,
    _operador: &Operador,
    filtro: &FiltroCola,
) -> Result<Vec<solicitud_facilitador::Model>, ErrorServicio> {
    let de_la_empresa = |consulta: sea_orm::Select<solicitud_facilitador::Entity>| match &filtro.empresa {
        Some(rut) => consulta.filter(solicitud_facilitador::Column::EmpresaRut.eq(rut.normalizado())),
        None => consulta,
    };
    let mut filas = Vec::new();
    for estado in EstadoSolicitud::TODOS.into_iter().filter(|e| filtro.estado.is_none_or(|f| f == *e)) {
        let consulta = de_la_empresa(solicitud_facilitador::Entity::find())
            .filter(solicitud_facilitador::Column::Estado.eq(estado.codigo()));
        let ordenada = match estado {
            EstadoSolicitud::Pendiente => consulta.order_by_asc(solicitud_facilitador::Column::CreadaEn),
            _ => consulta.order_by_desc(solicitud_facilitador::Column::DecididaEn),
        };
        let restantes = LARGO_PAGINA.saturating_sub(filas.len() as u64);
        filas.extend(ordenada.order_by_asc(solicitud_facilitador::Column::Id).limit(restantes).all(&svc.db).await?);
    }
    Ok(filas)
}

/// A file's description, without its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchivoListado {
    pub id: i64,
    pub rol: String,
    pub formato: String,
    pub nombre: String,
    pub tamano: i32,
}

/// A request with its files' descriptions; reading its personal data is audited.
pub async fn detalle(
    svc: &Servicios,
    operador: &Operador,
    numero: i64,
    origen: &Origen,
) -> Result<(solicitud_facilitador::Model, Vec<ArchivoListado>), ErrorServicio> {
    let solicitud =
        solicitud_facilitador::Entity::find_by_id(numero).one(&svc.db).await?.ok_or(ErrorServicio::NoEncontrado)?;
    auditoria::registrar_operacion(
        &svc.db,
        Evento::ConsultaSolicitud,
        operador.rut(),
        Some(&solicitud.empresa_rut),
        origen,
        Some(&numero.to_string()),
        svc.ahora(),
    )
    .await?;
    let archivos = archivo_solicitud::Entity::find()
        .select_only()
        .columns([
            archivo_solicitud::Column::Id,
            archivo_solicitud::Column::Rol,
            archivo_solicitud::Column::Formato,
            archivo_solicitud::Column::Nombre,
            archivo_solicitud::Column::Tamano,
        ])
        .filter(archivo_solicitud::Column::Solicitud.eq(numero))
        .order_by_asc(archivo_solicitud::Column::Id)
        .into_tuple::<(i64, String, String, String, i32)>()
        .all(&svc.db)
        .await?
        .into_iter()
        .map(|(id, rol, formato, nombre, tamano)| ArchivoListado { id, rol, formato, nombre, tamano })
        .collect();
    Ok((solicitud, archivos))
}

/// A request's file, for an operator only; the opening is audited.
pub async fn archivo(
    svc: &Servicios,
    operador: &Operador,
    id: i64,
    origen: &Origen,
) -> Result<archivo_solicitud::Model, ErrorServicio> {
    let fila = archivo_solicitud::Entity::find_by_id(id)
        .filter(archivo_solicitud::Column::Solicitud.is_not_null())
        .one(&svc.db)
        .await?
        .ok_or(ErrorServicio::NoEncontrado)?;
    let detalle = format!("solicitud {} archivo {id}", fila.solicitud.unwrap_or_default());
    auditoria::registrar_operacion(
        &svc.db,
        Evento::ArchivoConsultado,
        operador.rut(),
        None,
        origen,
        Some(&detalle),
        svc.ahora(),
    )
    .await?;
    Ok(fila)
}

fn documento_de(s: &solicitud_facilitador::Model) -> Result<IdCuenta, ErrorServicio> {
    let tipo = TipoDocumento::parse(&s.tipo_documento).map_err(|e| ErrorServicio::por("tipo de documento", e))?;
    let numero =
        NumeroDocumento::parse(&s.numero_documento).map_err(|e| ErrorServicio::por("número de documento", e))?;
    Ok(IdCuenta::Documento { tipo, numero })
}

fn email_guardado(texto: &str) -> Result<Email, ErrorServicio> {
    Email::parse(texto).map_err(|e| ErrorServicio::por("email guardado inválido", e))
}

/// Marks a pending request decided; `Err(YaDecidida)` when another operator got there first.
async fn decidir(
    tx: &impl sea_orm::ConnectionTrait,
    numero: i64,
    estado: EstadoSolicitud,
    motivo: Option<String>,
    operador: &Operador,
    ahora: i64,
) -> Result<(), ErrorServicio> {
    let escrito = solicitud_facilitador::Entity::update_many()
        .col_expr(solicitud_facilitador::Column::Estado, Expr::value(estado.codigo()))
        .col_expr(solicitud_facilitador::Column::Abierta, Expr::value(Option::<String>::None))
        .col_expr(solicitud_facilitador::Column::Motivo, Expr::value(motivo))
        .col_expr(solicitud_facilitador::Column::Operador, Expr::value(operador.rut().normalizado()))
        .col_expr(solicitud_facilitador::Column::DecididaEn, Expr::value(ahora))
        .filter(solicitud_facilitador::Column::Id.eq(numero))
        .filter(solicitud_facilitador::Column::Estado.eq(EstadoSolicitud::Pendiente.codigo()))
        .exec(tx)
        .await?;
    if escrito.rows_affected == 1 {
        Ok(())
    } else {
        Err(ErrorServicio::YaDecidida)
    }
}

async fn pendiente(svc: &Servicios, numero: i64) -> Result<solicitud_facilitador::Model, ErrorServicio> {
    let s = solicitud_facilitador::Entity::find_by_id(numero).one(&svc.db).await?.ok_or(ErrorServicio::NoEncontrado)?;
    if s.estado != EstadoSolicitud::Pendiente.codigo() {
        return Err(ErrorServicio::YaDecidida);
    }
    Ok(s)
}

/// `Aprobar`: creates the facilitator's account with a provisional CS (emailed to them; it
/// must be changed at the first login) and tells the company.
#[tracing::instrument(skip_all, fields(solicitud = numero))]
pub async fn aprobar(svc: &Servicios, operador: &Operador, numero: i64, origen: &Origen) -> Result<(), ErrorServicio> {
    let s = pendiente(svc, numero).await?;
    let id = documento_de(&s)?;
    let email = email_guardado(&s.email)?;
    let empresa = Rut::parse(&s.empresa_rut).map_err(|e| ErrorServicio::por("RUT de empresa guardado", e))?;
    let email_empresa = cuentas::buscar(&svc.db, &empresa)
        .await?
        .map(|t| t.email())
        .transpose()?
        .ok_or_else(|| ErrorServicio::interno(format!("la empresa {empresa} ya no tiene cuenta")))?;
    let clave = ClaveProvisional::generar(&mut rand::rngs::OsRng);
    let clave_hash = svc.hasheador.hashear(clave.expose()).await?;
    let ahora = svc.ahora();
    let mut fila = Credencial {
        cuenta: &id,
        tipo: TipoCuenta::Facilitador,
        email: &email,
        celular: None,
        pregunta: Some((s.pregunta.as_str(), s.respuesta_hash.clone())),
        clave_hash,
    }
    .fila(ahora);
    fila.clave_provisional_expira_en = Set(Some(ahora + svc.ajustes.duracion_clave_provisional_segundos));
    let nueva = NuevaCuenta {
        cuenta: fila,
        titular: NuevoTitular::Facilitador(facilitador::ActiveModel {
            cuenta: Set(id.clave()),
            solicitud: Set(Some(s.id)),
            empresa_rut: Set(s.empresa_rut.clone()),
            tipo_documento: Set(s.tipo_documento.clone()),
            numero_documento: Set(s.numero_documento.clone()),
            pais: Set(s.pais.clone()),
            nombres: Set(s.nombres.clone()),
            apellido_paterno: Set(s.apellido_paterno.clone()),
            apellido_materno: Set(s.apellido_materno.clone()),
            sexo: Set(s.sexo.clone()),
            fecha_nacimiento: Set(s.fecha_nacimiento.clone()),
            estado_civil: Set(s.estado_civil.clone()),
            hijos: Set(s.hijos),
        }),
    };
    let ingresar = format!("{}/ingresar", svc.ajustes.url_publica.trim_end_matches('/'));
    let avisos = mensajes::solicitud_aprobada(
        &email_empresa,
        &email,
        numero,
        &s.nombre_completo(),
        &id.to_string(),
        clave.expose(),
        &ingresar,
    );
    let (operador, origen) = (operador.clone(), origen.clone());
    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                decidir(tx, numero, EstadoSolicitud::Aprobada, None, &operador, ahora).await?;
                nueva.insertar(tx).await.map_err(|e| match e {
                    ErrorServicio::RutRegistrado => ErrorServicio::campo(
                        Campo::Motivo,
                        "Este documento ya tiene una Clave Sence: rechace la solicitud indicando el motivo.",
                    ),
                    otro => otro,
                })?;
                notificaciones::encolar(tx, avisos, ahora).await?;
                auditoria::registrar_operacion(
                    tx,
                    Evento::SolicitudAprobada,
                    operador.rut(),
                    Some(&id.clave()),
                    &origen,
                    Some(&numero.to_string()),
                    ahora,
                )
                .await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// `Rechazar` with the reason the company and the facilitator are sent.
#[tracing::instrument(skip_all, fields(solicitud = numero))]
pub async fn rechazar(
    svc: &Servicios,
    operador: &Operador,
    numero: i64,
    motivo: &str,
    origen: &Origen,
) -> Result<(), ErrorServicio> {
    let motivo = motivo.split_whitespace().collect::<Vec<_>>().join(" ");
    if motivo.is_empty() {
        return Err(ErrorServicio::campo(Campo::Motivo, FALTA_MOTIVO));
    }
    if motivo.chars().count() > LARGO_MAXIMO_MOTIVO {
        return Err(ErrorServicio::campo(
            Campo::Motivo,
            format!("El motivo puede tener como máximo {LARGO_MAXIMO_MOTIVO} caracteres."),
        ));
    }
    let s = pendiente(svc, numero).await?;
    let email = email_guardado(&s.email)?;
    let empresa = Rut::parse(&s.empresa_rut).map_err(|e| ErrorServicio::por("RUT de empresa guardado", e))?;
    let email_empresa = match cuentas::buscar(&svc.db, &empresa).await? {
        Some(t) => t.email()?,
        None => email.clone(),
    };
    let avisos = mensajes::solicitud_rechazada(&email_empresa, &email, numero, &s.nombre_completo(), &motivo);
    let ahora = svc.ahora();
    let (operador, origen) = (operador.clone(), origen.clone());
    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                decidir(tx, numero, EstadoSolicitud::Rechazada, Some(motivo), &operador, ahora).await?;
                notificaciones::encolar(tx, avisos, ahora).await?;
                auditoria::registrar_operacion(
                    tx,
                    Evento::SolicitudRechazada,
                    operador.rut(),
                    Some(&empresa.normalizado()),
                    &origen,
                    Some(&numero.to_string()),
                    ahora,
                )
                .await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// For a facilitator logging in before having an account: the state of their latest
/// request, as the login's message. `Ok` when there is an account (or nothing to say).
pub async fn sin_cuenta_aun(svc: &Servicios, id: &IdCuenta) -> Result<(), ErrorServicio> {
    let IdCuenta::Documento { tipo, numero } = id else { return Ok(()) };
    if cuentas::buscar_id(&svc.db, id).await?.is_some() {
        return Ok(());
    }
    let ultima = solicitud_facilitador::Entity::find()
        .filter(solicitud_facilitador::Column::TipoDocumento.eq(tipo.codigo()))
        .filter(solicitud_facilitador::Column::NumeroDocumento.eq(numero.as_str()))
        .order_by_desc(solicitud_facilitador::Column::Id)
        .one(&svc.db)
        .await?;
    match ultima.as_ref().and_then(|s| EstadoSolicitud::desde_codigo(&s.estado).map(|e| (s.id, e))) {
        Some((numero, EstadoSolicitud::Pendiente)) => Err(ErrorServicio::SolicitudEnRevision { numero }),
        Some((numero, EstadoSolicitud::Rechazada)) => Err(ErrorServicio::SolicitudRechazada { numero }),
        _ => Ok(()),
    }
}
