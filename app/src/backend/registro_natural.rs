//! N1 "Registrar Persona Natural": creates the account once every rule holds, the captcha is
//! right, the Registro Civil knows the RUN and no account exists for it. The account, the
//! person, the welcome email and the flow's completion are written in one transaction.

use super::entidades::{cuenta, persona_natural};
use super::error::ErrorServicio;
use super::notificaciones::{self, Destino, Mensaje};
use super::{captcha, flujos, Servicios};
use crate::formularios::registro_natural::{Campo, RegistroNatural};
use cs_domain::flujo::{PasoRegistro, Registro, TipoFlujo};
use cs_domain::mascara::enmascarar_email;
use sea_orm::{ActiveValue::Set, EntityTrait, SqlErr, TransactionTrait};

pub const ASUNTO_BIENVENIDA: &str = "Bienvenido(a) al Sistema Clave Sence";

/// What the person sees after registering: where the welcome email went, masked.
pub struct Registrado {
    pub email_enmascarado: String,
}

fn bienvenida(nombre: &str) -> String {
    format!(
        "Estimado(a) Sr(a).:\n\n{nombre}, su cuenta en el Sistema Clave Sence fue creada correctamente.\n\
         Desde ahora puede usar su Rut y su Clave Sence (CS) para ingresar a las plataformas del Sence.\n\n\
         Si usted no solicitó esta cuenta, llámenos gratis al 800 80 10 30, de lunes a viernes de 9.00 a 18.00 horas.\n\n\
         Atte., SENCE.\n\n\
         Este mensaje de notificación ha sido generado y enviado automáticamente.\n"
    )
}

pub async fn registrar(
    svc: &Servicios,
    flujo_id: &str,
    captcha_id: &str,
    captcha_respuesta: &str,
    registro: RegistroNatural,
) -> Result<Registrado, ErrorServicio> {
    // Refuse a dead, finished or foreign flow before spending the captcha.
    flujos::cargar::<Registro>(&svc.db, flujo_id, TipoFlujo::RegistroNatural, svc.ahora())
        .await?
        .admite(&PasoRegistro::CrearCuenta)?;
    captcha::verificar(svc, flujo_id, captcha_id, captcha_respuesta).await?;

    let rut = registro.rut;
    let persona = svc
        .registro_civil
        .persona(&rut)
        .await
        .map_err(|e| ErrorServicio::Interno(e.to_string()))?
        .filter(|p| p.vigente)
        .ok_or_else(|| {
            ErrorServicio::campo(
                Campo::Rut.id(),
                "No encontramos un RUN vigente con ese número en el Registro Civil. Revise el RUT ingresado.",
            )
        })?;
    if cuenta::Entity::find_by_id(rut.normalizado()).one(&svc.db).await?.is_some() {
        return Err(ErrorServicio::RutRegistrado);
    }

    let clave_hash = svc.hasheador.hashear(registro.clave.expose().to_owned()).await?;
    let respuesta_hash = svc.hasheador.hashear(registro.respuesta.expose().to_owned()).await?;
    let ahora = svc.ahora();
    let nombre = format!("{} {}", persona.nombres, persona.apellidos);
    let email = registro.email.clone();
    let flujo_id = flujo_id.to_owned();

    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                // Re-read inside the transaction: a replay that raced past the first check fails
                // here on the version, and the account is not written.
                let flujo = flujos::cargar::<Registro>(tx, &flujo_id, TipoFlujo::RegistroNatural, ahora).await?;
                cuenta::Entity::insert(cuenta::ActiveModel {
                    rut: Set(rut.normalizado()),
                    tipo: Set("natural".into()),
                    email: Set(registro.email.as_str().to_owned()),
                    celular: Set(registro.celular.map(|c| c.e164())),
                    pregunta: Set(Some(registro.pregunta.codigo().to_owned())),
                    respuesta_hash: Set(Some(respuesta_hash)),
                    clave_hash: Set(clave_hash),
                    clave_provisional_expira_en: Set(None),
                    fallos_login: Set(0),
                    bloqueos: Set(0),
                    bloqueada_hasta: Set(None),
                    creado_en: Set(ahora),
                    actualizado_en: Set(ahora),
                })
                .exec(tx)
                .await
                .map_err(|e| match e.sql_err() {
                    Some(SqlErr::UniqueConstraintViolation(_)) => ErrorServicio::RutRegistrado,
                    _ => e.into(),
                })?;
                persona_natural::Entity::insert(persona_natural::ActiveModel {
                    rut: Set(rut.normalizado()),
                    nombres: Set(persona.nombres),
                    apellidos: Set(persona.apellidos),
                    direccion: Set(registro.direccion.as_str().to_owned()),
                    numero: Set(registro.numero.as_str().to_owned()),
                    block: Set(registro.block.map(|b| b.as_str().to_owned())),
                    departamento: Set(registro.departamento.map(|d| d.as_str().to_owned())),
                    comuna: Set(registro.comuna.codigo().to_owned()),
                    telefono_particular: Set(registro.telefono_particular.map(|t| t.digitos().to_owned())),
                    telefono_trabajo: Set(registro.telefono_trabajo.map(|t| t.digitos().to_owned())),
                })
                .exec(tx)
                .await?;
                notificaciones::encolar(
                    tx,
                    vec![Mensaje {
                        destino: Destino::Email { a: registro.email, asunto: ASUNTO_BIENVENIDA.into() },
                        cuerpo: bienvenida(&nombre),
                        secreto: false,
                    }],
                    ahora,
                )
                .await?;
                flujo.avanzar(tx, &PasoRegistro::CrearCuenta, Some(rut.normalizado())).await?;
                Ok(())
            })
        })
        .await?;
    tracing::info!(rut = %rut, "cuenta de persona natural registrada");
    Ok(Registrado { email_enmascarado: enmascarar_email(&email) })
}
