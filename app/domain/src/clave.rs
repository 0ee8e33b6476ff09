//! The Clave CS, the password people choose. The same rules run in the browser (to
//! explain the problem while typing) and on the server (to enforce them), so they live
//! here, once.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::rut::Rut;

/// Help text shown next to the password field (the ⓘ icon).
pub const REGLA_CLAVE: &str = "La Clave CS debe tener entre 8 y 10 caracteres y distingue mayúsculas de minúsculas. No puede contener espacios, ni su RUT, ni ser una clave de uso común.";

/// A password that satisfies the Clave CS rules.
///
/// It is a secret: it has no `Serialize`, its `Debug` is redacted and its memory is wiped
/// when dropped, so it cannot end up in logs or JSON by accident. Use [`ClaveCs::expose`]
/// where the text is needed (hashing).
#[derive(Clone)]
pub struct ClaveCs(SecretString);

/// Why a password is not acceptable. The messages are shown under the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaveError {
    #[error("Ingrese la Clave CS.")]
    Vacia,
    #[error("La Clave CS debe tener al menos 8 caracteres.")]
    Corta,
    #[error("La Clave CS puede tener como máximo 10 caracteres.")]
    Larga,
    #[error("La Clave CS no puede contener espacios.")]
    Espacios,
    #[error("La Clave CS contiene caracteres no permitidos.")]
    Invalida,
    #[error("La Clave CS no puede contener su RUT.")]
    ContieneRut,
    #[error("Esa clave es demasiado común; elija otra.")]
    Comun,
    #[error("Las claves no coinciden.")]
    NoCoinciden,
}

/// Passwords of 8 to 10 characters that appear at the top of leaked-password lists, plus
/// Chilean favourites. Compared in lower case. Runs and repeated characters are caught by
/// [`es_secuencia_trivial`], so they are not listed here.
const CLAVES_COMUNES: &[&str] = &[
    "1234567890",
    "12341234",
    "12121212",
    "11223344",
    "112233445",
    "1122334455",
    "123123123",
    "123321123",
    "12344321",
    "123454321",
    "147258369",
    "159753159",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "1qaz2wsx",
    "1qazxsw2",
    "zaq12wsx",
    "q1w2e3r4",
    "qwertyui",
    "qwertyuiop",
    "qwerty12",
    "qwerty123",
    "qwerty1234",
    "asdfghjk",
    "asdfghjkl",
    "asdf1234",
    "zxcvbnm1",
    "password",
    "password1",
    "password12",
    "passw0rd",
    "p4ssw0rd",
    "contraseña",
    "contrasena",
    "abc12345",
    "abc123456",
    "abcd1234",
    "a1b2c3d4",
    "aa123456",
    "iloveyou",
    "iloveyou1",
    "teamo123",
    "princesa",
    "princesa1",
    "sunshine",
    "football",
    "baseball",
    "superman",
    "starwars",
    "welcome1",
    "trustno1",
    "whatever",
    "computer",
    "internet",
    "michelle",
    "jennifer",
    "pokemon1",
    "mariposa",
    "estrella",
    "tequiero",
    "sence123",
    "sence1234",
    "clavesence",
    "clavecs123",
    "clave123",
    "clave1234",
    "claveunica",
    "chile123",
    "chile1234",
    "chilechile",
    "santiago",
    "santiago1",
    "valparaiso",
    "colocolo",
    "colocolo1",
    "lauchile",
    "cruzados",
    "admin123",
    "admin1234",
    "usuario1",
    "usuario123",
    "bienvenido",
];

impl ClaveCs {
    /// Fewest characters a Clave CS may have.
    pub const MIN: usize = 8;
    /// Most characters a Clave CS may have.
    pub const MAX: usize = 10;

    /// Checks a password exactly as typed (not trimmed: a space anywhere is an error).
    /// Pass the person's RUT when known, so the password cannot contain it.
    pub fn parse(input: &str, rut: Option<&Rut>) -> Result<ClaveCs, ClaveError> {
        if input.is_empty() {
            return Err(ClaveError::Vacia);
        }
        if input.chars().any(char::is_whitespace) {
            return Err(ClaveError::Espacios);
        }
        if input.chars().any(es_invisible) {
            return Err(ClaveError::Invalida);
        }
        let largo = input.chars().count();
        if largo < Self::MIN {
            return Err(ClaveError::Corta);
        }
        if largo > Self::MAX {
            return Err(ClaveError::Larga);
        }
        if rut.is_some_and(|rut| contiene_rut(input, rut)) {
            return Err(ClaveError::ContieneRut);
        }
        let minuscula: String = input.chars().map(minuscula_latina).collect();
        if CLAVES_COMUNES.contains(&minuscula.as_str()) || es_secuencia_trivial(&minuscula) {
            return Err(ClaveError::Comun);
        }
        Ok(ClaveCs(SecretString::from(input.to_owned())))
    }

    /// Checks the password and that the confirmation field matches it. Errors in the
    /// password itself are reported first, since they are the ones to fix.
    pub fn parse_con_repeticion(clave: &str, repetir: &str, rut: Option<&Rut>) -> Result<ClaveCs, ClaveError> {
        let clave = Self::parse(clave, rut)?;
        if clave.expose() != repetir {
            return Err(ClaveError::NoCoinciden);
        }
        Ok(clave)
    }

    /// The password text, for hashing. Never log it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// Compares the texts (tests and form logic); credentials are checked against their
/// stored hash, never with this.
impl PartialEq for ClaveCs {
    fn eq(&self, otro: &Self) -> bool {
        self.expose() == otro.expose()
    }
}

impl Eq for ClaveCs {}

impl fmt::Debug for ClaveCs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClaveCs(<oculta>)")
    }
}

/// Control characters and invisible formatting characters: they cannot be typed
/// reliably on another device, so a password containing them would lock its owner out.
fn es_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
        )
}

/// Whether the password contains the RUT body, plain (`12345678`) or with dots
/// (`12.345.678`). Bodies under four digits are ignored: forbidding, say, every `7`
/// would reject good passwords without protecting anything.
fn contiene_rut(clave: &str, rut: &Rut) -> bool {
    let cuerpo = rut.cuerpo().to_string();
    if cuerpo.len() < 4 {
        return false;
    }
    let con_puntos = rut.to_string();
    let con_puntos = con_puntos.split('-').next().unwrap_or_default();
    clave.contains(&cuerpo) || clave.contains(con_puntos)
}

/// `c` in lower case when it is a Latin capital (ASCII, Latin-1, Latin Extended-A), else `c`.
/// The common list is in Latin letters and the repeated-character check only needs the letters
/// people type here; `char::to_lowercase` would bring all of Unicode's case tables into the
/// browser's code.
fn minuscula_latina(c: char) -> char {
    let codigo = u32::from(c);
    let minuscula = match codigo {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => codigo + 0x20,
        // Capital and small letters alternate, capital first, except where the block shifts by one.
        0x100..=0x137 if codigo % 2 == 0 && codigo != 0x130 => codigo + 1,
        0x139..=0x148 | 0x179..=0x17E if codigo % 2 == 1 => codigo + 1,
        0x14A..=0x177 if codigo % 2 == 0 => codigo + 1,
        0x178 => 0xFF,
        _ => codigo,
    };
    char::from_u32(minuscula).unwrap_or(c)
}

/// A single repeated character (`aaaaaaaa`) or a straight run of digits or letters in
/// either direction (`23456789`, `hgfedcba`). Expects lower-case input.
fn es_secuencia_trivial(clave: &str) -> bool {
    let bytes = clave.as_bytes();
    let mismo_tipo = bytes.iter().all(u8::is_ascii_digit) || bytes.iter().all(u8::is_ascii_lowercase);
    let mut chars = clave.chars();
    let primero = chars.next();
    let repetido = chars.all(|c| Some(c) == primero);
    let paso = |d: i16| bytes.windows(2).all(|par| i16::from(par[1]) - i16::from(par[0]) == d);
    repetido || (mismo_tipo && (paso(1) || paso(-1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rut() -> Rut {
        Rut::parse("12.345.678-5").unwrap()
    }

    #[test]
    fn acepta_claves_razonables() {
        for buena in ["Pa7!kLm2", "ñandú2024", "xZ9#qW3$rT", "mi-perro-7", "Clave_SC4"] {
            let clave = ClaveCs::parse(buena, Some(&rut())).unwrap();
            assert_eq!(clave.expose(), buena);
        }
    }

    #[test]
    fn largo_en_caracteres_no_en_bytes() {
        // Ten characters, more than ten bytes.
        assert!(ClaveCs::parse("ñññññññ7ñá", None).is_ok());
        assert_eq!(ClaveCs::parse("ñandúñandú1", None), Err(ClaveError::Larga));
        assert_eq!(ClaveCs::parse("ñandú12", None), Err(ClaveError::Corta));
    }

    #[test]
    fn errores() {
        assert_eq!(ClaveCs::parse("", None), Err(ClaveError::Vacia));
        assert_eq!(ClaveCs::parse("Pa7!kLm", None), Err(ClaveError::Corta));
        assert_eq!(ClaveCs::parse("Pa7!kLm2xyz", None), Err(ClaveError::Larga));
        assert_eq!(ClaveCs::parse("Pa7! kLm2", None), Err(ClaveError::Espacios));
        assert_eq!(ClaveCs::parse(" Pa7!kLm2", None), Err(ClaveError::Espacios));
        assert_eq!(ClaveCs::parse("Pa7!kLm2\t", None), Err(ClaveError::Espacios));
        assert_eq!(ClaveCs::parse("Pa7!\u{7}kLm2", None), Err(ClaveError::Invalida));
        assert_eq!(ClaveCs::parse("Pa7!\u{200B}kLm2", None), Err(ClaveError::Invalida));
        assert_eq!(ClaveCs::parse("a12345678", Some(&rut())), Err(ClaveError::ContieneRut));
        assert_eq!(ClaveCs::parse("12.345.678", Some(&rut())), Err(ClaveError::ContieneRut));
        assert!(ClaveCs::parse("a12345678", None).is_ok());
    }

    #[test]
    fn rut_muy_corto_no_bloquea_digitos() {
        let rut = Rut::parse("1-9").unwrap();
        assert!(ClaveCs::parse("Pa1!kLm2", Some(&rut)).is_ok());
    }

    #[test]
    fn claves_comunes() {
        for comun in [
            "12345678",
            "123456789",
            "1234567890",
            "PASSWORD",
            "Password1",
            "Contraseña",
            "CONTRASEÑA",
            "qwertyui",
            "qwerty123",
            "abc12345",
            "11111111",
            "00000000",
            "iloveyou",
            "Sence123",
            "claveSENCE",
            "chile123",
            "Santiago",
            "colocolo",
            "abcdefgh",
            "HGFEDCBA",
            "98765432",
            "23456789",
            "aaaaaaaaaa",
            "!!!!!!!!",
            "ññññññññ",
            // Capitals and small letters of one accented letter are one repeated character.
            "ÑñÑñÑñÑñ",
            "ÁáÁáÁáÁá",
        ] {
            assert_eq!(ClaveCs::parse(comun, None), Err(ClaveError::Comun), "{comun}");
        }
    }

    #[test]
    fn minuscula_latina_es_la_de_unicode_en_los_alfabetos_latinos() {
        for c in (0..=0x17F).filter_map(char::from_u32) {
            let mut unicode = c.to_lowercase();
            let esperada = match (unicode.next(), unicode.next()) {
                (Some(una), None) => una,
                // İ is `i` plus a combining dot: left as it is.
                _ => c,
            };
            assert_eq!(minuscula_latina(c), esperada, "U+{:04X}", u32::from(c));
        }
        assert_eq!(minuscula_latina('Ω'), 'Ω');
    }

    #[test]
    fn la_lista_solo_tiene_entradas_utiles() {
        for comun in CLAVES_COMUNES {
            // Compared after `minuscula_latina`, which knows only the Latin letters.
            assert!(comun.chars().all(|c| u32::from(c) <= 0x17F), "{comun}");
            assert_eq!(comun, &comun.to_lowercase());
            let largo = comun.chars().count();
            assert!((ClaveCs::MIN..=ClaveCs::MAX).contains(&largo), "{comun}");
            assert!(!es_secuencia_trivial(comun), "{comun}");
        }
    }

    #[test]
    fn repeticion() {
        assert!(ClaveCs::parse_con_repeticion("Pa7!kLm2", "Pa7!kLm2", None).is_ok());
        assert_eq!(ClaveCs::parse_con_repeticion("Pa7!kLm2", "pa7!kLm2", None), Err(ClaveError::NoCoinciden));
        assert_eq!(ClaveCs::parse_con_repeticion("corta", "otra", None), Err(ClaveError::Corta));
    }

    #[test]
    fn debug_no_muestra_la_clave() {
        let clave = ClaveCs::parse("Pa7!kLm2", None).unwrap();
        let texto = format!("{clave:?}");
        assert!(!texto.contains("Pa7!kLm2"));
        assert_eq!(texto, "ClaveCs(<oculta>)");
    }

    #[test]
    fn mensajes() {
        let esperados = [
            (ClaveError::Vacia, "Ingrese la Clave CS."),
            (ClaveError::Corta, "La Clave CS debe tener al menos 8 caracteres."),
            (ClaveError::Larga, "La Clave CS puede tener como máximo 10 caracteres."),
            (ClaveError::Espacios, "La Clave CS no puede contener espacios."),
            (ClaveError::Invalida, "La Clave CS contiene caracteres no permitidos."),
            (ClaveError::ContieneRut, "La Clave CS no puede contener su RUT."),
            (ClaveError::Comun, "Esa clave es demasiado común; elija otra."),
            (ClaveError::NoCoinciden, "Las claves no coinciden."),
        ];
        for (error, mensaje) in esperados {
            assert_eq!(error.to_string(), mensaje);
        }
        assert!(REGLA_CLAVE.contains("entre 8 y 10 caracteres"));
    }

    proptest! {
        #[test]
        fn nunca_falla_con_entrada_arbitraria(s in any::<String>(), r in any::<String>(), cuerpo in 1u32..=99_999_999) {
            let rut = Rut::parse(&format!("{cuerpo}-{}", Rut::digito_verificador(cuerpo))).unwrap();
            let _ = ClaveCs::parse(&s, Some(&rut));
            let _ = ClaveCs::parse_con_repeticion(&s, &r, None);
        }

        #[test]
        fn lo_aceptado_cumple_las_reglas(s in "\\PC{0,12}", cuerpo in 1_000_000u32..=99_999_999) {
            let rut = Rut::parse(&format!("{cuerpo}-{}", Rut::digito_verificador(cuerpo))).unwrap();
            if let Ok(clave) = ClaveCs::parse(&s, Some(&rut)) {
                let largo = clave.expose().chars().count();
                prop_assert!((ClaveCs::MIN..=ClaveCs::MAX).contains(&largo));
                prop_assert!(!clave.expose().chars().any(char::is_whitespace));
                prop_assert!(!clave.expose().contains(&cuerpo.to_string()));
                prop_assert_eq!(clave.expose(), s.as_str());
                prop_assert_eq!(ClaveCs::parse_con_repeticion(&s, &s, Some(&rut)), Ok(clave));
            }
        }

        #[test]
        fn el_largo_decide_corta_o_larga(n in 1usize..30) {
            // A varied, non-trivial base so only the length can fail.
            let s: String = "Xq7!mZ2#rK9$pW4%".chars().cycle().take(n).collect();
            let resultado = ClaveCs::parse(&s, None);
            if n < ClaveCs::MIN {
                prop_assert_eq!(resultado, Err(ClaveError::Corta));
            } else if n > ClaveCs::MAX {
                prop_assert_eq!(resultado, Err(ClaveError::Larga));
            } else {
                prop_assert!(resultado.is_ok());
            }
        }
    }
}
