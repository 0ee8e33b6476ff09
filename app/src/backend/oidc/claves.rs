//! The RSA keys that sign ID tokens, shared by every instance through the database.
//! `server oidc rotar-claves` makes a new key the signing one; the retired one stays in the
//! published key set for [`PUBLICADA_TRAS_RETIRO_SEGUNDOS`], so tokens it signed still verify.

use super::PUBLICADA_TRAS_RETIRO_SEGUNDOS;
use crate::backend::entidades::oidc::clave;
use crate::backend::error::ErrorServicio;
use crate::backend::flujos::id_aleatorio;
use crate::backend::Servicios;
use openidconnect::core::{CoreJsonWebKey, CoreJsonWebKeySet, CoreRsaPrivateSigningKey};
use openidconnect::{JsonWebKeyId, PrivateSigningKey};
use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};
use sea_orm::{prelude::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

const BITS_RSA: usize = 2048;

/// Generates a key (on the blocking pool: it takes a while) and makes it the signing one;
/// returns its `kid`.
pub async fn rotar(svc: &Servicios) -> Result<String, ErrorServicio> {
    let kid = id_aleatorio()[..22].to_owned();
    let (pem, jwk) = tokio::task::spawn_blocking({
        let kid = kid.clone();
        move || -> Result<(String, String), ErrorServicio> {
            let privada = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, BITS_RSA)
                .map_err(|e| ErrorServicio::por("generar clave RSA", e))?;
            let pem = privada.to_pkcs1_pem(LineEnding::LF).map_err(|e| ErrorServicio::por("clave RSA a PEM", e))?;
            let firmante = CoreRsaPrivateSigningKey::from_pem(&pem, Some(JsonWebKeyId::new(kid)))
                .map_err(ErrorServicio::interno)?;
            let jwk = serde_json::to_string(&firmante.as_verification_key())
                .map_err(|e| ErrorServicio::por("JWK a JSON", e))?;
            Ok((pem.to_string(), jwk))
        }
    })
    .await
    .map_err(|e| ErrorServicio::por("generación de clave interrumpida", e))??;
    let ahora = svc.ahora();
    let tx = svc.db.begin().await?;
    clave::Entity::update_many()
        .col_expr(clave::Column::Retirada, Expr::value(ahora))
        .filter(clave::Column::Retirada.is_null())
        .exec(&tx)
        .await?;
    clave::Entity::insert(clave::ActiveModel {
        kid: Set(kid.clone()),
        privada_pem: Set(pem),
        publica_jwk: Set(jwk),
        creada: Set(ahora),
        retirada: Set(None),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    tracing::info!(%kid, "nueva clave de firma OIDC");
    Ok(kid)
}

/// The key that signs now; the first one is made on first use.
async fn vigente(svc: &Servicios) -> Result<clave::Model, ErrorServicio> {
    let buscar = || {
        clave::Entity::find()
            .filter(clave::Column::Retirada.is_null())
            .order_by_desc(clave::Column::Creada)
            .order_by_desc(clave::Column::Kid)
            .one(&svc.db)
    };
    match buscar().await? {
        Some(fila) => Ok(fila),
        None => {
            rotar(svc).await?;
            buscar().await?.ok_or_else(|| ErrorServicio::interno("sin clave de firma tras crearla"))
        }
    }
}

/// Runs `firmar` with the key that signs now, on the blocking pool: reading the key and an RSA
/// signature take about a millisecond of CPU each, too long for the async threads.
pub async fn con_firmante<T: Send + 'static>(
    svc: &Servicios,
    firmar: impl FnOnce(&CoreRsaPrivateSigningKey) -> T + Send + 'static,
) -> Result<T, ErrorServicio> {
    let fila = vigente(svc).await?;
    tokio::task::spawn_blocking(move || {
        CoreRsaPrivateSigningKey::from_pem(&fila.privada_pem, Some(JsonWebKeyId::new(fila.kid)))
            .map(|firmante| firmar(&firmante))
            .map_err(|e| ErrorServicio::interno(format!("clave de firma guardada ilegible: {e}")))
    })
    .await
    .map_err(|e| ErrorServicio::por("firmar en el pool de bloqueo", e))?
}

/// The published key set: the signing key and those retired recently enough. A platform may
/// read it before the first login: the first key is made then.
pub async fn publicadas(svc: &Servicios) -> Result<CoreJsonWebKeySet, ErrorServicio> {
    vigente(svc).await?;
    let desde = svc.ahora() - PUBLICADA_TRAS_RETIRO_SEGUNDOS;
    let filas = clave::Entity::find()
        .filter(sea_orm::Condition::any().add(clave::Column::Retirada.is_null()).add(clave::Column::Retirada.gt(desde)))
        .order_by_desc(clave::Column::Creada)
        .all(&svc.db)
        .await?;
    let claves = filas
        .iter()
        .map(|f| serde_json::from_str::<CoreJsonWebKey>(&f.publica_jwk))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ErrorServicio::por("JWK guardada ilegible", e))?;
    Ok(CoreJsonWebKeySet::new(claves))
}
