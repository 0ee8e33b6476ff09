//! The operators' second factor: RFC 6238 time-based codes (SHA-1, 6 digits, 30 s), the kind
//! every authenticator app reads from an `otpauth://` URI. A code is accepted in the step
//! before, at or after the server's (clock drift), and never twice.

use super::error::ErrorServicio;
use rand::RngCore;
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
    fn the_uri_names_the_issuer_and_the_operator() {
        let uri = uri(RFC_SECRETO, "12345678-5").unwrap();
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), "{uri}");
        assert!(uri.contains("12345678-5"), "{uri}");
    }
}
