//! Serial number of the Chilean identity card (cédula de identidad), asked as proof that
//! the person holds the card. Newer cards print nine digits (`106.123.456`), older ones
//! the letter `A` and nine digits (`A012345678`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A card serial number in normalized form: `106123456` or `A012345678`.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NumeroSerie(String);

/// Why a text is not a card serial number. The messages are shown under the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumeroSerieError {
    #[error("Ingrese el número de serie de su cédula.")]
    Vacio,
    #[error("El número de serie tiene 9 dígitos (o la letra A y 9 dígitos), tal como aparece en su cédula.")]
    Formato,
}

impl NumeroSerie {
    /// Reads a serial number as printed, ignoring dots, spaces and dashes; `a` may be
    /// lower-case.
    pub fn parse(input: &str) -> Result<NumeroSerie, NumeroSerieError> {
        let limpio: String = input
            .chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-')))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if limpio.is_empty() {
            return Err(NumeroSerieError::Vacio);
        }
        let digitos = limpio.strip_prefix('A').unwrap_or(&limpio);
        if digitos.len() != 9 || !digitos.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumeroSerieError::Formato);
        }
        Ok(NumeroSerie(limpio))
    }

    /// The normalized serial number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NumeroSerie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for NumeroSerie {
    type Error = NumeroSerieError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        NumeroSerie::parse(&s)
    }
}

impl From<NumeroSerie> for String {
    fn from(numero: NumeroSerie) -> String {
        numero.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn acepta_ambos_tipos_de_cedula() {
        for (entrada, esperado) in [
            ("106.123.456", "106123456"),
            ("106123456", "106123456"),
            (" 106 123 456 ", "106123456"),
            ("A012345678", "A012345678"),
            ("a012345678", "A012345678"),
            ("A-012.345.678", "A012345678"),
        ] {
            let numero = NumeroSerie::parse(entrada).unwrap();
            assert_eq!(numero.as_str(), esperado, "{entrada}");
            assert_eq!(numero.to_string(), esperado);
        }
    }

    #[test]
    fn rechaza() {
        assert_eq!(NumeroSerie::parse(" .- "), Err(NumeroSerieError::Vacio));
        for malo in [
            "10612345",
            "1061234567",
            "B012345678",
            "A01234567",
            "AA12345678",
            "A",
            "10612345x",
            "١٠٦١٢٣٤٥٦",
            "AÁ12345678",
        ] {
            assert_eq!(NumeroSerie::parse(malo), Err(NumeroSerieError::Formato), "{malo}");
        }
    }

    #[test]
    fn mensajes() {
        assert_eq!(NumeroSerieError::Vacio.to_string(), "Ingrese el número de serie de su cédula.");
        assert_eq!(
            NumeroSerieError::Formato.to_string(),
            "El número de serie tiene 9 dígitos (o la letra A y 9 dígitos), tal como aparece en su cédula."
        );
    }

    #[test]
    fn serde() {
        let numero = NumeroSerie::parse("a012345678").unwrap();
        assert_eq!(serde_json::to_string(&numero).unwrap(), "\"A012345678\"");
        assert_eq!(serde_json::from_str::<NumeroSerie>("\"A012.345.678\"").unwrap(), numero);
        assert!(serde_json::from_str::<NumeroSerie>("\"A01\"").is_err());
    }

    proptest! {
        #[test]
        fn nunca_falla_con_entrada_arbitraria(s in any::<String>()) {
            let _ = NumeroSerie::parse(&s);
        }

        #[test]
        fn ida_y_vuelta(s in "[aA]?[0-9]{9}") {
            let numero = NumeroSerie::parse(&s).unwrap();
            prop_assert_eq!(numero.as_str(), s.to_ascii_uppercase());
            prop_assert_eq!(NumeroSerie::parse(numero.as_str()), Ok(numero.clone()));
            let json = serde_json::to_string(&numero).unwrap();
            prop_assert_eq!(serde_json::from_str::<NumeroSerie>(&json).unwrap(), numero);
        }
    }
}
