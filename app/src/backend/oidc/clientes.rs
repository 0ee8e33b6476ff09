//! The registry of platforms (OpenID Connect clients), managed with `server oidc-cliente`.
//! A confidential client's secret is shown once and stored as an argon2id hash.

use super::ErrorCliente;
use crate::backend::entidades::oidc::cliente;
use crate::backend::flujos::id_aleatorio;
use crate::backend::Servicios;
use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder};

/// A platform to register.
pub struct NuevoCliente {
    pub id: String,
    pub nombre: String,
    pub redirect_uris: Vec<String>,
    pub uris_salida: Vec<String>,
    /// Runs where it cannot keep a secret (a browser or phone app): PKCE instead.
    pub publico: bool,
}

fn validar_uri(uri: &str) -> Result<(), ErrorCliente> {
    match openidconnect::url::Url::parse(uri) {
        Ok(u) if u.fragment().is_none() && matches!(u.scheme(), "https" | "http") && u.has_host() => Ok(()),
        _ => Err(ErrorCliente::UriInvalida(uri.to_owned())),
    }
}

/// Registers a platform; returns its secret (confidential clients only), never stored.
pub async fn crear(svc: &Servicios, nuevo: NuevoCliente) -> Result<Option<String>, ErrorCliente> {
    let id_valido = !nuevo.id.is_empty()
        && nuevo.id.len() <= 64
        && nuevo.id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !id_valido {
        return Err(ErrorCliente::IdInvalido);
    }
    if nuevo.redirect_uris.is_empty() {
        return Err(ErrorCliente::SinRedirect);
    }
    for uri in nuevo.redirect_uris.iter().chain(&nuevo.uris_salida) {
        validar_uri(uri)?;
    }
    let secreto = (!nuevo.publico).then(id_aleatorio);
    let secreto_hash = match &secreto {
        Some(s) => Some(svc.hasheador.hashear(s).await?),
        None => None,
    };
    let fila = cliente::ActiveModel {
        id: Set(nuevo.id.clone()),
        nombre: Set(nuevo.nombre),
        secreto_hash: Set(secreto_hash),
        redirect_uris: Set(nuevo.redirect_uris.join("\n")),
        uris_salida: Set(nuevo.uris_salida.join("\n")),
        publico: Set(nuevo.publico),
        revocado: Set(false),
        creado: Set(svc.ahora()),
    };
    cliente::Entity::insert(fila).exec(&svc.db).await.map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ErrorCliente::Duplicado(nuevo.id),
        _ => e.into(),
    })?;
    Ok(secreto)
}

pub async fn listar(svc: &Servicios) -> Result<Vec<cliente::Model>, ErrorCliente> {
    Ok(cliente::Entity::find().order_by_asc(cliente::Column::Id).all(&svc.db).await?)
}

/// Revokes a platform: it can no longer start a login nor redeem codes, and its access tokens
/// stop working.
pub async fn revocar(svc: &Servicios, id: &str) -> Result<(), ErrorCliente> {
    let Some(c) = cliente::Entity::find_by_id(id).one(&svc.db).await? else {
        return Err(ErrorCliente::Desconocido(id.to_owned()));
    };
    cliente::Entity::update(cliente::ActiveModel { revocado: Set(true), ..c.into() }).exec(&svc.db).await?;
    Ok(())
}

/// A live (not revoked) platform.
pub async fn vigente(svc: &Servicios, id: &str) -> Result<Option<cliente::Model>, sea_orm::DbErr> {
    Ok(cliente::Entity::find_by_id(id).one(&svc.db).await?.filter(|c| !c.revocado))
}
