//! The built assets under `/pkg` (wasm, JS, CSS). They are sent as built: precompressed with
//! brotli or gzip (`cargo leptos build --release --precompress`), as the browser's
//! `Accept-Encoding` allows; and, when their names carry a hash of their content
//! (`hash-files` in Cargo.toml), kept by browsers for a year, since a new build has new names.
//! With hashed names, the code chunks also go compressed against the main bundle to the
//! browsers that keep it as a dictionary (`diccionario`), and a first visit gets the chunks of
//! its page in one pack, as one module (`paquetes`).

mod diccionario;
mod fusion;
mod nombres;
mod paquetes;

pub use diccionario::Diccionario;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Response};
use axum::middleware::{self, Next};
use axum::Router;
use leptos::prelude::LeptosOptions;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceBuilder;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

/// What a build with content-hashed names leaves next to the server binary (cargo-leptos'
/// hash file, where Leptos also looks): the names of the main bundle, and of the split manifest
/// and loader when the build is split.
struct Construccion {
    principal: String,
    manifiesto: Option<String>,
    cargador: Option<String>,
}

/// cargo-leptos' hash file, beside the server binary.
fn archivo_de_hashes(opciones: &LeptosOptions) -> Option<PathBuf> {
    Some(std::env::current_exe().ok()?.parent()?.join(opciones.hash_file.as_ref()))
}

fn construccion(opciones: &LeptosOptions) -> Option<Construccion> {
    let hashes = std::fs::read_to_string(archivo_de_hashes(opciones)?).ok()?;
    let hash = |clave: &str| hashes.lines().find_map(|linea| linea.trim().strip_prefix(clave)).map(str::trim);
    Some(Construccion {
        principal: format!("{}.{}.wasm", opciones.output_name, hash("wasm:")?),
        manifiesto: hash("manifest:").map(|h| format!("__wasm_split_manifest.{h}.json")),
        cargador: hash("split:").map(|h| format!("__wasm_split.{h}.js")),
    })
}

/// Whether the assets' names carry a hash of their content.
pub fn nombres_con_hash(opciones: &LeptosOptions) -> bool {
    construccion(opciones).is_some()
}

/// Packs the chunks of each page of the release build in `opciones`' site directory for first
/// visits (`paquetes`), then names its entry files after their final content (`nombres`);
/// `scripts/build.sh` runs it (`server empaquetar`) after building. Returns how many packs the
/// pages use.
pub fn empaquetar(opciones: &LeptosOptions) -> std::io::Result<usize> {
    let sin = |que: &str| std::io::Error::new(std::io::ErrorKind::NotFound, format!("la construcción no tiene {que}"));
    let Construccion { manifiesto, cargador, .. } =
        construccion(opciones).ok_or_else(|| sin("nombres con hash (hash.txt junto al servidor)"))?;
    let manifiesto = manifiesto.ok_or_else(|| sin("manifiesto de trozos (--split)"))?;
    let cargador = cargador.ok_or_else(|| sin("cargador de trozos (--split)"))?;
    let dir = directorio(opciones);
    let paquetes = paquetes::empaquetar(&dir, &manifiesto, &cargador)?;
    let hashes = archivo_de_hashes(opciones).ok_or_else(|| sin("archivo de hashes"))?;
    nombres::nombrar_por_contenido(&dir, &opciones.output_name, &hashes)?;
    Ok(paquetes)
}

/// This build's code chunks, from its split manifest (route → chunks) or, once the manifest names
/// packs, from the copy kept beside it: the directory may also hold earlier builds' files, kept
/// for the pages still open in browsers.
fn trozos_del_manifiesto(ruta: &Path) -> std::io::Result<Vec<String>> {
    let de_trozos =
        ruta.with_file_name(paquetes::manifiesto_de_trozos(&ruta.file_name().unwrap_or_default().to_string_lossy()));
    let ruta = if de_trozos.exists() { &de_trozos } else { ruta };
    let manifiesto: std::collections::HashMap<String, Vec<String>> =
        serde_json::from_slice(&std::fs::read(ruta)?).map_err(std::io::Error::other)?;
    let mut trozos: Vec<String> = manifiesto.into_values().flatten().map(|t| format!("{t}.wasm")).collect();
    trozos.sort();
    trozos.dedup();
    Ok(trozos)
}

/// How many earlier versions' bundles the main bundle is compressed against: a browser coming
/// back after a deploy or two holds one of them; each costs a second or two at start-up.
const BUNDLES_ANTERIORES: usize = 2;

/// The main bundles of earlier versions kept beside this one (the README asks deploys to keep
/// earlier versions' files), newest first.
fn bundles_anteriores(dir: &Path, nombre: &str, principal: &str) -> Vec<String> {
    let Ok(entradas) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut anteriores: Vec<(std::time::SystemTime, String)> = entradas
        .filter_map(Result::ok)
        .filter_map(|entrada| {
            let archivo = entrada.file_name().into_string().ok()?;
            let hash = archivo.strip_prefix(nombre)?.strip_prefix('.')?.strip_suffix(".wasm")?;
            let es_bundle = !hash.is_empty() && hash.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            (es_bundle && archivo != principal).then_some(())?;
            Some((entrada.metadata().ok()?.modified().ok()?, archivo))
        })
        .collect();
    anteriores.sort_by_key(|(modificado, _)| std::cmp::Reverse(*modificado));
    anteriores.into_iter().take(BUNDLES_ANTERIORES).map(|(_, archivo)| archivo).collect()
}

fn directorio(opciones: &LeptosOptions) -> PathBuf {
    Path::new(opciones.site_root.as_ref()).join(opciones.site_pkg_dir.as_ref())
}

/// The dictionary of a build with hashed names, prepared off the runtime. A build without one
/// (development) or whose files cannot be read is served without it: only sizes change.
pub async fn diccionario(opciones: &LeptosOptions) -> Option<Arc<Diccionario>> {
    let Construccion { principal, manifiesto, .. } = construccion(opciones)?;
    let (dir, pkg, nombre) =
        (directorio(opciones), opciones.site_pkg_dir.to_string(), opciones.output_name.to_string());
    let inicio = std::time::Instant::now();
    let preparado = tokio::task::spawn_blocking(move || {
        // A build without a split has no chunks, but may still have earlier bundles beside it.
        let trozos = match manifiesto {
            Some(manifiesto) => trozos_del_manifiesto(&dir.join(manifiesto))?,
            None => Vec::new(),
        };
        let anteriores = bundles_anteriores(&dir, &nombre, &principal);
        Diccionario::preparar(&dir, &pkg, &principal, &trozos, &anteriores)
    })
    .await
    .unwrap_or_else(|error| Err(std::io::Error::other(error)));
    match preparado {
        Ok(diccionario) => {
            tracing::info!(
                trozos = diccionario.trozos(),
                bundles_anteriores = diccionario.anteriores(),
                ms = inicio.elapsed().as_millis() as u64,
                "diccionario de compresión listo"
            );
            Some(Arc::new(diccionario))
        }
        Err(error) => {
            tracing::warn!(%error, "sin diccionario de compresión: los trozos van solo con brotli");
            None
        }
    }
}

/// `/pkg/…`, served straight from the site directory, outside the page renderer.
pub fn rutas<S: Clone + Send + Sync + 'static>(
    opciones: &LeptosOptions,
    diccionario: Option<Arc<Diccionario>>,
) -> Router<S> {
    // Without a hash in the name, a cached copy must be checked before each use.
    let cache =
        HeaderValue::from_static(if opciones.hash_files { "public, max-age=31536000, immutable" } else { "no-cache" });
    let archivos = ServiceBuilder::new()
        // Only a file found is worth keeping: a missing one may be there after the next deploy.
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, move |r: &Response<_>| {
            r.status().is_success().then(|| cache.clone())
        }))
        .layer(middleware::from_fn_with_state(diccionario, con_diccionario))
        .service(ServeDir::new(directorio(opciones)).precompressed_br().precompressed_gzip());
    Router::new().nest_service(&format!("/{}", opciones.site_pkg_dir), archivos)
}

async fn con_diccionario(
    State(diccionario): State<Option<Arc<Diccionario>>>,
    peticion: Request,
    siguiente: Next,
) -> axum::response::Response {
    let Some(diccionario) = diccionario else { return siguiente.run(peticion).await };
    if let Some(respuesta) = diccionario.responder(&peticion) {
        return respuesta;
    }
    let ruta = peticion.uri().path().to_owned();
    let mut respuesta = siguiente.run(peticion).await;
    diccionario.anotar(&ruta, &mut respuesta);
    respuesta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chunks_are_those_the_split_manifest_names_once_each() {
        let ruta = std::env::temp_dir().join(format!("clave-sence-manifiesto-{}.json", rand::random::<u64>()));
        std::fs::write(&ruta, r#"{"__ruta_a": ["chunk_2.x", "chunk_1.y"], "__ruta_b": ["chunk_2.x", "split_b.z"]}"#)
            .unwrap();
        assert_eq!(trozos_del_manifiesto(&ruta).unwrap(), ["chunk_1.y.wasm", "chunk_2.x.wasm", "split_b.z.wasm"]);
        std::fs::write(&ruta, "no es json").unwrap();
        assert!(trozos_del_manifiesto(&ruta).is_err());
    }

    #[test]
    fn once_the_manifest_names_packs_the_chunks_come_from_the_copy_beside_it() {
        let dir = std::env::temp_dir().join(format!("clave-sence-trozos-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("m.h.json"), r#"{"__ruta_a": ["paquete.p"]}"#).unwrap();
        std::fs::write(dir.join("m.h.trozos.json"), r#"{"__ruta_a": ["chunk_1.y", "split_a.z"]}"#).unwrap();
        assert_eq!(trozos_del_manifiesto(&dir.join("m.h.json")).unwrap(), ["chunk_1.y.wasm", "split_a.z.wasm"]);
    }

    #[test]
    fn the_earlier_bundles_are_the_newest_two_of_the_same_name() {
        let dir = std::env::temp_dir().join(format!("clave-sence-anteriores-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        // Written oldest first: modification times give the order.
        for archivo in [
            "app.uno.wasm",
            "app.dos.wasm",
            "app.tres.wasm",
            "app.actual.wasm",
            "app.tres.wasm.br",
            "otra.cuatro.wasm",
            "chunk_1.cinco.wasm",
            "app.con.punto.wasm",
        ] {
            std::fs::write(dir.join(archivo), b"\0asm").unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(bundles_anteriores(&dir, "app", "app.actual.wasm"), ["app.tres.wasm", "app.dos.wasm"]);
        assert!(bundles_anteriores(&dir.join("no-existe"), "app", "app.actual.wasm").is_empty());
    }
}
