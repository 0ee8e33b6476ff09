//! Secret question and answer, used to recover the Clave CS without visiting an office.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The questions a person can choose from. Stored and transmitted by a stable code, so
/// the wording can change without touching stored data.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum PreguntaSecreta {
    PaisFavorito,
    NombreMascota,
    CiudadNacimientoMadre,
    PrimerColegio,
    ComidaFavorita,
    AmigoInfancia,
}

/// Why no question was taken from the form. The message is shown under the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreguntaError {
    #[error("Seleccione una pregunta secreta.")]
    NoSeleccionada,
}

impl PreguntaSecreta {
    /// Every question, in the order the form lists them.
    pub const TODAS: [PreguntaSecreta; 6] = [
        PreguntaSecreta::PaisFavorito,
        PreguntaSecreta::NombreMascota,
        PreguntaSecreta::CiudadNacimientoMadre,
        PreguntaSecreta::PrimerColegio,
        PreguntaSecreta::ComidaFavorita,
        PreguntaSecreta::AmigoInfancia,
    ];

    /// Stable identifier, used as the `<option>` value and in storage.
    pub fn codigo(self) -> &'static str {
        match self {
            PreguntaSecreta::PaisFavorito => "pais_favorito",
            PreguntaSecreta::NombreMascota => "nombre_mascota",
            PreguntaSecreta::CiudadNacimientoMadre => "ciudad_madre",
            PreguntaSecreta::PrimerColegio => "primer_colegio",
            PreguntaSecreta::ComidaFavorita => "comida_favorita",
            PreguntaSecreta::AmigoInfancia => "amigo_infancia",
        }
    }

    /// The question as shown to the person (upper case, as in the user guide).
    pub fn texto(self) -> &'static str {
        match self {
            PreguntaSecreta::PaisFavorito => "MI PAÍS FAVORITO",
            PreguntaSecreta::NombreMascota => "NOMBRE DE MI MASCOTA",
            PreguntaSecreta::CiudadNacimientoMadre => "CIUDAD DE NACIMIENTO DE MI MADRE",
            PreguntaSecreta::PrimerColegio => "NOMBRE DE MI PRIMER COLEGIO",
            PreguntaSecreta::ComidaFavorita => "MI COMIDA FAVORITA",
            PreguntaSecreta::AmigoInfancia => "NOMBRE DE MI MEJOR AMIGO(A) DE LA INFANCIA",
        }
    }

    /// Reads the code sent by the form. An empty or unknown value means the person did
    /// not pick one of the listed questions.
    pub fn parse(codigo: &str) -> Result<Self, PreguntaError> {
        Self::TODAS.into_iter().find(|p| p.codigo() == codigo.trim()).ok_or(PreguntaError::NoSeleccionada)
    }
}

impl TryFrom<String> for PreguntaSecreta {
    type Error = PreguntaError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        PreguntaSecreta::parse(&s)
    }
}

impl From<PreguntaSecreta> for &'static str {
    fn from(pregunta: PreguntaSecreta) -> &'static str {
        pregunta.codigo()
    }
}

/// The answer to the secret question. Small differences in how it is typed later (case,
/// accents, extra spaces) must not lock the person out, so what is hashed and compared is
/// [`RespuestaSecreta::normalizada`]: `"  Perú "` and `"peru"` are the same answer.
///
/// `parse` keeps the answer's words as typed, spaces collapsed and combining accents dropped:
/// enough to tell whether it is empty or too long, which is all the browser checks. Folding
/// the case needs Unicode's case tables, and only the server, which hashes the answer, calls
/// `normalizada`, so the browser's code does not carry them.
///
/// It is a secret: no `Serialize`, redacted `Debug`, wiped when dropped.
#[derive(Clone)]
pub struct RespuestaSecreta(SecretString);

/// Why an answer is not acceptable. The messages are shown under the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RespuestaError {
    #[error("Ingrese la respuesta secreta.")]
    Vacia,
    #[error("La respuesta secreta puede tener como máximo 60 caracteres.")]
    Larga,
}

impl RespuestaSecreta {
    /// Most characters an answer may have, spaces collapsed and combining accents dropped
    /// (folding the case and the accents keeps the count).
    const MAX: usize = 60;

    /// Trims, collapses inner spaces and drops combining accents; the answer must not be
    /// left empty nor longer than [`Self::MAX`].
    pub fn parse(input: &str) -> Result<RespuestaSecreta, RespuestaError> {
        let palabras = input
            .split_whitespace()
            .map(|palabra| palabra.chars().filter(|c| !es_acento_combinante(*c)).collect::<String>())
            .filter(|palabra| !palabra.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if palabras.is_empty() {
            return Err(RespuestaError::Vacia);
        }
        if palabras.chars().count() > Self::MAX {
            return Err(RespuestaError::Larga);
        }
        Ok(RespuestaSecreta(SecretString::from(palabras)))
    }

    /// The answer in lower case with Spanish and other Latin accents removed: the text that is
    /// hashed and checked. Never log it.
    pub fn normalizada(&self) -> SecretString {
        // `İ` lower-cases to `i` and a combining dot, which `sin_acento` drops.
        self.0.expose_secret().chars().flat_map(char::to_lowercase).filter_map(sin_acento).collect::<String>().into()
    }
}

/// Compares the normalized answers (tests and form logic); credentials are checked against
/// their stored hash, never with this.
impl PartialEq for RespuestaSecreta {
    fn eq(&self, otro: &Self) -> bool {
        self.normalizada().expose_secret() == otro.normalizada().expose_secret()
    }
}

impl Eq for RespuestaSecreta {}

impl fmt::Debug for RespuestaSecreta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RespuestaSecreta(<oculta>)")
    }
}

/// Combining accents: the decomposed form some keyboards produce (`e` + `◌́`).
fn es_acento_combinante(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Folds an accented lower-case Latin letter to its base letter. Combining accents
/// (the decomposed form some keyboards produce) are dropped, which folds `e` + `◌́` the
/// same way as `é` without a Unicode normalization table.
fn sin_acento(c: char) -> Option<char> {
    let base = match c {
        c if es_acento_combinante(c) => return None,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ñ' => 'n',
        'ç' => 'c',
        otro => otro,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codigos_y_textos() {
        for pregunta in PreguntaSecreta::TODAS {
            assert_eq!(PreguntaSecreta::parse(pregunta.codigo()), Ok(pregunta));
            assert_eq!(pregunta.texto(), pregunta.texto().to_uppercase());
        }
        assert_eq!(PreguntaSecreta::PaisFavorito.texto(), "MI PAÍS FAVORITO");
        assert_eq!(PreguntaSecreta::CiudadNacimientoMadre.codigo(), "ciudad_madre");
        let mut codigos: Vec<_> = PreguntaSecreta::TODAS.iter().map(|p| p.codigo()).collect();
        codigos.sort_unstable();
        codigos.dedup();
        assert_eq!(codigos.len(), PreguntaSecreta::TODAS.len());
    }

    #[test]
    fn pregunta_no_seleccionada() {
        for malo in ["", "  ", "otra", "PAIS_FAVORITO", "MI PAÍS FAVORITO"] {
            assert_eq!(PreguntaSecreta::parse(malo), Err(PreguntaError::NoSeleccionada));
        }
        assert_eq!(PreguntaError::NoSeleccionada.to_string(), "Seleccione una pregunta secreta.");
    }

    #[test]
    fn pregunta_serde_por_codigo() {
        let json = serde_json::to_string(&PreguntaSecreta::AmigoInfancia).unwrap();
        assert_eq!(json, "\"amigo_infancia\"");
        assert_eq!(serde_json::from_str::<PreguntaSecreta>(&json).unwrap(), PreguntaSecreta::AmigoInfancia);
        assert!(serde_json::from_str::<PreguntaSecreta>("\"AmigoInfancia\"").is_err());
    }

    #[test]
    fn respuesta_normalizada() {
        let casos = [
            ("  Perú ", "peru"),
            ("peru", "peru"),
            ("PERÚ", "peru"),
            ("Pe\u{301}ru\u{301}", "peru"),
            ("  Viña   del\tMar ", "vina del mar"),
            ("Ñuñoa", "nunoa"),
            ("Güemes", "guemes"),
            ("ÀÁÂÃÄÅ ÈÉÊË ÌÍÎÏ ÒÓÔÕÖ ÙÚÛÜ Ç Ý", "aaaaaa eeee iiii ooooo uuuu c y"),
            ("Liceo N° 1", "liceo n° 1"),
            ("İSTANBUL", "istanbul"),
            ("МОСКВА", "москва"),
        ];
        for (entrada, esperado) in casos {
            assert_eq!(RespuestaSecreta::parse(entrada).unwrap().normalizada().expose_secret(), esperado, "{entrada}");
        }
        assert!(RespuestaSecreta::parse("  Perú ").unwrap() == RespuestaSecreta::parse("peru").unwrap());
    }

    /// Answers are stored as hashes of their normalized text, so how an answer normalizes
    /// must never change: this is the rule every stored answer was hashed with, checking the
    /// text first and folding it at once.
    fn normalizacion_original(input: &str) -> Result<String, RespuestaError> {
        let normalizada = input
            .split_whitespace()
            .map(|palabra| palabra.chars().flat_map(char::to_lowercase).filter_map(sin_acento).collect::<String>())
            .filter(|palabra| !palabra.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        match normalizada.chars().count() {
            0 => Err(RespuestaError::Vacia),
            n if n > RespuestaSecreta::MAX => Err(RespuestaError::Larga),
            _ => Ok(normalizada),
        }
    }

    #[test]
    fn respuesta_errores() {
        assert_eq!(RespuestaSecreta::parse(""), Err(RespuestaError::Vacia));
        assert_eq!(RespuestaSecreta::parse(" \t\n "), Err(RespuestaError::Vacia));
        assert_eq!(RespuestaSecreta::parse("\u{301}"), Err(RespuestaError::Vacia));
        assert!(RespuestaSecreta::parse(&"á".repeat(60)).is_ok());
        assert_eq!(RespuestaSecreta::parse(&"a".repeat(61)), Err(RespuestaError::Larga));
        // Spaces that collapse do not count.
        assert!(RespuestaSecreta::parse(&format!("{}     {}", "a".repeat(29), "b".repeat(30))).is_ok());
        assert_eq!(RespuestaError::Vacia.to_string(), "Ingrese la respuesta secreta.");
        assert_eq!(RespuestaError::Larga.to_string(), "La respuesta secreta puede tener como máximo 60 caracteres.");
    }

    #[test]
    fn respuesta_debug_oculta() {
        let respuesta = RespuestaSecreta::parse("Firulais").unwrap();
        let texto = format!("{respuesta:?}");
        assert!(!texto.to_lowercase().contains("firulais"));
    }

    proptest! {
        #[test]
        fn respuesta_nunca_falla(s in any::<String>()) {
            let _ = RespuestaSecreta::parse(&s);
        }

        #[test]
        fn respuesta_idempotente(s in "\\PC{0,80}") {
            if let Ok(respuesta) = RespuestaSecreta::parse(&s) {
                let normalizada = respuesta.normalizada();
                let texto = normalizada.expose_secret();
                prop_assert!(texto.chars().count() <= 60);
                prop_assert_eq!(texto.trim(), texto);
                prop_assert!(!texto.contains("  "));
                prop_assert_eq!(RespuestaSecreta::parse(texto), Ok(respuesta.clone()));
                prop_assert_eq!(texto.to_lowercase(), texto);
                prop_assert!(!texto.chars().any(|c| "áéíóúüñç".contains(c)));
            }
        }

        #[test]
        fn respuesta_se_normaliza_como_siempre(s in "(\\PC|\u{130}|\u{301}| |\t){0,80}") {
            let ahora = RespuestaSecreta::parse(&s).map(|r| r.normalizada().expose_secret().to_owned());
            prop_assert_eq!(ahora, normalizacion_original(&s));
        }

        #[test]
        fn pregunta_nunca_falla(s in any::<String>()) {
            let _ = PreguntaSecreta::parse(&s);
        }
    }
}
