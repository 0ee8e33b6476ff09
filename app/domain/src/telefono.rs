//! Chilean phone numbers. The form shows a fixed `+56 9` before the mobile field, yet
//! people paste numbers in every shape, so both types strip punctuation and an optional
//! country code before checking the digits.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A Chilean mobile number: `+56 9` followed by eight digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Celular {
    /// The eight ASCII digits after `+56 9`.
    digitos: [u8; 8],
}

/// Why a text is not a mobile number. The messages are shown under the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CelularError {
    #[error("Ingrese el celular.")]
    Vacio,
    #[error("El celular debe tener 8 dígitos después de +56 9.")]
    Formato,
}

/// A Chilean fixed-line number: nine digits including the area code, e.g. `221234567`.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Telefono {
    digitos: String,
}

/// Why a text is not a fixed-line number. The messages are shown under the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TelefonoError {
    #[error("Ingrese el teléfono.")]
    Vacio,
    #[error("El teléfono debe tener 9 dígitos, incluido el código de área.")]
    Formato,
}

/// Removes the punctuation people use to group digits.
fn sin_separadores(input: &str) -> String {
    input.chars().filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')'))).collect()
}

/// Splits an optional `+` from the digits; `None` if anything else is not a digit.
fn digitos_con_mas(limpio: &str) -> Option<(bool, &str)> {
    let (mas, digitos) = match limpio.strip_prefix('+') {
        Some(resto) => (true, resto),
        None => (false, limpio),
    };
    digitos.bytes().all(|b| b.is_ascii_digit()).then_some((mas, digitos))
}

impl Celular {
    /// Reads a mobile number: `12345678` (what follows the fixed `+56 9` of the form),
    /// `912345678`, `56912345678`, `+56912345678` or `+56 9 1234 5678`.
    pub fn parse(input: &str) -> Result<Celular, CelularError> {
        let limpio = sin_separadores(input);
        if limpio.is_empty() {
            return Err(CelularError::Vacio);
        }
        let (mas, digitos) = digitos_con_mas(&limpio).ok_or(CelularError::Formato)?;
        let ocho = match (mas, digitos.len()) {
            (false, 8) => Some(digitos),
            (false, 9) => digitos.strip_prefix('9'),
            (_, 11) => digitos.strip_prefix("569"),
            _ => None,
        }
        .ok_or(CelularError::Formato)?;
        let mut arreglo = [0u8; 8];
        arreglo.copy_from_slice(ocho.as_bytes());
        Ok(Celular { digitos: arreglo })
    }

    /// International form for SMS gateways: `+56912345678`.
    pub fn e164(&self) -> String {
        format!("+569{}", self.ocho_digitos())
    }

    /// The eight digits after `+56 9`, as the form field shows them.
    pub fn ocho_digitos(&self) -> &str {
        std::str::from_utf8(&self.digitos).expect("parse only stores ASCII digits")
    }
}

/// Shows the number as written in Chile: `+56 9 1234 5678`.
impl fmt::Display for Celular {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ocho = self.ocho_digitos();
        write!(f, "+56 9 {} {}", &ocho[..4], &ocho[4..])
    }
}

impl TryFrom<String> for Celular {
    type Error = CelularError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Celular::parse(&s)
    }
}

impl From<Celular> for String {
    fn from(celular: Celular) -> String {
        celular.e164()
    }
}

impl Telefono {
    /// Reads a fixed-line number: nine digits including the area code, optionally
    /// preceded by `+56` or `56`, with any spaces, dashes, dots or parentheses.
    pub fn parse(input: &str) -> Result<Telefono, TelefonoError> {
        let limpio = sin_separadores(input);
        if limpio.is_empty() {
            return Err(TelefonoError::Vacio);
        }
        let (mas, digitos) = digitos_con_mas(&limpio).ok_or(TelefonoError::Formato)?;
        let nueve = match (mas, digitos.len()) {
            (false, 9) => Some(digitos),
            (_, 11) => digitos.strip_prefix("56"),
            _ => None,
        }
        .filter(|d| !d.starts_with('0'))
        .ok_or(TelefonoError::Formato)?;
        Ok(Telefono { digitos: nueve.to_owned() })
    }

    /// The nine digits, e.g. `221234567`.
    pub fn digitos(&self) -> &str {
        &self.digitos
    }
}

/// Shows the number grouped for reading: `22 123 4567`.
impl fmt::Display for Telefono {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.digitos;
        write!(f, "{} {} {}", &d[..2], &d[2..5], &d[5..])
    }
}

impl TryFrom<String> for Telefono {
    type Error = TelefonoError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Telefono::parse(&s)
    }
}

impl From<Telefono> for String {
    fn from(telefono: Telefono) -> String {
        telefono.digitos
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn celular_acepta_las_formas_habituales() {
        for entrada in [
            "12345678",
            "1234 5678",
            "912345678",
            "9-1234-5678",
            "56912345678",
            "+56912345678",
            "+56 9 1234 5678",
            " (+56) 9 1234.5678 ",
        ] {
            let celular = Celular::parse(entrada).unwrap();
            assert_eq!(celular.ocho_digitos(), "12345678", "{entrada}");
            assert_eq!(celular.e164(), "+56912345678");
            assert_eq!(celular.to_string(), "+56 9 1234 5678");
        }
    }

    #[test]
    fn celular_rechaza() {
        assert_eq!(Celular::parse(""), Err(CelularError::Vacio));
        assert_eq!(Celular::parse(" - "), Err(CelularError::Vacio));
        for malo in [
            "1234567",
            "123456789",
            "812345678",
            "+912345678",
            "+5612345678",
            "56812345678",
            "+56 2 2123 4567",
            "1234567a",
            "+",
            "++56912345678",
            "5691234567８",
        ] {
            assert_eq!(Celular::parse(malo), Err(CelularError::Formato), "{malo}");
        }
    }

    #[test]
    fn telefono_acepta_las_formas_habituales() {
        for (entrada, digitos, visible) in [
            ("221234567", "221234567", "22 123 4567"),
            ("(2) 2123 4567", "221234567", "22 123 4567"),
            ("+56 2 2123 4567", "221234567", "22 123 4567"),
            ("56221234567", "221234567", "22 123 4567"),
            ("32-212-3456", "322123456", "32 212 3456"),
        ] {
            let telefono = Telefono::parse(entrada).unwrap();
            assert_eq!(telefono.digitos(), digitos, "{entrada}");
            assert_eq!(telefono.to_string(), visible);
        }
    }

    #[test]
    fn telefono_rechaza() {
        assert_eq!(Telefono::parse("  "), Err(TelefonoError::Vacio));
        for malo in ["22123456", "2212345678", "021234567", "+221234567", "+56021234567", "57221234567", "22123456x"] {
            assert_eq!(Telefono::parse(malo), Err(TelefonoError::Formato), "{malo}");
        }
    }

    #[test]
    fn mensajes() {
        assert_eq!(CelularError::Vacio.to_string(), "Ingrese el celular.");
        assert_eq!(CelularError::Formato.to_string(), "El celular debe tener 8 dígitos después de +56 9.");
        assert_eq!(TelefonoError::Vacio.to_string(), "Ingrese el teléfono.");
        assert_eq!(TelefonoError::Formato.to_string(), "El teléfono debe tener 9 dígitos, incluido el código de área.");
    }

    #[test]
    fn serde() {
        let celular = Celular::parse("12345678").unwrap();
        assert_eq!(serde_json::to_string(&celular).unwrap(), "\"+56912345678\"");
        assert_eq!(serde_json::from_str::<Celular>("\"+56 9 1234 5678\"").unwrap(), celular);
        assert!(serde_json::from_str::<Celular>("\"123\"").is_err());

        let telefono = Telefono::parse("22 123 4567").unwrap();
        assert_eq!(serde_json::to_string(&telefono).unwrap(), "\"221234567\"");
        assert_eq!(serde_json::from_str::<Telefono>("\"221234567\"").unwrap(), telefono);
        assert!(serde_json::from_str::<Telefono>("\"021234567\"").is_err());
    }

    proptest! {
        #[test]
        fn nunca_falla_con_entrada_arbitraria(s in any::<String>()) {
            let _ = Celular::parse(&s);
            let _ = Telefono::parse(&s);
        }

        #[test]
        fn celular_ida_y_vuelta(ocho in "[0-9]{8}") {
            let celular = Celular::parse(&ocho).unwrap();
            prop_assert_eq!(celular.ocho_digitos(), ocho.as_str());
            prop_assert_eq!(Celular::parse(&celular.e164()), Ok(celular));
            prop_assert_eq!(Celular::parse(&celular.to_string()), Ok(celular));
            prop_assert_eq!(Celular::parse(&format!("9{ocho}")), Ok(celular));
            let json = serde_json::to_string(&celular).unwrap();
            prop_assert_eq!(serde_json::from_str::<Celular>(&json).unwrap(), celular);
        }

        #[test]
        fn telefono_ida_y_vuelta(nueve in "[1-9][0-9]{8}") {
            let telefono = Telefono::parse(&nueve).unwrap();
            prop_assert_eq!(telefono.digitos(), nueve.as_str());
            prop_assert_eq!(Telefono::parse(&telefono.to_string()), Ok(telefono.clone()));
            prop_assert_eq!(Telefono::parse(&format!("+56{nueve}")), Ok(telefono.clone()));
            let json = serde_json::to_string(&telefono).unwrap();
            prop_assert_eq!(serde_json::from_str::<Telefono>(&json).unwrap(), telefono);
        }
    }
}
