//! What crosses the wire between the pages and the server functions, and its conversion into
//! domain values. Each step's input is parsed by one function (`validar`) that the page calls
//! before sending it (instant feedback, the same messages) and the server function calls on
//! arrival (enforcement): one rule, two places it runs. The backend takes only the parsed
//! values, so it never sees a raw string.

pub mod actualizar;
pub mod credenciales;
pub mod facilitador;
pub mod operador;
pub mod recuperar;
pub mod registro;
pub mod secciones;
pub mod sesion;

/// Messages shared by several forms, shown by the page and returned by the server alike.
pub mod mensajes {
    pub const MISMA_CLAVE: &str = "La CS Nueva debe ser distinta de la CS Actual.";
    pub const FALTA_CLAVE_ACTUAL: &str = "Ingrese su CS Actual.";
    pub const FALTA_CLAVE: &str = "Ingrese su Clave Sence.";
    pub const RESPUESTA_INCORRECTA: &str = "La respuesta secreta no es correcta.";
    pub const SELECCIONE_REGION: &str = "Seleccione una región.";
    pub const COMUNA_DE_OTRA_REGION: &str = "La comuna no pertenece a la región seleccionada.";
    pub const INDIQUE_EMAIL_CORRECTO: &str = "Indique si el email es correcto.";
}

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every input of every form. Its [`Campo::id`] is the element's `id` and `name`, and the
/// key of its message in [`ErroresCampos`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Campo {
    Rut,
    RazonSocial,
    Pregunta,
    Respuesta,
    NoRecuerdo,
    Serie,
    EmailCorrecto,
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
    Telefono,
    Fax,
    /// `Rut Representante Legal`: who acts for the company in a check of its CS or its recovery.
    RutRepresentanteLegal,
    /// `Rut` of a legal representative being registered or added to the company's list.
    RutRepresentante,
    NombreRepresentante,
    CelularRepresentante,
    EmailRepresentante,
    /// The list of a company's legal representatives (at least one).
    Representantes,
    Clave,
    RepetirClave,
    ClaveActual,
    ClaveNueva,
    RepetirClaveNueva,
    Captcha,
    /// `Subir Solicitud`: the signed sworn declaration (J5).
    Declaracion,
    NumeroDocumento,
    TipoDocumento,
    /// `Documento de Identificación`: the facilitator's ID document file.
    DocumentoIdentificacion,
    Nombres,
    ApellidoPaterno,
    ApellidoMaterno,
    Sexo,
    FechaNacimiento,
    EstadoCivil,
    Hijos,
    Pais,
    /// An operator's TOTP code.
    Codigo,
    /// Why an operator rejects a request.
    Motivo,
}

impl Campo {
    pub fn id(self) -> &'static str {
        match self {
            Campo::Rut => "rut",
            Campo::RazonSocial => "razon_social",
            Campo::Pregunta => "pregunta",
            Campo::Respuesta => "respuesta",
            Campo::NoRecuerdo => "no_recuerdo",
            Campo::Serie => "serie",
            Campo::EmailCorrecto => "email_correcto",
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
            Campo::Telefono => "telefono",
            Campo::Fax => "fax",
            Campo::RutRepresentanteLegal => "rut_representante_legal",
            Campo::RutRepresentante => "rut_representante",
            Campo::NombreRepresentante => "nombre_representante",
            Campo::CelularRepresentante => "celular_representante",
            Campo::EmailRepresentante => "email_representante",
            Campo::Representantes => "representantes",
            Campo::Clave => "clave",
            Campo::RepetirClave => "repetir_clave",
            Campo::ClaveActual => "clave_actual",
            Campo::ClaveNueva => "clave_nueva",
            Campo::RepetirClaveNueva => "repetir_clave_nueva",
            Campo::Captcha => "captcha",
            Campo::Declaracion => "declaracion",
            Campo::NumeroDocumento => "numero_documento",
            Campo::TipoDocumento => "tipo_documento",
            Campo::DocumentoIdentificacion => "documento_identificacion",
            Campo::Nombres => "nombres",
            Campo::ApellidoPaterno => "apellido_paterno",
            Campo::ApellidoMaterno => "apellido_materno",
            Campo::Sexo => "sexo",
            Campo::FechaNacimiento => "fecha_nacimiento",
            Campo::EstadoCivil => "estado_civil",
            Campo::Hijos => "hijos",
            Campo::Pais => "pais",
            Campo::Codigo => "codigo",
            Campo::Motivo => "motivo",
        }
    }
}

/// Spanish messages by field: what goes wrong, shown at the field it concerns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErroresCampos(pub BTreeMap<Campo, String>);

impl ErroresCampos {
    pub fn de_uno(campo: Campo, mensaje: impl Into<String>) -> Self {
        let mut errores = ErroresCampos::default();
        errores.agregar(campo, mensaje);
        errores
    }

    /// Records the first message of a field; later ones are about the same text.
    pub fn agregar(&mut self, campo: Campo, mensaje: impl Into<String>) {
        self.0.entry(campo).or_insert_with(|| mensaje.into());
    }

    pub fn de(&self, campo: Campo) -> Option<&str> {
        self.0.get(&campo).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps `Ok` values and records each error under its field.
    pub fn tomar<T, E: std::fmt::Display>(&mut self, campo: Campo, r: Result<T, E>) -> Option<T> {
        r.map_err(|e| self.agregar(campo, e.to_string())).ok()
    }

    /// The parsed value when no field had a message.
    pub fn resultado<T>(self, valor: Option<T>) -> Result<T, ErroresCampos> {
        match valor {
            Some(valor) if self.is_empty() => Ok(valor),
            _ => Err(self),
        }
    }
}

/// A form of several fields whose step is parsed as a whole (registration, the data of
/// Actualizar datos, a legal representative): the page reads and writes its fields by
/// [`Campo`], and shows each field's message from [`Formulario::errores`], the same parse the
/// server runs on arrival.
pub trait Formulario: Clone + Send + Sync + 'static {
    /// The text typed into a field ("" for a field the form does not have).
    fn texto(&self, campo: Campo) -> &str;
    fn escribir(&mut self, campo: Campo, texto: String);
    /// Every field's message.
    fn errores(&self) -> ErroresCampos;
}

/// One field's parse, its error under `campo`.
pub fn leer<T, E: std::fmt::Display>(campo: Campo, r: Result<T, E>) -> Result<T, ErroresCampos> {
    r.map_err(|e| ErroresCampos::de_uno(campo, e.to_string()))
}

/// An optional field: blank is absent, anything else must parse.
pub fn opcional<T, E>(texto: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<Option<T>, E> {
    if texto.trim().is_empty() {
        Ok(None)
    } else {
        parse(texto).map(Some)
    }
}
