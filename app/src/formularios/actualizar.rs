//! Actualizar datos (guide N §5; for a company the guide is silent): after the CS and the
//! secret question, a person's contact data, or a company's contact data, address and legal
//! representatives.

use super::secciones::{
    revisar_telefonos_empresa, revisar_telefonos_persona, Domicilio, FormDomicilio, FormRepresentante,
    NuevoRepresentante, TelefonosPersona,
};
use super::{leer, Campo, ErroresCampos, Formulario};
use crate::domain::{
    cuenta::TipoCuenta,
    email::Email,
    pregunta::{PreguntaSecreta, RespuestaSecreta},
    rut::Rut,
    secreto::TextoSecreto,
    telefono::Telefono,
};
use serde::{Deserialize, Serialize};

/// What the page asks after the CS is validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasoPregunta {
    /// Answer the account's question.
    Responder(String),
    /// The account has none: choose one and its answer.
    Definir,
}

/// The answer to the account's question, or a new question and its answer.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EntradaPregunta {
    /// Only when defining one.
    pub pregunta: String,
    pub respuesta: TextoSecreto,
}

#[derive(Debug)]
pub struct RespuestaPregunta {
    pub nueva: Option<PreguntaSecreta>,
    pub respuesta: RespuestaSecreta,
}

impl EntradaPregunta {
    pub fn validar(&self, definir: bool) -> Result<RespuestaPregunta, ErroresCampos> {
        let mut e = ErroresCampos::default();
        let nueva = if definir {
            e.tomar(Campo::Pregunta, PreguntaSecreta::parse(&self.pregunta)).map(Some)
        } else {
            Some(None)
        };
        let respuesta = e.tomar(Campo::Respuesta, RespuestaSecreta::parse(self.respuesta.expose()));
        e.resultado(nueva.zip(respuesta).map(|(nueva, respuesta)| RespuestaPregunta { nueva, respuesta }))
    }
}

/// The data a kind of account keeps up to date, as typed (and, from the server, as on file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DatosActualizables {
    /// `Datos de Contacto`: Email Actual, Teléfono Particular, Celular Nuevo, Teléfono Trabajo.
    Persona(ContactoPersona),
    Empresa(DatosEmpresa),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactoPersona {
    pub email: String,
    pub telefono_particular: String,
    pub celular: String,
    pub sin_celular: bool,
    pub telefono_trabajo: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatosEmpresa {
    pub email: String,
    pub telefono: String,
    pub fax: String,
    pub domicilio: FormDomicilio,
    pub representantes: Vec<FormRepresentante>,
}

/// The data, parsed.
#[derive(Debug)]
pub enum Actualizados {
    Persona {
        email: Email,
        telefonos: TelefonosPersona,
    },
    Empresa {
        email: Email,
        telefono: Telefono,
        fax: Option<Telefono>,
        domicilio: Domicilio,
        representantes: Vec<NuevoRepresentante>,
    },
}

impl Actualizados {
    pub fn email(&self) -> &Email {
        match self {
            Actualizados::Persona { email, .. } | Actualizados::Empresa { email, .. } => email,
        }
    }
}

impl DatosActualizables {
    pub fn cuenta(&self) -> TipoCuenta {
        match self {
            DatosActualizables::Persona(_) => TipoCuenta::Natural,
            DatosActualizables::Empresa(_) => TipoCuenta::Juridica,
        }
    }

    pub fn validar(&self) -> Result<Actualizados, ErroresCampos> {
        let mut e = ErroresCampos::default();
        let datos = match self {
            DatosActualizables::Persona(c) => persona(c, &mut e),
            DatosActualizables::Empresa(d) => empresa(d, &mut e),
        };
        e.resultado(datos)
    }
}

fn persona(c: &ContactoPersona, e: &mut ErroresCampos) -> Option<Actualizados> {
    let email = e.tomar(Campo::Email, Email::parse(&c.email));
    let telefonos =
        revisar_telefonos_persona(e, &c.telefono_particular, &c.telefono_trabajo, &c.celular, c.sin_celular);
    Some(Actualizados::Persona { email: email?, telefonos: telefonos? })
}

fn empresa(d: &DatosEmpresa, e: &mut ErroresCampos) -> Option<Actualizados> {
    let email = e.tomar(Campo::Email, Email::parse(&d.email));
    let telefonos = revisar_telefonos_empresa(e, &d.telefono, &d.fax);
    let domicilio = d.domicilio.revisar(e);
    let representantes = e.tomar(Campo::Representantes, representantes(&d.representantes));
    let (telefono, fax) = telefonos?;
    Some(Actualizados::Empresa { email: email?, telefono, fax, domicilio: domicilio?, representantes: representantes? })
}

impl Formulario for ContactoPersona {
    fn texto(&self, campo: Campo) -> &str {
        match campo {
            Campo::Email => &self.email,
            Campo::TelefonoParticular => &self.telefono_particular,
            Campo::Celular => &self.celular,
            Campo::TelefonoTrabajo => &self.telefono_trabajo,
            _ => "",
        }
    }

    fn escribir(&mut self, campo: Campo, texto: String) {
        let destino = match campo {
            Campo::Email => &mut self.email,
            Campo::TelefonoParticular => &mut self.telefono_particular,
            Campo::Celular => &mut self.celular,
            Campo::TelefonoTrabajo => &mut self.telefono_trabajo,
            _ => return,
        };
        *destino = texto;
    }

    fn errores(&self) -> ErroresCampos {
        let mut e = ErroresCampos::default();
        persona(self, &mut e);
        e
    }
}

impl Formulario for DatosEmpresa {
    fn texto(&self, campo: Campo) -> &str {
        match campo {
            Campo::Email => &self.email,
            Campo::Telefono => &self.telefono,
            Campo::Fax => &self.fax,
            otro => self.domicilio.texto(otro).unwrap_or_default(),
        }
    }

    fn escribir(&mut self, campo: Campo, texto: String) {
        let destino = match campo {
            Campo::Email => &mut self.email,
            Campo::Telefono => &mut self.telefono,
            Campo::Fax => &mut self.fax,
            otro => match self.domicilio.texto_mut(otro) {
                Some(destino) => destino,
                None => return,
            },
        };
        *destino = texto;
    }

    fn errores(&self) -> ErroresCampos {
        let mut e = ErroresCampos::default();
        empresa(self, &mut e);
        e
    }
}

/// The list of representatives: at least one, each valid, none twice.
pub fn representantes(lista: &[FormRepresentante]) -> Result<Vec<NuevoRepresentante>, String> {
    if lista.is_empty() {
        return Err("Debe registrar al menos un Representante Legal.".into());
    }
    let mut leidos: Vec<NuevoRepresentante> = Vec::with_capacity(lista.len());
    for form in lista {
        let representante =
            form.validar().map_err(|_| format!("Revise los datos del Representante Legal {}.", form.rut.trim()))?;
        if leidos.iter().any(|r| r.rut == representante.rut) {
            return Err(format!("El Representante Legal {} está repetido.", representante.rut));
        }
        leidos.push(representante);
    }
    Ok(leidos)
}

/// A representative to add, as the page sends it to be checked with the SII.
pub fn representante_nuevo(
    form: &FormRepresentante,
    lista: &[FormRepresentante],
) -> Result<NuevoRepresentante, ErroresCampos> {
    let representante = form.validar()?;
    if lista.iter().any(|r| Rut::parse(&r.rut).is_ok_and(|rut| rut == representante.rut)) {
        return leer(Campo::RutRepresentante, Err("Ese Representante Legal ya está en la lista."));
    }
    Ok(representante)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn representante(rut: &str) -> FormRepresentante {
        FormRepresentante {
            rut: rut.into(),
            nombre: String::new(),
            celular: "98765432".into(),
            email: "rl@empresa.cl".into(),
        }
    }

    fn empresa_valida() -> DatosEmpresa {
        DatosEmpresa {
            email: "contacto@empresa.cl".into(),
            telefono: "227654321".into(),
            fax: String::new(),
            domicilio: FormDomicilio {
                region: "13".into(),
                comuna: "13101".into(),
                direccion: "Huérfanos".into(),
                numero: "1273".into(),
                ..Default::default()
            },
            representantes: vec![representante("11.111.111-1")],
        }
    }

    #[test]
    fn a_company_keeps_at_least_one_representative_and_none_twice() {
        assert!(DatosActualizables::Empresa(empresa_valida()).validar().is_ok());
        let sin = DatosEmpresa { representantes: vec![], ..empresa_valida() };
        let errores = DatosActualizables::Empresa(sin).validar().unwrap_err();
        assert_eq!(errores.de(Campo::Representantes), Some("Debe registrar al menos un Representante Legal."));
        let dos = DatosEmpresa {
            representantes: vec![representante("11.111.111-1"), representante("11111111-1")],
            ..empresa_valida()
        };
        let errores = DatosActualizables::Empresa(dos).validar().unwrap_err();
        assert_eq!(errores.de(Campo::Representantes), Some("El Representante Legal 11.111.111-1 está repetido."));
    }

    #[test]
    fn a_person_without_mobile_ticks_sin_celular() {
        let c = ContactoPersona {
            email: "ana@correo.cl".into(),
            sin_celular: true,
            celular: "x".into(),
            ..Default::default()
        };
        let datos = DatosActualizables::Persona(c).validar();
        assert!(matches!(datos, Ok(Actualizados::Persona { telefonos: TelefonosPersona { celular: None, .. }, .. })));
        let c = ContactoPersona { email: "ana@correo.cl".into(), ..Default::default() };
        assert!(DatosActualizables::Persona(c).validar().unwrap_err().de(Campo::Celular).is_some());
    }

    #[test]
    fn defining_a_question_needs_one_answering_does_not() {
        let entrada = EntradaPregunta { pregunta: String::new(), respuesta: "Chile".into() };
        assert!(entrada.validar(false).is_ok());
        assert!(entrada.validar(true).unwrap_err().de(Campo::Pregunta).is_some());
    }

    #[test]
    fn a_representative_already_listed_is_not_added_again() {
        let lista = vec![representante("11.111.111-1")];
        let errores = representante_nuevo(&representante("11111111-1"), &lista).unwrap_err();
        assert!(errores.de(Campo::RutRepresentante).is_some());
        assert!(representante_nuevo(&representante("22.222.222-2"), &lista).is_ok());
    }
}
