//! argon2id hashing of CS and secret answers. Hashing costs ~19 MiB and tens of milliseconds of
//! CPU, so it runs on the blocking pool behind a semaphore: the async threads stay free and a
//! burst of logins cannot exhaust memory.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use secrecy::{ExposeSecret, SecretString};
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc, OnceLock,
};
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
    concurrencia: usize,
    /// Hashes waiting for a permit (the metrics' hashing queue).
    esperando: Arc<AtomicUsize>,
}

/// Counts one waiter for as long as it lives, so a request abandoned while waiting is
/// uncounted too.
struct EnEspera(Arc<AtomicUsize>);

impl EnEspera {
    fn nueva(contador: &Arc<AtomicUsize>) -> Self {
        contador.fetch_add(1, Ordering::Relaxed);
        EnEspera(contador.clone())
    }
}

impl Drop for EnEspera {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The hashing queue at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColaHashing {
    pub esperando: usize,
    pub en_curso: usize,
}

impl Hasheador {
    /// `concurrencia`: how many hashes may run at once (the CPU count is a good value).
    pub fn new(concurrencia: usize) -> Self {
        let concurrencia = concurrencia.max(1);
        Hasheador {
            permisos: Arc::new(Semaphore::new(concurrencia)),
            concurrencia,
            esperando: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// How many hashes wait for a permit and how many run now.
    pub fn cola(&self) -> ColaHashing {
        ColaHashing {
            esperando: self.esperando.load(Ordering::Relaxed),
            en_curso: self.concurrencia.saturating_sub(self.permisos.available_permits()),
        }
    }

    async fn en_bloque<T: Send + 'static>(
        &self,
        trabajo: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ErrorServicio> {
        let en_espera = EnEspera::nueva(&self.esperando);
        let _permiso = self.permisos.acquire().await.map_err(|e| ErrorServicio::por("semáforo de hashing", e))?;
        drop(en_espera);
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(trabajo))
            .await
            .map_err(|e| ErrorServicio::por("hashing interrumpido", e))
    }

    /// Hashes a secret (a CS, a normalised answer). The copy that crosses to the blocking
    /// thread is itself a secret: wiped when dropped, never printed.
    #[tracing::instrument(skip_all)]
    pub async fn hashear(&self, secreto: &str) -> Result<String, ErrorServicio> {
        let secreto = SecretString::from(secreto.to_owned());
        self.en_bloque(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2().hash_password(secreto.expose_secret().as_bytes(), &salt).map(|h| h.to_string())
        })
        .await?
        .map_err(|e| ErrorServicio::interno(format!("argon2: {e}")))
    }

    /// Whether `secreto` matches `hash`; with no hash (no account) it still does the work.
    #[tracing::instrument(skip_all, fields(existe = hash.is_some()))]
    pub async fn verificar(&self, secreto: &str, hash: Option<String>) -> Result<bool, ErrorServicio> {
        let secreto = SecretString::from(secreto.to_owned());
        self.en_bloque(move || {
            let existe = hash.is_some();
            let hash = hash.unwrap_or_else(|| hash_señuelo().to_owned());
            let coincide = PasswordHash::new(&hash)
                .map(|h| argon2().verify_password(secreto.expose_secret().as_bytes(), &h).is_ok())
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
        let hash = h.hashear("Pehuen2026").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(h.verificar("Pehuen2026", Some(hash.clone())).await.unwrap());
        assert!(!h.verificar("pehuen2026", Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn a_missing_account_never_verifies() {
        let h = Hasheador::new(1);
        assert!(!h.verificar("sin-cuenta-sin-clave", None).await.unwrap());
    }

    #[tokio::test]
    async fn the_queue_counts_waiting_and_running_hashes() {
        let h = Hasheador::new(1);
        assert_eq!(h.cola(), ColaHashing { esperando: 0, en_curso: 0 });
        let (soltar, esperar) = std::sync::mpsc::channel::<()>();
        let primero = tokio::spawn({
            let h = h.clone();
            async move { h.en_bloque(move || esperar.recv().is_ok()).await }
        });
        let segundo = tokio::spawn({
            let h = h.clone();
            async move { h.en_bloque(|| true).await }
        });
        let mut visto = h.cola();
        for _ in 0..200 {
            if visto == (ColaHashing { esperando: 1, en_curso: 1 }) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            visto = h.cola();
        }
        assert_eq!(visto, ColaHashing { esperando: 1, en_curso: 1 });
        soltar.send(()).unwrap();
        assert!(primero.await.unwrap().unwrap() && segundo.await.unwrap().unwrap());
        assert_eq!(h.cola(), ColaHashing { esperando: 0, en_curso: 0 });
    }

    #[tokio::test]
    async fn an_abandoned_wait_leaves_the_queue() {
        let h = Hasheador::new(1);
        let _ocupado = h.permisos.clone().acquire_owned().await.unwrap();
        let abandonada = tokio::time::timeout(std::time::Duration::from_millis(20), h.en_bloque(|| ())).await;
        assert!(abandonada.is_err(), "no permit was free");
        assert_eq!(h.cola().esperando, 0);
    }

    #[tokio::test]
    async fn a_corrupt_hash_does_not_verify() {
        let h = Hasheador::new(1);
        assert!(!h.verificar("x", Some("no-es-un-hash".into())).await.unwrap());
    }
}
