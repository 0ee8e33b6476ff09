//! Recuperar CS (guides §3), one procedure for every kind of account. The RUT says which
//! account; the secret answer (3.3) or the kind's proofs of identity (3.1, 3.2: a person's ID
//! serial number; a company's legal representative per the SII, then that representative's
//! serial) prove who asks. Only then is a provisional CS issued, hashed into the account, and
//! sent by the outbox. Wrong answers and proofs count against the flow (5) and, across flows,
//! against the RUT and the IP.

use super::auditoria::{self, Evento, Origen};
use super::cuentas::{self, Titular};
use super::entidades::cuenta;
use super::error::ErrorServicio;
use super::flujos::{self, Flujo};
use super::identidad::{self, NO_ES_REPRESENTANTE, SERIE_INCORRECTA};
use super::{captcha, mensajes, notificaciones, Servicios};
use crate::formularios::credenciales::EntradaCuenta;
use crate::formularios::{
    mensajes::RESPUESTA_INCORRECTA,
    recuperar::{ClaveEnviada, Evidencia, Fin, FinRecuperacion, Siguiente},
    Campo,
};
use cs_domain::cuenta::{IdCuenta, TipoCuenta};
use cs_domain::flujo::{EstadoRecuperacion, PasoRecuperacion, Recuperacion};
use cs_domain::{email::Email, mascara::enmascarar_email, provisional::ClaveProvisional, telefono::Celular};
use sea_orm::{prelude::Expr, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use secrecy::ExposeSecret;

/// Failed identity checks a RUT may have in a day, and an address in an hour, across flows.
pub const MAX_FALLOS_POR_RUT_EN_24_HORAS: u64 = 10;
pub const MAX_FALLOS_POR_IP_EN_1_HORA: u64 = 30;

async fn cargar(svc: &Servicios, flujo_id: &str) -> Result<Flujo<Recuperacion>, ErrorServicio> {
    flujos::cargar::<Recuperacion>(&svc.db, flujo_id, svc.ahora()).await
}

/// Refuses when this RUT or this address failed too often lately, so an answer or a serial
/// cannot be guessed by starting flow after flow.
async fn dentro_de_limites(svc: &Servicios, id: &IdCuenta, origen: &Origen) -> Result<(), ErrorServicio> {
    let ahora = svc.ahora();
    let (por_rut, por_ip) =
        auditoria::fallos_recientes(&svc.db, id, &origen.ip, ahora - 24 * 3600, ahora - 3600).await?;
    if por_rut >= MAX_FALLOS_POR_RUT_EN_24_HORAS || por_ip >= MAX_FALLOS_POR_IP_EN_1_HORA {
        return Err(ErrorServicio::IntentosAgotados);
    }
    Ok(())
}

/// Records a wrong answer or proof against the flow and in the audit log, and returns the
/// message for `campo`.
async fn fallo(
    svc: &Servicios,
    flujo_id: &str,
    id: &IdCuenta,
    origen: &Origen,
    motivo: &str,
    campo: Campo,
    mensaje: &str,
) -> ErrorServicio {
    let registro = async {
        flujos::registrar_fallo(&svc.db, flujo_id).await?;
        auditoria::registrar_cuenta(&svc.db, Evento::RecuperacionFallida, id, origen, Some(motivo), svc.ahora()).await
    };
    match registro.await {
        Ok(()) => ErrorServicio::campo(campo, mensaje),
        Err(e) => e,
    }
}

/// The account the flow is about, of the flow's kind.
async fn titular(svc: &Servicios, id: &IdCuenta, cuenta: TipoCuenta) -> Result<Titular, ErrorServicio> {
    cuentas::buscar_de(&svc.db, id, cuenta).await?.ok_or_else(|| match cuenta {
        TipoCuenta::Juridica => ErrorServicio::campo(
            Campo::Rut,
            "No existe una cuenta Clave Sence de Persona Jurídica para el Rut ingresado. Puede registrarla en REGÍSTRESE.",
        ),
        TipoCuenta::Natural => ErrorServicio::campo(
            Campo::Rut,
            "No existe una cuenta Clave Sence para el Rut ingresado. Puede registrarse en REGÍSTRESE.",
        ),
        TipoCuenta::Facilitador => ErrorServicio::campo(
            Campo::NumeroDocumento,
            "No existe una Clave Sence para el documento ingresado. La empresa que lo contrata puede solicitarla en Solicitud de CS para Facilitador Extranjero.",
        ),
    })
}

/// What the page shows in the state the flow reached.
fn siguiente(estado: &EstadoRecuperacion, titular: &Titular) -> Result<Siguiente, ErrorServicio> {
    match estado {
        EstadoRecuperacion::ConPregunta => titular
            .pregunta()
            .map(|p| Siguiente::Pregunta(p.texto().to_owned()))
            .ok_or_else(|| ErrorServicio::interno("recuperación con pregunta en una cuenta sin pregunta")),
        EstadoRecuperacion::PruebaPendiente { prueba } => Ok(Siguiente::Prueba(*prueba)),
        EstadoRecuperacion::EmailPorConfirmar => Ok(Siguiente::ConfirmarEmail(enmascarar_email(&titular.email()?))),
        otro => Err(ErrorServicio::interno(format!("recuperación en un estado sin paso siguiente: {otro:?}"))),
    }
}

/// The first step: which account (a RUT, or a facilitator's document, as the flow's kind says).
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn validar_rut(
    svc: &Servicios,
    flujo_id: &str,
    entrada: &EntradaCuenta,
    origen: &Origen,
) -> Result<Siguiente, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    flujo.admite(&PasoRecuperacion::ValidarRut { tiene_pregunta: true })?;
    let id = entrada.validar(flujo.cuenta())?;
    dentro_de_limites(svc, &id, origen).await?;
    let titular = titular(svc, &id, flujo.cuenta()).await?;
    let paso = PasoRecuperacion::ValidarRut { tiene_pregunta: titular.pregunta().is_some() };
    let estado = flujo.con_sujeto(&id).avanzar(&svc.db, &paso).await?;
    auditoria::registrar_cuenta(&svc.db, Evento::RecuperacionIniciada, &id, origen, None, svc.ahora()).await?;
    siguiente(&estado, &titular)
}

/// `No recuerdo la respuesta a mi pregunta secreta`: on to the kind's first proof.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn no_recuerdo(svc: &Servicios, flujo_id: &str) -> Result<Siguiente, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    let id = flujo.cuenta_id()?;
    let cuenta = flujo.cuenta();
    let estado = flujo.avanzar(&svc.db, &PasoRecuperacion::NoRecuerdo).await?;
    siguiente(&estado, &titular(svc, &id, cuenta).await?)
}

/// A proof of identity: a company's legal representative (SII), or the serial number of the
/// current ID card of the person, or of the company's representative (Registro Civil).
#[tracing::instrument(skip_all, fields(flujo = %flujo_id, prueba = ?evidencia.prueba()))]
pub async fn probar(
    svc: &Servicios,
    flujo_id: &str,
    evidencia: &Evidencia,
    origen: &Origen,
) -> Result<Siguiente, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    let paso = PasoRecuperacion::Probar(evidencia.prueba());
    flujo.admite(&paso)?;
    // Only people and companies have proofs besides the answer: both have a RUT.
    let (id, rut) = (flujo.cuenta_id()?, flujo.rut()?);
    dentro_de_limites(svc, &id, origen).await?;
    let titular = titular(svc, &id, flujo.cuenta()).await?;
    let (flujo, detalle) = match evidencia {
        Evidencia::Representante(representante) => {
            if !identidad::es_representante(svc, &rut, representante).await? {
                let motivo = "representante legal no vigente";
                return Err(fallo(
                    svc,
                    flujo_id,
                    &id,
                    origen,
                    motivo,
                    Campo::RutRepresentanteLegal,
                    NO_ES_REPRESENTANTE,
                )
                .await);
            }
            (flujo.con_representante(Some(representante)), "representante legal")
        }
        Evidencia::Serie(serie) => {
            // A company's card is its representative's.
            let carnet = if flujo.cuenta().actua_por_representante() {
                flujo.representante().ok_or(cs_domain::flujo::ErrorFlujo::FueraDeOrden)?
            } else {
                rut
            };
            if !identidad::serie_corresponde(svc, &carnet, serie).await? {
                return Err(fallo(svc, flujo_id, &id, origen, "serie incorrecta", Campo::Serie, SERIE_INCORRECTA).await);
            }
            (flujo, "número de serie")
        }
    };
    let estado = flujo.avanzar(&svc.db, &paso).await?;
    auditoria::registrar_cuenta(&svc.db, Evento::IdentidadValidada, &id, origen, Some(detalle), svc.ahora()).await?;
    siguiente(&estado, &titular)
}

/// Where the provisional CS goes: the contact data on file, or the new data after `NO`.
struct Destino {
    email: Email,
    celular: Option<Celular>,
    /// The new data replace what is on file (`NO`).
    reemplaza: bool,
}

/// `Recuperar Clave`: the captcha, the answer or the confirmed contact data, then the
/// provisional CS. Returns whether it also went by SMS.
#[tracing::instrument(skip_all, fields(flujo = %flujo_id))]
pub async fn recuperar(
    svc: &Servicios,
    flujo_id: &str,
    captcha_id: &str,
    captcha_respuesta: &str,
    datos: &FinRecuperacion,
    origen: &Origen,
) -> Result<ClaveEnviada, ErrorServicio> {
    let flujo = cargar(svc, flujo_id).await?;
    let con_respuesta = flujo.estado == EstadoRecuperacion::ConPregunta;
    let paso =
        if con_respuesta { PasoRecuperacion::RecuperarConRespuesta } else { PasoRecuperacion::RecuperarConDatos };
    flujo.admite(&paso)?;
    let (id, cuenta, representante) = (flujo.cuenta_id()?, flujo.cuenta(), flujo.representante());
    let fin = datos.validar(cuenta, con_respuesta)?;
    let titular = titular(svc, &id, cuenta).await?;
    captcha::verificar(svc, flujo_id, captcha_id, captcha_respuesta).await?;
    dentro_de_limites(svc, &id, origen).await?;
    let en_archivo =
        Destino { email: titular.email()?, celular: titular.celular(representante.as_ref()), reemplaza: false };
    let destino = match fin {
        Fin::Respuesta(respuesta) => {
            let correcta = svc
                .hasheador
                .verificar(respuesta.normalizada().expose_secret(), titular.cuenta.respuesta_hash.clone())
                .await?;
            if !correcta {
                let motivo = "respuesta incorrecta";
                return Err(fallo(svc, flujo_id, &id, origen, motivo, Campo::Respuesta, RESPUESTA_INCORRECTA).await);
            }
            en_archivo
        }
        Fin::DatosConfirmados => en_archivo,
        // A company's mobiles are its representatives': only its email is replaced.
        Fin::DatosNuevos { email, celular } => {
            Destino { email, celular: celular.or(en_archivo.celular), reemplaza: true }
        }
    };

    let provisoria = ClaveProvisional::generar(&mut rand::rngs::OsRng);
    let clave_hash = svc.hasheador.hashear(provisoria.expose()).await?;
    let ahora = svc.ahora();
    let expira = ahora + svc.ajustes.duracion_clave_provisional_segundos;
    let por_sms = destino.celular.is_some();
    let nombre = titular.nombre();
    let enlace = format!("{}/{}/cambiar", svc.ajustes.url_publica, cuenta.ruta());
    let mut mensajes =
        mensajes::clave_provisoria(&destino.email, destino.celular.as_ref(), &nombre, provisoria.expose(), &enlace);
    if destino.reemplaza {
        mensajes.push(mensajes::contacto_reemplazado(&titular.email()?, &nombre, cuenta.reemplaza_celular()));
    }
    let estaba_bloqueada = titular.cuenta.bloqueada_hasta.is_some_and(|h| h > ahora);
    let flujo_id = flujo_id.to_owned();
    let origen = origen.clone();
    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                let flujo = flujos::cargar::<Recuperacion>(tx, &flujo_id, ahora).await?;
                let mut cambios = cuenta::Entity::update_many()
                    .col_expr(cuenta::Column::ClaveHash, Expr::value(clave_hash))
                    .col_expr(cuenta::Column::ClaveProvisionalExpiraEn, Expr::value(expira))
                    // A successful recovery lifts any lock.
                    .col_expr(cuenta::Column::FallosLogin, Expr::value(0))
                    .col_expr(cuenta::Column::Bloqueos, Expr::value(0))
                    .col_expr(cuenta::Column::BloqueadaHasta, Expr::value(Option::<i64>::None))
                    .col_expr(cuenta::Column::ActualizadoEn, Expr::value(ahora));
                if destino.reemplaza {
                    cambios = cambios.col_expr(cuenta::Column::Email, Expr::value(destino.email.as_str()));
                    if cuenta.reemplaza_celular() {
                        cambios =
                            cambios.col_expr(cuenta::Column::Celular, Expr::value(destino.celular.map(|c| c.e164())));
                    }
                }
                cambios.filter(cuenta::Column::Rut.eq(id.clave())).exec(tx).await?;
                notificaciones::encolar(tx, mensajes, ahora).await?;
                if estaba_bloqueada {
                    auditoria::registrar_cuenta(
                        tx,
                        Evento::Desbloqueo,
                        &id,
                        &origen,
                        Some("recuperación de CS"),
                        ahora,
                    )
                    .await?;
                }
                auditoria::registrar_cuenta(tx, Evento::RecuperacionCompletada, &id, &origen, None, ahora).await?;
                flujo.avanzar(tx, &paso).await?;
                Ok(())
            })
        })
        .await?;
    Ok(ClaveEnviada { por_sms })
}
