//! N1 "Registrar Persona Natural": the form, its fields, and the parsed registration.

use super::ErroresCampos;
use crate::domain::{
    clave::ClaveCs,
    email::Email,
    pregunta::{PreguntaSecreta, RespuestaSecreta},
    rut::Rut,
    telefono::{Celular, Telefono},
    territorio::{self, CodigoComuna},
    texto::TextoLibre,
};
use serde::{Deserialize, Serialize};

pub const MAX_DIRECCION: usize = 100;
pub const MAX_NUMERO: usize = 10;

/// The form exactly as typed. Field names double as the ids of the inputs and error keys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRegistroNatural {
    pub rut: String,
    pub pregunta: String,
    pub respuesta: String,
    pub direccion: String,
    pub numero: String,
    pub block: String,
    pub departamento: String,
    pub region: String,
    pub comuna: String,
    pub email: String,
    pub telefono_particular: String,
    pub telefono_trabajo: String,
    pub celular: String,
    pub sin_celular: bool,
    pub clave: String,
    pub repetir_clave: String,
}

/// A registration that satisfies every rule: only the account's own data is left to check
/// (Registro Civil, not already registered).
pub struct RegistroNatural {
    pub rut: Rut,
    pub pregunta: PreguntaSecreta,
    pub respuesta: RespuestaSecreta,
    pub direccion: TextoLibre,
    pub numero: TextoLibre,
    pub block: Option<TextoLibre>,
    pub departamento: Option<TextoLibre>,
    pub comuna: CodigoComuna,
    pub email: Email,
    pub telefono_particular: Option<Telefono>,
    pub telefono_trabajo: Option<Telefono>,
    pub celular: Option<Celular>,
    pub clave: ClaveCs,
}

/// The fields of the form, for checking one at a time as the person leaves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Campo {
    Rut,
    Pregunta,
    Respuesta,
    Direccion,
    Numero,
    Block,
    Departamento,
    Region,
    Comuna,
    Email,
    TelefonoParticular,
    TelefonoTrabajo,
    Celular,
    Clave,
    RepetirClave,
}

impl Campo {
    /// In the order the page shows them: the first one in error gets the focus.
    pub const TODOS: [Campo; 15] = [
        Campo::Rut,
        Campo::Pregunta,
        Campo::Respuesta,
        Campo::Direccion,
        Campo::Numero,
        Campo::Block,
        Campo::Departamento,
        Campo::Region,
        Campo::Comuna,
        Campo::Email,
        Campo::TelefonoParticular,
        Campo::TelefonoTrabajo,
        Campo::Celular,
        Campo::Clave,
        Campo::RepetirClave,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Campo::Rut => "rut",
            Campo::Pregunta => "pregunta",
            Campo::Respuesta => "respuesta",
            Campo::Direccion => "direccion",
            Campo::Numero => "numero",
            Campo::Block => "block",
            Campo::Departamento => "departamento",
            Campo::Region => "region",
            Campo::Comuna => "comuna",
            Campo::Email => "email",
            Campo::TelefonoParticular => "telefono_particular",
            Campo::TelefonoTrabajo => "telefono_trabajo",
            Campo::Celular => "celular",
            Campo::Clave => "clave",
            Campo::RepetirClave => "repetir_clave",
        }
    }
}

fn opcional<T, E>(texto: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<Option<T>, E> {
    if texto.trim().is_empty() {
        Ok(None)
    } else {
        parse(texto).map(Some)
    }
}

impl FormRegistroNatural {
    /// The text typed into a field.
    pub fn texto_mut(&mut self, campo: Campo) -> &mut String {
        match campo {
            Campo::Rut => &mut self.rut,
            Campo::Pregunta => &mut self.pregunta,
            Campo::Respuesta => &mut self.respuesta,
            Campo::Direccion => &mut self.direccion,
            Campo::Numero => &mut self.numero,
            Campo::Block => &mut self.block,
            Campo::Departamento => &mut self.departamento,
            Campo::Region => &mut self.region,
            Campo::Comuna => &mut self.comuna,
            Campo::Email => &mut self.email,
            Campo::TelefonoParticular => &mut self.telefono_particular,
            Campo::TelefonoTrabajo => &mut self.telefono_trabajo,
            Campo::Celular => &mut self.celular,
            Campo::Clave => &mut self.clave,
            Campo::RepetirClave => &mut self.repetir_clave,
        }
    }

    pub fn texto(&self, campo: Campo) -> &str {
        match campo {
            Campo::Rut => &self.rut,
            Campo::Pregunta => &self.pregunta,
            Campo::Respuesta => &self.respuesta,
            Campo::Direccion => &self.direccion,
            Campo::Numero => &self.numero,
            Campo::Block => &self.block,
            Campo::Departamento => &self.departamento,
            Campo::Region => &self.region,
            Campo::Comuna => &self.comuna,
            Campo::Email => &self.email,
            Campo::TelefonoParticular => &self.telefono_particular,
            Campo::TelefonoTrabajo => &self.telefono_trabajo,
            Campo::Celular => &self.celular,
            Campo::Clave => &self.clave,
            Campo::RepetirClave => &self.repetir_clave,
        }
    }

    /// The message for one field, or `None` when it is fine as typed.
    pub fn error_en(&self, campo: Campo) -> Option<String> {
        let mut errores = ErroresCampos::default();
        self.revisar(&mut errores);
        errores.de(campo.id()).map(str::to_owned)
    }

    /// Every rule at once: the registration, or every field's message.
    pub fn validar(&self) -> Result<RegistroNatural, ErroresCampos> {
        let mut errores = ErroresCampos::default();
        let registro = self.revisar(&mut errores);
        match registro {
            Some(r) if errores.is_empty() => Ok(r),
            _ => Err(errores),
        }
    }

    fn revisar(&self, e: &mut ErroresCampos) -> Option<RegistroNatural> {
        let rut = e.tomar(Campo::Rut.id(), Rut::parse(&self.rut));
        let pregunta = e.tomar(Campo::Pregunta.id(), PreguntaSecreta::parse(&self.pregunta));
        let respuesta = e.tomar(Campo::Respuesta.id(), RespuestaSecreta::parse(&self.respuesta));
        let direccion = e.tomar(Campo::Direccion.id(), TextoLibre::parse(&self.direccion, MAX_DIRECCION));
        let numero = e.tomar(Campo::Numero.id(), TextoLibre::parse(&self.numero, MAX_NUMERO));
        let block = e.tomar(Campo::Block.id(), TextoLibre::parse_opcional(&self.block, MAX_NUMERO));
        let departamento =
            e.tomar(Campo::Departamento.id(), TextoLibre::parse_opcional(&self.departamento, MAX_NUMERO));
        let region = territorio::region(self.region.trim());
        if region.is_none() {
            e.agregar(Campo::Region.id(), "Seleccione una región.");
        }
        let comuna = e.tomar(Campo::Comuna.id(), CodigoComuna::parse(&self.comuna));
        if let (Some(region), Some(comuna)) = (region, comuna) {
            if comuna.region().codigo != region.codigo {
                e.agregar(Campo::Comuna.id(), "La comuna no pertenece a la región seleccionada.");
            }
        }
        let email = e.tomar(Campo::Email.id(), Email::parse(&self.email));
        let telefono_particular =
            e.tomar(Campo::TelefonoParticular.id(), opcional(&self.telefono_particular, Telefono::parse));
        let telefono_trabajo =
            e.tomar(Campo::TelefonoTrabajo.id(), opcional(&self.telefono_trabajo, Telefono::parse));
        let celular = if self.sin_celular {
            Some(None)
        } else {
            e.tomar(Campo::Celular.id(), Celular::parse(&self.celular).map(Some))
        };
        let clave = e.tomar(Campo::Clave.id(), ClaveCs::parse(&self.clave, rut.as_ref()));
        if clave.is_some() && self.clave != self.repetir_clave {
            e.agregar(Campo::RepetirClave.id(), crate::domain::clave::ClaveError::NoCoinciden.to_string());
        }
        Some(RegistroNatural {
            rut: rut?,
            pregunta: pregunta?,
            respuesta: respuesta?,
            direccion: direccion?,
            numero: numero?,
            block: block?,
            departamento: departamento?,
            comuna: comuna?,
            email: email?,
            telefono_particular: telefono_particular?,
            telefono_trabajo: telefono_trabajo?,
            celular: celular?,
            clave: clave?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn valido() -> FormRegistroNatural {
        FormRegistroNatural {
            rut: "12.345.678-5".into(),
            pregunta: "nombre_mascota".into(),
            respuesta: "Firulais".into(),
            direccion: "Avenida Libertador Bernardo O'Higgins".into(),
            numero: "1449".into(),
            block: String::new(),
            departamento: "1203".into(),
            region: "13".into(),
            comuna: "13101".into(),
            email: "persona@correo.cl".into(),
            telefono_particular: "221234567".into(),
            telefono_trabajo: String::new(),
            celular: "98765432".into(),
            sin_celular: false,
            clave: "Pehuen2026".into(),
            repetir_clave: "Pehuen2026".into(),
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let Ok(r) = valido().validar() else { panic!("a valid form") };
        assert_eq!(r.rut.normalizado(), "12345678-5");
        assert_eq!(r.comuna.codigo(), "13101");
        assert!(r.celular.is_some());
        assert!(r.telefono_trabajo.is_none());
    }

    #[test]
    fn sin_celular_ignores_the_mobile_field() {
        let form = FormRegistroNatural { sin_celular: true, celular: "basura".into(), ..valido() };
        let Ok(r) = form.validar() else { panic!("a valid form") };
        assert!(r.celular.is_none());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let form = FormRegistroNatural {
            rut: "12.345.678-9".into(),
            email: "no-es-email".into(),
            repetir_clave: "Otra12345".into(),
            comuna: "05101".into(),
            ..valido()
        };
        let errores = form.validar().err().expect("invalid");
        assert_eq!(errores.de("rut"), Some("El dígito verificador del RUT no es válido."));
        assert!(errores.de("email").is_some());
        assert_eq!(errores.de("repetir_clave"), Some("Las claves no coinciden."));
        assert_eq!(errores.de("comuna"), Some("La comuna no pertenece a la región seleccionada."));
        assert_eq!(errores.0.len(), 4);
    }

    #[test]
    fn the_password_cannot_contain_the_rut() {
        let form = FormRegistroNatural { clave: "x12345678".into(), repetir_clave: "x12345678".into(), ..valido() };
        assert_eq!(form.error_en(Campo::Clave).as_deref(), Some("La Clave CS no puede contener su RUT."));
    }

    #[test]
    fn a_missing_region_is_reported_at_the_region() {
        let form = FormRegistroNatural { region: String::new(), ..valido() };
        assert_eq!(form.error_en(Campo::Region).as_deref(), Some("Seleccione una región."));
        assert_eq!(form.error_en(Campo::Comuna), None);
    }
}
