//! N2 "Recuperar CS" (guide §3). The RUT says which account; the secret answer (3.3) or the
//! ID serial number checked with the Registro Civil (3.1, 3.2) proves who asks. Only then is a
//! provisional CS issued, hashed into the account, and sent by the outbox. Wrong answers and
//! serials count against the flow (5) and, across flows, against the RUT and the IP.

use super::auditoria::{self, Evento, Origen};
use super::cuentas::{self, Titular};
use super::entidades::cuenta;
use super::error::ErrorServicio;
use super::flujos::{self, Flujo};
use super::{captcha, mensajes, notificaciones, Servicios};
use crate::api::recuperar::{FinRecuperacion, PasoIdentidad};
use cs_domain::flujo::{EstadoRecuperacion, PasoRecuperacion, Recuperacion, TipoFlujo};
use cs_domain::{
    email::Email, mascara::enmascarar_email, numero_serie::NumeroSerie, pregunta::{PreguntaSecreta, RespuestaSecreta},
    provisional::ClaveProvisional, rut::Rut, telefono::Celular,
};
use sea_orm::{prelude::Expr, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

/// Failed identity checks a RUT may have in a day, and an address in an hour, across flows.
pub const MAX_FALLOS_POR_RUT_EN_24_HORAS: u64 = 10;
pub const MAX_FALLOS_POR_IP_EN_1_HORA: u64 = 30;

async fn cargar(svc: &Servicios, flujo_id: &str) -> Result<Flujo<Recuperacion>, ErrorServicio> {
    flujos::cargar::<Recuperacion>(&svc.db, flujo_id, TipoFlujo::RecuperarNatural, svc.ahora()).await
}

/// Refuses when this RUT or this address failed too often lately, so an answer or a serial
/// cannot be guessed by starting flow after flow.
async fn dentro_de_limites(svc: &Servicios, rut: &Rut, origen: &Origen) -> Result<(), ErrorServicio> {
    let ahora = svc.ahora();
    let (por_rut, por_ip) = auditoria::fallos_recientes(&svc.db, rut, &origen.ip, ahora - 24 * 3600, ahora - 3600).await?;
    if por_rut >= MAX_FALLOS_POR_RUT_EN_24_HORAS || por_ip >= MAX_FALLOS_POR_IP_EN_1_HORA {
        return Err(ErrorServicio::IntentosAgotados);
    }
    Ok(())
}

/// Records a wrong answer or serial against the flow and in the audit log, and returns the
/// message for `campo`.
async fn fallo(
    svc: &Servicios,
    flujo_id: &str,
    rut: &Rut,
    origen: &Origen,
    motivo: &str,
    campo: &str,
    mensaje: &str,
) -> ErrorServicio {
    let registro = async {
        flujos::registrar_fallo(&svc.db, flujo_id).await?;
        auditoria::registrar(&svc.db, Evento::RecuperacionFallida, Some(rut), origen, Some(motivo), svc.ahora()).await
    };
    match registro.await {
        Ok(()) => ErrorServicio::campo(campo, mensaje),
        Err(e) => e,
    }
}

fn titular(t: Option<Titular>) -> Result<Titular, ErrorServicio> {
    t.filter(|t| t.cuenta.tipo == "natural").ok_or_else(|| {
        ErrorServicio::campo("rut", "No existe una cuenta Clave Sence para el Rut ingresado. Puede registrarse en REGÍSTRESE.")
    })
}

pub async fn validar_rut(svc: &Servicios, flujo_id: &str, rut: &str, origen: &Origen) -> Result<PasoIdentidad, ErrorServicio> {
    let rut = Rut::parse(rut).map_err(|e| ErrorServicio::campo("rut", e.to_string()))?;
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoRecuperacion::ValidarRut { tiene_pregunta: false })?;
    dentro_de_limites(svc, &rut, origen).await?;
    let titular = titular(cuentas::buscar(&svc.db, &rut).await?)?;
    let pregunta = titular.cuenta.pregunta.as_deref().and_then(|c| PreguntaSecreta::parse(c).ok());
    flujo.avanzar(&svc.db, &PasoRecuperacion::ValidarRut { tiene_pregunta: pregunta.is_some() }, Some(rut.normalizado())).await?;
    auditoria::registrar(&svc.db, Evento::RecuperacionIniciada, Some(&rut), origen, None, svc.ahora()).await?;
    Ok(match pregunta {
        Some(p) => PasoIdentidad::Pregunta(p.texto().to_owned()),
        None => PasoIdentidad::Serie,
    })
}

pub async fn no_recuerdo(svc: &Servicios, flujo_id: &str) -> Result<(), ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.avanzar(&svc.db, &PasoRecuperacion::NoRecuerdo, None).await?;
    Ok(())
}

/// Checks the serial against the person's current, valid ID; returns the masked email.
pub async fn validar_serie(svc: &Servicios, flujo_id: &str, serie: &str, origen: &Origen) -> Result<String, ErrorServicio> {
    let serie = NumeroSerie::parse(serie).map_err(|e| ErrorServicio::campo("serie", e.to_string()))?;
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoRecuperacion::ValidarSerie)?;
    let rut = flujo.rut()?;
    dentro_de_limites(svc, &rut, origen).await?;
    let persona = svc.registro_civil.persona(&rut).await.map_err(|e| ErrorServicio::Interno(e.to_string()))?;
    if !persona.is_some_and(|p| p.vigente && p.numero_serie == serie) {
        let mensaje = "El número de serie no corresponde a su cédula de identidad vigente.";
        return Err(fallo(svc, flujo_id, &rut, origen, "serie incorrecta", "serie", mensaje).await);
    }
    let titular = titular(cuentas::buscar(&svc.db, &rut).await?)?;
    flujo.avanzar(&svc.db, &PasoRecuperacion::ValidarSerie, None).await?;
    auditoria::registrar(&svc.db, Evento::IdentidadValidada, Some(&rut), origen, Some("número de serie"), svc.ahora()).await?;
    Ok(enmascarar_email(&titular.email()?))
}

/// Where the provisional CS goes: the contact data on file, or the new data after `NO`.
struct Destino {
    email: Email,
    celular: Option<Celular>,
    reemplaza: bool,
}

fn destino(estado: &EstadoRecuperacion, datos: &FinRecuperacion, titular: &Titular) -> Result<Destino, ErrorServicio> {
    let en_archivo = || Ok(Destino { email: titular.email()?, celular: titular.celular(), reemplaza: false });
    match (estado, datos.email_correcto) {
        (EstadoRecuperacion::EmailPorConfirmar, None) => {
            Err(ErrorServicio::campo("email_correcto", "Indique si el email es correcto."))
        }
        (EstadoRecuperacion::EmailPorConfirmar, Some(false)) => {
            let mut errores = crate::formularios::ErroresCampos::default();
            let email = errores.tomar("email", Email::parse(&datos.email));
            let celular = errores.tomar("celular", Celular::parse(&datos.celular));
            match (email, celular) {
                (Some(email), Some(celular)) => Ok(Destino { email, celular: Some(celular), reemplaza: true }),
                _ => Err(ErrorServicio::Campos(errores)),
            }
        }
        _ => en_archivo(),
    }
}

/// `Recuperar Clave`: issues the provisional CS. Returns whether it also goes by SMS.
pub async fn recuperar(
    svc: &Servicios,
    flujo_id: &str,
    captcha_id: &str,
    captcha_respuesta: &str,
    datos: &FinRecuperacion,
    origen: &Origen,
) -> Result<bool, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    let paso = match flujo.estado {
        EstadoRecuperacion::ConPregunta => PasoRecuperacion::RecuperarConRespuesta,
        _ => PasoRecuperacion::RecuperarConSerie,
    };
    flujo.admite(&paso)?;
    let rut = flujo.rut()?;
    let titular = titular(cuentas::buscar(&svc.db, &rut).await?)?;
    // Everything the person typed is checked before the captcha is spent.
    let respuesta = match paso {
        PasoRecuperacion::RecuperarConRespuesta => {
            Some(RespuestaSecreta::parse(&datos.respuesta).map_err(|e| ErrorServicio::campo("respuesta", e.to_string()))?)
        }
        _ => None,
    };
    let destino = destino(&flujo.estado, datos, &titular)?;
    captcha::verificar(svc, flujo_id, captcha_id, captcha_respuesta).await?;
    dentro_de_limites(svc, &rut, origen).await?;
    if let Some(respuesta) = respuesta {
        let correcta = svc.hasheador.verificar(respuesta.expose().to_owned(), titular.cuenta.respuesta_hash.clone()).await?;
        if !correcta {
            let mensaje = crate::formularios::mensajes::RESPUESTA_INCORRECTA;
            return Err(fallo(svc, flujo_id, &rut, origen, "respuesta incorrecta", "respuesta", mensaje).await);
        }
    }

    let provisoria = ClaveProvisional::generar(&mut rand::rngs::OsRng);
    let clave_hash = svc.hasheador.hashear(provisoria.expose().to_owned()).await?;
    let ahora = svc.ahora();
    let expira = ahora + svc.ajustes.duracion_clave_provisional_segundos;
    let por_sms = destino.celular.is_some();
    let mut mensajes =
        mensajes::clave_provisoria(&destino.email, destino.celular.as_ref(), &titular.nombre, provisoria.expose(), &svc.ajustes.url_publica);
    if destino.reemplaza {
        mensajes.push(mensajes::contacto_reemplazado(&titular.email()?, &titular.nombre));
    }
    let estaba_bloqueada = titular.cuenta.bloqueada_hasta.is_some_and(|h| h > ahora);
    let flujo_id = flujo_id.to_owned();
    let origen = origen.clone();
    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                let flujo = flujos::cargar::<Recuperacion>(tx, &flujo_id, TipoFlujo::RecuperarNatural, ahora).await?;
                let mut cambios = cuenta::Entity::update_many()
                    .col_expr(cuenta::Column::ClaveHash, Expr::value(clave_hash))
                    .col_expr(cuenta::Column::ClaveProvisionalExpiraEn, Expr::value(expira))
                    // A successful recovery lifts any lock.
                    .col_expr(cuenta::Column::FallosLogin, Expr::value(0))
                    .col_expr(cuenta::Column::Bloqueos, Expr::value(0))
                    .col_expr(cuenta::Column::BloqueadaHasta, Expr::value(Option::<i64>::None))
                    .col_expr(cuenta::Column::ActualizadoEn, Expr::value(ahora));
                if destino.reemplaza {
                    cambios = cambios
                        .col_expr(cuenta::Column::Email, Expr::value(destino.email.as_str()))
                        .col_expr(cuenta::Column::Celular, Expr::value(destino.celular.map(|c| c.e164())));
                }
                cambios.filter(cuenta::Column::Rut.eq(rut.normalizado())).exec(tx).await?;
                notificaciones::encolar(tx, mensajes, ahora).await?;
                if estaba_bloqueada {
                    auditoria::registrar(tx, Evento::Desbloqueo, Some(&rut), &origen, Some("recuperación de CS"), ahora).await?;
                }
                auditoria::registrar(tx, Evento::RecuperacionCompletada, Some(&rut), &origen, None, ahora).await?;
                flujo.avanzar(tx, &paso, None).await?;
                Ok(())
            })
        })
        .await?;
    Ok(por_sms)
}
