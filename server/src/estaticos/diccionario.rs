//! Compression dictionary transport (RFC 9842) for the code chunks of the split bundle.
//!
//! A page's code is the main bundle and then 58–90 chunks, each compressed on its own; small
//! chunks compress poorly alone, and much of what they hold (Leptos' generic code instantiated
//! for other types, wasm's own encoding) is already in the main bundle. So the main bundle is
//! announced as a dictionary (`Use-As-Dictionary`), and a browser that keeps it asks for a chunk
//! saying so (`Available-Dictionary`, its SHA-256) and gets it compressed with brotli against
//! the main bundle (`Content-Encoding: dcb`): 11–12 % fewer bytes when a person goes from the
//! home to a procedure (docs/rendimiento.md). A first visit straight to a procedure gains little:
//! its HTML preloads the route's chunks alongside the main bundle, before there is a dictionary.
//! The main bundle is also compressed against the earlier versions' bundles kept beside it: a
//! browser that comes back after a deploy holds one and downloads only the difference.
//! Browsers without the feature get the plain brotli or gzip copies.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// RFC 9842 §4: a `dcb` body starts with these four bytes, then the dictionary's SHA-256.
const CABECERA_DCB: [u8; 4] = [0xff, 0x44, 0x43, 0x42];
/// The largest brotli window, 16 MB: RFC 9842 caps `dcb` there, and the dictionary and the
/// chunk must fit in it together for the chunk to refer back into the dictionary.
const VENTANA_BROTLI: i32 = 24;

/// The main bundle as a dictionary and every chunk compressed against it, and the main bundle
/// compressed against earlier versions' bundles; built once at start-up.
pub struct Diccionario {
    /// The main bundle's file name, e.g. `clave-sence.<hash>.wasm`.
    principal: String,
    /// `Use-As-Dictionary` for the main bundle: which requests may use it.
    anuncio: HeaderValue,
    /// `:<base64 of the SHA-256>:`, as the browser names the dictionary it has.
    id: HeaderValue,
    /// By file name: the chunks whose `dcb` copy is smaller than their plain brotli one.
    trozos: HashMap<String, Bytes>,
    /// By the id of an earlier version's bundle: this bundle compressed against it, for the
    /// browsers that come back holding that one.
    principal_desde: HashMap<HeaderValue, Bytes>,
}

impl Diccionario {
    /// Reads the main bundle `principal` (a file in `dir`, which is served under `/{pkg}/`),
    /// compresses each of this build's chunks `trozos` against it, and it against each of the
    /// `anteriores` bundles, on every core: seconds (brotli's best quality, which alone beats
    /// the plain copies), once, before serving.
    pub fn preparar(
        dir: &Path,
        pkg: &str,
        principal: &str,
        trozos: &[String],
        anteriores: &[String],
    ) -> io::Result<Self> {
        let bundle = std::fs::read(dir.join(principal))?;
        let huella: [u8; 32] = Sha256::digest(&bundle).into();
        let mut previos = Vec::new();
        for anterior in anteriores {
            let contenido = std::fs::read(dir.join(anterior))?;
            let huella_previa: [u8; 32] = Sha256::digest(&contenido).into();
            previos.push((contenido, huella_previa));
        }
        // Each task: a file compressed against a dictionary, with that dictionary's hash.
        let tareas: Vec<(&str, &[u8], &[u8; 32])> = trozos
            .iter()
            .map(|trozo| (trozo.as_str(), &bundle[..], &huella))
            .chain(previos.iter().map(|(contenido, huella_previa)| (principal, &contenido[..], huella_previa)))
            .collect();
        let copias =
            en_paralelo(&tareas, |&(archivo, diccionario, huella)| copia_dcb(&dir.join(archivo), diccionario, huella))?;
        let (de_trozos, del_principal) = copias.split_at(trozos.len());
        fn con_copia<K>((clave, copia): (K, &Option<Bytes>)) -> Option<(K, Bytes)> {
            copia.clone().map(|c| (clave, c))
        }
        Ok(Self {
            principal: principal.to_owned(),
            anuncio: HeaderValue::from_str(&format!("match=\"/{pkg}/*.wasm\"")).map_err(io::Error::other)?,
            id: id_de(&huella),
            trozos: trozos.iter().cloned().zip(de_trozos).filter_map(con_copia).collect(),
            principal_desde: previos.iter().map(|(_, h)| id_de(h)).zip(del_principal).filter_map(con_copia).collect(),
        })
    }

    /// How many chunks have a `dcb` copy.
    pub fn trozos(&self) -> usize {
        self.trozos.len()
    }

    /// Against how many earlier bundles the main bundle has a `dcb` copy.
    pub fn anteriores(&self) -> usize {
        self.principal_desde.len()
    }

    /// The `dcb` answer for a chunk or the bundle, when the request names a dictionary it was
    /// compressed against and takes `dcb`; `None` sends the request on to the plain files.
    pub fn responder<B>(&self, peticion: &Request<B>) -> Option<Response<Body>> {
        if !matches!(*peticion.method(), Method::GET | Method::HEAD) {
            return None;
        }
        let nombre = nombre_pedido(peticion.uri().path());
        let cabeceras = peticion.headers();
        let tiene = cabeceras.get("available-dictionary")?;
        let cuerpo = if nombre == self.principal {
            self.principal_desde.get(tiene)?
        } else if *tiene == self.id {
            self.trozos.get(nombre)?
        } else {
            return None;
        };
        if !acepta_dcb(cabeceras) {
            return None;
        }
        let largo = cuerpo.len();
        let cuerpo = if peticion.method() == Method::HEAD { Body::empty() } else { Body::from(cuerpo.clone()) };
        Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "application/wasm")
            .header(header::CONTENT_ENCODING, "dcb")
            .header(header::CONTENT_LENGTH, largo)
            .header(header::VARY, VARIA)
            .body(cuerpo)
            .ok()
    }

    /// Marks the plain answers: the main bundle as the dictionary, and every file with a `dcb`
    /// copy as varying with the dictionary the browser has, so that no cache hands that copy to
    /// another browser.
    pub fn anotar(&self, ruta: &str, respuesta: &mut Response<Body>) {
        let nombre = nombre_pedido(ruta);
        if !respuesta.status().is_success() {
            return;
        }
        if nombre == self.principal {
            respuesta.headers_mut().insert("use-as-dictionary", self.anuncio.clone());
            if !self.principal_desde.is_empty() {
                respuesta.headers_mut().insert(header::VARY, HeaderValue::from_static(VARIA));
            }
        } else if self.trozos.contains_key(nombre) {
            respuesta.headers_mut().insert(header::VARY, HeaderValue::from_static(VARIA));
        }
    }
}

/// `:<base64>:`, the structured-field byte sequence browsers name a dictionary by.
fn id_de(huella: &[u8; 32]) -> HeaderValue {
    let id = format!(":{}:", base64::engine::general_purpose::STANDARD.encode(huella));
    HeaderValue::from_str(&id).expect("base64 is a valid header value")
}

/// `hacer` over every task, on every core; the results in the tasks' order.
pub(super) fn en_paralelo<T: Sync, R: Send>(
    tareas: &[T],
    hacer: impl Fn(&T) -> io::Result<R> + Sync,
) -> io::Result<Vec<R>> {
    let siguiente = AtomicUsize::new(0);
    let hilos = std::thread::available_parallelism().map_or(1, |n| n.get()).min(tareas.len()).max(1);
    let partes: Vec<io::Result<Vec<(usize, R)>>> = std::thread::scope(|hilo| {
        let trabajadores: Vec<_> = (0..hilos)
            .map(|_| {
                hilo.spawn(|| {
                    let mut hechos = Vec::new();
                    loop {
                        let i = siguiente.fetch_add(1, Ordering::Relaxed);
                        let Some(tarea) = tareas.get(i) else { return Ok(hechos) };
                        hechos.push((i, hacer(tarea)?));
                    }
                })
            })
            .collect();
        trabajadores
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|_| Err(io::Error::other("una compresión falló"))))
            .collect()
    });
    let mut hechos = Vec::with_capacity(tareas.len());
    for parte in partes {
        hechos.extend(parte?);
    }
    hechos.sort_unstable_by_key(|(i, _)| *i);
    Ok(hechos.into_iter().map(|(_, r)| r).collect())
}

/// The file a path names under the assets' mount point (which strips its own prefix).
fn nombre_pedido(ruta: &str) -> &str {
    ruta.strip_prefix('/').unwrap_or(ruta)
}

const VARIA: &str = "accept-encoding, available-dictionary";

/// Whether `Accept-Encoding` lists `dcb` with a weight above zero.
fn acepta_dcb(cabeceras: &HeaderMap) -> bool {
    cabeceras
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|valor| valor.to_str().ok())
        .flat_map(|valor| valor.split(','))
        .any(|codificacion| {
            let mut partes = codificacion.split(';').map(str::trim);
            let nombre = partes.next().unwrap_or_default();
            let peso = partes.find_map(|p| p.strip_prefix("q=")).map_or(Some(1.0), |q| q.parse::<f32>().ok());
            nombre.eq_ignore_ascii_case("dcb") && peso.is_some_and(|q| q > 0.0)
        })
}

/// The chunk at `ruta` compressed against the dictionary, unless that does not beat its plain
/// brotli copy: then it is not worth the bytes.
fn copia_dcb(ruta: &Path, diccionario: &[u8], huella: &[u8; 32]) -> io::Result<Option<Bytes>> {
    let comprimido = comprimir_dcb(&std::fs::read(ruta)?, diccionario, huella)?;
    let brotli = std::fs::metadata(ruta.with_extension("wasm.br")).map(|m| m.len()).ok();
    Ok(brotli.is_none_or(|b| (comprimido.len() as u64) < b).then(|| Bytes::from(comprimido)))
}

/// `datos` compressed with brotli (quality 11) against `diccionario`, in RFC 9842's `dcb` form.
fn comprimir_dcb(datos: &[u8], diccionario: &[u8], huella: &[u8; 32]) -> io::Result<Vec<u8>> {
    let mut salida = Vec::with_capacity(datos.len() / 3 + 36);
    salida.extend_from_slice(&CABECERA_DCB);
    salida.extend_from_slice(huella);
    let parametros = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: VENTANA_BROTLI, ..Default::default() };
    let mut entrada = io::Cursor::new(datos);
    let (mut bufer_entrada, mut bufer_salida) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    brotli::enc::BrotliCompressCustomIoCustomDict(
        &mut brotli::IoReaderWrapper(&mut entrada),
        &mut brotli::IoWriterWrapper(&mut salida),
        &mut bufer_entrada,
        &mut bufer_salida,
        &parametros,
        brotli::enc::StandardAlloc::default(),
        &mut |_: &mut _, _: &mut _, _: _, _: &mut _| (),
        diccionario,
        io::Error::from(io::ErrorKind::UnexpectedEof),
    )?;
    Ok(salida)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A build's assets: a main bundle and two chunks that repeat much of it, with the plain
    /// brotli copies cargo-leptos writes beside them.
    fn sitio() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("clave-sence-diccionario-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let principal: Vec<u8> = (0..40_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        std::fs::write(dir.join("app.abc.wasm"), &principal).unwrap();
        for (nombre, trozo) in
            [("trozo.1.wasm", &principal[1_000..9_000]), ("trozo.2.wasm", &principal[50_000..51_000])]
        {
            std::fs::write(dir.join(nombre), trozo).unwrap();
            std::fs::write(dir.join(format!("{nombre}.br")), brotli_simple(trozo)).unwrap();
        }
        std::fs::write(dir.join("app.abc.js"), b"export {}").unwrap();
        // An earlier build's bundle and chunk, kept for the pages still open.
        let mut anterior = principal.clone();
        anterior[70_000..70_100].fill(7);
        std::fs::write(dir.join("app.old.wasm"), &anterior).unwrap();
        std::fs::write(dir.join("app.old.wasm.br"), brotli_simple(&anterior)).unwrap();
        std::fs::write(dir.join("app.abc.wasm.br"), brotli_simple(&principal)).unwrap();
        std::fs::write(dir.join("trozo.viejo.wasm"), &principal[..5_000]).unwrap();
        dir
    }

    /// The chunks of the build, as its split manifest lists them.
    fn trozos() -> Vec<String> {
        vec!["trozo.1.wasm".into(), "trozo.2.wasm".into()]
    }

    fn brotli_simple(datos: &[u8]) -> Vec<u8> {
        let mut salida = Vec::new();
        let parametros = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
        brotli::BrotliCompress(&mut &datos[..], &mut salida, &parametros).unwrap();
        salida
    }

    fn peticion(ruta: &str, id: &HeaderValue, codificaciones: &str) -> Request<Body> {
        Request::get(ruta)
            .header("available-dictionary", id)
            .header(header::ACCEPT_ENCODING, codificaciones)
            .body(Body::empty())
            .unwrap()
    }

    async fn cuerpo(respuesta: Response<Body>) -> Vec<u8> {
        axum::body::to_bytes(respuesta.into_body(), usize::MAX).await.unwrap().to_vec()
    }

    /// What a browser does with a `dcb` body: check the dictionary's hash, then decompress.
    fn descomprimir_dcb(cuerpo: &[u8], diccionario: &[u8]) -> Vec<u8> {
        assert_eq!(cuerpo[..4], CABECERA_DCB);
        assert_eq!(cuerpo[4..36], Sha256::digest(diccionario)[..]);
        let mut salida = Vec::new();
        brotli_decompressor::BrotliDecompressCustomDict(
            &mut &cuerpo[36..],
            &mut salida,
            &mut vec![0u8; 1 << 16],
            &mut vec![0u8; 1 << 16],
            diccionario.to_vec(),
        )
        .unwrap();
        salida
    }

    #[tokio::test]
    async fn a_browser_holding_the_bundle_gets_each_chunk_compressed_against_it() {
        let dir = sitio();
        let diccionario = Diccionario::preparar(&dir, "pkg", "app.abc.wasm", &trozos(), &[]).unwrap();
        let principal = std::fs::read(dir.join("app.abc.wasm")).unwrap();
        assert_eq!(diccionario.trozos(), 2, "this build's chunks, not an earlier one's");
        for nombre in ["trozo.1.wasm", "trozo.2.wasm"] {
            let respuesta =
                diccionario.responder(&peticion(&format!("/{nombre}"), &diccionario.id, "gzip, br, dcb")).unwrap();
            assert_eq!(respuesta.headers()[header::CONTENT_ENCODING], "dcb");
            assert_eq!(respuesta.headers()[header::CONTENT_TYPE], "application/wasm");
            assert_eq!(respuesta.headers()[header::VARY], VARIA);
            let comprimido = cuerpo(respuesta).await;
            let plano = std::fs::read(dir.join(nombre)).unwrap();
            assert_eq!(descomprimir_dcb(&comprimido, &principal), plano);
            // Every byte of these chunks is in the bundle: against it, they are nearly free.
            let brotli = std::fs::read(dir.join(format!("{nombre}.br"))).unwrap();
            assert!(comprimido.len() < 36 + 40 && comprimido.len() < brotli.len(), "{nombre}: {} B", comprimido.len());
        }
    }

    #[tokio::test]
    async fn without_the_same_dictionary_and_dcb_the_plain_files_answer() {
        let dir = sitio();
        let diccionario = Diccionario::preparar(&dir, "pkg", "app.abc.wasm", &trozos(), &[]).unwrap();
        let otro = HeaderValue::from_static(":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:");
        for (ruta, id, codificaciones) in [
            ("/trozo.1.wasm", &otro, "br, dcb"),
            ("/trozo.1.wasm", &diccionario.id, "gzip, br"),
            ("/trozo.1.wasm", &diccionario.id, "br, dcb;q=0"),
            ("/trozo.1.wasm", &diccionario.id, "br, dcb; q=0.0"),
            // The bundle itself and other files have no `dcb` copy.
            ("/app.abc.wasm", &diccionario.id, "br, dcb"),
            ("/app.abc.js", &diccionario.id, "br, dcb"),
            ("/no-existe.wasm", &diccionario.id, "br, dcb"),
        ] {
            assert!(diccionario.responder(&peticion(ruta, id, codificaciones)).is_none(), "{ruta} {codificaciones}");
        }
        let sin_cabecera =
            Request::get("/trozo.1.wasm").header(header::ACCEPT_ENCODING, "dcb").body(Body::empty()).unwrap();
        assert!(diccionario.responder(&sin_cabecera).is_none());
        let post = Request::post("/trozo.1.wasm")
            .header("available-dictionary", &diccionario.id)
            .header(header::ACCEPT_ENCODING, "dcb")
            .body(Body::empty())
            .unwrap();
        assert!(diccionario.responder(&post).is_none());
        // A weight above zero is still acceptance.
        assert!(diccionario.responder(&peticion("/trozo.1.wasm", &diccionario.id, "br;q=1, dcb;q=0.5")).is_some());
    }

    #[tokio::test]
    async fn a_head_request_gets_the_headers_alone() {
        let dir = sitio();
        let diccionario = Diccionario::preparar(&dir, "pkg", "app.abc.wasm", &trozos(), &[]).unwrap();
        let mut head = peticion("/trozo.1.wasm", &diccionario.id, "dcb");
        *head.method_mut() = Method::HEAD;
        let respuesta = diccionario.responder(&head).unwrap();
        let largo: usize = respuesta.headers()[header::CONTENT_LENGTH].to_str().unwrap().parse().unwrap();
        assert_eq!(largo, diccionario.trozos["trozo.1.wasm"].len());
        assert!(cuerpo(respuesta).await.is_empty());
    }

    #[test]
    fn the_bundle_is_announced_as_the_dictionary_of_the_wasm_files() {
        let dir = sitio();
        let diccionario = Diccionario::preparar(&dir, "pkg", "app.abc.wasm", &trozos(), &[]).unwrap();
        let ok = || Response::new(Body::empty());

        let mut principal = ok();
        diccionario.anotar("/app.abc.wasm", &mut principal);
        assert_eq!(principal.headers()["use-as-dictionary"], "match=\"/pkg/*.wasm\"");

        let mut trozo = ok();
        diccionario.anotar("/trozo.2.wasm", &mut trozo);
        assert_eq!(trozo.headers()[header::VARY], VARIA);
        assert!(trozo.headers().get("use-as-dictionary").is_none());

        let mut js = ok();
        diccionario.anotar("/app.abc.js", &mut js);
        assert!(js.headers().is_empty());

        let mut falta = Response::builder().status(StatusCode::NOT_FOUND).body(Body::empty()).unwrap();
        diccionario.anotar("/app.abc.wasm", &mut falta);
        assert!(falta.headers().is_empty());

        // The id is the structured-field byte sequence of the bundle's SHA-256.
        let principal = std::fs::read(dir.join("app.abc.wasm")).unwrap();
        let esperado = format!(":{}:", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&principal)));
        assert_eq!(diccionario.id, esperado.as_str());
    }

    #[test]
    fn a_chunk_that_gains_nothing_keeps_only_its_brotli_copy() {
        let dir = sitio();
        // A `.br` copy smaller than any `dcb` could be (36 bytes of header alone).
        std::fs::write(dir.join("trozo.2.wasm.br"), b"x").unwrap();
        let diccionario = Diccionario::preparar(&dir, "pkg", "app.abc.wasm", &trozos(), &[]).unwrap();
        assert_eq!(diccionario.trozos(), 1);
        assert!(diccionario.trozos.contains_key("trozo.1.wasm"));
    }

    /// Through the `/pkg` routes, as the server mounts them (the mount strips its prefix before
    /// the files are looked up).
    #[tokio::test]
    async fn the_assets_routes_send_the_dictionary_copies_and_mark_the_plain_ones() {
        use tower::ServiceExt;
        let dir = sitio();
        let pkg = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let opciones = leptos::prelude::LeptosOptions::builder()
            .output_name("app")
            .site_root(dir.parent().unwrap().to_str().unwrap())
            .site_pkg_dir(pkg.as_str())
            .hash_files(true)
            .build();
        let diccionario =
            std::sync::Arc::new(Diccionario::preparar(&dir, &pkg, "app.abc.wasm", &trozos(), &[]).unwrap());
        let id = diccionario.id.clone();
        let rutas: axum::Router = super::super::rutas(&opciones, Some(diccionario));
        let pedir = |ruta: &str, cabeceras: &[(&str, &HeaderValue)]| {
            let mut peticion = Request::get(format!("/{pkg}/{ruta}"));
            for (nombre, valor) in cabeceras {
                peticion = peticion.header(*nombre, *valor);
            }
            rutas.clone().oneshot(peticion.body(Body::empty()).unwrap())
        };
        let br = HeaderValue::from_static("br");
        let br_dcb = HeaderValue::from_static("br, dcb");

        let principal = pedir("app.abc.wasm", &[("accept-encoding", &br)]).await.unwrap();
        assert_eq!(principal.status(), StatusCode::OK);
        assert_eq!(principal.headers()["use-as-dictionary"], format!("match=\"/{pkg}/*.wasm\"").as_str());
        assert_eq!(principal.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");

        let con = pedir("trozo.1.wasm", &[("accept-encoding", &br_dcb), ("available-dictionary", &id)]).await.unwrap();
        assert_eq!(con.headers()[header::CONTENT_ENCODING], "dcb");
        assert_eq!(con.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");

        let sin = pedir("trozo.1.wasm", &[("accept-encoding", &br_dcb)]).await.unwrap();
        assert_eq!(sin.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(sin.headers()[header::VARY], VARIA);
        let plano = std::fs::read(dir.join("trozo.1.wasm.br")).unwrap();
        assert_eq!(cuerpo(sin).await, plano);
    }

    #[tokio::test]
    async fn a_browser_back_with_an_earlier_bundle_gets_the_new_one_compressed_against_it() {
        let dir = sitio();
        let diccionario =
            Diccionario::preparar(&dir, "pkg", "app.abc.wasm", &trozos(), &["app.old.wasm".to_owned()]).unwrap();
        assert_eq!(diccionario.anteriores(), 1);
        let anterior = std::fs::read(dir.join("app.old.wasm")).unwrap();
        let huella_anterior: [u8; 32] = Sha256::digest(&anterior).into();
        let id_anterior = id_de(&huella_anterior);

        let respuesta = diccionario.responder(&peticion("/app.abc.wasm", &id_anterior, "br, dcb")).unwrap();
        assert_eq!(respuesta.headers()[header::CONTENT_ENCODING], "dcb");
        let comprimido = cuerpo(respuesta).await;
        assert_eq!(descomprimir_dcb(&comprimido, &anterior), std::fs::read(dir.join("app.abc.wasm")).unwrap());
        // A hundred bytes changed: the copy is a small fraction of the plain one.
        let brotli = std::fs::read(dir.join("app.abc.wasm.br")).unwrap();
        assert!(comprimido.len() * 4 < brotli.len(), "{} B against {} B", comprimido.len(), brotli.len());

        // The bundle against itself, or a chunk against the earlier bundle: the plain files.
        assert!(diccionario.responder(&peticion("/app.abc.wasm", &diccionario.id, "br, dcb")).is_none());
        assert!(diccionario.responder(&peticion("/trozo.1.wasm", &id_anterior, "br, dcb")).is_none());
        // The plain bundle now varies with the dictionary too.
        let mut plano = Response::new(Body::empty());
        diccionario.anotar("/app.abc.wasm", &mut plano);
        assert_eq!(plano.headers()[header::VARY], VARIA);
    }

    #[test]
    fn a_missing_bundle_is_an_error_not_an_empty_dictionary() {
        let dir = sitio();
        assert!(Diccionario::preparar(&dir, "pkg", "otro.wasm", &trozos(), &[]).is_err());
    }
}
