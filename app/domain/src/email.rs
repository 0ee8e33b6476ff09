//! Email address used to send the provisional password. The check is deliberately
//! practical rather than RFC 5322-complete: it accepts what real mailboxes look like and
//! rejects the typos people actually make (missing domain, `..`, `@@`, spaces).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A plausible email address: the domain is lower-cased, the local part is kept as typed
/// (some mail servers distinguish case there).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email {
    valor: String,
    arroba: usize,
}

/// Why a text is not an email address. The messages are shown under the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Ingrese el email.")]
    Vacio,
    #[error("Ingrese un email válido, por ejemplo nombre@dominio.cl.")]
    Formato,
}

const LARGO_MAX: usize = 254;
const LOCAL_MAX: usize = 64;
const ETIQUETA_MAX: usize = 63;

impl Email {
    /// Reads an email address, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let texto = input.trim();
        if texto.is_empty() {
            return Err(EmailError::Vacio);
        }
        let (local, dominio) = texto.split_once('@').ok_or(EmailError::Formato)?;
        if texto.len() > LARGO_MAX || !local_valido(local) || !dominio_valido(dominio) {
            return Err(EmailError::Formato);
        }
        Ok(Email { valor: format!("{local}@{}", dominio.to_ascii_lowercase()), arroba: local.len() })
    }

    /// The whole address, e.g. `Nombre@dominio.cl`.
    pub fn as_str(&self) -> &str {
        &self.valor
    }

    /// The part before `@`, as typed.
    pub fn local(&self) -> &str {
        &self.valor[..self.arroba]
    }

    /// The part after `@`, lower-cased.
    pub fn dominio(&self) -> &str {
        &self.valor[self.arroba + 1..]
    }
}

fn local_valido(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= LOCAL_MAX
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn dominio_valido(dominio: &str) -> bool {
    let etiquetas: Vec<&str> = dominio.split('.').collect();
    let tld = etiquetas[etiquetas.len() - 1];
    etiquetas.len() >= 2
        && etiquetas.iter().all(|e| {
            !e.is_empty()
                && e.len() <= ETIQUETA_MAX
                && e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !e.starts_with('-')
                && !e.ends_with('-')
        })
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.valor)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.valor
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.valor
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn acepta_direcciones_reales() {
        for bueno in [
            "polmedina@sence.cl",
            "nombre.apellido@gmail.com",
            "o'higgins@correo.gob.cl",
            "a+b_c%d-e@sub-dominio.ejemplo.cl",
            "a@b.cl",
            "x1@123.io",
        ] {
            let email = Email::parse(bueno).unwrap();
            assert_eq!(email.as_str(), bueno);
        }
    }

    #[test]
    fn normaliza_el_dominio_y_conserva_el_local() {
        let email = Email::parse("  Juan.Perez@SENCE.CL \n").unwrap();
        assert_eq!(email.as_str(), "Juan.Perez@sence.cl");
        assert_eq!(email.local(), "Juan.Perez");
        assert_eq!(email.dominio(), "sence.cl");
        assert_eq!(email.to_string(), "Juan.Perez@sence.cl");
        assert_eq!(email.as_ref(), "Juan.Perez@sence.cl");
    }

    #[test]
    fn rechaza_errores_tipicos() {
        assert_eq!(Email::parse("   "), Err(EmailError::Vacio));
        let local_largo = format!("{}@sence.cl", "a".repeat(65));
        let total_largo = format!("a@{}.cl", "b.".repeat(130));
        for malo in [
            "polmedina",
            "polmedina@",
            "@sence.cl",
            "pol@medina@sence.cl",
            "pol medina@sence.cl",
            "pol..medina@sence.cl",
            ".pol@sence.cl",
            "pol.@sence.cl",
            "pol@sence",
            "pol@sence.c",
            "pol@sence.c1",
            "pol@sence..cl",
            "pol@.sence.cl",
            "pol@sence.cl.",
            "pol@-sence.cl",
            "pol@sence-.cl",
            "pol@sen_ce.cl",
            "pól@sence.cl",
            "pol@señal.cl",
            local_largo.as_str(),
            total_largo.as_str(),
        ] {
            assert_eq!(Email::parse(malo), Err(EmailError::Formato), "{malo}");
        }
    }

    #[test]
    fn mensajes() {
        assert_eq!(EmailError::Vacio.to_string(), "Ingrese el email.");
        assert_eq!(EmailError::Formato.to_string(), "Ingrese un email válido, por ejemplo nombre@dominio.cl.");
    }

    #[test]
    fn serde() {
        let email = Email::parse("Ana@Sence.cl").unwrap();
        assert_eq!(serde_json::to_string(&email).unwrap(), "\"Ana@sence.cl\"");
        assert_eq!(serde_json::from_str::<Email>("\"Ana@SENCE.cl\"").unwrap(), email);
        assert!(serde_json::from_str::<Email>("\"ana\"").is_err());
    }

    proptest! {
        #[test]
        fn nunca_falla_con_entrada_arbitraria(s in any::<String>()) {
            let _ = Email::parse(&s);
        }

        #[test]
        fn ida_y_vuelta(
            local in "[A-Za-z0-9_%+'-]{1,10}(\\.[A-Za-z0-9_%+'-]{1,10}){0,2}",
            dominio in "([A-Za-z0-9]([A-Za-z0-9-]{0,8}[A-Za-z0-9])?\\.){1,3}[A-Za-z]{2,6}",
        ) {
            let email = Email::parse(&format!("{local}@{dominio}")).unwrap();
            prop_assert_eq!(email.local(), local.as_str());
            prop_assert_eq!(email.dominio(), dominio.to_ascii_lowercase());
            prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            let json = serde_json::to_string(&email).unwrap();
            prop_assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), email);
        }

        #[test]
        fn lo_aceptado_es_acotado(s in "\\PC{0,300}") {
            if let Ok(email) = Email::parse(&s) {
                prop_assert!(email.as_str().len() <= LARGO_MAX);
                prop_assert_eq!(email.as_str().matches('@').count(), 1);
                prop_assert!(email.as_str().is_ascii());
            }
        }
    }
}
