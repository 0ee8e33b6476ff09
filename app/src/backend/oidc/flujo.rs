//! The steps of the authorization code flow: the request (`/oidc/autorizar`), the return from
//! the login page (`/oidc/continuar`), the code's redemption (`/oidc/token`), `userinfo`, and
//! RP-initiated logout (`/oidc/salir`).

use super::{claves, clientes, emisor, hash, ClaimsRut, SCOPES, VIDA_CODIGO_SEGUNDOS, VIDA_TOKEN_SEGUNDOS};
use crate::backend::auditoria::{self, Evento, Origen};
use crate::backend::cuentas::{self, Titular};
use crate::backend::entidades::{
    oidc::{cliente, codigo, solicitud, sujeto, token},
    sesion,
};
use crate::backend::error::ErrorServicio;
use crate::backend::flujos::id_aleatorio;
use crate::backend::{sesiones, Servicios};
use cs_domain::{cuenta::IdCuenta, rut::Rut};
use openidconnect::core::{
    CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClientAuthMethod, CoreErrorResponseType, CoreGenderClaim,
    CoreGrantType, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm,
    CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType, CoreTokenType,
};
use openidconnect::url::Url;
use openidconnect::{
    AccessToken, AdditionalProviderMetadata, Audience, AuthUrl, AuthorizationCode, EmptyExtraTokenFields,
    EndSessionUrl, EndUserEmail, EndUserFamilyName, EndUserGivenName, EndUserName, IdToken, IdTokenClaims,
    IdTokenFields, IssuerUrl, JsonWebKeySetUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, ProviderMetadata,
    ResponseTypes, Scope, StandardClaims, StandardErrorResponse, StandardTokenResponse, SubjectIdentifier, TokenUrl,
    UserInfoClaims, UserInfoUrl,
};
use sea_orm::{
    prelude::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use serde::{Deserialize, Serialize};

/// What discovery adds to the standard metadata.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MetadatosAdicionales {
    pub end_session_endpoint: EndSessionUrl,
    pub code_challenge_methods_supported: Vec<String>,
}

impl AdditionalProviderMetadata for MetadatosAdicionales {}

pub type MetadatosProveedor = ProviderMetadata<
    MetadatosAdicionales,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

type IdTokenCs = IdToken<ClaimsRut, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;
pub type RespuestaToken = StandardTokenResponse<
    IdTokenFields<
        ClaimsRut,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;
pub type ClaimsUserinfo = UserInfoClaims<ClaimsRut, CoreGenderClaim>;
pub type CuerpoError = StandardErrorResponse<CoreErrorResponseType>;

fn url_invalida(e: impl std::error::Error + Send + Sync + 'static) -> ErrorServicio {
    ErrorServicio::por("URL pública inválida para OIDC", e)
}

/// The discovery document (`/.well-known/openid-configuration`).
pub fn metadatos(svc: &Servicios) -> Result<MetadatosProveedor, ErrorServicio> {
    let base = emisor(svc);
    let adicionales = MetadatosAdicionales {
        end_session_endpoint: EndSessionUrl::new(format!("{base}/oidc/salir")).map_err(url_invalida)?,
        code_challenge_methods_supported: vec!["S256".into()],
    };
    Ok(MetadatosProveedor::new(
        IssuerUrl::new(base.clone()).map_err(url_invalida)?,
        AuthUrl::new(format!("{base}/oidc/autorizar")).map_err(url_invalida)?,
        JsonWebKeySetUrl::new(format!("{base}/oidc/jwks")).map_err(url_invalida)?,
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Public],
        vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256],
        adicionales,
    )
    .set_token_endpoint(Some(TokenUrl::new(format!("{base}/oidc/token")).map_err(url_invalida)?))
    .set_userinfo_endpoint(Some(UserInfoUrl::new(format!("{base}/oidc/userinfo")).map_err(url_invalida)?))
    .set_scopes_supported(Some(SCOPES.iter().map(|s| Scope::new((*s).into())).collect()))
    .set_grant_types_supported(Some(vec![CoreGrantType::AuthorizationCode]))
    .set_response_modes_supported(Some(vec![CoreResponseMode::Query]))
    .set_token_endpoint_auth_methods_supported(Some(vec![
        CoreClientAuthMethod::ClientSecretBasic,
        CoreClientAuthMethod::ClientSecretPost,
        CoreClientAuthMethod::None,
    ]))
    .set_claims_supported(Some(
        [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "name",
            "given_name",
            "family_name",
            "email",
            "rut",
            "tipo_cuenta",
        ]
        .iter()
        .map(|c| CoreClaimName::new((*c).into()))
        .collect(),
    )))
}

/// The query of an authorization request, as sent.
#[derive(Debug, Default, Deserialize)]
pub struct ParametrosAutorizacion {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    pub request: Option<String>,
    pub request_uri: Option<String>,
}

/// A request that cannot go back to its platform: shown on our own page.
#[derive(Debug, thiserror::Error)]
pub enum ErrorSolicitud {
    #[error("La plataforma que lo envió no está registrada en el Sistema Clave Sence o fue dada de baja.")]
    ClienteDesconocido,
    #[error("La dirección de retorno no está registrada para esta plataforma.")]
    RedirectInvalido,
    #[error("La solicitud de ingreso venció o no existe. Vuelva a la plataforma e intente nuevamente.")]
    SolicitudVencida,
    #[error("La dirección de salida no está registrada para esta plataforma.")]
    SalidaInvalida,
    #[error(transparent)]
    Servicio(#[from] ErrorServicio),
}

impl From<sea_orm::DbErr> for ErrorSolicitud {
    fn from(e: sea_orm::DbErr) -> Self {
        ErrorSolicitud::Servicio(e.into())
    }
}

/// Where the browser goes next.
#[derive(Debug, PartialEq, Eq)]
pub enum Destino {
    /// Back to the platform (with a code, or with an error).
    Plataforma(String),
    /// A page of ours (login, the forced change of a provisional CS).
    Pagina(String),
}

fn volver_con(redirect_uri: &str, pares: &[(&str, Option<&str>)]) -> Result<Destino, ErrorSolicitud> {
    let mut url = Url::parse(redirect_uri).map_err(|_| ErrorSolicitud::RedirectInvalido)?;
    let presentes: Vec<(&str, &str)> = pares.iter().filter_map(|(n, v)| v.map(|v| (*n, v))).collect();
    // Without parameters the address stays as registered (no empty `?`).
    if !presentes.is_empty() {
        url.query_pairs_mut().extend_pairs(presentes);
    }
    Ok(Destino::Plataforma(url.into()))
}

/// An error sent back to a known platform at a registered address (OpenID Connect Core 3.1.2.6).
fn error_a_plataforma(
    redirect_uri: &str,
    state: Option<&str>,
    error: &str,
    descripcion: &str,
) -> Result<Destino, ErrorSolicitud> {
    volver_con(redirect_uri, &[("error", Some(error)), ("error_description", Some(descripcion)), ("state", state)])
}

/// Checks an authorization request. A valid one is kept and continues at once with an
/// existing session, or on the login page.
pub async fn autorizar(
    svc: &Servicios,
    p: ParametrosAutorizacion,
    token_sesion: Option<&str>,
    origen: &Origen,
) -> Result<Destino, ErrorSolicitud> {
    let Some(cliente) = (match &p.client_id {
        Some(id) => clientes::vigente(svc, id).await?,
        None => None,
    }) else {
        return Err(ErrorSolicitud::ClienteDesconocido);
    };
    let Some(redirect_uri) = p.redirect_uri.filter(|r| cliente.admite_redirect(r)) else {
        return Err(ErrorSolicitud::RedirectInvalido);
    };
    let state = p.state.as_deref();
    let rechazo = |error: &str, descripcion: &str| error_a_plataforma(&redirect_uri, state, error, descripcion);
    if p.request.is_some() {
        return rechazo("request_not_supported", "request objects are not supported");
    }
    if p.request_uri.is_some() {
        return rechazo("request_uri_not_supported", "request_uri is not supported");
    }
    if p.response_type.as_deref() != Some("code") {
        return rechazo("unsupported_response_type", "only response_type=code is supported");
    }
    let pedidos: Vec<&str> = p.scope.as_deref().unwrap_or_default().split_whitespace().collect();
    if !pedidos.contains(&"openid") {
        return rechazo("invalid_scope", "the openid scope is required");
    }
    let scopes: Vec<&str> = SCOPES.into_iter().filter(|s| pedidos.contains(s)).collect();
    match (&p.code_challenge, p.code_challenge_method.as_deref()) {
        (None, _) if cliente.publico => return rechazo("invalid_request", "public clients must use PKCE (S256)"),
        (None, None) => {}
        (None, Some(_)) => return rechazo("invalid_request", "code_challenge_method without code_challenge"),
        (Some(reto), Some("S256")) if (43..=128).contains(&reto.len()) => {}
        (Some(_), Some("S256")) => return rechazo("invalid_request", "malformed code_challenge"),
        (Some(_), _) => return rechazo("invalid_request", "only code_challenge_method=S256 is supported"),
    }
    let prompts: Vec<&str> = p.prompt.as_deref().unwrap_or_default().split_whitespace().collect();
    let ninguna_interaccion = prompts.contains(&"none");
    if ninguna_interaccion && prompts.len() > 1 {
        return rechazo("invalid_request", "prompt=none cannot be combined");
    }
    let max_age = match p.max_age.as_deref().map(str::parse::<i64>) {
        None => None,
        Some(Ok(segundos)) if segundos >= 0 => Some(segundos),
        Some(_) => return rechazo("invalid_request", "max_age must be a non-negative integer"),
    };
    let ahora = svc.ahora();
    let fila = solicitud::Model {
        id: id_aleatorio(),
        cliente: cliente.id.clone(),
        redirect_uri: redirect_uri.clone(),
        scopes: scopes.join(" "),
        state: p.state.clone(),
        nonce: p.nonce.clone(),
        pkce_challenge: p.code_challenge.clone(),
        prompt_login: prompts.contains(&"login"),
        max_age,
        creada: ahora,
        expira: ahora + svc.ajustes.duracion_flujo_segundos,
    };
    solicitud::Entity::insert(solicitud::ActiveModel::from(fila.clone())).exec(&svc.db).await?;
    // `prompt=login` always shows the login page, even to a session opened this very second.
    let destino =
        if fila.prompt_login { pagina_ingresar(&fila.id) } else { seguir(svc, fila, token_sesion, origen).await? };
    match (&destino, ninguna_interaccion) {
        (Destino::Pagina(_), true) => rechazo("login_required", "the person must log in"),
        _ => Ok(destino),
    }
}

/// The platform asking, while its request is live (for the login page).
pub async fn plataforma(svc: &Servicios, id_solicitud: &str) -> Result<Option<String>, ErrorServicio> {
    let Some(s) = solicitud_vigente(svc, id_solicitud).await? else { return Ok(None) };
    Ok(clientes::vigente(svc, &s.cliente).await?.map(|c| c.nombre))
}

async fn solicitud_vigente(svc: &Servicios, id: &str) -> Result<Option<solicitud::Model>, sea_orm::DbErr> {
    let ahora = svc.ahora();
    Ok(solicitud::Entity::find_by_id(id).one(&svc.db).await?.filter(|s| s.expira > ahora))
}

fn pagina_ingresar(id_solicitud: &str) -> Destino {
    Destino::Pagina(format!("/ingresar?solicitud={id_solicitud}"))
}

/// After the login page (or its forced change of a provisional CS): back to the platform when
/// the session is good for the request, else to the page it still needs.
pub async fn continuar(
    svc: &Servicios,
    id_solicitud: &str,
    token_sesion: Option<&str>,
    origen: &Origen,
) -> Result<Destino, ErrorSolicitud> {
    let s = solicitud_vigente(svc, id_solicitud).await?.ok_or(ErrorSolicitud::SolicitudVencida)?;
    seguir(svc, s, token_sesion, origen).await
}

/// A session is good for a request when it was opened for it (after it arrived), or else when
/// the request allows reusing one (no `prompt=login`) and it is recent enough for `max_age`.
async fn seguir(
    svc: &Servicios,
    s: solicitud::Model,
    token_sesion: Option<&str>,
    origen: &Origen,
) -> Result<Destino, ErrorSolicitud> {
    let ahora = svc.ahora();
    let sesion = match token_sesion {
        Some(token) => sesiones::vigente(svc, token).await?,
        None => None,
    };
    let apta = sesion.filter(|ses| {
        let para_esta = ses.creada_en >= s.creada;
        para_esta || (!s.prompt_login && s.max_age.is_none_or(|m| ahora - ses.creada_en <= m))
    });
    match apta {
        None => Ok(pagina_ingresar(&s.id)),
        Some(ses) if ses.debe_cambiar_clave => Ok(Destino::Pagina(format!("/mi-cuenta?solicitud={}", s.id))),
        Some(ses) => emitir_codigo(svc, s, &ses, origen).await,
    }
}

async fn emitir_codigo(
    svc: &Servicios,
    s: solicitud::Model,
    ses: &sesion::Model,
    origen: &Origen,
) -> Result<Destino, ErrorSolicitud> {
    // The platform may have been revoked while the person was logging in.
    if clientes::vigente(svc, &s.cliente).await?.is_none() {
        return Err(ErrorSolicitud::ClienteDesconocido);
    }
    let cuenta = cuenta_guardada(&ses.rut)?;
    let codigo = id_aleatorio();
    let ahora = svc.ahora();
    let tx = svc.db.begin().await?;
    // Deleting the request first makes it single-use even with two tabs racing.
    let borrada = solicitud::Entity::delete_by_id(s.id.as_str()).exec(&tx).await?;
    if borrada.rows_affected != 1 {
        return Err(ErrorSolicitud::SolicitudVencida);
    }
    codigo::Entity::insert(codigo::ActiveModel {
        id_hash: Set(hash(&codigo)),
        cliente: Set(s.cliente.clone()),
        redirect_uri: Set(s.redirect_uri.clone()),
        rut: Set(ses.rut.clone()),
        scopes: Set(s.scopes),
        nonce: Set(s.nonce),
        pkce_challenge: Set(s.pkce_challenge),
        auth_time: Set(ses.creada_en),
        expira: Set(ahora + VIDA_CODIGO_SEGUNDOS),
        usado: Set(false),
    })
    .exec(&tx)
    .await?;
    auditoria::registrar_cuenta(&tx, Evento::IngresoPlataforma, &cuenta, origen, Some(&s.cliente), ahora).await?;
    tx.commit().await?;
    volver_con(&s.redirect_uri, &[("code", Some(&codigo)), ("state", s.state.as_deref())])
}

/// How the client authenticated at the token endpoint.
pub struct AutenticacionCliente {
    pub id: String,
    /// `None` for a public client.
    pub secreto: Option<String>,
}

/// The form of a token request.
#[derive(Debug, Default, Deserialize)]
pub struct PeticionToken {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// A refusal of the token endpoint (RFC 6749 §5.2).
#[derive(Debug, thiserror::Error)]
pub enum ErrorToken {
    #[error("invalid_request: {0}")]
    PeticionInvalida(&'static str),
    #[error("invalid_client")]
    ClienteInvalido,
    #[error("invalid_grant: {0}")]
    ConcesionInvalida(&'static str),
    #[error("unsupported_grant_type")]
    TipoNoSoportado,
    #[error(transparent)]
    Servicio(#[from] ErrorServicio),
}

impl From<sea_orm::DbErr> for ErrorToken {
    fn from(e: sea_orm::DbErr) -> Self {
        ErrorToken::Servicio(e.into())
    }
}

impl ErrorToken {
    /// The HTTP status and JSON body.
    pub fn respuesta(&self) -> (u16, CuerpoError) {
        let (estado, tipo, descripcion) = match self {
            ErrorToken::PeticionInvalida(d) => (400, CoreErrorResponseType::InvalidRequest, Some(*d)),
            ErrorToken::ClienteInvalido => (401, CoreErrorResponseType::InvalidClient, None),
            ErrorToken::ConcesionInvalida(d) => (400, CoreErrorResponseType::InvalidGrant, Some(*d)),
            ErrorToken::TipoNoSoportado => (400, CoreErrorResponseType::UnsupportedGrantType, None),
            ErrorToken::Servicio(_) => (500, CoreErrorResponseType::Extension("server_error".into()), None),
        };
        (estado, CuerpoError::new(tipo, descripcion.map(str::to_owned), None))
    }
}

async fn autenticar(svc: &Servicios, a: &AutenticacionCliente) -> Result<cliente::Model, ErrorToken> {
    let cliente = clientes::vigente(svc, &a.id).await?;
    let valido = match (&cliente, &a.secreto) {
        (Some(c), None) => c.publico,
        (Some(c), Some(secreto)) if !c.publico => svc.hasheador.verificar(secreto, c.secreto_hash.clone()).await?,
        // No client, or a public one sending a secret: the same work, the same answer.
        (_, Some(secreto)) => svc.hasheador.verificar(secreto, None).await?,
        (None, None) => false,
    };
    cliente.filter(|_| valido).ok_or(ErrorToken::ClienteInvalido)
}

/// Redeems a code for an ID token and an access token. A code works once: presented again,
/// it is refused and the tokens it issued are revoked (it may have been stolen).
pub async fn canjear(
    svc: &Servicios,
    autenticacion: AutenticacionCliente,
    p: PeticionToken,
) -> Result<RespuestaToken, ErrorToken> {
    let cliente = autenticar(svc, &autenticacion).await?;
    if p.grant_type.as_deref() != Some("authorization_code") {
        return Err(match p.grant_type {
            None => ErrorToken::PeticionInvalida("grant_type is required"),
            Some(_) => ErrorToken::TipoNoSoportado,
        });
    }
    let texto = p.code.ok_or(ErrorToken::PeticionInvalida("code is required"))?;
    let id_hash = hash(&texto);
    let c = codigo::Entity::find_by_id(id_hash.as_str())
        .one(&svc.db)
        .await?
        .ok_or(ErrorToken::ConcesionInvalida("unknown code"))?;
    if c.usado {
        revocar_emitidos(&svc.db, &id_hash).await?;
        return Err(ErrorToken::ConcesionInvalida("code already used"));
    }
    if c.cliente != cliente.id {
        return Err(ErrorToken::ConcesionInvalida("code issued to another client"));
    }
    let ahora = svc.ahora();
    if c.expira <= ahora {
        return Err(ErrorToken::ConcesionInvalida("code expired"));
    }
    if p.redirect_uri.as_deref() != Some(c.redirect_uri.as_str()) {
        return Err(ErrorToken::ConcesionInvalida("redirect_uri does not match"));
    }
    match (&c.pkce_challenge, p.code_verifier) {
        (None, None) => {}
        (Some(reto), Some(verificador)) if (43..=128).contains(&verificador.len()) => {
            let calculado = PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verificador));
            if calculado.as_str() != reto {
                return Err(ErrorToken::ConcesionInvalida("code_verifier does not match"));
            }
        }
        (Some(_), _) => return Err(ErrorToken::ConcesionInvalida("a valid code_verifier is required")),
        (None, Some(_)) => return Err(ErrorToken::ConcesionInvalida("no code_challenge was sent for this code")),
    }

    let cuenta = cuenta_guardada(&c.rut)?;
    let titular =
        cuentas::buscar_id(&svc.db, &cuenta).await?.ok_or(ErrorToken::ConcesionInvalida("account not found"))?;
    let sub = sujeto_de(&svc.db, &c.rut).await?;
    let acceso = id_aleatorio();
    let scopes: Vec<&str> = c.scopes.split_whitespace().collect();

    let tx = svc.db.begin().await?;
    let marcado = codigo::Entity::update_many()
        .col_expr(codigo::Column::Usado, Expr::value(true))
        .filter(codigo::Column::IdHash.eq(id_hash.as_str()))
        .filter(codigo::Column::Usado.eq(false))
        .exec(&tx)
        .await?;
    if marcado.rows_affected != 1 {
        drop(tx);
        revocar_emitidos(&svc.db, &id_hash).await?;
        return Err(ErrorToken::ConcesionInvalida("code already used"));
    }
    token::Entity::insert(token::ActiveModel {
        id_hash: Set(hash(&acceso)),
        codigo_hash: Set(id_hash),
        rut: Set(c.rut.clone()),
        cliente: Set(cliente.id.clone()),
        scopes: Set(c.scopes.clone()),
        expira: Set(ahora + VIDA_TOKEN_SEGUNDOS),
        revocado: Set(false),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;

    let (estandar, adicionales) = claims(&titular, &sub, &scopes)?;
    let momento = |t: i64| chrono::DateTime::from_timestamp(t, 0).unwrap_or_default();
    let emisor = IssuerUrl::new(emisor(svc)).map_err(url_invalida)?;
    let claims_id = IdTokenClaims::new(
        emisor,
        vec![Audience::new(cliente.id.clone())],
        momento(ahora + VIDA_TOKEN_SEGUNDOS),
        momento(ahora),
        estandar,
        adicionales,
    )
    .set_auth_time(Some(momento(c.auth_time)))
    .set_nonce(c.nonce.map(Nonce::new));
    let token_acceso = AccessToken::new(acceso);
    let id_token = claves::con_firmante(svc, {
        let token_acceso = token_acceso.clone();
        move |firmante| {
            IdTokenCs::new(
                claims_id,
                firmante,
                CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
                Some(&token_acceso),
                Some(&AuthorizationCode::new(texto)),
            )
        }
    })
    .await?
    .map_err(|e| ErrorServicio::por("firmar el ID token", e))?;
    let mut respuesta = RespuestaToken::new(
        token_acceso,
        CoreTokenType::Bearer,
        IdTokenFields::new(Some(id_token), EmptyExtraTokenFields {}),
    );
    respuesta.set_expires_in(Some(&std::time::Duration::from_secs(VIDA_TOKEN_SEGUNDOS as u64)));
    respuesta.set_scopes(Some(scopes.iter().map(|s| Scope::new((*s).into())).collect()));
    Ok(respuesta)
}

async fn revocar_emitidos(conn: &impl ConnectionTrait, codigo_hash: &str) -> Result<(), sea_orm::DbErr> {
    let revocados = token::Entity::update_many()
        .col_expr(token::Column::Revocado, Expr::value(true))
        .filter(token::Column::CodigoHash.eq(codigo_hash))
        .exec(conn)
        .await?;
    tracing::warn!(revocados = revocados.rows_affected, "código OIDC reutilizado: se revocan sus tokens");
    Ok(())
}

/// The stable, random `sub` of an account, made on first use.
/// The account a session, code or token was issued for.
fn cuenta_guardada(clave: &str) -> Result<IdCuenta, ErrorServicio> {
    IdCuenta::desde_clave(clave).ok_or_else(|| ErrorServicio::interno(format!("cuenta guardada ilegible: {clave}")))
}

async fn sujeto_de(conn: &impl ConnectionTrait, rut: &str) -> Result<String, sea_orm::DbErr> {
    if let Some(s) = sujeto::Entity::find_by_id(rut).one(conn).await? {
        return Ok(s.sub);
    }
    let nuevo = sujeto::ActiveModel { rut: Set(rut.to_owned()), sub: Set(uuid_aleatorio()) };
    // Two first logins at once: the primary key keeps one; both then read it.
    if let Err(e) = sujeto::Entity::insert(nuevo).exec(conn).await {
        if !matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) {
            return Err(e);
        }
    }
    sujeto::Entity::find_by_id(rut)
        .one(conn)
        .await?
        .map(|s| s.sub)
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound(format!("sujeto de {rut}")))
}

fn uuid_aleatorio() -> String {
    id_aleatorio()[..32].to_owned()
}

/// The claims the granted scopes allow: `sub` always; `profile`, `email` and `rut` each add
/// theirs.
fn claims(
    titular: &Titular,
    sub: &str,
    scopes: &[&str],
) -> Result<(StandardClaims<CoreGenderClaim>, ClaimsRut), ErrorServicio> {
    let mut estandar = StandardClaims::new(SubjectIdentifier::new(sub.to_owned()));
    if scopes.contains(&"profile") {
        estandar = estandar.set_name(Some(EndUserName::new(titular.nombre()).into()));
        if let crate::backend::cuentas::DatosTitular::Persona(p) = &titular.datos {
            estandar = estandar
                .set_given_name(Some(EndUserGivenName::new(p.nombres.clone()).into()))
                .set_family_name(Some(EndUserFamilyName::new(p.apellidos.clone()).into()));
        }
    }
    if scopes.contains(&"email") {
        estandar = estandar.set_email(Some(EndUserEmail::new(titular.email()?.as_str().to_owned())));
    }
    let adicionales = if scopes.contains(&"rut") {
        // A facilitator has no RUT: the platform tells them apart by `tipo_cuenta` and `sub`.
        ClaimsRut {
            rut: titular.id()?.rut().map(Rut::normalizado),
            tipo_cuenta: Some(titular.tipo().codigo().to_owned()),
        }
    } else {
        ClaimsRut::default()
    };
    Ok((estandar, adicionales))
}

/// Why a `userinfo` call is refused (RFC 6750 §3.1).
#[derive(Debug, thiserror::Error)]
pub enum ErrorUserinfo {
    #[error("invalid_token")]
    TokenInvalido,
    #[error(transparent)]
    Servicio(#[from] ErrorServicio),
}

impl From<sea_orm::DbErr> for ErrorUserinfo {
    fn from(e: sea_orm::DbErr) -> Self {
        ErrorUserinfo::Servicio(e.into())
    }
}

/// The claims of the account behind a live access token.
pub async fn userinfo(svc: &Servicios, acceso: &str) -> Result<ClaimsUserinfo, ErrorUserinfo> {
    let ahora = svc.ahora();
    let t = token::Entity::find_by_id(hash(acceso))
        .one(&svc.db)
        .await?
        .filter(|t| !t.revocado && t.expira > ahora)
        .ok_or(ErrorUserinfo::TokenInvalido)?;
    if clientes::vigente(svc, &t.cliente).await?.is_none() {
        return Err(ErrorUserinfo::TokenInvalido);
    }
    let cuenta = cuenta_guardada(&t.rut)?;
    let titular = cuentas::buscar_id(&svc.db, &cuenta).await?.ok_or(ErrorUserinfo::TokenInvalido)?;
    let sub = sujeto_de(&svc.db, &t.rut).await?;
    let scopes: Vec<&str> = t.scopes.split_whitespace().collect();
    let (estandar, adicionales) = claims(&titular, &sub, &scopes)?;
    Ok(UserInfoClaims::new(estandar, adicionales))
}

/// The query of an RP-initiated logout.
#[derive(Debug, Default, Deserialize)]
pub struct ParametrosSalida {
    pub client_id: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
}

/// Ends our session; returns where to go: the platform's registered logout address when it
/// names one, else our home page.
pub async fn salir(
    svc: &Servicios,
    p: ParametrosSalida,
    token_sesion: Option<&str>,
) -> Result<Destino, ErrorSolicitud> {
    let destino = match (&p.post_logout_redirect_uri, &p.client_id) {
        (None, _) => Destino::Pagina("/".into()),
        (Some(_), None) => return Err(ErrorSolicitud::SalidaInvalida),
        (Some(uri), Some(id)) => {
            let cliente = clientes::vigente(svc, id).await?.ok_or(ErrorSolicitud::ClienteDesconocido)?;
            if !cliente.admite_salida(uri) {
                return Err(ErrorSolicitud::SalidaInvalida);
            }
            match volver_con(uri, &[("state", p.state.as_deref())]) {
                Ok(d) => d,
                Err(_) => return Err(ErrorSolicitud::SalidaInvalida),
            }
        }
    };
    if let Some(token) = token_sesion {
        sesiones::salir(svc, token).await?;
    }
    Ok(destino)
}

/// Deletes requests, codes and tokens past any use (called with the expired flows). A used
/// code is kept while the tokens it issued live, so that its replay still revokes them.
pub async fn limpiar_vencidos(svc: &Servicios) -> Result<(), ErrorServicio> {
    let ahora = svc.ahora();
    solicitud::Entity::delete_many().filter(solicitud::Column::Expira.lte(ahora)).exec(&svc.db).await?;
    codigo::Entity::delete_many().filter(codigo::Column::Expira.lte(ahora - VIDA_TOKEN_SEGUNDOS)).exec(&svc.db).await?;
    token::Entity::delete_many().filter(token::Column::Expira.lte(ahora)).exec(&svc.db).await?;
    Ok(())
}
