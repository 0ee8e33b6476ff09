//! Registrar (guides §2), one procedure for both kinds that register themselves. The account is
//! created once every rule holds, the captcha is right, the registries vouch for the holder (a
//! person's RUN in force in the Registro Civil; a company in force in the SII, with the
//! registering representative among its legal representatives and their RUN in force) and no
//! account exists for the RUT. The account, its holder, the welcome email and the flow's
//! completion are written in one transaction.

use super::auditoria::{self, Evento, Origen};
use super::cuentas::{self, Credencial, NuevaCuenta, NuevoTitular};
use super::entidades::{empresa, persona_natural, representante_legal};
use super::error::ErrorServicio;
use super::identidad::{self, EMPRESA_NO_VIGENTE, RUN_NO_VIGENTE};
use super::{captcha, flujos, mensajes, notificaciones, Servicios};
use crate::formularios::{
    registro::{Registro as DatosRegistro, TitularNuevo},
    secciones::Domicilio,
    Campo,
};
use cs_domain::cuenta::{IdCuenta, TipoCuenta};
use cs_domain::flujo::{ErrorFlujo, PasoRegistro, Registro};
use cs_domain::{mascara::enmascarar_email, rut::Rut, texto::TextoLibre};
use sea_orm::{ActiveValue::Set, TransactionTrait};
use secrecy::ExposeSecret;

/// What the person sees after registering: where the welcome email went, masked.
pub struct Registrado {
    pub email_enmascarado: String,
}

/// The holder as the registries know it, ready to insert.
struct Avalado {
    nombre: String,
    titular: NuevoTitular,
}

fn texto(t: &Option<TextoLibre>) -> Option<String> {
    t.as_ref().map(|t| t.as_str().to_owned())
}

/// Asks the registries about the holder and builds its rows.
async fn consultar_registros(svc: &Servicios, registro: &DatosRegistro, ahora: i64) -> Result<Avalado, ErrorServicio> {
    let rut = registro.rut.normalizado();
    let Domicilio { comuna, direccion, numero, block, departamento } = &registro.domicilio;
    match &registro.titular {
        TitularNuevo::Persona(telefonos) => {
            let persona = identidad::persona_vigente(svc, &registro.rut)
                .await?
                .ok_or_else(|| ErrorServicio::campo(Campo::Rut, RUN_NO_VIGENTE))?;
            let nombre = format!("{} {}", persona.nombres, persona.apellidos);
            let fila = persona_natural::ActiveModel {
                rut: Set(rut),
                nombres: Set(persona.nombres),
                apellidos: Set(persona.apellidos),
                direccion: Set(direccion.as_str().to_owned()),
                numero: Set(numero.as_str().to_owned()),
                block: Set(texto(block)),
                departamento: Set(texto(departamento)),
                comuna: Set(comuna.codigo().to_owned()),
                telefono_particular: Set(telefonos.particular.as_ref().map(|t| t.digitos().to_owned())),
                telefono_trabajo: Set(telefonos.trabajo.as_ref().map(|t| t.digitos().to_owned())),
            };
            Ok(Avalado { nombre, titular: NuevoTitular::Persona(fila) })
        }
        TitularNuevo::Empresa { telefono, fax, representante, .. } => {
            let empresa = identidad::empresa_vigente(svc, &registro.rut)
                .await?
                .ok_or_else(|| ErrorServicio::campo(Campo::Rut, EMPRESA_NO_VIGENTE))?;
            let nombre_representante =
                identidad::representante_valido(svc, &registro.rut, &representante.rut, Campo::RutRepresentante)
                    .await?;
            let fila = empresa::ActiveModel {
                rut: Set(rut.clone()),
                razon_social: Set(empresa.razon_social.clone()),
                direccion: Set(direccion.as_str().to_owned()),
                numero: Set(numero.as_str().to_owned()),
                block: Set(texto(block)),
                departamento: Set(texto(departamento)),
                comuna: Set(comuna.codigo().to_owned()),
                telefono: Set(telefono.digitos().to_owned()),
                fax: Set(fax.as_ref().map(|f| f.digitos().to_owned())),
            };
            let representante = representante_legal::ActiveModel {
                empresa_rut: Set(rut),
                rut: Set(representante.rut.normalizado()),
                nombre: Set(nombre_representante),
                celular: Set(representante.celular.e164()),
                email: Set(representante.email.as_str().to_owned()),
                creado_en: Set(ahora),
            };
            Ok(Avalado { nombre: empresa.razon_social, titular: NuevoTitular::Empresa(fila, vec![representante]) })
        }
    }
}

fn cuenta_de(titular: &TitularNuevo) -> TipoCuenta {
    match titular {
        TitularNuevo::Persona(_) => TipoCuenta::Natural,
        TitularNuevo::Empresa { .. } => TipoCuenta::Juridica,
    }
}

#[tracing::instrument(skip_all, fields(flujo = %flujo_id, rut = %registro.rut))]
pub async fn registrar(
    svc: &Servicios,
    flujo_id: &str,
    captcha_id: &str,
    captcha_respuesta: &str,
    registro: DatosRegistro,
    origen: &Origen,
) -> Result<Registrado, ErrorServicio> {
    // Refuse a dead, finished or foreign flow before spending the captcha.
    let flujo = flujos::cargar::<Registro>(&svc.db, flujo_id, svc.ahora()).await?;
    flujo.admite(&PasoRegistro::CrearCuenta)?;
    let tipo = cuenta_de(&registro.titular);
    if flujo.cuenta() != tipo {
        return Err(ErrorFlujo::FueraDeOrden.into());
    }
    captcha::verificar(svc, flujo_id, captcha_id, captcha_respuesta).await?;

    let ahora = svc.ahora();
    let rut: Rut = registro.rut;
    let Avalado { nombre, titular } = consultar_registros(svc, &registro, ahora).await?;
    if cuentas::buscar(&svc.db, &rut).await?.is_some() {
        return Err(ErrorServicio::RutRegistrado);
    }

    let clave_hash = svc.hasheador.hashear(registro.clave.expose()).await?;
    let respuesta_hash = svc.hasheador.hashear(registro.respuesta.normalizada().expose_secret()).await?;
    let celular = match &registro.titular {
        TitularNuevo::Persona(telefonos) => telefonos.celular,
        TitularNuevo::Empresa { .. } => None,
    };
    let cuenta = Credencial {
        cuenta: &IdCuenta::Rut(rut),
        tipo,
        email: &registro.email,
        celular: celular.as_ref(),
        pregunta: Some((registro.pregunta.codigo(), respuesta_hash)),
        clave_hash,
    }
    .fila(ahora);
    let bienvenida = mensajes::bienvenida(&registro.email, &nombre);
    let email_enmascarado = enmascarar_email(&registro.email);
    let flujo_id = flujo_id.to_owned();
    let origen = origen.clone();

    svc.db
        .transaction::<_, (), ErrorServicio>(move |tx| {
            Box::pin(async move {
                // Re-read inside the transaction: a replay that raced past the first check fails
                // here on the version, and the account is not written.
                let flujo = flujos::cargar::<Registro>(tx, &flujo_id, ahora).await?;
                NuevaCuenta { cuenta, titular }.insertar(tx).await?;
                notificaciones::encolar(tx, vec![bienvenida], ahora).await?;
                auditoria::registrar(tx, Evento::Registro, Some(&rut), &origen, None, ahora).await?;
                flujo.con_sujeto(&IdCuenta::Rut(rut)).avanzar(tx, &PasoRegistro::CrearCuenta).await?;
                Ok(())
            })
        })
        .await?;
    tracing::info!(cuenta = ?tipo, "cuenta registrada");
    Ok(Registrado { email_enmascarado })
}
