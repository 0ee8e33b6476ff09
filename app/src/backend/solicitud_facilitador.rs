//! J5 "Solicitud de CS para Facilitador Extranjero" (guide §5): a company, through a current
//! legal representative and its own CS, asks SENCE for a CS for a foreign trainer, with a
//! signed sworn declaration and the trainer's ID document. Files are judged by content before
//! anything is stored; the request waits for an operator (see `revision`).

use super::archivos::{self, FormatoArchivo};
use super::auditoria::{self, Evento, Origen};
use super::cambio_clave::validar_credenciales;
use super::cuentas::{self, Provisoria};
use super::entidades::{archivo_solicitud, solicitud_facilitador};
use super::error::ErrorServicio;
use super::flujos::{self, Flujo};
use super::{calendario, captcha, mensajes, notificaciones, plantilla_declaracion, Servicios};
use crate::formularios::{credenciales::EntradaCredenciales, facilitador::FormFacilitador, Campo};
use cs_domain::cuenta::{IdCuenta, TipoCuenta};
use cs_domain::flujo::{EstadoSolicitudFacilitador, PasoSolicitudFacilitador as Paso, SolicitudFacilitador};
use sea_orm::{
    prelude::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use secrecy::ExposeSecret;

/// Requests one company may send in 24 hours: enough for a training programme, too few to
/// flood the operators' queue.
pub const LIMITE_DIARIO_POR_EMPRESA: u64 = 10;

/// What an uploaded file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolArchivo {
    /// `Subir Solicitud`: the signed sworn declaration.
    Declaracion,
    /// `Documento de Identificación`: the facilitator's ID document.
    Documento,
}

impl RolArchivo {
    pub fn codigo(self) -> &'static str {
        match self {
            RolArchivo::Declaracion => "declaracion",
            RolArchivo::Documento => "documento",
        }
    }

    pub fn desde_codigo(codigo: &str) -> Option<RolArchivo> {
        [RolArchivo::Declaracion, RolArchivo::Documento].into_iter().find(|r| r.codigo() == codigo)
    }

    /// The field its refusal is shown at.
    pub fn campo(self) -> Campo {
        match self {
            RolArchivo::Declaracion => Campo::Declaracion,
            RolArchivo::Documento => Campo::DocumentoIdentificacion,
        }
    }

    fn paso(self) -> Paso {
        match self {
            RolArchivo::Declaracion => Paso::AdjuntarDeclaracion,
            RolArchivo::Documento => Paso::AdjuntarDocumento,
        }
    }
}

async fn cargar(svc: &Servicios, flujo_id: &str) -> Result<Flujo<SolicitudFacilitador>, ErrorServicio> {
    flujos::cargar::<SolicitudFacilitador>(&svc.db, flujo_id, svc.ahora()).await
}

/// `Validar`: the captcha, then the company's RUT, a current legal representative and the
/// company's CS. A wrong CS counts towards the company's lockout as a failed login does.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn validar_empresa(
    svc: &Servicios,
    flujo_id: &str,
    entrada: &EntradaCredenciales,
    captcha_id: &str,
    captcha_respuesta: &str,
    origen: &Origen,
) -> Result<(), ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&Paso::ValidarEmpresa)?;
    entrada.validar(TipoCuenta::Juridica, Campo::Clave)?;
    captcha::verificar(svc, flujo_id, captcha_id, captcha_respuesta).await?;
    let (_, flujo) = validar_credenciales(svc, flujo, entrada, Campo::Clave, Provisoria::Rechazar, origen).await?;
    flujo.avanzar(&svc.db, &Paso::ValidarEmpresa).await?;
    Ok(())
}

/// The sworn-declaration template with the company's name and RUT, once the company is
/// validated.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn plantilla(svc: &Servicios, flujo_id: &str) -> Result<Vec<u8>, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    if flujo.estado == EstadoSolicitudFacilitador::EmpresaPendiente {
        return Err(cs_domain::flujo::ErrorFlujo::FueraDeOrden.into());
    }
    let rut = flujo.rut()?;
    let empresa = cuentas::buscar_de(&svc.db, &IdCuenta::Rut(rut), TipoCuenta::Juridica)
        .await?
        .ok_or(ErrorServicio::CredencialesInvalidas)?;
    let razon_social = empresa.nombre();
    tokio::task::spawn_blocking(move || plantilla_declaracion::declaracion_jurada(&razon_social, &rut.to_string()))
        .await
        .map_err(|e| ErrorServicio::por("plantilla interrumpida", e))?
        .map_err(|e| ErrorServicio::por("plantilla de declaración jurada", e))
}

fn permisos_de_examen() -> &'static tokio::sync::Semaphore {
    static PERMISOS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMISOS
        .get_or_init(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map(usize::from).unwrap_or(2)))
}

/// Keeps what a name may show an operator: no path, no control characters, bounded.
fn nombre_limpio(nombre: &str) -> String {
    let base = nombre.rsplit(['/', '\\']).next().unwrap_or_default();
    let limpio: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if limpio.trim().is_empty() {
        "archivo".into()
    } else {
        limpio
    }
}

/// Stores an uploaded file for the flow (replacing the previous one of its role), after its
/// content proved to be what its name says. A refused file leaves nothing behind.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id, rol = rol.codigo(), bytes = contenido.len()))]
pub async fn adjuntar(
    svc: &Servicios,
    flujo_id: &str,
    rol: RolArchivo,
    nombre: &str,
    contenido: Vec<u8>,
) -> Result<FormatoArchivo, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&rol.paso())?;
    let nombre = nombre_limpio(nombre);
    let (formato, contenido) = {
        let nombre = nombre.clone();
        // A file is decoded whole (an image may take up to 64 MiB): as many at once as cores.
        let _permiso =
            permisos_de_examen().acquire().await.map_err(|e| ErrorServicio::por("semáforo de archivos", e))?;
        tokio::task::spawn_blocking(move || archivos::examinar(&nombre, &contenido).map(|f| (f, contenido)))
            .await
            .map_err(|e| ErrorServicio::por("revisión de archivo interrumpida", e))?
            .map_err(|rechazo| ErrorServicio::campo(rol.campo(), rechazo.to_string()))?
    };
    let ahora = svc.ahora();
    let flujo_id = flujo_id.to_owned();
    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                let flujo = flujos::cargar::<SolicitudFacilitador>(tx, &flujo_id, ahora).await?;
                archivo_solicitud::Entity::delete_many()
                    .filter(archivo_solicitud::Column::Flujo.eq(flujo_id.as_str()))
                    .filter(archivo_solicitud::Column::Rol.eq(rol.codigo()))
                    .exec(tx)
                    .await?;
                archivo_solicitud::Entity::insert(archivo_solicitud::ActiveModel {
                    flujo: Set(Some(flujo_id.clone())),
                    solicitud: Set(None),
                    rol: Set(rol.codigo().into()),
                    formato: Set(formato.codigo().into()),
                    nombre: Set(nombre),
                    tamano: Set(i32::try_from(contenido.len()).unwrap_or(i32::MAX)),
                    contenido: Set(contenido),
                    creado_en: Set(ahora),
                    ..Default::default()
                })
                .exec(tx)
                .await?;
                flujo.avanzar(tx, &rol.paso()).await?;
                Ok(())
            })
        })
        .await?;
    Ok(formato)
}

/// `Realizar solicitud`: the facilitator's data with their ID document already uploaded.
/// Returns the request number.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn realizar(
    svc: &Servicios,
    flujo_id: &str,
    form: &FormFacilitador,
    origen: &Origen,
) -> Result<i64, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&Paso::RealizarSolicitud)?;
    let ahora = svc.ahora();
    let datos = form.validar(calendario::hoy(ahora))?;
    let documento_adjunto = archivo_solicitud::Entity::find()
        .filter(archivo_solicitud::Column::Flujo.eq(flujo_id))
        .filter(archivo_solicitud::Column::Rol.eq(RolArchivo::Documento.codigo()))
        .count(&svc.db)
        .await?
        > 0;
    if !documento_adjunto {
        return Err(ErrorServicio::campo(
            Campo::DocumentoIdentificacion,
            "Adjunte el documento de identificación del facilitador.",
        ));
    }
    let empresa_rut = flujo.rut()?;
    let representante = flujo.representante().ok_or(cs_domain::flujo::ErrorFlujo::FueraDeOrden)?;
    let empresa = cuentas::buscar_de(&svc.db, &IdCuenta::Rut(empresa_rut), TipoCuenta::Juridica)
        .await?
        .ok_or(ErrorServicio::CredencialesInvalidas)?;
    let cuenta = IdCuenta::Documento { tipo: datos.tipo_documento, numero: datos.numero_documento.clone() };
    if cuentas::buscar_id(&svc.db, &cuenta).await?.is_some() {
        return Err(ErrorServicio::campo(
            Campo::NumeroDocumento,
            "Este documento ya tiene una Clave Sence. Si el facilitador no la recuerda, puede recuperarla.",
        ));
    }
    let del_dia = solicitud_facilitador::Entity::find()
        .filter(solicitud_facilitador::Column::EmpresaRut.eq(empresa_rut.normalizado()))
        .filter(solicitud_facilitador::Column::CreadaEn.gt(ahora - 24 * 3600))
        .count(&svc.db)
        .await?;
    if del_dia >= LIMITE_DIARIO_POR_EMPRESA {
        return Err(ErrorServicio::LimiteSolicitudes { limite: LIMITE_DIARIO_POR_EMPRESA });
    }
    let respuesta_hash = svc.hasheador.hashear(datos.respuesta.normalizada().expose_secret()).await?;
    let nombre = datos.nombre_completo();
    let (email_empresa, razon_social, email_facilitador) = (empresa.email()?, empresa.nombre(), datos.email.clone());
    let abierta = format!("{}:{}", datos.pais.codigo(), cuenta.clave());
    let fila = solicitud_facilitador::ActiveModel {
        empresa_rut: Set(empresa_rut.normalizado()),
        representante_rut: Set(representante.normalizado()),
        tipo_documento: Set(datos.tipo_documento.codigo().into()),
        numero_documento: Set(datos.numero_documento.as_str().into()),
        pais: Set(datos.pais.codigo().into()),
        nombres: Set(datos.nombres.as_str().into()),
        apellido_paterno: Set(datos.apellido_paterno.as_str().into()),
        apellido_materno: Set(datos.apellido_materno.as_ref().map(|a| a.as_str().into())),
        sexo: Set(datos.sexo.codigo().into()),
        fecha_nacimiento: Set(datos.fecha_nacimiento.iso()),
        estado_civil: Set(datos.estado_civil.codigo().into()),
        hijos: Set(i32::from(datos.hijos.valor())),
        email: Set(datos.email.as_str().into()),
        pregunta: Set(datos.pregunta.codigo().into()),
        respuesta_hash: Set(respuesta_hash),
        estado: Set(super::revision::EstadoSolicitud::Pendiente.codigo().into()),
        abierta: Set(Some(abierta)),
        motivo: Set(None),
        operador: Set(None),
        decidida_en: Set(None),
        creada_en: Set(ahora),
        ..Default::default()
    };
    let flujo_id = flujo_id.to_owned();
    let origen = origen.clone();
    let numero = svc
        .db
        .transaction::<_, i64, ErrorServicio>(move |tx| {
            Box::pin(async move {
                let flujo = flujos::cargar::<SolicitudFacilitador>(tx, &flujo_id, ahora).await?;
                let numero = match solicitud_facilitador::Entity::insert(fila).exec(tx).await {
                    Ok(r) => r.last_insert_id,
                    Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
                        return Err(ErrorServicio::campo(
                            Campo::NumeroDocumento,
                            "Ya existe una solicitud en revisión para este documento.",
                        ))
                    }
                    Err(e) => return Err(e.into()),
                };
                archivo_solicitud::Entity::update_many()
                    .col_expr(archivo_solicitud::Column::Solicitud, Expr::value(numero))
                    .col_expr(archivo_solicitud::Column::Flujo, Expr::value(Option::<String>::None))
                    .filter(archivo_solicitud::Column::Flujo.eq(flujo_id.as_str()))
                    .exec(tx)
                    .await?;
                let avisos =
                    mensajes::solicitud_recibida(&email_empresa, &email_facilitador, numero, &razon_social, &nombre);
                notificaciones::encolar(tx, avisos, ahora).await?;
                auditoria::registrar(
                    tx,
                    Evento::SolicitudFacilitador,
                    Some(&empresa_rut),
                    &origen,
                    Some(&numero.to_string()),
                    ahora,
                )
                .await?;
                flujo.avanzar(tx, &Paso::RealizarSolicitud).await?;
                Ok(numero)
            })
        })
        .await?;
    Ok(numero)
}

/// Drops files of flows that ended without a request (called with the expired flows).
pub async fn limpiar_huerfanos(svc: &Servicios) -> Result<(), ErrorServicio> {
    let limite = svc.ahora() - svc.ajustes.duracion_flujo_segundos - 3600;
    archivo_solicitud::Entity::delete_many()
        .filter(archivo_solicitud::Column::Solicitud.is_null())
        .filter(archivo_solicitud::Column::CreadoEn.lt(limite))
        .exec(&svc.db)
        .await?;
    Ok(())
}
