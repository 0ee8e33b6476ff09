//! The notification outbox. A message is inserted in the transaction of the change that causes
//! it, so it exists if and only if the change happened. A worker (any app instance may run one)
//! claims due messages with a lease, so each message is held by one worker at a time, delivers
//! it by SMTP or the SMS provider, and retries with backoff when delivery fails.

use super::entidades::mensaje;
use super::error::ErrorServicio;
use super::Reloj;
use cs_domain::{email::Email, telefono::Celular};
use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use sea_orm::{
    prelude::Expr, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::time::Duration;

/// After this many failed deliveries a message is given up (`fallido`) for an operator to see.
pub const MAX_INTENTOS: i32 = 10;
/// What a body with a secret becomes once the message reaches a final state (sent, given up or
/// held): the database never keeps a provisional CS longer than it takes to deliver it.
pub const REDACTADO: &str = "[contenido con clave, eliminado]";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destino {
    Email { a: Email, asunto: String },
    Sms(Celular),
}

/// A message to queue. `secreto` marks a body holding a credential.
#[derive(Clone, Debug)]
pub struct Mensaje {
    pub destino: Destino,
    pub cuerpo: String,
    pub secreto: bool,
}

/// Queues messages on `conn`: pass the transaction of the change that causes them.
#[tracing::instrument(skip_all, fields(mensajes = mensajes.len()))]
pub async fn encolar(conn: &impl ConnectionTrait, mensajes: Vec<Mensaje>, ahora: i64) -> Result<(), ErrorServicio> {
    for m in mensajes {
        let (canal, destinatario, asunto) = match m.destino {
            Destino::Email { a, asunto } => ("email", a.as_str().to_owned(), Some(asunto)),
            Destino::Sms(celular) => ("sms", celular.e164(), None),
        };
        mensaje::Entity::insert(mensaje::ActiveModel {
            canal: Set(canal.into()),
            destinatario: Set(destinatario),
            asunto: Set(asunto),
            cuerpo: Set(m.cuerpo),
            secreto: Set(m.secreto),
            estado: Set("pendiente".into()),
            intentos: Set(0),
            proximo_intento_en: Set(ahora),
            reservado_por: Set(None),
            reservado_hasta: Set(None),
            ultimo_error: Set(None),
            creado_en: Set(ahora),
            enviado_en: Set(None),
            ..Default::default()
        })
        .exec(conn)
        .await?;
    }
    Ok(())
}

/// Email over SMTP. `smtp://host:port` is plain (a local relay), `smtps://` implicit TLS,
/// `smtp://host:587?tls=required` STARTTLS; user and password go in the URL.
pub struct CorreoSmtp {
    transporte: AsyncSmtpTransport<Tokio1Executor>,
    remitente: Mailbox,
}

impl CorreoSmtp {
    pub fn new(url: &str, remitente: &str) -> Result<Self, String> {
        let transporte = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("URL SMTP inválida: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let remitente = remitente.parse().map_err(|e| format!("remitente inválido {remitente:?}: {e}"))?;
        Ok(CorreoSmtp { transporte, remitente })
    }

    #[tracing::instrument(skip_all)]
    async fn enviar(&self, a: &str, asunto: &str, cuerpo: &str) -> Result<(), String> {
        let correo = Message::builder()
            .from(self.remitente.clone())
            .to(a.parse().map_err(|e| format!("destinatario inválido: {e}"))?)
            .subject(asunto)
            .header(ContentType::TEXT_PLAIN)
            .body(cuerpo.to_owned())
            .map_err(|e| format!("mensaje inválido: {e}"))?;
        self.transporte.send(correo).await.map(|_| ()).map_err(|e| format!("SMTP: {e}"))
    }
}

/// SMS through an HTTP provider: `POST {url}` with `{"to": "+569…", "text": "…"}`.
pub struct SmsHttp {
    http: reqwest::Client,
    url: String,
}

impl SmsHttp {
    pub fn new(url: &str) -> Result<Self, String> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().map_err(|e| e.to_string())?;
        Ok(SmsHttp { http, url: url.to_owned() })
    }

    #[tracing::instrument(skip_all)]
    async fn enviar(&self, a: &str, texto: &str) -> Result<(), String> {
        self.http
            .post(&self.url)
            .json(&serde_json::json!({ "to": a, "text": texto }))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map(|_| ())
            .map_err(|e| format!("proveedor SMS: {e}"))
    }
}

/// Delivers the outbox. Channels left unconfigured keep their messages (`retenido`) and print
/// them to the log, so a developer on the embedded default sees what would have been sent.
pub struct Repartidor {
    pub db: DatabaseConnection,
    pub reloj: Reloj,
    pub correo: Option<CorreoSmtp>,
    pub sms: Option<SmsHttp>,
    /// Identifies this worker's claims (one per app instance).
    pub instancia: String,
    /// How long a claim lasts: longer than any delivery attempt may take (both transports
    /// time out after 30 s). When a worker dies holding a message, another takes it after this.
    pub reserva_segundos: i64,
    /// Development only: a held message (no transport configured) is printed to the log with
    /// its secret, so a developer can use the provisional CS. Otherwise the secret is redacted
    /// from the log too.
    pub mostrar_secretos: bool,
}

/// How long to wait after the `intentos`-th failed delivery: 30 s, 1 min, 2 min … up to 1 h.
fn espera_tras(intentos: i32) -> i64 {
    (30_i64 << (intentos - 1).clamp(0, 7)).min(3_600)
}

impl Repartidor {
    /// Claims and delivers up to `lote` due messages; returns how many it handled.
    #[tracing::instrument(skip(self), fields(instancia = %self.instancia))]
    pub async fn repartir(&self, lote: u64) -> Result<usize, ErrorServicio> {
        let ahora = (self.reloj)();
        let candidatos = mensaje::Entity::find()
            .filter(mensaje::Column::Estado.eq("pendiente"))
            .filter(mensaje::Column::ProximoIntentoEn.lte(ahora))
            .filter(
                Condition::any()
                    .add(mensaje::Column::ReservadoHasta.is_null())
                    .add(mensaje::Column::ReservadoHasta.lt(ahora)),
            )
            .order_by_asc(mensaje::Column::Id)
            .limit(lote)
            .all(&self.db)
            .await?;
        let mut atendidos = 0;
        for m in candidatos {
            if self.reservar(&m, ahora).await? {
                self.entregar(m).await?;
                atendidos += 1;
            }
        }
        Ok(atendidos)
    }

    /// Takes the lease on `m`; false when another worker got it first.
    #[tracing::instrument(skip_all, fields(id = m.id))]
    async fn reservar(&self, m: &mensaje::Model, ahora: i64) -> Result<bool, ErrorServicio> {
        let r = mensaje::Entity::update_many()
            .col_expr(mensaje::Column::ReservadoPor, Expr::value(self.instancia.clone()))
            .col_expr(mensaje::Column::ReservadoHasta, Expr::value(ahora + self.reserva_segundos))
            .filter(mensaje::Column::Id.eq(m.id))
            .filter(mensaje::Column::Estado.eq("pendiente"))
            .filter(
                Condition::any()
                    .add(mensaje::Column::ReservadoHasta.is_null())
                    .add(mensaje::Column::ReservadoHasta.lt(ahora)),
            )
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected == 1)
    }

    #[tracing::instrument(skip_all, fields(id = m.id, canal = %m.canal))]
    async fn entregar(&self, m: mensaje::Model) -> Result<(), ErrorServicio> {
        let resultado = match (m.canal.as_str(), &self.correo, &self.sms) {
            ("email", Some(correo), _) => {
                Some(correo.enviar(&m.destinatario, m.asunto.as_deref().unwrap_or(""), &m.cuerpo).await)
            }
            ("sms", _, Some(sms)) => Some(sms.enviar(&m.destinatario, &m.cuerpo).await),
            _ => None,
        };
        let ahora = (self.reloj)();
        let cambios = mensaje::Entity::update_many()
            .col_expr(mensaje::Column::ReservadoPor, Expr::value(Option::<String>::None))
            .col_expr(mensaje::Column::ReservadoHasta, Expr::value(Option::<i64>::None));
        let (estado, cambios) = match resultado {
            None => {
                let cuerpo = if m.secreto && !self.mostrar_secretos { REDACTADO } else { m.cuerpo.as_str() };
                tracing::info!(
                    id = m.id, canal = %m.canal, para = %m.destinatario, asunto = ?m.asunto,
                    "sin transporte configurado; el mensaje queda retenido:\n{cuerpo}"
                );
                ("retenido", cambios)
            }
            Some(Ok(())) => {
                tracing::info!(id = m.id, canal = %m.canal, "mensaje enviado");
                let c = cambios
                    .col_expr(mensaje::Column::EnviadoEn, Expr::value(ahora))
                    .col_expr(mensaje::Column::Intentos, Expr::value(m.intentos + 1));
                ("enviado", c)
            }
            Some(Err(error)) => {
                let intentos = m.intentos + 1;
                tracing::warn!(id = m.id, canal = %m.canal, intentos, %error, "no se pudo enviar el mensaje");
                let estado = if intentos >= MAX_INTENTOS { "fallido" } else { "pendiente" };
                let c = cambios
                    .col_expr(mensaje::Column::Intentos, Expr::value(intentos))
                    .col_expr(mensaje::Column::ProximoIntentoEn, Expr::value(ahora + espera_tras(intentos)))
                    .col_expr(mensaje::Column::UltimoError, Expr::value(error));
                (estado, c)
            }
        };
        let mut cambios = cambios.col_expr(mensaje::Column::Estado, Expr::value(estado));
        if m.secreto && estado != "pendiente" {
            cambios = cambios.col_expr(mensaje::Column::Cuerpo, Expr::value(REDACTADO));
        }
        cambios
            .filter(mensaje::Column::Id.eq(m.id))
            .filter(mensaje::Column::ReservadoPor.eq(self.instancia.as_str()))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

/// Every state a message can be in.
pub const ESTADOS: [&str; 4] = ["pendiente", "enviado", "fallido", "retenido"];

/// The outbox at a glance, for the metrics: how many messages are in each state, and how long
/// the oldest pending one has waited (a growing age means delivery is stuck).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EstadoBuzon {
    /// One entry per state of [`ESTADOS`], zero included.
    pub por_estado: Vec<(&'static str, u64)>,
    pub espera_mas_larga_segundos: Option<i64>,
}

/// Reads the outbox's counters (two indexed queries).
#[tracing::instrument(skip_all)]
pub async fn estado_buzon(conn: &impl ConnectionTrait, ahora: i64) -> Result<EstadoBuzon, ErrorServicio> {
    let cuentas: Vec<(String, i64)> = mensaje::Entity::find()
        .select_only()
        .column(mensaje::Column::Estado)
        .column_as(mensaje::Column::Id.count(), "n")
        .group_by(mensaje::Column::Estado)
        .into_tuple()
        .all(conn)
        .await?;
    let mas_antiguo: Option<Option<i64>> = mensaje::Entity::find()
        .select_only()
        .column_as(mensaje::Column::CreadoEn.min(), "m")
        .filter(mensaje::Column::Estado.eq("pendiente"))
        .into_tuple()
        .one(conn)
        .await?;
    let por_estado = ESTADOS
        .iter()
        .map(|estado| {
            let n = cuentas.iter().find(|(e, _)| e == estado).map_or(0, |(_, n)| u64::try_from(*n).unwrap_or(0));
            (*estado, n)
        })
        .collect();
    Ok(EstadoBuzon {
        por_estado,
        espera_mas_larga_segundos: mas_antiguo.flatten().map(|creado| (ahora - creado).max(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::{espera_tras, MAX_INTENTOS};

    #[test]
    fn backoff_doubles_and_is_capped_at_an_hour() {
        assert_eq!(espera_tras(1), 30);
        assert_eq!(espera_tras(2), 60);
        assert_eq!(espera_tras(4), 240);
        assert_eq!(espera_tras(MAX_INTENTOS), 3_600);
    }
}
