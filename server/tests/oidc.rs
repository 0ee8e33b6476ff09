//! The OpenID Connect provider, driven by an unmodified client library (the `openidconnect`
//! crate): people and companies log in for a platform, and every refusal the specs ask for.

mod comun;

use app::backend::oidc::{claves, clientes};
use comun::{con_pregunta, AppDePrueba, Motor};
use cs_domain::cuenta::TipoCuenta;
use openidconnect::core::{
    CoreAuthPrompt, CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreIdTokenVerifier, CoreProviderMetadata,
};
use openidconnect::{
    AdditionalClaims, AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, JsonWebKey, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

const RETORNO: &str = "https://plataforma.sence.example/retorno";
const SALIDA: &str = "https://plataforma.sence.example/adios";

type Cliente =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// The `rut` scope's claims, as a platform would declare them.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct ClaimsRut {
    rut: Option<String>,
    tipo_cuenta: Option<String>,
}
impl AdditionalClaims for ClaimsRut {}

struct Prueba {
    app: AppDePrueba,
    /// Follows no redirect: the tests read where each answer sends the browser.
    http: reqwest::Client,
    emisor: String,
}

/// A server whose public origin is where it listens (the issuer must match exactly), with
/// the demo accounts.
async fn iniciar(motor: Motor) -> Option<Prueba> {
    let url_db = comun::base_de_datos(motor).await?;
    Some(iniciar_sobre(motor, &url_db).await)
}

async fn iniciar_sobre(motor: Motor, url_db: &str) -> Prueba {
    let puerto = comun::puerto_libre();
    let emisor = format!("http://127.0.0.1:{puerto}");
    let app = AppDePrueba::iniciar_sobre(motor, url_db, |s| {
        s.bind = ([127, 0, 0, 1], puerto).into();
        s.public_origin = Some(emisor.clone());
    })
    .await;
    app.sembrar_demo().await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    Prueba { app, http, emisor }
}

/// A browser's step: where the answer sends it, or the status and body of a page.
#[derive(Debug)]
enum Paso {
    A(String),
    Pagina(u16, String),
}

impl Paso {
    fn url(self) -> String {
        match self {
            Paso::A(url) => url,
            Paso::Pagina(estado, cuerpo) => panic!("expected a redirect, got {estado}: {cuerpo}"),
        }
    }
}

fn parametro(url: &str, nombre: &str) -> Option<String> {
    let url = openidconnect::url::Url::parse(url).unwrap();
    url.query_pairs().find(|(n, _)| n == nombre).map(|(_, v)| v.into_owned())
}

impl Prueba {
    async fn registrar(&self, id: &str, publico: bool) -> Option<String> {
        let nuevo = clientes::NuevoCliente {
            id: id.into(),
            nombre: format!("Plataforma {id}"),
            redirect_uris: vec![RETORNO.into()],
            uris_salida: vec![SALIDA.into()],
            publico,
        };
        clientes::crear(&self.app.servicios, nuevo).await.unwrap()
    }

    async fn cliente(&self, id: &str, secreto: Option<String>) -> Cliente {
        let metadatos = CoreProviderMetadata::discover_async(IssuerUrl::new(self.emisor.clone()).unwrap(), &self.http)
            .await
            .expect("discovery and the key set");
        CoreClient::from_provider_metadata(metadatos, ClientId::new(id.into()), secreto.map(ClientSecret::new))
            .set_redirect_uri(RedirectUrl::new(RETORNO.into()).unwrap())
    }

    async fn ir(&self, url: &str, cookie: Option<&str>) -> Paso {
        let url = if url.starts_with('/') { format!("{}{url}", self.emisor) } else { url.to_owned() };
        let mut peticion = self.http.get(url);
        if let Some(cookie) = cookie {
            peticion = peticion.header("cookie", cookie);
        }
        let r = peticion.send().await.unwrap();
        match r.headers().get("location") {
            Some(destino) if r.status().is_redirection() => Paso::A(destino.to_str().unwrap().to_owned()),
            _ => Paso::Pagina(r.status().as_u16(), r.text().await.unwrap()),
        }
    }

    async fn sesion(&self, cuenta: TipoCuenta) -> String {
        let demo = con_pregunta(cuenta);
        let (r, cookie) = self.app.ingresar(demo.rut, demo.clave).await;
        assert_eq!(r.unwrap(), json!("Listo"));
        cookie.unwrap()
    }

    async fn terminar(self) {
        self.app.terminar().await;
    }
}

/// An authorization request of `cliente` with PKCE and all our scopes.
struct Pedido {
    url: String,
    state: CsrfToken,
    nonce: Nonce,
    verificador: PkceCodeVerifier,
}

fn pedir(cliente: &Cliente, ajustar: impl FnOnce(Pedido) -> Pedido) -> Pedido {
    let (reto, verificador) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = cliente
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scopes(["profile", "email", "rut"].map(|s| Scope::new(s.into())))
        .set_pkce_challenge(reto)
        .url();
    ajustar(Pedido { url: url.into(), state, nonce, verificador })
}

/// The code a redirect back to the platform carries, after checking its `state`.
fn codigo(url: &str, pedido: &Pedido) -> AuthorizationCode {
    assert!(url.starts_with(RETORNO), "{url}");
    assert_eq!(parametro(url, "state").as_deref(), Some(pedido.state.secret().as_str()));
    AuthorizationCode::new(parametro(url, "code").expect("a code"))
}

async fn canjear(
    p: &Prueba,
    cliente: &Cliente,
    codigo: AuthorizationCode,
    verificador: PkceCodeVerifier,
) -> Result<openidconnect::core::CoreTokenResponse, String> {
    cliente.exchange_code(codigo).unwrap().set_pkce_verifier(verificador).request_async(&p.http).await.map_err(|e| {
        match e {
            RequestTokenError::ServerResponse(r) => r.error().to_string(),
            otro => format!("{otro:?}"),
        }
    })
}

async fn userinfo(
    p: &Prueba,
    cliente: &Cliente,
    token: &openidconnect::core::CoreTokenResponse,
) -> Result<UserInfoClaims<ClaimsRut, CoreGenderClaim>, String> {
    cliente
        .user_info(token.access_token().clone(), None)
        .unwrap()
        .request_async(&p.http)
        .await
        .map_err(|e| format!("{e:?}"))
}

async fn a_person_or_company_logs_in_through_the_login_page(motor: Motor, cuenta: TipoCuenta) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let cliente = p.cliente("portal", secreto).await;
    let pedido = pedir(&cliente, |p| p);

    // Without a session the request lands on our login page, which names the platform.
    let ingresar = p.ir(&pedido.url, None).await.url();
    let solicitud = ingresar.strip_prefix("/ingresar?solicitud=").expect("the login page").to_owned();
    assert!(!ingresar.contains("code_challenge") && !ingresar.contains("nonce"), "only an opaque id: {ingresar}");
    let nombre = p.app.llamar_form("plataforma_solicitante", &[("solicitud", &solicitud)]).await.unwrap();
    assert_eq!(nombre, json!("Plataforma portal"));
    let pagina = p.app.http.get(p.app.url(&ingresar)).send().await.unwrap().text().await.unwrap();
    assert!(pagina.contains("Plataforma portal"), "the page shows who is asking");

    let cookie = p.sesion(cuenta).await;
    let retorno = p.ir(&format!("/oidc/continuar?solicitud={solicitud}"), Some(&cookie)).await.url();
    let token = canjear(&p, &cliente, codigo(&retorno, &pedido), pedido.verificador).await.unwrap();

    let id_token = token.id_token().expect("an ID token");
    let claims = id_token.claims(&cliente.id_token_verifier(), &pedido.nonce).expect("signed by a published key");
    assert_eq!(claims.issuer().as_str(), p.emisor);
    assert!(claims.auth_time().is_some());
    let demo = con_pregunta(cuenta);
    let nombre_esperado = match cuenta {
        TipoCuenta::Juridica => "Capacitaciones del Sur SpA",
        _ => "Juan Carlos González Rojas",
    };
    assert_eq!(claims.name().and_then(|n| n.get(None)).map(|n| n.as_str()), Some(nombre_esperado));
    assert_eq!(claims.email().map(|e| e.as_str()), Some(demo.email));
    let sub = claims.subject().as_str().to_owned();
    assert!(!sub.contains(demo.normalizado.split('-').next().unwrap()), "the subject is not the RUT");

    let info = userinfo(&p, &cliente, &token).await.unwrap();
    assert_eq!(info.subject().as_str(), sub);
    assert_eq!(info.additional_claims().rut.as_deref(), Some(demo.normalizado));
    assert_eq!(info.additional_claims().tipo_cuenta.as_deref(), Some(cuenta.codigo()));
    assert_eq!(info.name().and_then(|n| n.get(None)).map(|n| n.as_str()), Some(nombre_esperado));

    // The operator's audit log says which platform the account logged in to.
    let eventos = app::backend::auditoria::de_rut(&p.app.servicios.db, &demo.rut.parse().unwrap()).await.unwrap();
    let ingreso = eventos.iter().find(|e| e.evento == "ingreso_plataforma").expect("audited");
    assert_eq!(ingreso.detalle.as_deref(), Some("portal"));
    assert_eq!(ingreso.ip, "127.0.0.1");

    // The same account gets the same subject next time, through its live session.
    let otro = pedir(&cliente, |p| p);
    let retorno = p.ir(&otro.url, Some(&cookie)).await.url();
    let token = canjear(&p, &cliente, codigo(&retorno, &otro), otro.verificador).await.unwrap();
    let claims = token.id_token().unwrap().claims(&cliente.id_token_verifier(), &otro.nonce).unwrap();
    assert_eq!(claims.subject().as_str(), sub, "sub is stable");
    p.terminar().await;
}

async fn the_nonce_must_round_trip(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let cliente = p.cliente("portal", secreto).await;
    let cookie = p.sesion(TipoCuenta::Natural).await;
    let pedido = pedir(&cliente, |p| p);
    let retorno = p.ir(&pedido.url, Some(&cookie)).await.url();
    let token = canjear(&p, &cliente, codigo(&retorno, &pedido), pedido.verificador).await.unwrap();
    let id_token = token.id_token().unwrap();
    assert!(id_token.claims(&cliente.id_token_verifier(), &Nonce::new("otro".into())).is_err());
    let claims = id_token.claims(&cliente.id_token_verifier(), &pedido.nonce).unwrap();
    assert_eq!(claims.nonce().map(|n| n.secret()), Some(pedido.nonce.secret()));
    p.terminar().await;
}

async fn a_session_is_reused_unless_prompt_login_or_max_age_ask_for_a_new_one(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let cliente = p.cliente("portal", secreto).await;
    let cookie = p.sesion(TipoCuenta::Natural).await;
    let reusada = pedir(&cliente, |p| p);
    assert!(p.ir(&reusada.url, Some(&cookie)).await.url().starts_with(RETORNO));

    p.app.tiempo.adelantar(1);
    let (reto, _) = PkceCodeChallenge::new_random_sha256();
    let (url, _, _) = cliente
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_prompt(CoreAuthPrompt::Login)
        .set_pkce_challenge(reto)
        .url();
    let destino = p.ir(url.as_str(), Some(&cookie)).await.url();
    let solicitud = destino.strip_prefix("/ingresar?solicitud=").expect("prompt=login asks again").to_owned();
    let continuar = format!("/oidc/continuar?solicitud={solicitud}");
    assert!(p.ir(&continuar, Some(&cookie)).await.url().starts_with("/ingresar"), "the older session will not do");
    let nueva = p.sesion(TipoCuenta::Natural).await;
    assert!(p.ir(&continuar, Some(&nueva)).await.url().starts_with(RETORNO));

    p.app.tiempo.adelantar(120);
    let (url, _, _) = cliente
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .set_max_age(std::time::Duration::from_secs(60))
        .url();
    let destino = p.ir(url.as_str(), Some(&nueva)).await.url();
    let solicitud = destino.strip_prefix("/ingresar?solicitud=").expect("max_age exceeded").to_owned();
    // A login for this request satisfies max_age even seconds later.
    p.app.tiempo.adelantar(1);
    let otra = p.sesion(TipoCuenta::Natural).await;
    p.app.tiempo.adelantar(90);
    let continuar = format!("/oidc/continuar?solicitud={solicitud}");
    assert!(p.ir(&continuar, Some(&otra)).await.url().starts_with(RETORNO));

    let (url, state, _) = cliente
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_prompt(CoreAuthPrompt::None)
        .url();
    let error = p.ir(url.as_str(), None).await.url();
    assert_eq!(parametro(&error, "error").as_deref(), Some("login_required"));
    assert_eq!(parametro(&error, "state").as_deref(), Some(state.secret().as_str()));
    p.terminar().await;
}

async fn a_provisional_cs_is_changed_before_going_back(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let cliente = p.cliente("portal", secreto).await;
    let demo = con_pregunta(TipoCuenta::Natural);
    let provisoria = p.app.recuperar_por_respuesta(&demo).await;
    let pedido = pedir(&cliente, |p| p);
    let destino = p.ir(&pedido.url, None).await.url();
    let solicitud = destino.strip_prefix("/ingresar?solicitud=").unwrap().to_owned();
    let (r, cookie) = p.app.ingresar(demo.rut, &provisoria).await;
    assert_eq!(r.unwrap(), json!("DebeCambiarClave"));
    let cookie = cookie.unwrap();
    let continuar = format!("/oidc/continuar?solicitud={solicitud}");
    assert_eq!(p.ir(&continuar, Some(&cookie)).await.url(), format!("/mi-cuenta?solicitud={solicitud}"));
    let r = p
        .app
        .http
        .post(p.app.url("/api/cambiar_clave_provisional"))
        .header("cookie", &cookie)
        .json(&json!({ "clave_nueva": "Quillay27", "repetir_clave_nueva": "Quillay27" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let retorno = p.ir(&continuar, Some(&cookie)).await.url();
    canjear(&p, &cliente, codigo(&retorno, &pedido), pedido.verificador).await.unwrap();
    p.terminar().await;
}

async fn client_secret_post_and_public_clients_with_pkce_work(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let post = p.cliente("portal", secreto).await.set_auth_type(AuthType::RequestBody);
    assert!(p.registrar("movil", true).await.is_none(), "a public client has no secret");
    let publico = p.cliente("movil", None).await;
    let cookie = p.sesion(TipoCuenta::Juridica).await;
    for cliente in [&post, &publico] {
        let pedido = pedir(cliente, |p| p);
        let retorno = p.ir(&pedido.url, Some(&cookie)).await.url();
        let token = canjear(&p, cliente, codigo(&retorno, &pedido), pedido.verificador).await.unwrap();
        token.id_token().unwrap().claims(&cliente.id_token_verifier(), &pedido.nonce).unwrap();
    }

    // A public client must use PKCE: the refusal goes back to it, with its state.
    let (url, state, _) = publico
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .url();
    let error = p.ir(url.as_str(), Some(&cookie)).await.url();
    assert!(error.starts_with(RETORNO));
    assert_eq!(parametro(&error, "error").as_deref(), Some("invalid_request"));
    assert_eq!(parametro(&error, "state").as_deref(), Some(state.secret().as_str()));
    p.terminar().await;
}

async fn an_unknown_client_or_redirect_uri_gets_our_page_and_other_errors_go_back(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let cliente = p.cliente("portal", secreto).await;
    let pedido = pedir(&cliente, |p| p);
    let cambiar = |de: &str, a: &str| pedido.url.replace(de, a);

    let otra = cambiar(&urlencoding(RETORNO), &urlencoding("https://atacante.example/retorno"));
    match p.ir(&otra, None).await {
        Paso::Pagina(400, cuerpo) => assert!(cuerpo.contains("dirección de retorno no está registrada"), "{cuerpo}"),
        otro => panic!("never redirect to an unregistered address: {otro:?}"),
    }
    let prefijo = cambiar(&urlencoding(RETORNO), &urlencoding(&format!("{RETORNO}/mas")));
    assert!(matches!(p.ir(&prefijo, None).await, Paso::Pagina(400, _)), "exact match only");
    let desconocido = cambiar("client_id=portal", "client_id=otro");
    match p.ir(&desconocido, None).await {
        Paso::Pagina(400, cuerpo) => assert!(cuerpo.contains("no está registrada"), "{cuerpo}"),
        otro => panic!("{otro:?}"),
    }

    let implicito = cambiar("response_type=code", "response_type=token");
    let error = p.ir(&implicito, None).await.url();
    assert_eq!(parametro(&error, "error").as_deref(), Some("unsupported_response_type"));
    assert_eq!(parametro(&error, "state").as_deref(), Some(pedido.state.secret().as_str()));
    let sin_openid = cambiar("scope=openid", "scope=perfil");
    assert_eq!(parametro(&p.ir(&sin_openid, None).await.url(), "error").as_deref(), Some("invalid_scope"));
    let plano = cambiar("code_challenge_method=S256", "code_challenge_method=plain");
    assert_eq!(parametro(&p.ir(&plano, None).await.url(), "error").as_deref(), Some("invalid_request"));
    p.terminar().await;
}

fn urlencoding(texto: &str) -> String {
    openidconnect::url::form_urlencoded::byte_serialize(texto.as_bytes()).collect()
}

async fn a_replayed_code_is_refused_and_revokes_its_tokens(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let cliente = p.cliente("portal", secreto).await;
    let cookie = p.sesion(TipoCuenta::Natural).await;
    let pedido = pedir(&cliente, |p| p);
    let codigo = codigo(&p.ir(&pedido.url, Some(&cookie)).await.url(), &pedido);
    let verificador = pedido.verificador.secret().clone();
    let token = canjear(&p, &cliente, codigo.clone(), pedido.verificador).await.unwrap();
    userinfo(&p, &cliente, &token).await.unwrap();
    let repetido = canjear(&p, &cliente, codigo, PkceCodeVerifier::new(verificador)).await;
    assert_eq!(repetido.unwrap_err(), "invalid_grant");
    assert!(userinfo(&p, &cliente, &token).await.is_err(), "the first token is revoked");
    let r = p
        .http
        .get(format!("{}/oidc/userinfo", p.emisor))
        .bearer_auth(token.access_token().secret())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers()["www-authenticate"].to_str().unwrap().contains("invalid_token"));
    p.terminar().await;
}

async fn a_wrong_pkce_verifier_or_an_expired_code_is_refused(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let cliente = p.cliente("portal", secreto).await;
    let cookie = p.sesion(TipoCuenta::Natural).await;

    let pedido = pedir(&cliente, |p| p);
    let codigo_1 = codigo(&p.ir(&pedido.url, Some(&cookie)).await.url(), &pedido);
    let (_, otro_verificador) = PkceCodeChallenge::new_random_sha256();
    assert_eq!(canjear(&p, &cliente, codigo_1, otro_verificador).await.unwrap_err(), "invalid_grant");

    let pedido = pedir(&cliente, |p| p);
    let codigo_2 = codigo(&p.ir(&pedido.url, Some(&cookie)).await.url(), &pedido);
    p.app.tiempo.adelantar(61);
    assert_eq!(canjear(&p, &cliente, codigo_2, pedido.verificador).await.unwrap_err(), "invalid_grant", "60 s");

    // Nothing is kept past its use: requests, codes and tokens are cleaned up.
    p.ir(&pedir(&cliente, |p| p).url, None).await.url();
    p.app.tiempo.adelantar(24 * 3600);
    app::backend::oidc::flujo::limpiar_vencidos(&p.app.servicios).await.unwrap();
    for tabla in ["oidc_solicitudes", "oidc_codigos", "oidc_tokens"] {
        assert_eq!(p.app.contar(tabla).await, 0, "{tabla}");
    }
    p.terminar().await;
}

async fn a_wrong_secret_or_a_revoked_client_is_refused(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let cliente = p.cliente("portal", secreto).await;
    let cookie = p.sesion(TipoCuenta::Natural).await;
    let pedido = pedir(&cliente, |p| p);
    let codigo_1 = codigo(&p.ir(&pedido.url, Some(&cookie)).await.url(), &pedido);
    let impostor = p.cliente("portal", Some("no-es-el-secreto".into())).await;
    let r = canjear(&p, &impostor, codigo_1.clone(), PkceCodeVerifier::new(pedido.verificador.secret().clone())).await;
    assert_eq!(r.unwrap_err(), "invalid_client");
    let r = p
        .http
        .post(format!("{}/oidc/token", p.emisor))
        .basic_auth("portal", Some("no-es-el-secreto"))
        .form(&[("grant_type", "authorization_code"), ("code", codigo_1.secret()), ("redirect_uri", RETORNO)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().contains_key("www-authenticate"));
    let cuerpo: Value = r.json().await.unwrap();
    assert_eq!(cuerpo["error"], "invalid_client");

    let token = canjear(&p, &cliente, codigo_1, pedido.verificador).await.unwrap();
    let pedido = pedir(&cliente, |p| p);
    let codigo_2 = codigo(&p.ir(&pedido.url, Some(&cookie)).await.url(), &pedido);
    clientes::revocar(&p.app.servicios, "portal").await.unwrap();
    assert_eq!(canjear(&p, &cliente, codigo_2, pedido.verificador).await.unwrap_err(), "invalid_client");
    assert!(userinfo(&p, &cliente, &token).await.is_err(), "its tokens stop working");
    let pedido = pedir(&cliente, |p| p);
    assert!(matches!(p.ir(&pedido.url, Some(&cookie)).await, Paso::Pagina(400, _)), "no more logins");
    p.terminar().await;
}

async fn an_id_token_signed_before_a_rotation_still_verifies(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    let secreto = p.registrar("portal", false).await;
    let cliente = p.cliente("portal", secreto.clone()).await;
    let cookie = p.sesion(TipoCuenta::Natural).await;
    let pedido = pedir(&cliente, |p| p);
    let codigo_1 = codigo(&p.ir(&pedido.url, Some(&cookie)).await.url(), &pedido);
    let viejo = canjear(&p, &cliente, codigo_1, pedido.verificador).await.unwrap();

    let nuevo_kid = claves::rotar(&p.app.servicios).await.unwrap();
    // The platform fetches the key set again: both keys are there.
    let cliente = p.cliente("portal", secreto).await;
    let verificador: CoreIdTokenVerifier = cliente.id_token_verifier();
    let id_viejo = viejo.id_token().unwrap();
    id_viejo.claims(&verificador, &pedido.nonce).expect("the retired key is still published");
    let kid_viejo = id_viejo.signing_key(&verificador).unwrap().key_id().cloned().unwrap();

    let pedido = pedir(&cliente, |p| p);
    let codigo_2 = codigo(&p.ir(&pedido.url, Some(&cookie)).await.url(), &pedido);
    let nuevo = canjear(&p, &cliente, codigo_2, pedido.verificador).await.unwrap();
    let id_nuevo = nuevo.id_token().unwrap();
    id_nuevo.claims(&verificador, &pedido.nonce).unwrap();
    let kid = id_nuevo.signing_key(&verificador).unwrap().key_id().cloned().unwrap();
    assert_eq!(kid.as_str(), nuevo_kid, "the new key signs");
    assert_ne!(kid, kid_viejo);

    let jwks: Value = p.http.get(format!("{}/oidc/jwks", p.emisor)).send().await.unwrap().json().await.unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    p.app.tiempo.adelantar(24 * 3600 + 1);
    let jwks: Value = p.http.get(format!("{}/oidc/jwks", p.emisor)).send().await.unwrap().json().await.unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 1, "a day after retiring, the old key is gone");
    assert!(jwks.to_string().find("\"d\"").is_none(), "no private part is published");
    p.terminar().await;
}

async fn discovery_names_every_endpoint_and_logout_ends_the_session(motor: Motor) {
    let Some(p) = iniciar(motor).await else { return };
    p.registrar("portal", false).await;
    let d: Value = p
        .http
        .get(format!("{}/.well-known/openid-configuration", p.emisor))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(d["issuer"], p.emisor);
    for (campo, ruta) in [
        ("authorization_endpoint", "/oidc/autorizar"),
        ("token_endpoint", "/oidc/token"),
        ("userinfo_endpoint", "/oidc/userinfo"),
        ("jwks_uri", "/oidc/jwks"),
        ("end_session_endpoint", "/oidc/salir"),
    ] {
        assert_eq!(d[campo], format!("{}{ruta}", p.emisor));
    }
    assert_eq!(d["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(d["id_token_signing_alg_values_supported"], json!(["RS256"]));

    let cookie = p.sesion(TipoCuenta::Natural).await;
    let salida = format!("/oidc/salir?client_id=portal&post_logout_redirect_uri={}&state=xyz", urlencoding(SALIDA));
    let r = p.http.get(format!("{}{salida}", p.emisor)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.headers()["location"], format!("{SALIDA}?state=xyz"));
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    let (cuenta, _) = p.app.llamar_con_cookie("mi_cuenta", &[], Some(&cookie)).await;
    assert_eq!(cuenta.unwrap(), json!(null), "the session ended on the server");
    let otra = p.sesion(TipoCuenta::Natural).await;
    let sin_state = format!("/oidc/salir?client_id=portal&post_logout_redirect_uri={}", urlencoding(SALIDA));
    assert_eq!(p.ir(&sin_state, Some(&otra)).await.url(), SALIDA, "the registered address as it is");
    let ajena =
        format!("/oidc/salir?client_id=portal&post_logout_redirect_uri={}", urlencoding("https://atacante.example/"));
    assert!(matches!(p.ir(&ajena, None).await, Paso::Pagina(400, _)));
    p.terminar().await;
}

/// `server oidc-cliente …` and `server oidc rotar-claves`, as an operator runs them.
fn servidor(url_db: &str, argumentos: &[&str]) -> String {
    let raiz = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let salida = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(argumentos)
        .current_dir(&raiz)
        .env("CS_DATABASE__URL", url_db)
        .env("CS_REGISTRO_CIVIL__CSV", comun::demo("registro_civil.csv"))
        .env("CS_SII__CSV", comun::demo("sii.csv"))
        .env("RUST_LOG", "warn")
        .output()
        .expect("the server binary runs");
    assert!(salida.status.success(), "{argumentos:?}: {}", String::from_utf8_lossy(&salida.stderr));
    String::from_utf8(salida.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_registers_lists_and_revokes_platforms_and_rotates_keys() {
    let url_db = comun::base_de_datos(Motor::Sqlite).await.unwrap();
    let creado = servidor(
        &url_db,
        &[
            "oidc-cliente",
            "crear",
            "--id",
            "portal",
            "--nombre",
            "Portal Sence",
            "--redirect",
            RETORNO,
            "--salida",
            SALIDA,
        ],
    );
    let secreto = creado.lines().find_map(|l| l.strip_prefix("client_secret: ")).expect("the secret, once").to_owned();
    let listado = servidor(&url_db, &["oidc-cliente", "listar"]);
    assert!(listado.contains(&format!("portal\tPortal Sence\tconfidencial\tvigente\t{RETORNO}")), "{listado}");
    assert!(!listado.contains(&secreto), "the secret is never shown again");

    let p = iniciar_sobre(Motor::Sqlite, &url_db).await;
    let cliente = p.cliente("portal", Some(secreto)).await;
    let cookie = p.sesion(TipoCuenta::Natural).await;
    let pedido = pedir(&cliente, |p| p);
    let retorno = p.ir(&pedido.url, Some(&cookie)).await.url();
    canjear(&p, &cliente, codigo(&retorno, &pedido), pedido.verificador).await.unwrap();

    let rotada = servidor(&url_db, &["oidc", "rotar-claves"]);
    let kid = rotada.trim().strip_prefix("nueva clave de firma: ").expect("the new kid");
    let jwks: Value = p.http.get(format!("{}/oidc/jwks", p.emisor)).send().await.unwrap().json().await.unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    assert!(jwks["keys"].as_array().unwrap().iter().any(|k| k["kid"] == kid));

    servidor(&url_db, &["oidc-cliente", "revocar", "--id", "portal"]);
    assert!(servidor(&url_db, &["oidc-cliente", "listar"]).contains("\trevocado\t"));
    assert!(matches!(p.ir(&pedir(&cliente, |p| p).url, Some(&cookie)).await, Paso::Pagina(400, _)));
    p.terminar().await;
}

en_ambos_motores_y_cuentas!(a_person_or_company_logs_in_through_the_login_page);

en_ambos_motores!(
    the_nonce_must_round_trip,
    a_session_is_reused_unless_prompt_login_or_max_age_ask_for_a_new_one,
    a_provisional_cs_is_changed_before_going_back,
    client_secret_post_and_public_clients_with_pkce_work,
    an_unknown_client_or_redirect_uri_gets_our_page_and_other_errors_go_back,
    a_replayed_code_is_refused_and_revokes_its_tokens,
    a_wrong_pkce_verifier_or_an_expired_code_is_refused,
    a_wrong_secret_or_a_revoked_client_is_refused,
    an_id_token_signed_before_a_rotation_still_verifies,
    discovery_names_every_endpoint_and_logout_ends_the_session,
);
