//! An account's RUT and its CS, and for a company the RUN of the legal representative who acts
//! for it (guide §4: `Rut Empresa`, `Rut Representante Legal`, `CS Actual`): how Cambiar CS
//! and Actualizar datos start. The CS is only checked for presence here: an older CS may
//! predate today's rules, and the stored hash is what judges it.

use super::{leer, mensajes, Campo, ErroresCampos};
use crate::domain::{
    clave::{ClaveCs, ClaveError},
    cuenta::{IdCuenta, TipoCuenta},
    facilitador::{NumeroDocumento, TipoDocumento},
    rut::Rut,
    secreto::TextoSecreto,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EntradaCredenciales {
    pub rut: String,
    /// A facilitator's document, instead of the RUT.
    #[serde(default)]
    pub tipo_documento: String,
    #[serde(default)]
    pub numero_documento: String,
    /// Empty for a person.
    pub rut_representante: String,
    pub clave: TextoSecreto,
}

#[derive(Clone, Debug)]
pub struct Credenciales {
    pub cuenta: IdCuenta,
    pub representante: Option<Rut>,
    pub clave: TextoSecreto,
}

/// The first step of Recuperar CS: the RUT, or a facilitator's document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EntradaCuenta {
    pub rut: String,
    #[serde(default)]
    pub tipo_documento: String,
    #[serde(default)]
    pub numero_documento: String,
}

impl EntradaCuenta {
    pub fn validar(&self, tipo: TipoCuenta) -> Result<IdCuenta, ErroresCampos> {
        let mut e = ErroresCampos::default();
        let facilitador = tipo == TipoCuenta::Facilitador;
        let cuenta = leer_cuenta(facilitador, &self.rut, &self.tipo_documento, &self.numero_documento, &mut e);
        e.resultado(cuenta)
    }
}

/// Which account a step is about: a RUT, or a facilitator's document (who has no RUT); each
/// error at its field.
pub fn leer_cuenta(
    facilitador: bool,
    rut: &str,
    tipo_documento: &str,
    numero_documento: &str,
    e: &mut ErroresCampos,
) -> Option<IdCuenta> {
    if facilitador {
        let tipo = e.tomar(Campo::TipoDocumento, TipoDocumento::parse(tipo_documento));
        let numero = e.tomar(Campo::NumeroDocumento, NumeroDocumento::parse(numero_documento));
        tipo.zip(numero).map(|(tipo, numero)| IdCuenta::Documento { tipo, numero })
    } else {
        e.tomar(Campo::Rut, Rut::parse(rut)).map(IdCuenta::Rut)
    }
}

/// The message for a CS left empty, by the field it was left in.
pub fn falta_clave(campo: Campo) -> &'static str {
    if campo == Campo::ClaveActual {
        mensajes::FALTA_CLAVE_ACTUAL
    } else {
        mensajes::FALTA_CLAVE
    }
}

impl EntradaCredenciales {
    /// The kind says what identifies the account and whether a legal representative acts for
    /// it. `campo_clave` is the CS field's name on the page (`CS Actual`, `CS Empresa`).
    pub fn validar(&self, tipo: TipoCuenta, campo_clave: Campo) -> Result<Credenciales, ErroresCampos> {
        let mut e = ErroresCampos::default();
        let facilitador = tipo == TipoCuenta::Facilitador;
        let cuenta = leer_cuenta(facilitador, &self.rut, &self.tipo_documento, &self.numero_documento, &mut e);
        let representante = if tipo.actua_por_representante() {
            e.tomar(Campo::RutRepresentanteLegal, Rut::parse(&self.rut_representante)).map(Some)
        } else {
            Some(None)
        };
        if self.clave.is_empty() {
            e.agregar(campo_clave, falta_clave(campo_clave));
        }
        let credenciales = cuenta.zip(representante).map(|(cuenta, representante)| Credenciales {
            cuenta,
            representante,
            clave: self.clave.clone(),
        });
        e.resultado(credenciales)
    }
}

/// `Ingresar`: a RUT, or, for a foreign facilitator (who has none), the type and number of
/// their document; and the CS.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EntradaIngreso {
    /// `Ingresar como facilitador extranjero (sin RUT)`: the document replaces the RUT.
    pub facilitador: bool,
    pub rut: String,
    pub tipo_documento: String,
    pub numero_documento: String,
    pub clave: TextoSecreto,
}

impl EntradaIngreso {
    pub fn validar(&self) -> Result<(IdCuenta, TextoSecreto), ErroresCampos> {
        let mut e = ErroresCampos::default();
        let cuenta = leer_cuenta(self.facilitador, &self.rut, &self.tipo_documento, &self.numero_documento, &mut e);
        if self.clave.is_empty() {
            e.agregar(Campo::Clave, mensajes::FALTA_CLAVE);
        }
        e.resultado(cuenta.map(|c| (c, self.clave.clone())))
    }
}

/// `CS Nueva` and `Repetir CS Nueva`: the registration's CS rules with the account's RUT; a
/// mismatch is reported at the repetition.
pub fn leer_clave_nueva(nueva: &str, repetir: &str, rut: Option<&Rut>) -> Result<ClaveCs, ErroresCampos> {
    let leida = ClaveCs::parse_con_repeticion(nueva, repetir, rut);
    let campo = if leida == Err(ClaveError::NoCoinciden) { Campo::RepetirClaveNueva } else { Campo::ClaveNueva };
    leer(campo, leida)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entrada(rut: &str, representante: &str, clave: &str) -> EntradaCredenciales {
        EntradaCredenciales {
            rut: rut.into(),
            rut_representante: representante.into(),
            clave: clave.into(),
            ..EntradaCredenciales::default()
        }
    }

    #[test]
    fn a_person_gives_a_rut_and_a_cs() {
        let c = entrada("11.111.111-1", "", "Araucaria1").validar(TipoCuenta::Natural, Campo::ClaveActual).unwrap();
        assert_eq!(c.cuenta.clave(), "11111111-1");
        assert!(c.representante.is_none());
    }

    #[test]
    fn a_company_also_names_its_representative() {
        let errores =
            entrada("76.086.428-5", "", "Clave2026").validar(TipoCuenta::Juridica, Campo::ClaveActual).unwrap_err();
        assert_eq!(errores.de(Campo::RutRepresentanteLegal), Some("Ingrese el RUT."));
        let c = entrada("76.086.428-5", "11.111.111-1", "Clave2026")
            .validar(TipoCuenta::Juridica, Campo::ClaveActual)
            .unwrap();
        assert_eq!(c.representante.map(|r| r.normalizado()).as_deref(), Some("11111111-1"));
    }

    #[test]
    fn a_facilitator_gives_a_document_instead_of_a_rut() {
        let mut e = entrada("", "", "Lenga2026x");
        let errores = e.validar(TipoCuenta::Facilitador, Campo::ClaveActual).unwrap_err();
        assert!(errores.de(Campo::TipoDocumento).is_some() && errores.de(Campo::NumeroDocumento).is_some());
        assert_eq!(errores.de(Campo::Rut), None);
        (e.tipo_documento, e.numero_documento) = ("pasaporte".into(), "ab1234567".into());
        let c = e.validar(TipoCuenta::Facilitador, Campo::ClaveActual).unwrap();
        assert_eq!(c.cuenta.clave(), "pasaporte:AB1234567");
    }

    #[test]
    fn a_new_cs_follows_the_rules_and_its_repetition_matches() {
        let rut = Rut::parse("11.111.111-1").unwrap();
        assert!(leer_clave_nueva("Quillay26", "Quillay26", Some(&rut)).is_ok());
        let errores = leer_clave_nueva("Quillay26", "Quillay27", Some(&rut)).unwrap_err();
        assert_eq!(errores.de(Campo::RepetirClaveNueva), Some("Las claves no coinciden."));
        let errores = leer_clave_nueva("x11111111", "x11111111", Some(&rut)).unwrap_err();
        assert_eq!(errores.de(Campo::ClaveNueva), Some("La Clave CS no puede contener su RUT."));
    }

    #[test]
    fn a_facilitator_logs_in_with_the_type_and_number_of_their_document() {
        let entrada = EntradaIngreso {
            facilitador: true,
            tipo_documento: "pasaporte".into(),
            numero_documento: "ab-1234567".into(),
            clave: "Lenga2026x".into(),
            ..EntradaIngreso::default()
        };
        let (cuenta, _) = entrada.validar().unwrap();
        assert_eq!(cuenta.clave(), "pasaporte:AB1234567");
        let sin_numero = EntradaIngreso { numero_documento: String::new(), ..entrada };
        assert!(sin_numero.validar().unwrap_err().de(Campo::NumeroDocumento).is_some());
        let persona = EntradaIngreso { rut: "11.111.111-1".into(), clave: "x".into(), ..EntradaIngreso::default() };
        assert_eq!(persona.validar().unwrap().0.clave(), "11111111-1");
    }

    #[test]
    fn every_missing_field_is_reported_at_once() {
        let errores = entrada("12.345.678-9", "x", "").validar(TipoCuenta::Juridica, Campo::ClaveActual).unwrap_err();
        assert_eq!(errores.de(Campo::Rut), Some("El dígito verificador del RUT no es válido."));
        assert!(errores.de(Campo::RutRepresentanteLegal).is_some());
        assert_eq!(errores.de(Campo::ClaveActual), Some(mensajes::FALTA_CLAVE_ACTUAL));
    }
}
