//! Actualizar datos (guide N §5; the company's version the guide leaves out), one procedure
//! for every kind of account: the account and its CS (for a company, also a current legal
//! representative), then the secret question (an account without one sets it here), then the
//! data: a person's contact data; a company's contact data, address and legal representatives,
//! each new one checked with the SII and the Registro Civil. A notice goes to the email on file
//! before the change, and to the new one.

use super::auditoria::{self, Evento, Origen};
use super::cambio_clave::validar_credenciales;
use super::cuentas::{self, DatosTitular, Provisoria, Titular};
use super::entidades::{cuenta, empresa, persona_natural, representante_legal};
use super::error::ErrorServicio;
use super::flujos::{self, Flujo};
use super::identidad;
use super::{captcha, mensajes, notificaciones, Servicios};
use crate::formularios::{
    actualizar::{Actualizados, ContactoPersona, DatosActualizables, DatosEmpresa, EntradaPregunta, PasoPregunta},
    credenciales::EntradaCredenciales,
    mensajes::RESPUESTA_INCORRECTA,
    secciones::{FormDomicilio, FormRepresentante, NuevoRepresentante},
    Campo,
};
use cs_domain::flujo::{Actualizacion, ErrorFlujo, EstadoActualizacion, PasoActualizacion};
use cs_domain::{rut::Rut, telefono::Celular, territorio::CodigoComuna};
use sea_orm::{
    prelude::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use secrecy::ExposeSecret;

async fn cargar(svc: &Servicios, flujo_id: &str) -> Result<Flujo<Actualizacion>, ErrorServicio> {
    flujos::cargar::<Actualizacion>(&svc.db, flujo_id, svc.ahora()).await
}

async fn titular_del_flujo(svc: &Servicios, flujo: &Flujo<Actualizacion>) -> Result<Titular, ErrorServicio> {
    cuentas::buscar_de(&svc.db, &flujo.cuenta_id()?, flujo.cuenta()).await?.ok_or(ErrorServicio::CredencialesInvalidas)
}

/// The account and its CS; a provisional CS is refused (it must be changed first).
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn validar(
    svc: &Servicios,
    flujo_id: &str,
    entrada: &EntradaCredenciales,
    origen: &Origen,
) -> Result<PasoPregunta, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoActualizacion::ValidarClave { tiene_pregunta: true })?;
    let (titular, flujo) =
        validar_credenciales(svc, flujo, entrada, Campo::Clave, Provisoria::Rechazar, origen).await?;
    let pregunta = titular.pregunta();
    flujo.avanzar(&svc.db, &PasoActualizacion::ValidarClave { tiene_pregunta: pregunta.is_some() }).await?;
    Ok(match pregunta {
        Some(p) => PasoPregunta::Responder(p.texto().to_owned()),
        None => PasoPregunta::Definir,
    })
}

/// Answers the question, or sets one when the account has none. Returns the data on file, to
/// pre-fill the form.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn pregunta(
    svc: &Servicios,
    flujo_id: &str,
    entrada: &EntradaPregunta,
    origen: &Origen,
) -> Result<DatosActualizables, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    let definir = flujo.estado == EstadoActualizacion::PreguntaPorDefinir;
    let paso = if definir { PasoActualizacion::DefinirPregunta } else { PasoActualizacion::ResponderPregunta };
    flujo.admite(&paso)?;
    let rut = flujo.rut()?;
    let respuesta = entrada.validar(definir)?;
    let titular = titular_del_flujo(svc, &flujo).await?;
    let ahora = svc.ahora();
    match respuesta.nueva {
        Some(nueva) => {
            let respuesta_hash = svc.hasheador.hashear(respuesta.respuesta.normalizada().expose_secret()).await?;
            let tx = svc.db.begin().await?;
            cuenta::Entity::update_many()
                .col_expr(cuenta::Column::Pregunta, Expr::value(nueva.codigo()))
                .col_expr(cuenta::Column::RespuestaHash, Expr::value(respuesta_hash))
                .col_expr(cuenta::Column::ActualizadoEn, Expr::value(ahora))
                .filter(cuenta::Column::Rut.eq(rut.normalizado()))
                .exec(&tx)
                .await?;
            flujos::cargar::<Actualizacion>(&tx, flujo_id, ahora).await?.avanzar(&tx, &paso).await?;
            tx.commit().await?;
        }
        None => {
            let correcta = svc
                .hasheador
                .verificar(respuesta.respuesta.normalizada().expose_secret(), titular.cuenta.respuesta_hash.clone())
                .await?;
            if !correcta {
                flujos::registrar_fallo(&svc.db, flujo_id).await?;
                let detalle = Some("respuesta incorrecta (actualizar datos)");
                auditoria::registrar(&svc.db, Evento::IngresoFallido, Some(&rut), origen, detalle, ahora).await?;
                return Err(ErrorServicio::campo(Campo::Respuesta, RESPUESTA_INCORRECTA));
            }
            flujo.avanzar(&svc.db, &paso).await?;
        }
    }
    en_archivo(&titular)
}

fn texto_opcional(texto: &Option<String>) -> String {
    texto.clone().unwrap_or_default()
}

/// The data on file, as the form shows them.
fn en_archivo(titular: &Titular) -> Result<DatosActualizables, ErrorServicio> {
    let ocho_digitos = |c: &str| Celular::parse(c).map(|c| c.ocho_digitos().to_owned()).unwrap_or_default();
    Ok(match &titular.datos {
        // No Actualizar datos flow exists for facilitators: their data come from the request.
        DatosTitular::Facilitador(_) => return Err(cs_domain::flujo::ErrorFlujo::NoDisponible.into()),
        DatosTitular::Persona(p) => DatosActualizables::Persona(ContactoPersona {
            email: titular.cuenta.email.clone(),
            telefono_particular: texto_opcional(&p.telefono_particular),
            celular: titular.cuenta.celular.as_deref().map(ocho_digitos).unwrap_or_default(),
            sin_celular: titular.cuenta.celular.is_none(),
            telefono_trabajo: texto_opcional(&p.telefono_trabajo),
        }),
        DatosTitular::Empresa { empresa: e, representantes } => {
            let comuna = CodigoComuna::parse(&e.comuna)
                .map_err(|error| ErrorServicio::por("comuna guardada inválida", error))?;
            DatosActualizables::Empresa(DatosEmpresa {
                email: titular.cuenta.email.clone(),
                telefono: e.telefono.clone(),
                fax: texto_opcional(&e.fax),
                domicilio: FormDomicilio {
                    region: comuna.region().codigo.to_owned(),
                    comuna: comuna.codigo().to_owned(),
                    direccion: e.direccion.clone(),
                    numero: e.numero.clone(),
                    block: texto_opcional(&e.block),
                    departamento: texto_opcional(&e.departamento),
                },
                representantes: representantes
                    .iter()
                    .map(|r| FormRepresentante {
                        rut: Rut::parse(&r.rut).map(|rut| rut.to_string()).unwrap_or_else(|_| r.rut.clone()),
                        nombre: r.nombre.clone(),
                        celular: ocho_digitos(&r.celular),
                        email: r.email.clone(),
                    })
                    .collect(),
            })
        }
    })
}

/// A representative the page wants to add: a current one of the company per the SII, with
/// their RUN in force. Returns them with the Registro Civil's name, as the list shows them.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn verificar_representante(
    svc: &Servicios,
    flujo_id: &str,
    nuevo: &NuevoRepresentante,
) -> Result<FormRepresentante, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoActualizacion::Actualizar)?;
    if !flujo.cuenta().actua_por_representante() {
        return Err(ErrorFlujo::FueraDeOrden.into());
    }
    let nombre = identidad::representante_valido(svc, &flujo.rut()?, &nuevo.rut, Campo::RutRepresentante).await?;
    Ok(FormRepresentante {
        rut: nuevo.rut.to_string(),
        nombre,
        celular: nuevo.celular.ocho_digitos().to_owned(),
        email: nuevo.email.as_str().to_owned(),
    })
}

/// The representatives to keep, as rows: those on file keep their name and age; each new one
/// must pass the SII and the Registro Civil, and takes the Registro Civil's name.
async fn representantes_a_guardar(
    svc: &Servicios,
    titular: &Titular,
    lista: &[NuevoRepresentante],
    ahora: i64,
) -> Result<Vec<representante_legal::ActiveModel>, ErrorServicio> {
    let empresa = titular.rut()?;
    let mut filas = Vec::with_capacity(lista.len());
    for (orden, r) in lista.iter().enumerate() {
        let en_archivo = titular.representantes().iter().find(|f| f.rut == r.rut.normalizado());
        let (nombre, creado_en) = match en_archivo {
            Some(fila) => (fila.nombre.clone(), fila.creado_en),
            None => {
                let nombre = identidad::representante_valido(svc, &empresa, &r.rut, Campo::Representantes)
                    .await
                    .map_err(|e| match e {
                        // The list has one message: it names the representative it is about.
                        ErrorServicio::Campos(errores) => ErrorServicio::campo(
                            Campo::Representantes,
                            format!("{} ({})", errores.de(Campo::Representantes).unwrap_or_default(), r.rut),
                        ),
                        otro => otro,
                    })?;
                // After those on file, in the order listed.
                (nombre, ahora + i64::try_from(orden).unwrap_or(0))
            }
        };
        filas.push(representante_legal::ActiveModel {
            empresa_rut: Set(empresa.normalizado()),
            rut: Set(r.rut.normalizado()),
            nombre: Set(nombre),
            celular: Set(r.celular.e164()),
            email: Set(r.email.as_str().to_owned()),
            creado_en: Set(creado_en),
        });
    }
    Ok(filas)
}

/// Writes the kind's data (the account's email and mobile are written by the caller).
async fn guardar(
    tx: &impl ConnectionTrait,
    rut: &Rut,
    datos: Actualizados,
    representantes: Vec<representante_legal::ActiveModel>,
) -> Result<(), ErrorServicio> {
    let digitos = |t: Option<cs_domain::telefono::Telefono>| t.map(|t| t.digitos().to_owned());
    match datos {
        Actualizados::Persona { telefonos, .. } => {
            persona_natural::Entity::update_many()
                .col_expr(persona_natural::Column::TelefonoParticular, Expr::value(digitos(telefonos.particular)))
                .col_expr(persona_natural::Column::TelefonoTrabajo, Expr::value(digitos(telefonos.trabajo)))
                .filter(persona_natural::Column::Rut.eq(rut.normalizado()))
                .exec(tx)
                .await?;
        }
        Actualizados::Empresa { telefono, fax, domicilio, .. } => {
            let texto = |t: Option<cs_domain::texto::TextoLibre>| t.map(|t| t.as_str().to_owned());
            empresa::Entity::update_many()
                .col_expr(empresa::Column::Telefono, Expr::value(telefono.digitos()))
                .col_expr(empresa::Column::Fax, Expr::value(digitos(fax)))
                .col_expr(empresa::Column::Comuna, Expr::value(domicilio.comuna.codigo()))
                .col_expr(empresa::Column::Direccion, Expr::value(domicilio.direccion.as_str()))
                .col_expr(empresa::Column::Numero, Expr::value(domicilio.numero.as_str()))
                .col_expr(empresa::Column::Block, Expr::value(texto(domicilio.block)))
                .col_expr(empresa::Column::Departamento, Expr::value(texto(domicilio.departamento)))
                .filter(empresa::Column::Rut.eq(rut.normalizado()))
                .exec(tx)
                .await?;
            representante_legal::Entity::delete_many()
                .filter(representante_legal::Column::EmpresaRut.eq(rut.normalizado()))
                .exec(tx)
                .await?;
            representante_legal::Entity::insert_many(representantes).exec(tx).await?;
        }
    }
    Ok(())
}

/// `Actualizar datos`.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn actualizar(
    svc: &Servicios,
    flujo_id: &str,
    captcha_id: &str,
    captcha_respuesta: &str,
    datos: &DatosActualizables,
    origen: &Origen,
) -> Result<(), ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoActualizacion::Actualizar)?;
    if datos.cuenta() != flujo.cuenta() {
        return Err(ErrorFlujo::FueraDeOrden.into());
    }
    let rut = flujo.rut()?;
    let nuevos = datos.validar()?;
    captcha::verificar(svc, flujo_id, captcha_id, captcha_respuesta).await?;
    let titular = titular_del_flujo(svc, &flujo).await?;
    let ahora = svc.ahora();
    let representantes = match &nuevos {
        Actualizados::Empresa { representantes, .. } => {
            representantes_a_guardar(svc, &titular, representantes, ahora).await?
        }
        Actualizados::Persona { .. } => Vec::new(),
    };
    let avisos = mensajes::datos_actualizados(&titular.email()?, nuevos.email(), &titular.nombre());
    let email = nuevos.email().as_str().to_owned();
    let celular = match &nuevos {
        Actualizados::Persona { telefonos, .. } => Some(telefonos.celular.map(|c| c.e164())),
        Actualizados::Empresa { .. } => None,
    };
    let flujo_id = flujo_id.to_owned();
    let origen = origen.clone();
    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                let flujo = flujos::cargar::<Actualizacion>(tx, &flujo_id, ahora).await?;
                let mut cambios = cuenta::Entity::update_many()
                    .col_expr(cuenta::Column::Email, Expr::value(email))
                    .col_expr(cuenta::Column::ActualizadoEn, Expr::value(ahora));
                if let Some(celular) = celular {
                    cambios = cambios.col_expr(cuenta::Column::Celular, Expr::value(celular));
                }
                cambios.filter(cuenta::Column::Rut.eq(rut.normalizado())).exec(tx).await?;
                guardar(tx, &rut, nuevos, representantes).await?;
                notificaciones::encolar(tx, avisos, ahora).await?;
                auditoria::registrar(tx, Evento::ActualizacionDatos, Some(&rut), &origen, None, ahora).await?;
                flujo.avanzar(tx, &PasoActualizacion::Actualizar).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}
