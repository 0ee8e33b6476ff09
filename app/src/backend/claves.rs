//! argon2id hashing of CS and secret answers. Hashing costs ~19 MiB and tens of milliseconds of
//! CPU, so it runs on the blocking pool behind a semaphore: the async threads stay free and a
//! burst of logins cannot exhaust memory.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

use super::error::ErrorServicio;

fn argon2() -> Argon2<'static> {
    // OWASP's minimum for argon2id: m=19456 KiB, t=2, p=1.
    let params = Params::new(19_456, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of nothing anyone knows, verified when an account does not exist so that the
/// response takes as long as for an account that does.
fn hash_señuelo() -> &'static str {
    static SEÑUELO: OnceLock<String> = OnceLock::new();
    SEÑUELO.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        argon2().hash_password(b"sin-cuenta-sin-clave", &salt).expect("argon2 hashes").to_string()
    })
}

#[derive(Clone)]
pub struct Hasheador {
    permisos: Arc<Semaphore>,
}

impl Hasheador {
    /// `concurrencia`: how many hashes may run at once (the CPU count is a good value).
    pub fn new(concurrencia: usize) -> Self {
        Hasheador { permisos: Arc::new(Semaphore::new(concurrencia.max(1))) }
    }

    async fn en_bloque<T: Send + 'static>(
        &self,
        trabajo: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ErrorServicio> {
        let _permiso = self
            .permisos
            .acquire()
            .await
            .map_err(|_| ErrorServicio::Interno("semáforo de hashing cerrado".into()))?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(trabajo))
            .await
            .map_err(|e| ErrorServicio::Interno(format!("hashing interrumpido: {e}")))
    }

    pub async fn hashear(&self, secreto: String) -> Result<String, ErrorServicio> {
        self.en_bloque(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2().hash_password(secreto.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await?
        .map_err(|e| ErrorServicio::Interno(format!("argon2: {e}")))
    }

    /// Whether `secreto` matches `hash`; with no hash (no account) it still does the work.
    pub async fn verificar(&self, secreto: String, hash: Option<String>) -> Result<bool, ErrorServicio> {
        self.en_bloque(move || {
            let existe = hash.is_some();
            let hash = hash.unwrap_or_else(|| hash_señuelo().to_owned());
            let coincide = PasswordHash::new(&hash)
                .map(|h| argon2().verify_password(secreto.as_bytes(), &h).is_ok())
                .unwrap_or(false);
            existe && coincide
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_secret_only() {
        let h = Hasheador::new(2);
        let hash = h.hashear("Pehuen2026".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(h.verificar("Pehuen2026".into(), Some(hash.clone())).await.unwrap());
        assert!(!h.verificar("pehuen2026".into(), Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn a_missing_account_never_verifies() {
        let h = Hasheador::new(1);
        assert!(!h.verificar("sin-cuenta-sin-clave".into(), None).await.unwrap());
    }

    #[tokio::test]
    async fn a_corrupt_hash_does_not_verify() {
        let h = Hasheador::new(1);
        assert!(!h.verificar("x".into(), Some("no-es-un-hash".into())).await.unwrap());
    }
}
