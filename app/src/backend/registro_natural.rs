//! N1 "Registrar Persona Natural": creates the account once every rule holds, the captcha is
//! right, the Registro Civil knows the RUN and no account exists for it. The account, the
//! person, the welcome email and the flow's completion are written in one transaction.

use super::auditoria::{self, Evento, Origen};
use super::cuentas::{self, NuevaCuentaNatural};
use super::entidades::persona_natural;
use super::error::ErrorServicio;
use super::{captcha, flujos, mensajes, notificaciones, Servicios};
use crate::formularios::registro_natural::{Campo, RegistroNatural};
use cs_domain::flujo::{PasoRegistro, Registro, TipoFlujo};
use cs_domain::mascara::enmascarar_email;
use sea_orm::{ActiveValue::Set, TransactionTrait};

/// What the person sees after registering: where the welcome email went, masked.
pub struct Registrado {
    pub email_enmascarado: String,
}

pub async fn registrar(
    svc: &Servicios,
    flujo_id: &str,
    captcha_id: &str,
    captcha_respuesta: &str,
    registro: RegistroNatural,
    origen: &Origen,
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
    if cuentas::buscar(&svc.db, &rut).await?.is_some() {
        return Err(ErrorServicio::RutRegistrado);
    }

    let clave_hash = svc.hasheador.hashear(registro.clave.expose().to_owned()).await?;
    let respuesta_hash = svc.hasheador.hashear(registro.respuesta.expose().to_owned()).await?;
    let ahora = svc.ahora();
    let nombre = format!("{} {}", persona.nombres, persona.apellidos);
    let email = registro.email.clone();
    let flujo_id = flujo_id.to_owned();
    let origen = origen.clone();

    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                // Re-read inside the transaction: a replay that raced past the first check fails
                // here on the version, and the account is not written.
                let flujo = flujos::cargar::<Registro>(tx, &flujo_id, TipoFlujo::RegistroNatural, ahora).await?;
                NuevaCuentaNatural {
                    cuenta: NuevaCuentaNatural::credencial(
                        &rut,
                        &registro.email,
                        registro.celular.as_ref(),
                        Some((registro.pregunta.codigo(), respuesta_hash)),
                        clave_hash,
                        ahora,
                    ),
                    persona: persona_natural::ActiveModel {
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
                    },
                }
                .insertar(tx)
                .await?;
                notificaciones::encolar(tx, vec![mensajes::bienvenida(&registro.email, &nombre)], ahora).await?;
                auditoria::registrar(tx, Evento::Registro, Some(&rut), &origen, None, ahora).await?;
                flujo.avanzar(tx, &PasoRegistro::CrearCuenta, Some(rut.normalizado())).await?;
                Ok(())
            })
        })
        .await?;
    tracing::info!(rut = %rut, "cuenta de persona natural registrada");
    Ok(Registrado { email_enmascarado: enmascarar_email(&email) })
}
