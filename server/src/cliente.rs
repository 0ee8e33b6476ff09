//! Who the client is. Behind a load balancer every TCP connection comes from the balancer, so
//! the per-address limits would count the whole country as one client. Proxies append the
//! address they received a request from to `X-Forwarded-For`; anyone can send that header,
//! so it is read from the right and believed only through proxies the settings name
//! (`trusted_proxies`): the first address that a trusted hop reports and that is not itself a
//! trusted proxy is the client. Without trusted proxies, the client is the TCP peer and the
//! header is ignored.
//!
//! One middleware works the address out once per request and puts it in the request's
//! extensions as [`DireccionCliente`]: the rate limiter, the audit log and the per-IP recovery
//! limit all read that value.

use app::api::DireccionCliente;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::HeaderMap,
    middleware::Next,
    response::Response,
};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::{
    fmt,
    net::{IpAddr, SocketAddr},
    str::FromStr,
    sync::Arc,
};

/// A trusted proxy as the settings write it: one address (`10.0.0.7`, `::1`) or a CIDR block
/// (`10.0.0.0/8`, `fd00::/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RedConfiable(IpNet);

#[derive(Debug, thiserror::Error)]
#[error("proxy de confianza inválido {0:?}: se espera una dirección IP o un bloque CIDR (10.0.0.0/8)")]
pub struct RedInvalida(String);

impl FromStr for RedConfiable {
    type Err = RedInvalida;

    fn from_str(texto: &str) -> Result<Self, Self::Err> {
        let texto = texto.trim();
        let red = match texto.parse::<IpNet>() {
            Ok(red) => red,
            Err(_) => texto
                .parse::<IpAddr>()
                .map(|ip| IpNet::from(ip.to_canonical()))
                .map_err(|_| RedInvalida(texto.into()))?,
        };
        Ok(RedConfiable(red.trunc()))
    }
}

impl TryFrom<String> for RedConfiable {
    type Error = RedInvalida;

    fn try_from(texto: String) -> Result<Self, Self::Error> {
        texto.parse()
    }
}

impl From<RedConfiable> for String {
    fn from(red: RedConfiable) -> String {
        red.to_string()
    }
}

impl fmt::Display for RedConfiable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl RedConfiable {
    pub fn contiene(&self, ip: IpAddr) -> bool {
        self.0.contains(&ip)
    }
}

fn confiable(ip: IpAddr, confiables: &[RedConfiable]) -> bool {
    confiables.iter().any(|red| red.contiene(ip))
}

/// One entry of `X-Forwarded-For`: an address, possibly with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`) or in brackets. Anything else (`unknown`, garbage) is `None`.
fn leer_salto(entrada: &str) -> Option<IpAddr> {
    let entrada = entrada.trim();
    entrada
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entrada.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| entrada.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
        .map(|ip| ip.to_canonical())
}

/// The client's address: the TCP peer, unless the peer is a trusted proxy; then the hops of
/// `X-Forwarded-For` are walked from the right (the nearest proxy's report first) while they
/// are trusted proxies. The first untrusted hop is the client. An unreadable hop stops the
/// walk at the last trusted one: whatever stands left of it was written by the client and
/// proves nothing.
pub fn direccion_cliente(par: IpAddr, cabeceras: &HeaderMap, confiables: &[RedConfiable]) -> IpAddr {
    let par = par.to_canonical();
    if !confiable(par, confiables) {
        return par;
    }
    let saltos = cabeceras
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect::<Vec<_>>();
    let mut cliente = par;
    for salto in saltos.into_iter().rev() {
        let Some(ip) = leer_salto(salto) else { break };
        cliente = ip;
        if !confiable(ip, confiables) {
            break;
        }
    }
    cliente
}

/// Works out the client's address once and leaves it in the request's extensions (and in the
/// request's span, for the log).
pub async fn identificar(
    State(confiables): State<Arc<[RedConfiable]>>,
    ConnectInfo(par): ConnectInfo<SocketAddr>,
    mut req: Request,
    next: Next,
) -> Response {
    let ip = direccion_cliente(par.ip(), req.headers(), &confiables);
    tracing::Span::current().record("cliente", tracing::field::display(ip));
    req.extensions_mut().insert(DireccionCliente(ip));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn redes(textos: &[&str]) -> Vec<RedConfiable> {
        textos.iter().map(|t| t.parse().unwrap()).collect()
    }

    fn xff(valores: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in valores {
            h.append("x-forwarded-for", HeaderValue::from_static(v));
        }
        h
    }

    fn ip(texto: &str) -> IpAddr {
        texto.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let h = xff(&["203.0.113.9"]);
        assert_eq!(direccion_cliente(ip("198.51.100.1"), &h, &[]), ip("198.51.100.1"));
    }

    #[test]
    fn an_untrusted_peer_cannot_choose_its_address() {
        let h = xff(&["203.0.113.9"]);
        assert_eq!(direccion_cliente(ip("198.51.100.1"), &h, &redes(&["10.0.0.0/8"])), ip("198.51.100.1"));
    }

    #[test]
    fn behind_one_balancer_the_client_is_the_rightmost_hop() {
        let confiables = redes(&["10.0.0.0/8"]);
        // The client forged a first entry; the balancer appended the real peer.
        let h = xff(&["1.1.1.1, 203.0.113.9"]);
        assert_eq!(direccion_cliente(ip("10.0.0.5"), &h, &confiables), ip("203.0.113.9"));
    }

    #[test]
    fn trusted_hops_are_skipped_across_several_headers() {
        let confiables = redes(&["10.0.0.0/8", "192.0.2.10"]);
        let h = xff(&["6.6.6.6, 203.0.113.9", "192.0.2.10", "10.1.1.1"]);
        assert_eq!(direccion_cliente(ip("10.0.0.5"), &h, &confiables), ip("203.0.113.9"));
    }

    #[test]
    fn when_every_hop_is_trusted_the_leftmost_is_the_client() {
        let confiables = redes(&["10.0.0.0/8"]);
        let h = xff(&["10.9.9.9, 10.1.1.1"]);
        assert_eq!(direccion_cliente(ip("10.0.0.5"), &h, &confiables), ip("10.9.9.9"));
        assert_eq!(direccion_cliente(ip("10.0.0.5"), &HeaderMap::new(), &confiables), ip("10.0.0.5"));
    }

    #[test]
    fn garbage_stops_the_walk_at_the_last_trusted_hop() {
        let confiables = redes(&["10.0.0.0/8"]);
        let h = xff(&["203.0.113.9, unknown, 10.1.1.1"]);
        assert_eq!(direccion_cliente(ip("10.0.0.5"), &h, &confiables), ip("10.1.1.1"));
    }

    #[test]
    fn ports_brackets_and_mapped_addresses_are_understood() {
        let confiables = redes(&["10.0.0.0/8", "2001:db8::/32"]);
        let h = xff(&["[2001:db8:ffff::1]:443, 203.0.113.9:5678"]);
        assert_eq!(direccion_cliente(ip("::ffff:10.0.0.5"), &h, &confiables), ip("203.0.113.9"));
        let h = xff(&["[2001:db8:ffff::1]"]);
        assert_eq!(direccion_cliente(ip("10.0.0.5"), &h, &confiables), ip("2001:db8:ffff::1"));
        let h = xff(&["::ffff:203.0.113.9"]);
        assert_eq!(direccion_cliente(ip("10.0.0.5"), &h, &confiables), ip("203.0.113.9"));
    }

    #[test]
    fn settings_accept_addresses_and_blocks_and_refuse_the_rest() {
        assert_eq!("10.1.2.3/8".parse::<RedConfiable>().unwrap().to_string(), "10.0.0.0/8");
        assert_eq!("192.0.2.7".parse::<RedConfiable>().unwrap().to_string(), "192.0.2.7/32");
        assert_eq!(" ::1 ".parse::<RedConfiable>().unwrap().to_string(), "::1/128");
        assert!("balanceador.interno".parse::<RedConfiable>().is_err());
        assert!("10.0.0.0/33".parse::<RedConfiable>().is_err());
        let leida: Vec<RedConfiable> = serde_json::from_str(r#"["10.0.0.0/8"]"#).unwrap();
        assert!(leida[0].contiene(ip("10.200.0.1")) && !leida[0].contiene(ip("11.0.0.1")));
    }
}
