//! What the back office shows: requests, their files and accounts, as the server answers them
//! (times already written out, contact data masked where support does not need it whole).

use serde::{Deserialize, Serialize};

/// An operator's own password: a long passphrase is welcome (ASVS: at least 12 characters).
const LARGO_MINIMO_CLAVE: usize = 12;
const LARGO_MAXIMO_CLAVE: usize = 128;
/// Names the two limits above (a test keeps them in step).
const CLAVE_FUERA_DE_LARGO: &str = "La contraseña debe tener entre 12 y 128 caracteres.";
pub const CLAVES_NO_COINCIDEN: &str = "Las contraseñas no coinciden.";
pub const FALTA_MOTIVO: &str = "Indique el motivo del rechazo.";

/// The rule of a new operator password, the same in the browser and on the server.
pub fn revisar_clave_operador(clave: &str) -> Option<&'static str> {
    (!(LARGO_MINIMO_CLAVE..=LARGO_MAXIMO_CLAVE).contains(&clave.chars().count())).then_some(CLAVE_FUERA_DE_LARGO)
}

/// The operator logged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperadorVisible {
    pub rut: String,
    pub nombre: String,
    /// Still on the initial password: the page offers only its replacement.
    pub debe_cambiar_clave: bool,
}

/// A line of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilaCola {
    pub numero: i64,
    pub empresa_rut: String,
    pub facilitador: String,
    pub documento: String,
    pub pais: String,
    /// `pendiente`, `aprobada`, `rechazada`.
    pub estado: String,
    pub creada_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivoVisible {
    pub id: i64,
    /// `Declaración jurada` or `Documento de identificación`.
    pub rol: String,
    pub nombre: String,
    /// `JPEG`, `PNG`, `PDF`.
    pub formato: String,
    pub tamano: i32,
}

/// A request with every field, for its decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetalleSolicitud {
    pub numero: i64,
    pub estado: String,
    pub creada_en: String,
    pub empresa: String,
    pub representante_rut: String,
    /// Label and value, in the form's order.
    pub datos: Vec<(String, String)>,
    pub archivos: Vec<ArchivoVisible>,
    /// Once decided: by whom, when and (rejected) why.
    pub decision: Option<String>,
}

/// An account as support sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuentaSoporte {
    /// The key to act on it (unlock).
    pub clave: String,
    pub identificador: String,
    pub tipo: String,
    pub nombre: String,
    pub email: String,
    pub bloqueada_hasta: Option<String>,
    pub fallos_login: i32,
    pub provisoria_hasta: Option<String>,
    pub creada_en: String,
    pub eventos: Vec<EventoVisible>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventoVisible {
    pub en: String,
    pub evento: String,
    pub resultado: String,
    pub detalle: String,
    pub ip: String,
    pub operador: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operator_password_has_between_12_and_128_characters_as_its_message_says() {
        assert!(CLAVE_FUERA_DE_LARGO.contains(&format!("entre {LARGO_MINIMO_CLAVE} y {LARGO_MAXIMO_CLAVE} caracteres")));
        assert_eq!(revisar_clave_operador("corta-11ch"), Some(CLAVE_FUERA_DE_LARGO));
        assert_eq!(revisar_clave_operador(&"ñ".repeat(LARGO_MINIMO_CLAVE - 1)), Some(CLAVE_FUERA_DE_LARGO));
        assert_eq!(revisar_clave_operador(&"ñ".repeat(LARGO_MINIMO_CLAVE)), None, "characters, not bytes");
        assert_eq!(revisar_clave_operador(&"a".repeat(LARGO_MAXIMO_CLAVE)), None);
        assert_eq!(revisar_clave_operador(&"a".repeat(LARGO_MAXIMO_CLAVE + 1)), Some(CLAVE_FUERA_DE_LARGO));
    }
}
