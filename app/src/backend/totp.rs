//! The operators' second factor: RFC 6238 time-based codes (SHA-1, 6 digits, 30 s), the kind
//! every authenticator app reads from an `otpauth://` URI. A code is accepted in the step
//! before, at or after the server's (clock drift), and never twice.

use super::entidades::operador;
use super::error::ErrorServicio;
use base64::{engine::general_purpose::STANDARD, Engine};
use chacha20poly1305::{
    aead::{Aead, KeyInit, Payload},
    Key, XChaCha20Poly1305, XNonce,
};
use rand::RngCore;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use secrecy::{ExposeSecret, SecretString};
use totp_rs::{Algorithm, Secret, TOTP};

const PASO_SEGUNDOS: i64 = 30;
const DIGITOS: usize = 6;
const EMISOR: &str = "Clave SENCE Operador";

fn totp(secreto_base32: &str, cuenta: &str) -> Result<TOTP, ErrorServicio> {
    let bytes = Secret::Encoded(secreto_base32.to_owned())
        .to_bytes()
        .map_err(|e| ErrorServicio::interno(format!("secreto TOTP ilegible: {e:?}")))?;
    TOTP::new(Algorithm::SHA1, DIGITOS, 0, PASO_SEGUNDOS as u64, bytes, Some(EMISOR.into()), cuenta.into())
        .map_err(|e| ErrorServicio::interno(format!("TOTP: {e}")))
}

/// A new 160-bit secret, base32, from the OS generator.
pub fn nuevo_secreto() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

/// The URI an authenticator app enrols from (shown once, when the operator is created).
pub fn uri(secreto_base32: &str, cuenta: &str) -> Result<String, ErrorServicio> {
    Ok(totp(secreto_base32, cuenta)?.get_url())
}

/// The code of the step that contains `ahora` (tests, and the operator CLI's check).
pub fn codigo_en(secreto_base32: &str, ahora: i64) -> Result<String, ErrorServicio> {
    Ok(totp(secreto_base32, "-")?.generate(ahora.max(0) as u64))
}

/// The time step `codigo` belongs to, if it is valid now and newer than `ultimo_paso` (a code
/// already used, or an older one, is refused: a code seen over a shoulder works once).
pub fn verificar(
    secreto_base32: &str,
    codigo: &str,
    ahora: i64,
    ultimo_paso: Option<i64>,
) -> Result<Option<i64>, ErrorServicio> {
    let codigo = codigo.trim();
    if codigo.len() != DIGITOS || !codigo.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let generador = totp(secreto_base32, "-")?;
    let actual = ahora / PASO_SEGUNDOS;
    let coincide = (actual - 1..=actual + 1)
        .filter(|paso| ultimo_paso.is_none_or(|u| *paso > u))
        .find(|paso| iguales(&generador.generate((paso * PASO_SEGUNDOS).max(0) as u64), codigo));
    Ok(coincide)
}

/// What marks a stored secret as encrypted (and with which scheme, should it ever change).
const PREFIJO_CIFRADO: &str = "v1:";
const LARGO_NONCE: usize = 24;

/// Encrypts the operators' TOTP secrets in the database with XChaCha20-Poly1305 (random
/// 192-bit nonces), the operator's RUT as associated data: a dump or a backup of the database
/// alone does not give anyone an operator's codes, and a secret copied onto another operator's
/// row does not decrypt.
#[derive(Clone)]
pub struct LlaveTotp {
    actual: Key,
    /// Keys `actual` replaced: they still decrypt until [`cifrar_pendientes`] has re-encrypted
    /// every secret under `actual`.
    anteriores: Vec<Key>,
}

impl std::fmt::Debug for LlaveTotp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LlaveTotp([REDACTED])")
    }
}

/// 32 random bytes in base64 (`openssl rand -base64 32`).
fn llave(texto: &str) -> Result<Key, String> {
    let bytes = STANDARD.decode(texto.trim()).map_err(|_| "no es base64".to_owned())?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| format!("debe tener 32 bytes, tiene {}", b.len()))?;
    Ok(Key::from(bytes))
}

/// Why a stored value does not decrypt under a key.
struct Ilegible;

fn abrir(llave: &Key, cifrado: &str, rut: &str) -> Result<SecretString, Ilegible> {
    let bytes = STANDARD.decode(cifrado).map_err(|_| Ilegible)?;
    if bytes.len() <= LARGO_NONCE {
        return Err(Ilegible);
    }
    let (nonce, cifrado) = bytes.split_at(LARGO_NONCE);
    let claro = XChaCha20Poly1305::new(llave)
        .decrypt(XNonce::from_slice(nonce), Payload { msg: cifrado, aad: rut.as_bytes() })
        .map_err(|_| Ilegible)?;
    String::from_utf8(claro).map(SecretString::from).map_err(|_| Ilegible)
}

/// What a stored value is, seen from the current key.
enum Guardado {
    EnClaro,
    ConLaActual(SecretString),
    ConUnaAnterior(SecretString),
    Ilegible,
}

impl LlaveTotp {
    /// The key secrets are encrypted with, from its base64 text.
    pub fn desde_base64(texto: &str) -> Result<LlaveTotp, String> {
        Ok(LlaveTotp { actual: llave(texto)?, anteriores: Vec::new() })
    }

    /// Adds a key this one replaced (rotation): secrets under it still decrypt, and the cleanup
    /// re-encrypts them under the current key.
    pub fn con_anterior(mut self, texto: &str) -> Result<LlaveTotp, String> {
        self.anteriores.push(llave(texto)?);
        Ok(self)
    }

    /// For development and tests, when no key is set. Production refuses to start without one.
    pub fn de_desarrollo() -> LlaveTotp {
        LlaveTotp { actual: Key::from(*b"clave-sence-solo-para-desarrollo"), anteriores: Vec::new() }
    }

    pub fn cifrar(&self, secreto_base32: &str, rut: &str) -> String {
        let mut nonce = [0u8; LARGO_NONCE];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cifrado = XChaCha20Poly1305::new(&self.actual)
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: secreto_base32.as_bytes(), aad: rut.as_bytes() })
            .expect("XChaCha20-Poly1305 encrypts any message under 256 GB");
        format!("{PREFIJO_CIFRADO}{}", STANDARD.encode([nonce.as_slice(), &cifrado].concat()))
    }

    /// The secret stored in `guardado` for `rut`, under the current key or a previous one. A
    /// value from before secrets were encrypted is taken as it is: [`cifrar_pendientes`]
    /// encrypts those within a minute of the upgrade.
    pub fn descifrar(&self, guardado: &str, rut: &str) -> Result<SecretString, ErrorServicio> {
        match self.examinar(guardado, rut) {
            Guardado::EnClaro => Ok(SecretString::from(guardado)),
            Guardado::ConLaActual(secreto) | Guardado::ConUnaAnterior(secreto) => Ok(secreto),
            Guardado::Ilegible => Err(ErrorServicio::interno(format!(
                "el secreto TOTP del operador {rut} no se descifra con operators.totp_key ni con \
                 operators.previous_totp_keys"
            ))),
        }
    }

    fn examinar(&self, guardado: &str, rut: &str) -> Guardado {
        let Some(cifrado) = guardado.strip_prefix(PREFIJO_CIFRADO) else {
            return Guardado::EnClaro;
        };
        if let Ok(secreto) = abrir(&self.actual, cifrado, rut) {
            return Guardado::ConLaActual(secreto);
        }
        match self.anteriores.iter().find_map(|llave| abrir(llave, cifrado, rut).ok()) {
            Some(secreto) => Guardado::ConUnaAnterior(secreto),
            None => Guardado::Ilegible,
        }
    }
}

/// Brings every stored secret under the current key: those still in clear (written before
/// secrets were encrypted, or by an older instance during a rolling upgrade) and those under a
/// previous key (after a rotation). Each row is rewritten only if unchanged meanwhile. The
/// operators are a few dozen rows: each is read every time.
pub async fn cifrar_pendientes(db: &DatabaseConnection, llave: &LlaveTotp) -> Result<u64, DbErr> {
    let mut cifrados = 0;
    for fila in operador::Entity::find().all(db).await? {
        let nuevo = match llave.examinar(&fila.totp_secreto, &fila.rut) {
            Guardado::ConLaActual(_) => continue,
            Guardado::EnClaro => llave.cifrar(&fila.totp_secreto, &fila.rut),
            Guardado::ConUnaAnterior(secreto) => llave.cifrar(secreto.expose_secret(), &fila.rut),
            Guardado::Ilegible => {
                tracing::error!(
                    operador = %fila.rut,
                    "secreto TOTP ilegible con operators.totp_key y previous_totp_keys: el operador no puede ingresar"
                );
                continue;
            }
        };
        let cambio = operador::Entity::update_many()
            .col_expr(operador::Column::TotpSecreto, nuevo.into())
            .filter(operador::Column::Rut.eq(&fila.rut))
            .filter(operador::Column::TotpSecreto.eq(&fila.totp_secreto))
            .exec(db)
            .await?;
        cifrados += cambio.rows_affected;
    }
    Ok(cifrados)
}

/// Compares without stopping at the first difference.
fn iguales(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238, appendix B: the SHA-1 key "12345678901234567890" gives 94287082 (8 digits) at
    // T = 59; its last six digits are the 6-digit code.
    const RFC_SECRETO: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn matches_the_rfc_test_vector() {
        assert_eq!(codigo_en(RFC_SECRETO, 59).unwrap(), "287082");
        assert_eq!(codigo_en(RFC_SECRETO, 1_111_111_109).unwrap(), "081804");
    }

    #[test]
    fn accepts_one_step_of_drift_and_each_code_once() {
        let ahora = 1_111_111_109;
        let codigo = codigo_en(RFC_SECRETO, ahora).unwrap();
        let paso = verificar(RFC_SECRETO, &codigo, ahora, None).unwrap().expect("valid now");
        assert_eq!(verificar(RFC_SECRETO, &codigo, ahora + 30, None).unwrap(), Some(paso), "30 s later");
        assert_eq!(verificar(RFC_SECRETO, &codigo, ahora + 90, None).unwrap(), None, "too late");
        assert_eq!(verificar(RFC_SECRETO, &codigo, ahora, Some(paso)).unwrap(), None, "replayed");
    }

    #[test]
    fn refuses_malformed_codes_and_a_wrong_secret() {
        let ahora = 1_700_000_000;
        let codigo = codigo_en(RFC_SECRETO, ahora).unwrap();
        assert_eq!(verificar(RFC_SECRETO, "12345", ahora, None).unwrap(), None);
        assert_eq!(verificar(RFC_SECRETO, "abcdef", ahora, None).unwrap(), None);
        let otro = nuevo_secreto();
        assert_ne!(otro, RFC_SECRETO);
        let otro_codigo = codigo_en(&otro, ahora).unwrap();
        assert_eq!(verificar(RFC_SECRETO, &otro_codigo, ahora, None).unwrap().is_some(), otro_codigo == codigo);
    }

    #[test]
    fn a_secret_is_stored_encrypted_and_only_its_own_key_and_row_read_it() {
        let llave = LlaveTotp::desde_base64(&STANDARD.encode([9u8; 32])).unwrap();
        let guardado = llave.cifrar(RFC_SECRETO, "12345678-5");
        assert!(guardado.starts_with(PREFIJO_CIFRADO) && !guardado.contains(RFC_SECRETO), "{guardado}");
        assert_ne!(llave.cifrar(RFC_SECRETO, "12345678-5"), guardado, "a fresh nonce each time");
        assert_eq!(llave.descifrar(&guardado, "12345678-5").unwrap().expose_secret(), RFC_SECRETO);
        assert!(llave.descifrar(&guardado, "11111111-1").is_err(), "another operator's row");
        assert!(LlaveTotp::de_desarrollo().descifrar(&guardado, "12345678-5").is_err(), "another key");
        let mut alterado = guardado.clone();
        alterado.pop();
        alterado.push(if guardado.ends_with('A') { 'B' } else { 'A' });
        assert!(llave.descifrar(&alterado, "12345678-5").is_err(), "altered");
        assert!(llave.descifrar("v1:AAAA", "12345678-5").is_err(), "truncated");
        assert_eq!(llave.descifrar(RFC_SECRETO, "12345678-5").unwrap().expose_secret(), RFC_SECRETO, "legacy");
    }

    #[test]
    fn after_a_rotation_the_previous_key_still_decrypts() {
        let (vieja, nueva) = (STANDARD.encode([1u8; 32]), STANDARD.encode([2u8; 32]));
        let guardado = LlaveTotp::desde_base64(&vieja).unwrap().cifrar(RFC_SECRETO, "12345678-5");
        let sin_la_vieja = LlaveTotp::desde_base64(&nueva).unwrap();
        assert!(sin_la_vieja.descifrar(&guardado, "12345678-5").is_err());
        assert!(matches!(sin_la_vieja.examinar(&guardado, "12345678-5"), Guardado::Ilegible));
        let rotada = sin_la_vieja.con_anterior(&vieja).unwrap();
        assert_eq!(rotada.descifrar(&guardado, "12345678-5").unwrap().expose_secret(), RFC_SECRETO);
        let Guardado::ConUnaAnterior(secreto) = rotada.examinar(&guardado, "12345678-5") else {
            panic!("under the previous key");
        };
        assert_eq!(secreto.expose_secret(), RFC_SECRETO);
        let recifrado = rotada.cifrar(RFC_SECRETO, "12345678-5");
        assert!(matches!(rotada.examinar(&recifrado, "12345678-5"), Guardado::ConLaActual(_)));
        assert!(matches!(rotada.examinar(RFC_SECRETO, "12345678-5"), Guardado::EnClaro));
        assert!(LlaveTotp::desde_base64(&nueva).unwrap().con_anterior("corta").is_err());
    }

    #[test]
    fn a_key_must_be_32_bytes_of_base64() {
        assert!(LlaveTotp::desde_base64(&STANDARD.encode([1u8; 32])).is_ok());
        assert!(LlaveTotp::desde_base64(&STANDARD.encode([1u8; 16])).unwrap_err().contains("32 bytes"));
        assert!(LlaveTotp::desde_base64("no es base64!").is_err());
        assert_eq!(format!("{:?}", LlaveTotp::de_desarrollo()), "LlaveTotp([REDACTED])");
    }

    #[test]
    fn the_uri_names_the_issuer_and_the_operator() {
        let uri = uri(RFC_SECRETO, "12345678-5").unwrap();
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), "{uri}");
        assert!(uri.contains("12345678-5"), "{uri}");
    }
}
