//! Free text fields (street, number, block, razón social): trimmed, bounded, printable.

use serde::Serialize;

/// A required or optional piece of free text of at most `max` characters.
/// Only serialised (its bound is the field's, so it is parsed again on the way in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct TextoLibre(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextoError {
    #[error("Este campo es obligatorio.")]
    Vacio,
    #[error("Puede tener como máximo {0} caracteres.")]
    Largo(usize),
    #[error("Contiene caracteres no permitidos.")]
    Invalido,
}

impl TextoLibre {
    /// Trims surrounding whitespace and collapses inner runs, so what is stored is what is shown.
    pub fn parse(input: &str, max: usize) -> Result<TextoLibre, TextoError> {
        if input.chars().any(char::is_control) {
            return Err(TextoError::Invalido);
        }
        let limpio = input.split_whitespace().collect::<Vec<_>>().join(" ");
        match limpio.chars().count() {
            0 => Err(TextoError::Vacio),
            n if n > max => Err(TextoError::Largo(max)),
            _ => Ok(TextoLibre(limpio)),
        }
    }

    /// An optional field: blank means absent, anything else must be valid.
    pub fn parse_opcional(input: &str, max: usize) -> Result<Option<TextoLibre>, TextoError> {
        if input.trim().is_empty() {
            return Ok(None);
        }
        Self::parse(input, max).map(Some)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_and_collapses_whitespace() {
        assert_eq!(TextoLibre::parse("  Av.   Libertador  ", 40).unwrap().as_str(), "Av. Libertador");
    }

    #[test]
    fn refuses_blank_long_and_control_text() {
        assert_eq!(TextoLibre::parse("   ", 10), Err(TextoError::Vacio));
        assert_eq!(TextoLibre::parse("abcdefghijk", 10), Err(TextoError::Largo(10)));
        assert_eq!(TextoLibre::parse("a\u{0}b", 10), Err(TextoError::Invalido));
    }

    #[test]
    fn optional_blank_is_absent() {
        assert_eq!(TextoLibre::parse_opcional("  ", 10), Ok(None));
        assert_eq!(TextoLibre::parse_opcional(" 12 ", 10).unwrap().unwrap().as_str(), "12");
    }

    proptest! {
        #[test]
        fn parsed_text_is_never_longer_than_max(s in "\\PC{0,40}", max in 1usize..30) {
            if let Ok(t) = TextoLibre::parse(&s, max) {
                prop_assert!(t.as_str().chars().count() <= max);
                prop_assert_eq!(t.as_str().trim(), t.as_str());
            }
        }
    }
}
