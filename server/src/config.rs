//! Settings: built-in defaults (the embedded development setup), then a TOML file, then
//! environment variables `CS_SECTION__KEY` (e.g. `CS_DATABASE__URL`). Every key is documented
//! in `clave-sence.example.toml` and the README.

use crate::cliente::RedConfiable;
use figment::{
    providers::{Env, Format, Serialized, Toml},
    Figment,
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::{net::SocketAddr, path::PathBuf};

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// Production refuses unsafe settings (captcha test mode, no mail or SMS transport).
    pub production: bool,
    /// Address the HTTP server listens on.
    pub bind: SocketAddr,
    /// The public origin (`https://cus.sence.cl`) state-changing requests must come from.
    /// Unset: the request's own `Host`.
    pub public_origin: Option<String>,
    /// Proxies (addresses or CIDR blocks) whose `X-Forwarded-For` is believed. Empty: the
    /// client is the TCP peer. See `crate::cliente`.
    pub trusted_proxies: Vec<RedConfiable>,
    pub http: HttpSettings,
    pub database: DatabaseSettings,
    pub mail: MailSettings,
    pub sms: SmsSettings,
    pub registro_civil: RegistrySettings,
    pub sii: RegistrySettings,
    pub flows: FlowSettings,
    pub rate_limit: RateLimitSettings,
    pub captcha: CaptchaSettings,
    pub outbox: OutboxSettings,
    pub metrics: MetricsSettings,
    pub operators: OperatorSettings,
}

/// How long a client may take, so that slow or stalled connections cannot pile up and hold
/// the server's sockets and memory (slowloris).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct HttpSettings {
    /// To send a request's headers (also how long an idle keep-alive connection stays open).
    /// Longer than the balancer keeps its idle connections to the instances (60 s in nginx and
    /// AWS's ALB): else it may send a request on a connection the instance is closing, and
    /// answer the browser 502.
    pub header_timeout_seconds: u64,
    /// From the headers to the answer: reading the body (a 1 MB upload from a slow phone
    /// included) and the work. Past it the request is cancelled (its transaction rolled back)
    /// and answered 503 `SinConexion`.
    pub request_timeout_seconds: u64,
}

/// Settings that can hold credentials are `SecretString`: `Debug` prints them redacted, and
/// `skip_serializing` keeps them out of every serialisation (the defaults figment starts from
/// leave them out; `#[serde(default)]` of their struct fills them back in).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct DatabaseSettings {
    /// `sqlite://data/clave-sence.db?mode=rwc` or `postgres://user:password@host/db`.
    #[serde(skip_serializing)]
    pub url: SecretString,
    /// Whether `serve` brings the schema up to date before serving. Off for deployments that
    /// run `server migrate` first: the instance then reports not ready until the schema is.
    pub migrate: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct MailSettings {
    /// `smtp://host:port` (plain), `smtps://…` or `smtp://…?tls=required`. Unset: emails are
    /// kept in the outbox and printed to the log.
    #[serde(skip_serializing)]
    pub smtp_url: Option<SecretString>,
    pub from: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SmsSettings {
    /// The provider's endpoint, which receives `POST {"to": "+569…", "text": "…"}`. Unset: SMS
    /// are kept in the outbox and printed to the log. May carry a token in its query.
    #[serde(skip_serializing)]
    pub url: Option<SecretString>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RegistryBackend {
    Csv,
    Http,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct RegistrySettings {
    pub backend: RegistryBackend,
    /// The CSV file (backend `csv`).
    pub csv: PathBuf,
    /// The base URL (backend `http`).
    pub url: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct FlowSettings {
    /// How long a person has to finish a procedure once started.
    pub lifetime_minutes: i64,
    /// How long a provisional CS works if unused.
    pub provisional_cs_hours: i64,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct RateLimitSettings {
    /// Server-function calls one IP may make per minute, on average.
    pub per_ip_per_minute: u32,
    /// How many it may make in a burst.
    pub burst: u32,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CaptchaSettings {
    /// Test mode: every captcha's answer is this text. Refused in production.
    pub test_answer: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct OutboxSettings {
    /// Whether this instance delivers the outbox (any number of instances may).
    pub worker: bool,
    pub poll_seconds: u64,
    /// How long a worker holds a message it is delivering. Longer than any delivery attempt
    /// may take (SMTP and SMS time out after 30 s); when a worker dies mid-delivery, another
    /// delivers the message once this has passed.
    pub lease_seconds: i64,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct OperatorSettings {
    /// The key (32 random bytes, base64: `openssl rand -base64 32`) that encrypts the
    /// operators' TOTP secrets in the database. Required in production; unset elsewhere, a
    /// development key.
    #[serde(skip_serializing)]
    pub totp_key: Option<SecretString>,
    /// Keys `totp_key` replaced (rotation): secrets under them still decrypt, and every
    /// instance's cleanup re-encrypts them under `totp_key` within a minute.
    #[serde(skip_serializing)]
    pub previous_totp_keys: Vec<SecretString>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MetricsSettings {
    /// Where Prometheus metrics are served (`GET /metrics`), on a listener of their own so they
    /// are never reachable through the public one. Unset: no metrics listener.
    pub bind: Option<SocketAddr>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            production: false,
            bind: "127.0.0.1:3000".parse().expect("valid address"),
            public_origin: None,
            trusted_proxies: Vec::new(),
            http: HttpSettings::default(),
            database: DatabaseSettings::default(),
            mail: MailSettings::default(),
            sms: SmsSettings::default(),
            registro_civil: RegistrySettings {
                backend: RegistryBackend::Csv,
                csv: "server/demo/registro_civil.csv".into(),
                url: None,
            },
            sii: RegistrySettings { backend: RegistryBackend::Csv, csv: "server/demo/sii.csv".into(), url: None },
            flows: FlowSettings::default(),
            rate_limit: RateLimitSettings::default(),
            captcha: CaptchaSettings::default(),
            outbox: OutboxSettings::default(),
            metrics: MetricsSettings::default(),
            operators: OperatorSettings::default(),
        }
    }
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings { header_timeout_seconds: 75, request_timeout_seconds: 120 }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings { url: "sqlite://data/clave-sence.db?mode=rwc".into(), migrate: true }
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings { smtp_url: None, from: "Notificacion SENCE <notificacion@sence.cl>".into() }
    }
}

impl Default for FlowSettings {
    fn default() -> Self {
        FlowSettings { lifetime_minutes: 30, provisional_cs_hours: 72 }
    }
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings { per_ip_per_minute: 60, burst: 30 }
    }
}

impl Default for OutboxSettings {
    fn default() -> Self {
        OutboxSettings { worker: true, poll_seconds: 5, lease_seconds: 120 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuración ilegible: {0}")]
    Lectura(#[from] Box<figment::Error>),
    #[error("configuración insegura para producción: {0}")]
    Insegura(&'static str),
}

impl Settings {
    /// Defaults, then `file` if it exists, then `CS_*` environment variables.
    pub fn load(file: Option<&std::path::Path>) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            figment = figment.merge(Toml::file(file));
        }
        let settings: Settings = figment.merge(Env::prefixed("CS_").split("__")).extract().map_err(Box::new)?;
        settings.check()?;
        Ok(settings)
    }

    /// Production must not run with test shortcuts or silently undelivered messages.
    pub fn check(&self) -> Result<(), ConfigError> {
        if !self.production {
            return Ok(());
        }
        if self.captcha.test_answer.is_some() {
            return Err(ConfigError::Insegura("captcha.test_answer no se permite en producción"));
        }
        if self.mail.smtp_url.is_none() {
            return Err(ConfigError::Insegura("mail.smtp_url es obligatorio en producción"));
        }
        if self.sms.url.is_none() {
            return Err(ConfigError::Insegura("sms.url es obligatorio en producción"));
        }
        if self.public_origin.is_none() {
            return Err(ConfigError::Insegura("public_origin es obligatorio en producción"));
        }
        if self.operators.totp_key.is_none() {
            return Err(ConfigError::Insegura("operators.totp_key es obligatorio en producción"));
        }
        if self.outbox.lease_seconds <= 30 {
            // A delivery may take 30 s (the transports' timeout): a shorter lease lets a second
            // worker send the same message while the first is still sending it.
            return Err(ConfigError::Insegura("outbox.lease_seconds debe superar los 30 s que puede durar un envío"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn production_refuses_the_captcha_test_mode() {
        let s = Settings {
            production: true,
            public_origin: Some("https://cus.sence.cl".into()),
            mail: MailSettings { smtp_url: Some("smtp://relay:25".into()), ..Default::default() },
            sms: SmsSettings { url: Some("https://sms.example/send".into()) },
            operators: OperatorSettings { totp_key: Some("AAAA".into()), ..Default::default() },
            captcha: CaptchaSettings { test_answer: Some("ABCD".into()) },
            ..Default::default()
        };
        assert!(matches!(s.check(), Err(ConfigError::Insegura(_))));
        let s = Settings { captcha: CaptchaSettings::default(), ..s };
        assert!(s.check().is_ok());
    }

    #[test]
    fn production_refuses_a_lease_shorter_than_a_delivery() {
        let s = Settings {
            production: true,
            public_origin: Some("https://cus.sence.cl".into()),
            mail: MailSettings { smtp_url: Some("smtp://relay:25".into()), ..Default::default() },
            sms: SmsSettings { url: Some("https://sms.example/send".into()) },
            operators: OperatorSettings { totp_key: Some("AAAA".into()), ..Default::default() },
            outbox: OutboxSettings { lease_seconds: 10, ..Default::default() },
            ..Default::default()
        };
        assert!(matches!(s.check(), Err(ConfigError::Insegura(m)) if m.contains("lease_seconds")));
        assert!(Settings { outbox: OutboxSettings::default(), ..s }.check().is_ok());
    }

    #[test]
    fn production_requires_mail_and_sms_transports() {
        let s = Settings { production: true, public_origin: Some("https://x".into()), ..Default::default() };
        assert!(matches!(s.check(), Err(ConfigError::Insegura(m)) if m.contains("smtp")));
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's own test API
    fn environment_variables_override_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("cs.toml", "bind = \"127.0.0.1:4000\"\n[database]\nurl = \"sqlite::memory:\"\n")?;
            jail.set_env("CS_DATABASE__URL", "postgres://otro/db");
            jail.set_env("CS_RATE_LIMIT__BURST", "7");
            let s = Settings::load(Some("cs.toml".as_ref())).expect("loads");
            assert_eq!(s.bind.port(), 4000);
            assert_eq!(s.database.url.expose_secret(), "postgres://otro/db");
            assert_eq!(s.rate_limit.burst, 7);
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's own test API
    fn credentials_in_urls_never_print() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("CS_DATABASE__URL", "postgres://clave:S3creta@db/cs");
            jail.set_env("CS_MAIL__SMTP_URL", "smtps://envio:OtraS3creta@relay:465");
            jail.set_env("CS_SMS__URL", "https://sms.example/send?token=T0k3n");
            jail.set_env("CS_OPERATORS__TOTP_KEY", "TGxhdmVTZWNyZXRhRGVPcGVyYWRvcmVzVE9UUDMyYnk=");
            jail.set_env("CS_OPERATORS__PREVIOUS_TOTP_KEYS", "[\"QW50ZXJpb3JBbnRlcmlvckFudGVyaW9yQW50ZXJpb3I=\"]");
            let s = Settings::load(None).expect("loads");
            let impreso = format!("{s:?}");
            for secreto in ["S3creta", "OtraS3creta", "T0k3n", "TGxhdmVTZWNyZXRh", "QW50ZXJpb3JB"] {
                assert!(!impreso.contains(secreto), "{secreto} printed: {impreso}");
            }
            let serializado = serde_json::to_string(&s).expect("serialises");
            assert!(
                ["S3creta", "T0k3n", "TGxhdmVT", "QW50ZXJp"].iter().all(|s| !serializado.contains(s)),
                "{serializado}"
            );
            assert!(s.operators.totp_key.is_some());
            assert_eq!(s.operators.previous_totp_keys.len(), 1);
            assert_eq!(
                s.mail.smtp_url.as_ref().map(|u| u.expose_secret()),
                Some("smtps://envio:OtraS3creta@relay:465")
            );
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's own test API
    fn a_partial_section_keeps_the_other_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("cs.toml", "[database]\nmigrate = false\n[outbox]\nlease_seconds = 7\n")?;
            jail.set_env("CS_TRUSTED_PROXIES", "[\"10.0.0.0/8\", \"192.0.2.7\"]");
            let s = Settings::load(Some("cs.toml".as_ref())).expect("loads");
            assert_eq!(s.database.url.expose_secret(), "sqlite://data/clave-sence.db?mode=rwc");
            assert!(!s.database.migrate);
            assert_eq!((s.outbox.lease_seconds, s.outbox.poll_seconds), (7, 5));
            assert_eq!(s.trusted_proxies.len(), 2);
            assert!(s.metrics.bind.is_none(), "metrics are off by default");
            Ok(())
        });
    }
}
