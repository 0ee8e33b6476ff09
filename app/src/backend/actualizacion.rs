//! N4 "Actualizar datos" (guide §5): RUT and CS, then the secret question (an account without
//! one sets it here), then the contact data. A notice goes to the email on file before the
//! change, and to the new one.

use super::auditoria::{self, Evento, Origen};
use super::cuentas::{self, Provisoria};
use super::entidades::{cuenta, persona_natural};
use super::error::ErrorServicio;
use super::flujos::{self, Flujo};
use super::{captcha, mensajes, notificaciones, Servicios};
use crate::api::actualizar::{DatosContacto, PasoPregunta};
use crate::formularios::{
    mensajes::{FALTA_CLAVE, RESPUESTA_INCORRECTA},
    ErroresCampos,
};
use cs_domain::flujo::{Actualizacion, EstadoActualizacion, PasoActualizacion, TipoFlujo};
use cs_domain::{
    email::Email,
    pregunta::{PreguntaSecreta, RespuestaSecreta},
    telefono::{Celular, Telefono},
};
use sea_orm::{prelude::Expr, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

async fn cargar(svc: &Servicios, flujo_id: &str) -> Result<Flujo<Actualizacion>, ErrorServicio> {
    flujos::cargar::<Actualizacion>(&svc.db, flujo_id, TipoFlujo::ActualizarNatural, svc.ahora()).await
}

pub async fn validar(
    svc: &Servicios,
    flujo_id: &str,
    rut: &str,
    clave: String,
    origen: &Origen,
) -> Result<PasoPregunta, ErrorServicio> {
    let rut = cuentas::leer_credenciales(rut, &clave, "clave", FALTA_CLAVE)?;
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoActualizacion::ValidarClave { tiene_pregunta: false })?;
    let titular = match cuentas::verificar_clave(svc, &rut, clave, Provisoria::Rechazar, "clave", origen).await {
        Ok(t) => t,
        Err(e) => {
            flujos::registrar_fallo(&svc.db, flujo_id).await?;
            return Err(e);
        }
    };
    let pregunta = titular.cuenta.pregunta.as_deref().and_then(|c| PreguntaSecreta::parse(c).ok());
    let paso = PasoActualizacion::ValidarClave { tiene_pregunta: pregunta.is_some() };
    flujo.avanzar(&svc.db, &paso, Some(rut.normalizado())).await?;
    Ok(match pregunta {
        Some(p) => PasoPregunta::Responder(p.texto().to_owned()),
        None => PasoPregunta::Definir,
    })
}

/// Answers the question, or sets one (`pregunta`) when the account has none. Returns the
/// contact data on file, to pre-fill the form.
pub async fn pregunta(
    svc: &Servicios,
    flujo_id: &str,
    pregunta: Option<&str>,
    respuesta: &str,
    origen: &Origen,
) -> Result<DatosContacto, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    let definir = flujo.estado == EstadoActualizacion::PreguntaPorDefinir;
    let paso = if definir { PasoActualizacion::DefinirPregunta } else { PasoActualizacion::ResponderPregunta };
    flujo.admite(&paso)?;
    let rut = flujo.rut()?;
    let mut errores = ErroresCampos::default();
    let nueva = if definir { errores.tomar("pregunta", PreguntaSecreta::parse(pregunta.unwrap_or_default())) } else { None };
    let respuesta = errores.tomar("respuesta", RespuestaSecreta::parse(respuesta));
    let Some(respuesta) = respuesta.filter(|_| errores.is_empty()) else {
        return Err(ErrorServicio::Campos(errores));
    };
    let titular = cuentas::buscar(&svc.db, &rut).await?.ok_or(ErrorServicio::CredencialesInvalidas)?;
    let ahora = svc.ahora();
    match nueva {
        Some(nueva) => {
            let respuesta_hash = svc.hasheador.hashear(respuesta.expose().to_owned()).await?;
            let tx = svc.db.begin().await?;
            cuenta::Entity::update_many()
                .col_expr(cuenta::Column::Pregunta, Expr::value(nueva.codigo()))
                .col_expr(cuenta::Column::RespuestaHash, Expr::value(respuesta_hash))
                .col_expr(cuenta::Column::ActualizadoEn, Expr::value(ahora))
                .filter(cuenta::Column::Rut.eq(rut.normalizado()))
                .exec(&tx)
                .await?;
            flujos::cargar::<Actualizacion>(&tx, flujo_id, TipoFlujo::ActualizarNatural, ahora).await?.avanzar(&tx, &paso, None).await?;
            tx.commit().await?;
        }
        None => {
            let correcta = svc.hasheador.verificar(respuesta.expose().to_owned(), titular.cuenta.respuesta_hash.clone()).await?;
            if !correcta {
                flujos::registrar_fallo(&svc.db, flujo_id).await?;
                auditoria::registrar(&svc.db, Evento::IngresoFallido, Some(&rut), origen, Some("respuesta incorrecta (actualizar datos)"), ahora).await?;
                return Err(ErrorServicio::campo("respuesta", RESPUESTA_INCORRECTA));
            }
            flujo.avanzar(&svc.db, &paso, None).await?;
        }
    }
    let persona = persona_natural::Entity::find_by_id(rut.normalizado()).one(&svc.db).await?;
    Ok(DatosContacto {
        email: titular.cuenta.email.clone(),
        telefono_particular: persona.as_ref().and_then(|p| p.telefono_particular.clone()).unwrap_or_default(),
        celular: titular.celular().map(|c| c.ocho_digitos().to_owned()).unwrap_or_default(),
        sin_celular: titular.cuenta.celular.is_none(),
        telefono_trabajo: persona.and_then(|p| p.telefono_trabajo).unwrap_or_default(),
    })
}

struct Contacto {
    email: Email,
    telefono_particular: Option<Telefono>,
    celular: Option<Celular>,
    telefono_trabajo: Option<Telefono>,
}

fn contacto(datos: &DatosContacto) -> Result<Contacto, ErrorServicio> {
    let opcional = |texto: &str| if texto.trim().is_empty() { Ok(None) } else { Telefono::parse(texto).map(Some) };
    let mut e = ErroresCampos::default();
    let email = e.tomar("email", Email::parse(&datos.email));
    let telefono_particular = e.tomar("telefono_particular", opcional(&datos.telefono_particular));
    let celular = if datos.sin_celular { Some(None) } else { e.tomar("celular", Celular::parse(&datos.celular).map(Some)) };
    let telefono_trabajo = e.tomar("telefono_trabajo", opcional(&datos.telefono_trabajo));
    match (email, telefono_particular, celular, telefono_trabajo) {
        (Some(email), Some(telefono_particular), Some(celular), Some(telefono_trabajo)) => {
            Ok(Contacto { email, telefono_particular, celular, telefono_trabajo })
        }
        _ => Err(ErrorServicio::Campos(e)),
    }
}

/// `Actualizar datos`.
pub async fn actualizar(
    svc: &Servicios,
    flujo_id: &str,
    captcha_id: &str,
    captcha_respuesta: &str,
    datos: &DatosContacto,
    origen: &Origen,
) -> Result<(), ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoActualizacion::Actualizar)?;
    let rut = flujo.rut()?;
    let nuevo = contacto(datos)?;
    captcha::verificar(svc, flujo_id, captcha_id, captcha_respuesta).await?;
    let titular = cuentas::buscar(&svc.db, &rut).await?.ok_or(ErrorServicio::CredencialesInvalidas)?;
    let avisos = mensajes::datos_actualizados(&titular.email()?, &nuevo.email, &titular.nombre);
    let ahora = svc.ahora();
    let flujo_id = flujo_id.to_owned();
    let origen = origen.clone();
    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                let flujo = flujos::cargar::<Actualizacion>(tx, &flujo_id, TipoFlujo::ActualizarNatural, ahora).await?;
                cuenta::Entity::update_many()
                    .col_expr(cuenta::Column::Email, Expr::value(nuevo.email.as_str()))
                    .col_expr(cuenta::Column::Celular, Expr::value(nuevo.celular.map(|c| c.e164())))
                    .col_expr(cuenta::Column::ActualizadoEn, Expr::value(ahora))
                    .filter(cuenta::Column::Rut.eq(rut.normalizado()))
                    .exec(tx)
                    .await?;
                persona_natural::Entity::update_many()
                    .col_expr(
                        persona_natural::Column::TelefonoParticular,
                        Expr::value(nuevo.telefono_particular.map(|t| t.digitos().to_owned())),
                    )
                    .col_expr(
                        persona_natural::Column::TelefonoTrabajo,
                        Expr::value(nuevo.telefono_trabajo.map(|t| t.digitos().to_owned())),
                    )
                    .filter(persona_natural::Column::Rut.eq(rut.normalizado()))
                    .exec(tx)
                    .await?;
                notificaciones::encolar(tx, avisos, ahora).await?;
                auditoria::registrar(tx, Evento::ActualizacionDatos, Some(&rut), &origen, None, ahora).await?;
                flujo.avanzar(tx, &PasoActualizacion::Actualizar, None).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}
