//! `Datos del Facilitador` (guide J §5, step 7): the foreign trainer a company requests a CS
//! for. Parsed whole, like the registration; the two files are uploaded apart and are not
//! part of it.

use super::{Campo, ErroresCampos, Formulario};
use crate::domain::{
    email::Email,
    facilitador::{
        CantidadHijos, EstadoCivil, Fecha, FechaNacimiento, NombrePersona, NumeroDocumento, Pais, Sexo, TipoDocumento,
    },
    pregunta::{PreguntaSecreta, RespuestaSecreta},
    secreto::TextoSecreto,
};
use serde::{Deserialize, Serialize};

/// `Tamaño máximo permitido: 1 MB`.
pub const TAMANO_MAXIMO_ARCHIVO: u64 = 1024 * 1024;
pub const ARCHIVO_DEMASIADO_GRANDE: &str = "El archivo supera el tamaño máximo permitido de 1 MB.";
pub const ARCHIVO_EXTENSION_NO_PERMITIDA: &str = "Formato de archivo no permitido. Use .jpg, .png o .pdf.";

/// What the browser can tell of a file before sending it: its size and its name's extension.
/// The server judges the content too (`backend::archivos`), with the same messages.
pub fn revisar_archivo(nombre: &str, tamano: u64) -> Result<(), &'static str> {
    let extension = nombre.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !["jpg", "jpeg", "png", "pdf"].contains(&extension.as_str()) {
        return Err(ARCHIVO_EXTENSION_NO_PERMITIDA);
    }
    if tamano > TAMANO_MAXIMO_ARCHIVO {
        return Err(ARCHIVO_DEMASIADO_GRANDE);
    }
    Ok(())
}

/// The form exactly as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FormFacilitador {
    pub numero_documento: String,
    pub tipo_documento: String,
    pub nombres: String,
    pub apellido_paterno: String,
    pub apellido_materno: String,
    pub sexo: String,
    pub fecha_nacimiento: String,
    pub estado_civil: String,
    pub hijos: String,
    pub pais: String,
    pub email: String,
    pub pregunta: String,
    pub respuesta: TextoSecreto,
    /// Today in the browser, for its instant messages on the age; the server uses its own.
    #[serde(skip)]
    pub hoy: Option<Fecha>,
}

/// A facilitator that satisfies every rule.
#[derive(Debug)]
pub struct DatosFacilitador {
    pub numero_documento: NumeroDocumento,
    pub tipo_documento: TipoDocumento,
    pub nombres: NombrePersona,
    pub apellido_paterno: NombrePersona,
    pub apellido_materno: Option<NombrePersona>,
    pub sexo: Sexo,
    pub fecha_nacimiento: FechaNacimiento,
    pub estado_civil: EstadoCivil,
    pub hijos: CantidadHijos,
    pub pais: Pais,
    pub email: Email,
    pub pregunta: PreguntaSecreta,
    pub respuesta: RespuestaSecreta,
}

impl DatosFacilitador {
    pub fn nombre_completo(&self) -> String {
        crate::domain::facilitador::nombre_completo(
            self.nombres.as_str(),
            self.apellido_paterno.as_str(),
            self.apellido_materno.as_ref().map(NombrePersona::as_str),
        )
    }
}

impl FormFacilitador {
    /// The fields in the order the page shows them (the files are apart).
    pub const CAMPOS: [Campo; 13] = [
        Campo::NumeroDocumento,
        Campo::TipoDocumento,
        Campo::Nombres,
        Campo::ApellidoPaterno,
        Campo::ApellidoMaterno,
        Campo::Sexo,
        Campo::FechaNacimiento,
        Campo::EstadoCivil,
        Campo::Hijos,
        Campo::Pais,
        Campo::Email,
        Campo::Pregunta,
        Campo::Respuesta,
    ];

    /// Every rule at once, the age counted at `hoy`.
    pub fn validar(&self, hoy: Fecha) -> Result<DatosFacilitador, ErroresCampos> {
        let mut e = ErroresCampos::default();
        let datos = self.revisar(&mut e, Some(hoy));
        e.resultado(datos)
    }

    fn revisar(&self, e: &mut ErroresCampos, hoy: Option<Fecha>) -> Option<DatosFacilitador> {
        let numero_documento = e.tomar(Campo::NumeroDocumento, NumeroDocumento::parse(&self.numero_documento));
        let tipo_documento = e.tomar(Campo::TipoDocumento, TipoDocumento::parse(&self.tipo_documento));
        let nombres = e.tomar(Campo::Nombres, NombrePersona::parse(&self.nombres));
        let apellido_paterno = e.tomar(Campo::ApellidoPaterno, NombrePersona::parse(&self.apellido_paterno));
        let apellido_materno = e.tomar(Campo::ApellidoMaterno, NombrePersona::parse_opcional(&self.apellido_materno));
        let sexo = e.tomar(Campo::Sexo, Sexo::parse(&self.sexo));
        let fecha_nacimiento = match hoy {
            Some(hoy) => e.tomar(Campo::FechaNacimiento, FechaNacimiento::parse(&self.fecha_nacimiento, hoy)),
            None => e.tomar(Campo::FechaNacimiento, Fecha::parse(&self.fecha_nacimiento)).and(None),
        };
        let estado_civil = e.tomar(Campo::EstadoCivil, EstadoCivil::parse(&self.estado_civil));
        let hijos = e.tomar(Campo::Hijos, CantidadHijos::parse(&self.hijos));
        let pais = e.tomar(Campo::Pais, Pais::parse(&self.pais));
        let email = e.tomar(Campo::Email, Email::parse(&self.email));
        let pregunta = e.tomar(Campo::Pregunta, PreguntaSecreta::parse(&self.pregunta));
        let respuesta = e.tomar(Campo::Respuesta, RespuestaSecreta::parse(self.respuesta.expose()));
        Some(DatosFacilitador {
            numero_documento: numero_documento?,
            tipo_documento: tipo_documento?,
            nombres: nombres?,
            apellido_paterno: apellido_paterno?,
            apellido_materno: apellido_materno?,
            sexo: sexo?,
            fecha_nacimiento: fecha_nacimiento?,
            estado_civil: estado_civil?,
            hijos: hijos?,
            pais: pais?,
            email: email?,
            pregunta: pregunta?,
            respuesta: respuesta?,
        })
    }
}

impl Formulario for FormFacilitador {
    fn texto(&self, campo: Campo) -> &str {
        match campo {
            Campo::NumeroDocumento => &self.numero_documento,
            Campo::TipoDocumento => &self.tipo_documento,
            Campo::Nombres => &self.nombres,
            Campo::ApellidoPaterno => &self.apellido_paterno,
            Campo::ApellidoMaterno => &self.apellido_materno,
            Campo::Sexo => &self.sexo,
            Campo::FechaNacimiento => &self.fecha_nacimiento,
            Campo::EstadoCivil => &self.estado_civil,
            Campo::Hijos => &self.hijos,
            Campo::Pais => &self.pais,
            Campo::Email => &self.email,
            Campo::Pregunta => &self.pregunta,
            Campo::Respuesta => self.respuesta.expose(),
            _ => "",
        }
    }

    fn escribir(&mut self, campo: Campo, texto: String) {
        let destino = match campo {
            Campo::Respuesta => return self.respuesta = texto.into(),
            Campo::NumeroDocumento => &mut self.numero_documento,
            Campo::TipoDocumento => &mut self.tipo_documento,
            Campo::Nombres => &mut self.nombres,
            Campo::ApellidoPaterno => &mut self.apellido_paterno,
            Campo::ApellidoMaterno => &mut self.apellido_materno,
            Campo::Sexo => &mut self.sexo,
            Campo::FechaNacimiento => &mut self.fecha_nacimiento,
            Campo::EstadoCivil => &mut self.estado_civil,
            Campo::Hijos => &mut self.hijos,
            Campo::Pais => &mut self.pais,
            Campo::Email => &mut self.email,
            Campo::Pregunta => &mut self.pregunta,
            _ => return,
        };
        *destino = texto;
    }

    fn errores(&self) -> ErroresCampos {
        let mut e = ErroresCampos::default();
        self.revisar(&mut e, self.hoy);
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hoy() -> Fecha {
        Fecha::new(2026, 12, 5).unwrap()
    }

    fn valido() -> FormFacilitador {
        FormFacilitador {
            numero_documento: "AB 123.456".into(),
            tipo_documento: "pasaporte".into(),
            nombres: "Ana María".into(),
            apellido_paterno: "Gómez".into(),
            apellido_materno: String::new(),
            sexo: "femenino".into(),
            fecha_nacimiento: "01-12-1992".into(),
            estado_civil: "soltero".into(),
            hijos: "0".into(),
            pais: "AR".into(),
            email: "ana@ejemplo.com.ar".into(),
            pregunta: "nombre_mascota".into(),
            respuesta: "Firulais".into(),
            hoy: None,
        }
    }

    #[test]
    fn a_complete_form_parses_with_the_second_surname_optional() {
        let datos = valido().validar(hoy()).unwrap();
        assert_eq!(datos.numero_documento.as_str(), "AB123456");
        assert_eq!(datos.nombre_completo(), "Ana María Gómez");
        assert!(datos.apellido_materno.is_none());
    }

    #[test]
    fn every_wrong_field_is_reported_at_its_place() {
        let form = FormFacilitador { fecha_nacimiento: "01-12-2015".into(), ..FormFacilitador::default() };
        let errores = form.validar(hoy()).unwrap_err();
        for campo in FormFacilitador::CAMPOS.into_iter().filter(|c| *c != Campo::ApellidoMaterno) {
            assert!(errores.de(campo).is_some(), "{campo:?} without a message");
        }
        assert_eq!(errores.de(Campo::ApellidoMaterno), None);
        assert!(errores.de(Campo::FechaNacimiento).unwrap().contains("18"));
    }

    #[test]
    fn the_browser_checks_a_files_name_and_size_before_sending_it() {
        assert_eq!(revisar_archivo("Declaración.PDF", TAMANO_MAXIMO_ARCHIVO), Ok(()));
        assert_eq!(revisar_archivo("foto.jpeg", 10), Ok(()));
        assert_eq!(revisar_archivo("foto.gif", 10), Err(ARCHIVO_EXTENSION_NO_PERMITIDA));
        assert_eq!(revisar_archivo("sin_extension", 10), Err(ARCHIVO_EXTENSION_NO_PERMITIDA));
        assert_eq!(revisar_archivo("grande.png", TAMANO_MAXIMO_ARCHIVO + 1), Err(ARCHIVO_DEMASIADO_GRANDE));
    }

    #[test]
    fn without_today_the_browser_checks_the_date_format_only() {
        let mut form = valido();
        form.fecha_nacimiento = "31-02-1990".into();
        assert!(form.errores().de(Campo::FechaNacimiento).is_some());
        form.fecha_nacimiento = "01-12-2015".into();
        assert_eq!(form.errores().de(Campo::FechaNacimiento), None);
        form.hoy = Some(hoy());
        assert!(form.errores().de(Campo::FechaNacimiento).is_some());
    }
}
