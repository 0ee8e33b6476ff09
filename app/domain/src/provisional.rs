//! Provisional password sent by email when a person recovers access. It is typed once,
//! from the email, so it uses only capitals and digits: easy to read aloud and to type on
//! any keyboard, while 36^8 combinations are plenty for a short-lived secret.

use std::fmt;

use rand_core::{CryptoRng, RngCore};
use secrecy::{ExposeSecret, SecretString};

/// The alphabet: 36 symbols, `A`–`Z` and `0`–`9`.
const ALFABETO: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A freshly generated provisional password.
///
/// It is a secret: no `Serialize`, redacted `Debug`, wiped when dropped. Use
/// [`ClaveProvisional::expose`] to hash it and to write it into the email.
#[derive(Clone)]
pub struct ClaveProvisional(SecretString);

impl ClaveProvisional {
    /// Number of characters.
    pub const LARGO: usize = 8;

    /// Draws a password with at least one letter and one digit. Each character is
    /// uniform over the alphabet: bytes at or above 252 (= 7 × 36) are discarded instead of
    /// folded with a modulo, which would favour the first symbols.
    pub fn generar<R: RngCore + CryptoRng>(rng: &mut R) -> ClaveProvisional {
        loop {
            let clave: String = (0..Self::LARGO).map(|_| simbolo(rng)).collect();
            let tiene_letra = clave.bytes().any(|b| b.is_ascii_uppercase());
            let tiene_digito = clave.bytes().any(|b| b.is_ascii_digit());
            if tiene_letra && tiene_digito {
                return ClaveProvisional(SecretString::from(clave));
            }
        }
    }

    /// The password text. Never log it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// One uniformly chosen symbol of [`ALFABETO`].
fn simbolo<R: RngCore>(rng: &mut R) -> char {
    const LIMITE: u8 = (u8::MAX / 36) * 36;
    loop {
        let mut byte = [0u8; 1];
        rng.fill_bytes(&mut byte);
        if byte[0] < LIMITE {
            return char::from(ALFABETO[usize::from(byte[0] % 36)]);
        }
    }
}

/// Compares the texts (tests and form logic); credentials are checked against their
/// stored hash, never with this.
impl PartialEq for ClaveProvisional {
    fn eq(&self, otro: &Self) -> bool {
        self.expose() == otro.expose()
    }
}

impl Eq for ClaveProvisional {}

impl fmt::Debug for ClaveProvisional {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClaveProvisional(<oculta>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    fn formato_valido(clave: &ClaveProvisional) -> bool {
        let texto = clave.expose();
        texto.len() == ClaveProvisional::LARGO
            && texto.bytes().all(|b| ALFABETO.contains(&b))
            && texto.bytes().any(|b| b.is_ascii_uppercase())
            && texto.bytes().any(|b| b.is_ascii_digit())
    }

    #[test]
    fn formato_con_semilla() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..1000 {
            let clave = ClaveProvisional::generar(&mut rng);
            assert!(formato_valido(&clave), "{}", clave.expose());
        }
    }

    #[test]
    fn formato_con_rng_del_sistema() {
        let mut rng = rand::thread_rng();
        for _ in 0..1000 {
            assert!(formato_valido(&ClaveProvisional::generar(&mut rng)));
        }
    }

    #[test]
    fn misma_semilla_misma_clave() {
        let a = ClaveProvisional::generar(&mut StdRng::seed_from_u64(1));
        let b = ClaveProvisional::generar(&mut StdRng::seed_from_u64(1));
        assert_eq!(a, b);
    }

    #[test]
    fn distribucion_razonable() {
        let mut rng = StdRng::seed_from_u64(42);
        let mut cuentas = [0u32; 36];
        let muestras = 5000;
        for _ in 0..muestras {
            for b in ClaveProvisional::generar(&mut rng).expose().bytes() {
                let i = ALFABETO.iter().position(|&a| a == b).unwrap();
                cuentas[i] += 1;
            }
        }
        // 40 000 symbols over 36 values: about 1111 each. Requiring at least one letter
        // and one digit barely shifts that, so ±20 % catches any real bias.
        let esperado = (muestras * ClaveProvisional::LARGO) as f64 / 36.0;
        for (i, &n) in cuentas.iter().enumerate() {
            let desvio = (f64::from(n) - esperado).abs() / esperado;
            assert!(desvio < 0.2, "símbolo {} aparece {n} veces", ALFABETO[i] as char);
        }
        let distintas: std::collections::HashSet<String> =
            (0..1000).map(|_| ClaveProvisional::generar(&mut rng).expose().to_owned()).collect();
        assert_eq!(distintas.len(), 1000);
    }

    #[test]
    fn debug_oculta() {
        let clave = ClaveProvisional::generar(&mut StdRng::seed_from_u64(3));
        assert!(!format!("{clave:?}").contains(clave.expose()));
    }
}
