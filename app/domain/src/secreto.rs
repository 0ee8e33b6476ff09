//! A secret as typed into a form (a CS, an answer), on its way to being parsed. The browser
//! must send it, so unlike the parsed secrets it serialises; from the moment it is read on the
//! server it lives in a `SecretString`: its `Debug` is redacted and its memory is wiped when
//! dropped, so no log line, panic message or debug dump can show it.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone)]
pub struct TextoSecreto(SecretString);

impl TextoSecreto {
    pub fn new(texto: impl Into<String>) -> TextoSecreto {
        TextoSecreto(SecretString::from(texto.into()))
    }

    /// The text, to parse it. Never log it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }
}

impl Default for TextoSecreto {
    fn default() -> Self {
        TextoSecreto::new(String::new())
    }
}

impl fmt::Debug for TextoSecreto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TextoSecreto(<oculto>)")
    }
}

impl From<String> for TextoSecreto {
    fn from(texto: String) -> Self {
        TextoSecreto::new(texto)
    }
}

impl From<&str> for TextoSecreto {
    fn from(texto: &str) -> Self {
        TextoSecreto::new(texto)
    }
}

/// Only the browser's request needs it: the form is sent as typed.
impl Serialize for TextoSecreto {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> Deserialize<'de> for TextoSecreto {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(TextoSecreto::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_text() {
        let secreto = TextoSecreto::new("Araucaria1");
        assert!(!format!("{secreto:?}").contains("Araucaria1"));
        assert!(!format!("{:?}", Some(&secreto)).contains("Araucaria1"));
    }

    #[test]
    fn it_travels_as_a_plain_string() {
        let secreto: TextoSecreto = serde_json::from_str(r#""Araucaria1""#).unwrap();
        assert_eq!(secreto.expose(), "Araucaria1");
        assert_eq!(serde_json::to_string(&secreto).unwrap(), r#""Araucaria1""#);
    }
}
