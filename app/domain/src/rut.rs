//! RUT (Rol Único Tributario): the Chilean national identifier, and the login name of
//! the system. People type it in many shapes (with or without dots, hyphen, lower-case
//! `k`), so parsing is lenient about format and strict about the modulo-11 check digit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A RUT whose check digit is known to be correct.
///
/// Serialized as the normalized form `12345678-5`, so a stored or transmitted RUT is
/// always comparable as a plain string, and deserializing goes through [`Rut::parse`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rut {
    cuerpo: u32,
    dv: char,
}

/// Why a text is not a RUT. The messages are shown under the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RutError {
    #[error("Ingrese el RUT.")]
    Vacio,
    #[error("El RUT debe tener el formato 12.345.678-5.")]
    Formato,
    #[error("El dígito verificador del RUT no es válido.")]
    DigitoVerificador,
}

impl Rut {
    /// Largest body a RUT can have (eight digits).
    const CUERPO_MAX: u32 = 99_999_999;

    /// Reads a RUT as people type it: `12.345.678-5`, `12345678-5`, `123456785`,
    /// `12.345.678-k`. Dots and spaces are ignored, the hyphen is optional.
    pub fn parse(input: &str) -> Result<Rut, RutError> {
        let limpio: String = input.chars().filter(|c| *c != '.' && !c.is_whitespace()).collect();
        if limpio.is_empty() {
            return Err(RutError::Vacio);
        }
        let (cuerpo, dv) = match limpio.split_once('-') {
            Some((cuerpo, dv)) => (cuerpo, dv),
            None => {
                // Without hyphen, the last character is the check digit. Splitting at a
                // char boundary keeps non-ASCII input from panicking.
                let ultimo = limpio.char_indices().last().map_or(0, |(i, _)| i);
                limpio.split_at(ultimo)
            }
        };
        if cuerpo.is_empty() || cuerpo.len() > 8 || !cuerpo.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RutError::Formato);
        }
        let dv = match dv {
            "k" | "K" => 'K',
            d if d.len() == 1 && d.as_bytes()[0].is_ascii_digit() => char::from(d.as_bytes()[0]),
            _ => return Err(RutError::Formato),
        };
        let cuerpo: u32 = cuerpo.parse().map_err(|_| RutError::Formato)?;
        if cuerpo == 0 || cuerpo > Self::CUERPO_MAX {
            return Err(RutError::Formato);
        }
        if Self::digito_verificador(cuerpo) != dv {
            return Err(RutError::DigitoVerificador);
        }
        Ok(Rut { cuerpo, dv })
    }

    /// The number before the hyphen.
    pub fn cuerpo(&self) -> u32 {
        self.cuerpo
    }

    /// The check digit: `'0'`–`'9'` or `'K'`.
    pub fn dv(&self) -> char {
        self.dv
    }

    /// The canonical storage form, without dots: `12345678-5`.
    pub fn normalizado(&self) -> String {
        format!("{}-{}", self.cuerpo, self.dv)
    }

    /// Modulo-11 check digit of a RUT body: digits from the right are weighted
    /// 2, 3, 4, 5, 6, 7, 2, 3, …; a result of 11 is `'0'` and 10 is `'K'`.
    pub fn digito_verificador(cuerpo: u32) -> char {
        let mut resto = cuerpo;
        let mut suma = 0;
        let mut peso = 2;
        while resto > 0 {
            suma += (resto % 10) * peso;
            resto /= 10;
            peso = if peso == 7 { 2 } else { peso + 1 };
        }
        match 11 - suma % 11 {
            11 => '0',
            10 => 'K',
            d => char::from(b'0' + d as u8),
        }
    }
}

/// Shows the RUT as printed on documents: `12.345.678-5`.
impl fmt::Display for Rut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digitos = self.cuerpo.to_string();
        let mut con_puntos = String::with_capacity(digitos.len() + 2);
        for (i, c) in digitos.chars().enumerate() {
            if i > 0 && (digitos.len() - i).is_multiple_of(3) {
                con_puntos.push('.');
            }
            con_puntos.push(c);
        }
        write!(f, "{}-{}", con_puntos, self.dv)
    }
}

impl FromStr for Rut {
    type Err = RutError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rut::parse(s)
    }
}

impl TryFrom<String> for Rut {
    type Error = RutError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Rut::parse(&s)
    }
}

impl From<Rut> for String {
    fn from(rut: Rut) -> String {
        rut.normalizado()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vectores_de_digito_verificador() {
        assert_eq!(Rut::digito_verificador(12_345_678), '5');
        assert_eq!(Rut::digito_verificador(76_086_428), '5');
        assert_eq!(Rut::digito_verificador(12_531_909), '2');
        assert_eq!(Rut::digito_verificador(60_803_000), 'K');
        assert_eq!(Rut::digito_verificador(11_111_111), '1');
    }

    #[test]
    fn acepta_las_formas_habituales() {
        for entrada in ["12.345.678-5", "12345678-5", "123456785", " 12.345.678-5 ", "12 345 678 - 5"] {
            let rut = Rut::parse(entrada).unwrap();
            assert_eq!(rut.cuerpo(), 12_345_678, "{entrada}");
            assert_eq!(rut.dv(), '5');
        }
        for entrada in ["60.803.000-k", "60.803.000-K", "60803000k", "60803000K"] {
            assert_eq!(Rut::parse(entrada).unwrap().normalizado(), "60803000-K");
        }
    }

    #[test]
    fn formatos() {
        let rut: Rut = "123456785".parse().unwrap();
        assert_eq!(rut.normalizado(), "12345678-5");
        assert_eq!(rut.to_string(), "12.345.678-5");
        assert_eq!(Rut::parse("1-9").unwrap().to_string(), "1-9");
        assert_eq!(Rut::parse("1234567-4").unwrap().to_string(), "1.234.567-4");
        assert_eq!(Rut::parse("123456-0").unwrap().to_string(), "123.456-0");
    }

    #[test]
    fn errores() {
        assert_eq!(Rut::parse(""), Err(RutError::Vacio));
        assert_eq!(Rut::parse("  . "), Err(RutError::Vacio));
        assert_eq!(Rut::parse("12345678-6"), Err(RutError::DigitoVerificador));
        assert_eq!(Rut::parse("60803000-0"), Err(RutError::DigitoVerificador));
        for malo in [
            "5",
            "-5",
            "12345678-",
            "1234-56-7",
            "12a45678-5",
            "0-0",
            "123456789-0",
            "12345678-55",
            "12345678-x",
            "1234567ñ",
            "ñ",
        ] {
            assert_eq!(Rut::parse(malo), Err(RutError::Formato), "{malo}");
        }
    }

    #[test]
    fn mensajes() {
        assert_eq!(RutError::Vacio.to_string(), "Ingrese el RUT.");
        assert_eq!(RutError::Formato.to_string(), "El RUT debe tener el formato 12.345.678-5.");
        assert_eq!(RutError::DigitoVerificador.to_string(), "El dígito verificador del RUT no es válido.");
    }

    #[test]
    fn serde_usa_la_forma_normalizada() {
        let rut = Rut::parse("12.345.678-5").unwrap();
        assert_eq!(serde_json::to_string(&rut).unwrap(), "\"12345678-5\"");
        assert_eq!(serde_json::from_str::<Rut>("\"12.345.678-5\"").unwrap(), rut);
        assert!(serde_json::from_str::<Rut>("\"12345678-6\"").is_err());
    }

    proptest! {
        #[test]
        fn nunca_falla_con_entrada_arbitraria(s in any::<String>()) {
            let _ = Rut::parse(&s);
        }

        #[test]
        fn ida_y_vuelta(cuerpo in 1u32..=99_999_999) {
            let dv = Rut::digito_verificador(cuerpo);
            let rut = Rut::parse(&format!("{cuerpo}-{dv}")).unwrap();
            prop_assert_eq!(rut.cuerpo(), cuerpo);
            prop_assert_eq!(Rut::parse(&rut.to_string()), Ok(rut));
            prop_assert_eq!(Rut::parse(&rut.normalizado()), Ok(rut));
            prop_assert_eq!(Rut::parse(&format!("{cuerpo}{}", dv.to_ascii_lowercase())), Ok(rut));
            let json = serde_json::to_string(&rut).unwrap();
            prop_assert_eq!(serde_json::from_str::<Rut>(&json).unwrap(), rut);
        }

        #[test]
        fn rechaza_todo_otro_digito(cuerpo in 1u32..=99_999_999, i in 0usize..11) {
            let dv = "0123456789K".chars().nth(i).unwrap();
            let resultado = Rut::parse(&format!("{cuerpo}-{dv}"));
            if dv == Rut::digito_verificador(cuerpo) {
                prop_assert!(resultado.is_ok());
            } else {
                prop_assert_eq!(resultado, Err(RutError::DigitoVerificador));
            }
        }
    }
}
