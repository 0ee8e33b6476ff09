//! What the outside registries say about who is asking, in the terms the procedures need:
//! a company in force and its legal representatives (SII), a RUN in force and its ID card's
//! serial number (Registro Civil).

use super::error::ErrorServicio;
use super::registros::{EmpresaRegistro, PersonaRegistro};
use super::Servicios;
use crate::formularios::Campo;
use cs_domain::{numero_serie::NumeroSerie, rut::Rut};

pub const EMPRESA_NO_VIGENTE: &str =
    "El Servicio de Impuestos Internos (SII) no registra una empresa vigente con ese RUT. Revise el RUT ingresado.";
pub const NO_ES_REPRESENTANTE: &str =
    "El Rut ingresado no corresponde a un Representante Legal vigente de la empresa según el Servicio de Impuestos Internos (SII).";
pub const RUN_NO_VIGENTE: &str =
    "No encontramos un RUN vigente con ese número en el Registro Civil. Revise el RUT ingresado.";
pub const SERIE_INCORRECTA: &str = "El número de serie no corresponde a su cédula de identidad vigente.";

/// The company, if the SII has it in force.
pub async fn empresa_vigente(svc: &Servicios, rut: &Rut) -> Result<Option<EmpresaRegistro>, ErrorServicio> {
    Ok(svc.sii.empresa(rut).await?.filter(|e| e.vigente))
}

/// Whether the SII lists `representante` as a legal representative of `empresa`, in force.
pub async fn es_representante(svc: &Servicios, empresa: &Rut, representante: &Rut) -> Result<bool, ErrorServicio> {
    Ok(empresa_vigente(svc, empresa).await?.is_some_and(|e| e.representantes.contains(representante)))
}

/// The person, if the Registro Civil has the RUN in force.
pub async fn persona_vigente(svc: &Servicios, run: &Rut) -> Result<Option<PersonaRegistro>, ErrorServicio> {
    Ok(svc.registro_civil.persona(run).await?.filter(|p| p.vigente))
}

/// Whether `serie` is the serial number of the current ID card of `run`.
pub async fn serie_corresponde(svc: &Servicios, run: &Rut, serie: &NumeroSerie) -> Result<bool, ErrorServicio> {
    Ok(persona_vigente(svc, run).await?.is_some_and(|p| p.numero_serie == *serie))
}

/// A representative for a company to register or keep: the SII lists them and the Registro
/// Civil has their RUN in force. Returns their name as the Registro Civil writes it.
pub async fn representante_valido(
    svc: &Servicios,
    empresa: &Rut,
    representante: &Rut,
    campo: Campo,
) -> Result<String, ErrorServicio> {
    if !es_representante(svc, empresa, representante).await? {
        return Err(ErrorServicio::campo(campo, NO_ES_REPRESENTANTE));
    }
    let persona =
        persona_vigente(svc, representante).await?.ok_or_else(|| ErrorServicio::campo(campo, RUN_NO_VIGENTE))?;
    Ok(format!("{} {}", persona.nombres, persona.apellidos))
}
