//! `REGISTRAR PERSONA NATURAL` (guide N §2) and `REGISTRAR PERSONA JURÍDICA` (guide J §2): one
//! form whose sections depend on the kind of account. Both have the credential (RUT, secret
//! question, Clave CS), an address and an email; a person adds phones and a mobile, a company
//! its razón social, phone, fax and the legal representative who registers it.

use super::secciones::{
    revisar_telefonos_empresa, revisar_telefonos_persona, Domicilio, FormDomicilio, FormRepresentante,
    NuevoRepresentante, TelefonosPersona, MAX_NOMBRE,
};
use super::{Campo, ErroresCampos, Formulario};
use crate::domain::{
    clave::{ClaveCs, ClaveError},
    cuenta::TipoCuenta,
    email::Email,
    pregunta::{PreguntaSecreta, RespuestaSecreta},
    rut::Rut,
    secreto::TextoSecreto,
    telefono::Telefono,
    texto::TextoLibre,
};
use serde::{Deserialize, Serialize};

/// The form exactly as typed; each kind uses the fields [`FormRegistro::campos`] lists.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FormRegistro {
    pub cuenta: TipoCuenta,
    pub rut: String,
    pub razon_social: String,
    pub pregunta: String,
    pub respuesta: TextoSecreto,
    pub domicilio: FormDomicilio,
    pub email: String,
    pub telefono_particular: String,
    pub telefono_trabajo: String,
    pub celular: String,
    pub sin_celular: bool,
    pub telefono: String,
    pub fax: String,
    pub representante: FormRepresentante,
    pub clave: TextoSecreto,
    pub repetir_clave: TextoSecreto,
}

/// A registration that satisfies every rule: only the registries and the uniqueness of the
/// RUT are left to check.
#[derive(Debug)]
pub struct Registro {
    pub rut: Rut,
    pub pregunta: PreguntaSecreta,
    pub respuesta: RespuestaSecreta,
    pub domicilio: Domicilio,
    pub email: Email,
    pub clave: ClaveCs,
    pub titular: TitularNuevo,
}

/// What only one kind registers.
#[derive(Debug)]
pub enum TitularNuevo {
    Persona(TelefonosPersona),
    Empresa {
        razon_social: Option<TextoLibre>,
        telefono: Telefono,
        fax: Option<Telefono>,
        representante: NuevoRepresentante,
    },
}

impl FormRegistro {
    pub fn nuevo(cuenta: TipoCuenta) -> FormRegistro {
        FormRegistro {
            cuenta,
            rut: String::new(),
            razon_social: String::new(),
            pregunta: String::new(),
            respuesta: TextoSecreto::default(),
            domicilio: FormDomicilio::default(),
            email: String::new(),
            telefono_particular: String::new(),
            telefono_trabajo: String::new(),
            celular: String::new(),
            sin_celular: false,
            telefono: String::new(),
            fax: String::new(),
            representante: FormRepresentante::default(),
            clave: TextoSecreto::default(),
            repetir_clave: TextoSecreto::default(),
        }
    }

    /// The kind's fields in the order the page shows them: the first one in error gets the
    /// focus.
    pub fn campos(cuenta: TipoCuenta) -> &'static [Campo] {
        use Campo as C;
        match cuenta {
            TipoCuenta::Juridica => &[
                C::Rut,
                C::RazonSocial,
                C::Pregunta,
                C::Respuesta,
                C::Region,
                C::Comuna,
                C::Direccion,
                C::Numero,
                C::Block,
                C::Departamento,
                C::Email,
                C::Telefono,
                C::Fax,
                C::RutRepresentante,
                C::NombreRepresentante,
                C::CelularRepresentante,
                C::EmailRepresentante,
                C::Clave,
                C::RepetirClave,
            ],
            TipoCuenta::Natural | TipoCuenta::Facilitador => &[
                C::Rut,
                C::Pregunta,
                C::Respuesta,
                C::Direccion,
                C::Numero,
                C::Block,
                C::Departamento,
                C::Region,
                C::Comuna,
                C::Email,
                C::TelefonoParticular,
                C::TelefonoTrabajo,
                C::Celular,
                C::Clave,
                C::RepetirClave,
            ],
        }
    }

    /// Every rule at once: the registration, or every field's message.
    pub fn validar(&self) -> Result<Registro, ErroresCampos> {
        let mut errores = ErroresCampos::default();
        let registro = self.revisar(&mut errores);
        errores.resultado(registro)
    }

    fn revisar(&self, e: &mut ErroresCampos) -> Option<Registro> {
        let rut = e.tomar(Campo::Rut, Rut::parse(&self.rut));
        let pregunta = e.tomar(Campo::Pregunta, PreguntaSecreta::parse(&self.pregunta));
        let respuesta = e.tomar(Campo::Respuesta, RespuestaSecreta::parse(self.respuesta.expose()));
        let domicilio = self.domicilio.revisar(e);
        let email = e.tomar(Campo::Email, Email::parse(&self.email));
        let titular = match self.cuenta {
            TipoCuenta::Juridica => self.empresa(e),
            TipoCuenta::Natural | TipoCuenta::Facilitador => self.persona(e),
        };
        let clave = e.tomar(Campo::Clave, ClaveCs::parse(self.clave.expose(), rut.as_ref()));
        if clave.as_ref().is_some_and(|c| c.expose() != self.repetir_clave.expose()) {
            e.agregar(Campo::RepetirClave, ClaveError::NoCoinciden.to_string());
        }
        Some(Registro {
            rut: rut?,
            pregunta: pregunta?,
            respuesta: respuesta?,
            domicilio: domicilio?,
            email: email?,
            clave: clave?,
            titular: titular?,
        })
    }

    fn persona(&self, e: &mut ErroresCampos) -> Option<TitularNuevo> {
        let (particular, trabajo) = (&self.telefono_particular, &self.telefono_trabajo);
        revisar_telefonos_persona(e, particular, trabajo, &self.celular, self.sin_celular).map(TitularNuevo::Persona)
    }

    fn empresa(&self, e: &mut ErroresCampos) -> Option<TitularNuevo> {
        let razon_social = e.tomar(Campo::RazonSocial, TextoLibre::parse_opcional(&self.razon_social, MAX_NOMBRE));
        let telefonos = revisar_telefonos_empresa(e, &self.telefono, &self.fax);
        let representante = self.representante.revisar(e);
        let (telefono, fax) = telefonos?;
        Some(TitularNuevo::Empresa { razon_social: razon_social?, telefono, fax, representante: representante? })
    }
}

impl Formulario for FormRegistro {
    /// The text typed into a field ("" for a field the form does not have).
    fn texto(&self, campo: Campo) -> &str {
        match campo {
            Campo::Rut => &self.rut,
            Campo::RazonSocial => &self.razon_social,
            Campo::Pregunta => &self.pregunta,
            Campo::Respuesta => self.respuesta.expose(),
            Campo::Email => &self.email,
            Campo::TelefonoParticular => &self.telefono_particular,
            Campo::TelefonoTrabajo => &self.telefono_trabajo,
            Campo::Celular => &self.celular,
            Campo::Telefono => &self.telefono,
            Campo::Fax => &self.fax,
            Campo::Clave => self.clave.expose(),
            Campo::RepetirClave => self.repetir_clave.expose(),
            otro => self.domicilio.texto(otro).or_else(|| self.representante.texto(otro)).unwrap_or_default(),
        }
    }

    fn escribir(&mut self, campo: Campo, texto: String) {
        let destino = match campo {
            Campo::Respuesta => return self.respuesta = texto.into(),
            Campo::Clave => return self.clave = texto.into(),
            Campo::RepetirClave => return self.repetir_clave = texto.into(),
            Campo::Rut => &mut self.rut,
            Campo::RazonSocial => &mut self.razon_social,
            Campo::Pregunta => &mut self.pregunta,
            Campo::Email => &mut self.email,
            Campo::TelefonoParticular => &mut self.telefono_particular,
            Campo::TelefonoTrabajo => &mut self.telefono_trabajo,
            Campo::Celular => &mut self.celular,
            Campo::Telefono => &mut self.telefono,
            Campo::Fax => &mut self.fax,
            otro => match self.domicilio.texto_mut(otro) {
                Some(t) => t,
                None => match self.representante.texto_mut(otro) {
                    Some(t) => t,
                    None => return,
                },
            },
        };
        *destino = texto;
    }

    fn errores(&self) -> ErroresCampos {
        let mut errores = ErroresCampos::default();
        self.revisar(&mut errores);
        errores
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn persona() -> FormRegistro {
        FormRegistro {
            rut: "12.345.678-5".into(),
            pregunta: "nombre_mascota".into(),
            respuesta: "Firulais".into(),
            domicilio: FormDomicilio {
                region: "13".into(),
                comuna: "13101".into(),
                direccion: "Avenida Libertador Bernardo O'Higgins".into(),
                numero: "1449".into(),
                block: String::new(),
                departamento: "1203".into(),
            },
            email: "persona@correo.cl".into(),
            telefono_particular: "221234567".into(),
            celular: "98765432".into(),
            clave: "Pehuen2026".into(),
            repetir_clave: "Pehuen2026".into(),
            ..FormRegistro::nuevo(TipoCuenta::Natural)
        }
    }

    pub(crate) fn empresa() -> FormRegistro {
        FormRegistro {
            cuenta: TipoCuenta::Juridica,
            rut: "76.086.428-5".into(),
            telefono_particular: String::new(),
            celular: String::new(),
            email: "contacto@capacitaciones.cl".into(),
            telefono: "227654321".into(),
            representante: FormRepresentante {
                rut: "11.111.111-1".into(),
                nombre: String::new(),
                celular: "98765432".into(),
                email: "juan@capacitaciones.cl".into(),
            },
            ..persona()
        }
    }

    #[test]
    fn a_complete_form_of_each_kind_parses() {
        let Ok(r) = persona().validar() else { panic!("a valid form") };
        assert_eq!(r.rut.normalizado(), "12345678-5");
        assert_eq!(r.domicilio.comuna.codigo(), "13101");
        assert!(matches!(r.titular, TitularNuevo::Persona(TelefonosPersona { celular: Some(_), trabajo: None, .. })));
        let Ok(r) = empresa().validar() else { panic!("a valid form") };
        let TitularNuevo::Empresa { representante, fax, .. } = r.titular else { panic!("a company") };
        assert_eq!(representante.rut.normalizado(), "11111111-1");
        assert!(fax.is_none());
    }

    #[test]
    fn sin_celular_ignores_the_mobile_field() {
        let form = FormRegistro { sin_celular: true, celular: "basura".into(), ..persona() };
        assert!(matches!(
            form.validar().unwrap().titular,
            TitularNuevo::Persona(TelefonosPersona { celular: None, .. })
        ));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut form = FormRegistro {
            rut: "12.345.678-9".into(),
            email: "no-es-email".into(),
            repetir_clave: "Otra12345".into(),
            ..persona()
        };
        form.domicilio.comuna = "05101".into();
        let errores = form.validar().unwrap_err();
        assert_eq!(errores.de(Campo::Rut), Some("El dígito verificador del RUT no es válido."));
        assert!(errores.de(Campo::Email).is_some());
        assert_eq!(errores.de(Campo::RepetirClave), Some("Las claves no coinciden."));
        assert_eq!(errores.de(Campo::Comuna), Some("La comuna no pertenece a la región seleccionada."));
        assert_eq!(errores.0.len(), 4);
    }

    #[test]
    fn a_company_needs_its_phone_and_representative_but_not_the_persons_fields() {
        let form = FormRegistro { telefono: String::new(), representante: FormRepresentante::default(), ..empresa() };
        let errores = form.validar().unwrap_err();
        assert!(errores.de(Campo::Telefono).is_some());
        assert!(errores.de(Campo::RutRepresentante).is_some());
        assert!(errores.de(Campo::Celular).is_none(), "a company has no mobile of its own");
    }

    #[test]
    fn the_password_cannot_contain_the_rut() {
        let form = FormRegistro { clave: "x12345678".into(), repetir_clave: "x12345678".into(), ..persona() };
        assert_eq!(form.errores().de(Campo::Clave), Some("La Clave CS no puede contener su RUT."));
    }

    #[test]
    fn every_listed_field_can_be_written_and_read() {
        for cuenta in [TipoCuenta::Natural, TipoCuenta::Juridica] {
            let mut form = FormRegistro::nuevo(cuenta);
            for campo in FormRegistro::campos(cuenta) {
                form.escribir(*campo, campo.id().to_owned());
                assert_eq!(form.texto(*campo), campo.id(), "{campo:?}");
            }
        }
    }
}
