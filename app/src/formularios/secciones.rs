//! Sections several forms share: an address (a person's `Domicilio`, a company's `Dirección de
//! Empresa`) and a legal representative (registration, and the list Actualizar datos keeps).

use super::opcional;
use super::{mensajes, Campo, ErroresCampos, Formulario};
use crate::domain::{
    email::Email,
    rut::Rut,
    telefono::{Celular, Telefono},
    territorio::{self, CodigoComuna},
    texto::TextoLibre,
};
use serde::{Deserialize, Serialize};

pub const MAX_DIRECCION: usize = 100;
pub const MAX_NUMERO: usize = 10;
pub const MAX_NOMBRE: usize = 100;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDomicilio {
    pub region: String,
    pub comuna: String,
    pub direccion: String,
    pub numero: String,
    pub block: String,
    pub departamento: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domicilio {
    pub comuna: CodigoComuna,
    pub direccion: TextoLibre,
    pub numero: TextoLibre,
    pub block: Option<TextoLibre>,
    pub departamento: Option<TextoLibre>,
}

impl FormDomicilio {
    pub const CAMPOS: [Campo; 6] =
        [Campo::Region, Campo::Comuna, Campo::Direccion, Campo::Numero, Campo::Block, Campo::Departamento];

    pub fn texto(&self, campo: Campo) -> Option<&str> {
        let mut textos = [&self.region, &self.comuna, &self.direccion, &self.numero, &self.block, &self.departamento]
            .into_iter()
            .zip(Self::CAMPOS);
        textos.find(|(_, c)| *c == campo).map(|(t, _)| t.as_str())
    }

    pub fn texto_mut(&mut self, campo: Campo) -> Option<&mut String> {
        Some(match campo {
            Campo::Region => &mut self.region,
            Campo::Comuna => &mut self.comuna,
            Campo::Direccion => &mut self.direccion,
            Campo::Numero => &mut self.numero,
            Campo::Block => &mut self.block,
            Campo::Departamento => &mut self.departamento,
            _ => return None,
        })
    }

    /// Parses every field, recording each message in `e`.
    pub fn revisar(&self, e: &mut ErroresCampos) -> Option<Domicilio> {
        let region = territorio::region(self.region.trim());
        if region.is_none() {
            e.agregar(Campo::Region, mensajes::SELECCIONE_REGION);
        }
        let comuna = e.tomar(Campo::Comuna, CodigoComuna::parse(&self.comuna));
        if let (Some(region), Some(comuna)) = (region, comuna) {
            if comuna.region().codigo != region.codigo {
                e.agregar(Campo::Comuna, mensajes::COMUNA_DE_OTRA_REGION);
            }
        }
        let direccion = e.tomar(Campo::Direccion, TextoLibre::parse(&self.direccion, MAX_DIRECCION));
        let numero = e.tomar(Campo::Numero, TextoLibre::parse(&self.numero, MAX_NUMERO));
        let block = e.tomar(Campo::Block, TextoLibre::parse_opcional(&self.block, MAX_NUMERO));
        let departamento = e.tomar(Campo::Departamento, TextoLibre::parse_opcional(&self.departamento, MAX_NUMERO));
        Some(Domicilio {
            comuna: comuna?,
            direccion: direccion?,
            numero: numero?,
            block: block?,
            departamento: departamento?,
        })
    }
}

/// A person's phones (`Teléfono Particular`, `Teléfono Trabajo`, `Celular` or `Sin Celular`),
/// as registration and Actualizar datos ask them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TelefonosPersona {
    pub particular: Option<Telefono>,
    pub trabajo: Option<Telefono>,
    pub celular: Option<Celular>,
}

pub fn revisar_telefonos_persona(
    e: &mut ErroresCampos,
    particular: &str,
    trabajo: &str,
    celular: &str,
    sin_celular: bool,
) -> Option<TelefonosPersona> {
    let particular = e.tomar(Campo::TelefonoParticular, opcional(particular, Telefono::parse));
    let trabajo = e.tomar(Campo::TelefonoTrabajo, opcional(trabajo, Telefono::parse));
    let celular = if sin_celular { Some(None) } else { e.tomar(Campo::Celular, Celular::parse(celular).map(Some)) };
    Some(TelefonosPersona { particular: particular?, trabajo: trabajo?, celular: celular? })
}

/// A company's `Teléfono` (required) and `Fax` (optional: few companies keep one).
pub fn revisar_telefonos_empresa(
    e: &mut ErroresCampos,
    telefono: &str,
    fax: &str,
) -> Option<(Telefono, Option<Telefono>)> {
    let telefono = e.tomar(Campo::Telefono, Telefono::parse(telefono));
    let fax = e.tomar(Campo::Fax, opcional(fax, Telefono::parse));
    Some((telefono?, fax?))
}

/// `Información de Registro de Representante Legal`: Rut, Nombre, Celular, Email.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRepresentante {
    pub rut: String,
    /// Optional: the Registro Civil's name is the one kept.
    pub nombre: String,
    pub celular: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NuevoRepresentante {
    pub rut: Rut,
    pub nombre: Option<TextoLibre>,
    pub celular: Celular,
    pub email: Email,
}

impl FormRepresentante {
    pub const CAMPOS: [Campo; 4] =
        [Campo::RutRepresentante, Campo::NombreRepresentante, Campo::CelularRepresentante, Campo::EmailRepresentante];

    pub fn texto(&self, campo: Campo) -> Option<&str> {
        let mut textos = [&self.rut, &self.nombre, &self.celular, &self.email].into_iter().zip(Self::CAMPOS);
        textos.find(|(_, c)| *c == campo).map(|(t, _)| t.as_str())
    }

    pub fn texto_mut(&mut self, campo: Campo) -> Option<&mut String> {
        Some(match campo {
            Campo::RutRepresentante => &mut self.rut,
            Campo::NombreRepresentante => &mut self.nombre,
            Campo::CelularRepresentante => &mut self.celular,
            Campo::EmailRepresentante => &mut self.email,
            _ => return None,
        })
    }

    pub fn revisar(&self, e: &mut ErroresCampos) -> Option<NuevoRepresentante> {
        let rut = e.tomar(Campo::RutRepresentante, Rut::parse(&self.rut));
        let nombre = e.tomar(Campo::NombreRepresentante, TextoLibre::parse_opcional(&self.nombre, MAX_NOMBRE));
        let celular = e.tomar(Campo::CelularRepresentante, Celular::parse(&self.celular));
        let email = e.tomar(Campo::EmailRepresentante, Email::parse(&self.email));
        Some(NuevoRepresentante { rut: rut?, nombre: nombre?, celular: celular?, email: email? })
    }

    pub fn validar(&self) -> Result<NuevoRepresentante, ErroresCampos> {
        let mut e = ErroresCampos::default();
        let representante = self.revisar(&mut e);
        e.resultado(representante)
    }
}

impl Formulario for FormRepresentante {
    fn texto(&self, campo: Campo) -> &str {
        FormRepresentante::texto(self, campo).unwrap_or_default()
    }

    fn escribir(&mut self, campo: Campo, texto: String) {
        if let Some(destino) = self.texto_mut(campo) {
            *destino = texto;
        }
    }

    fn errores(&self) -> ErroresCampos {
        self.validar().err().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domicilio() -> FormDomicilio {
        FormDomicilio {
            region: "13".into(),
            comuna: "13101".into(),
            direccion: "Teatinos".into(),
            numero: "370".into(),
            block: String::new(),
            departamento: "  ".into(),
        }
    }

    #[test]
    fn an_address_parses_with_its_optional_parts_absent() {
        let mut e = ErroresCampos::default();
        let d = domicilio().revisar(&mut e).unwrap();
        assert!(e.is_empty());
        assert_eq!(d.comuna.codigo(), "13101");
        assert!(d.block.is_none() && d.departamento.is_none());
    }

    #[test]
    fn the_comuna_must_belong_to_the_region() {
        let mut e = ErroresCampos::default();
        FormDomicilio { comuna: "05101".into(), ..domicilio() }.revisar(&mut e);
        assert_eq!(e.de(Campo::Comuna), Some(mensajes::COMUNA_DE_OTRA_REGION));
        let mut e = ErroresCampos::default();
        FormDomicilio { region: String::new(), ..domicilio() }.revisar(&mut e);
        assert_eq!(e.de(Campo::Region), Some(mensajes::SELECCIONE_REGION));
    }

    #[test]
    fn a_representative_needs_rut_mobile_and_email() {
        let errores = FormRepresentante::default().validar().unwrap_err();
        assert!(errores.de(Campo::RutRepresentante).is_some());
        assert!(errores.de(Campo::CelularRepresentante).is_some());
        assert!(errores.de(Campo::EmailRepresentante).is_some());
        assert!(errores.de(Campo::NombreRepresentante).is_none(), "the name is optional");
    }
}
