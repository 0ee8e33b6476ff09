//! First-visit packs: the code chunks a page's route needs, in one file compressed as a whole,
//! as one module.
//!
//! The split build cuts each page's code into 58–115 chunks, and each is compressed on its own;
//! small chunks compress poorly alone, and together they repeat much of each other (Leptos'
//! generic code, wasm's own encoding). A first visit straight to a page downloads them all, so
//! after the build this step writes, for each route of the split manifest, one file holding its
//! chunks (the pack: a little-endian `u32` length, a JSON index of the chunks' names, then the
//! chunks merged into one module, `fusion`), with brotli and gzip copies. The manifest Leptos
//! reads to preload a page's code then names the route's pack, so the page's HTML preloads the
//! pack instead of its chunks; and the split loader, before fetching a chunk, looks for it in
//! the packs the page preloaded (`cargador.js`), and instantiates a pack's module once for all
//! its chunks. Chunks a page needs later (in-app navigation) are still fetched one by one,
//! compressed against the main bundle (`diccionario`).
//!
//! The patch changes the loader after cargo-leptos named it: `nombres` then names it, the JS
//! glue and the main bundle again, after their final content.

use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

/// The split manifest: each lazy route's split name → the modules (file names without `.wasm`)
/// its page needs.
type Manifiesto = BTreeMap<String, Vec<String>>;

/// What the loader fetches a chunk with, and what the patch has it call instead.
const FETCH_DEL_CARGADOR: &str = "fetch(new URL(";
const TRAER_DEL_PAQUETE: &str = "traerTrozo(new URL(";
/// How the loader instantiates a chunk, and what the patch has it call instead (which skips a
/// chunk already in its pack's module).
const INSTANCIAR_DEL_CARGADOR: &str = "WebAssembly.instantiateStreaming(src, imports)";
const INSTANCIAR_DEL_PAQUETE: &str = "instanciarTrozo(src, imports)";
/// What the loader gives every chunk to import (the main module's memory, table and stack
/// pointer); a pack's module takes the same.
const IMPORTACIONES_DEL_CARGADOR: &str = "function getSharedImports()";

/// The name packs start with; the loader recognises their preload links by it.
const PREFIJO: &str = "paquete.";

/// Where the split manifest as the build wrote it (route → chunks) is kept once the manifest
/// itself names packs: the server reads it to know the chunks (`diccionario`).
pub fn manifiesto_de_trozos(manifiesto: &str) -> String {
    match manifiesto.strip_suffix(".json") {
        Some(base) => format!("{base}.trozos.json"),
        None => format!("{manifiesto}.trozos"),
    }
}

/// Writes the packs of the build in `dir` (its split manifest `manifiesto`, its split loader
/// `cargador`), points the manifest at them and patches the loader. Running it again on the
/// same build changes nothing. Returns how many packs the routes use.
///
/// Every chunk is read, every pack merged and the loader patched before anything on disk
/// changes, so a build this step cannot pack stops with its files as they were. Then the packs
/// are written (new files nothing names yet), the chunks renamed, and last the manifest and
/// the loader that name them.
pub fn empaquetar(dir: &Path, manifiesto: &str, cargador: &str) -> io::Result<usize> {
    let original = std::fs::read_to_string(dir.join(cargador))?;
    let (acortado, renombres) = acortar_nombres(dir, &original)?;
    let parchado = parchar_cargador(acortado)?;

    let de_trozos = dir.join(manifiesto_de_trozos(manifiesto));
    // Once packed, the manifest names packs: the chunks are in the copy kept beside it.
    let ya_empaquetado = de_trozos.exists();
    let rutas: Manifiesto = if ya_empaquetado {
        leer_manifiesto(&de_trozos)?
    } else {
        leer_manifiesto(&dir.join(manifiesto))?
            .into_iter()
            .map(|(ruta, modulos)| {
                (ruta, modulos.into_iter().map(|m| renombres.get(&m).cloned().unwrap_or(m)).collect())
            })
            .collect()
    };

    // Until the end the chunks keep, on disk, the names they came with.
    let en_disco: BTreeMap<&str, &str> =
        renombres.iter().map(|(viejo, corto)| (corto.as_str(), viejo.as_str())).collect();
    let paquetes: Vec<(&String, Vec<u8>)> = rutas
        .iter()
        .filter(|(_, modulos)| !modulos.is_empty())
        .map(|(ruta, modulos)| {
            let archivos: Vec<&str> = modulos.iter().map(|m| en_disco.get(m.as_str()).copied().unwrap_or(m)).collect();
            let paquete = paquete(dir, &archivos)
                .map_err(|error| io::Error::new(error.kind(), format!("el paquete de {ruta}: {error}")))?;
            Ok((ruta, paquete))
        })
        .collect::<io::Result<_>>()?;
    let nombres: Vec<String> = paquetes.iter().map(|(_, bytes)| nombre_de_paquete(bytes)).collect();
    let mut nuevo = rutas.clone();
    for ((ruta, _), nombre) in paquetes.iter().zip(&nombres) {
        nuevo.insert((*ruta).clone(), vec![nombre.clone()]);
    }
    // Routes that need the same chunks share a pack: each distinct one is written once.
    let mut por_escribir: BTreeMap<&str, &[u8]> = BTreeMap::new();
    for ((_, bytes), nombre) in paquetes.iter().zip(&nombres) {
        por_escribir.insert(nombre, bytes);
    }
    let por_escribir: Vec<(&str, &[u8])> = por_escribir.into_iter().collect();

    super::diccionario::en_paralelo(&por_escribir, |(nombre, bytes)| {
        escribir_con_copias(dir, &format!("{nombre}.wasm"), bytes)
    })?;
    renombrar(dir, &renombres)?;
    if !ya_empaquetado {
        std::fs::write(&de_trozos, serde_json::to_vec(&rutas)?)?;
    }
    escribir_con_copias(dir, manifiesto, &serde_json::to_vec(&nuevo)?)?;
    if parchado != original {
        escribir_con_copias(dir, cargador, parchado.as_bytes())?;
    }
    Ok(por_escribir.len())
}

/// How many characters of a hash a chunk's name keeps. The loader names each of the build's
/// ~180 chunks, and 22 characters of hash apiece, which do not compress, were 3 KB of the
/// 6.3 KB it adds to every first visit; 8 (48 bits) still tell apart every version a chunk of
/// one name will have.
const HUELLA_DE_TROZO: usize = 8;

/// The loader with each chunk it fetches (`"./chunk_12.<hash>.wasm"`) named by a shorter hash
/// of its content, and each renamed chunk's old and new module names (`renombrar` renames the
/// files). A missing chunk is an error.
fn acortar_nombres(dir: &Path, cargador: &str) -> io::Result<(String, BTreeMap<String, String>)> {
    let mut renombres = BTreeMap::new();
    const URL_DEL_TROZO: &str = "new URL(\"./";
    for (desde, _) in cargador.match_indices(URL_DEL_TROZO) {
        let resto = &cargador[desde + URL_DEL_TROZO.len()..];
        let Some(modulo) = resto.split('"').next().and_then(|archivo| archivo.strip_suffix(".wasm")) else { continue };
        let bytes = std::fs::read(dir.join(format!("{modulo}.wasm")))
            .map_err(|error| io::Error::new(error.kind(), format!("{modulo}.wasm: {error}")))?;
        let corto = format!("{}.{}", trozo_de(modulo), &huella(&bytes)[..HUELLA_DE_TROZO]);
        if corto != modulo {
            renombres.insert(modulo.to_owned(), corto);
        }
    }
    let mut acortado = cargador.to_owned();
    for (modulo, corto) in &renombres {
        acortado = acortado.replace(&format!("\"./{modulo}.wasm\""), &format!("\"./{corto}.wasm\""));
    }
    Ok((acortado, renombres))
}

/// Renames each chunk (old module name → new) and its compressed copies, where the build wrote
/// them.
fn renombrar(dir: &Path, renombres: &BTreeMap<String, String>) -> io::Result<()> {
    for (modulo, corto) in renombres {
        for copia in ["", ".br", ".gz"] {
            let (de, a) = (dir.join(format!("{modulo}.wasm{copia}")), dir.join(format!("{corto}.wasm{copia}")));
            match std::fs::rename(de, a) {
                Err(error) if copia.is_empty() || error.kind() != io::ErrorKind::NotFound => return Err(error),
                _ => {}
            }
        }
    }
    Ok(())
}

fn leer_manifiesto(ruta: &Path) -> io::Result<Manifiesto> {
    serde_json::from_slice(&std::fs::read(ruta)?)
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {error}", ruta.display())))
}

/// The modules' files as one pack: the index names each by what comes before its hash
/// (`chunk_12`, `split_ruta_x`), unique within a build (the hashes would not compress: 1–2 KB a
/// page), then the modules merged into one (`fusion`), which the loader instantiates once for
/// all of them. Names without hashes are safe because the page's HTML names both the pack and,
/// through the JS glue, the loader that reads it, each by a hash of its final content
/// (`nombres`): they are always of the same build.
fn paquete(dir: &Path, modulos: &[&str]) -> io::Result<Vec<u8>> {
    let mut trozos: Vec<&str> = Vec::with_capacity(modulos.len());
    let mut contenidos = Vec::with_capacity(modulos.len());
    for modulo in modulos {
        let trozo = trozo_de(modulo);
        if trozos.contains(&trozo) {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("dos trozos se llaman {trozo}")));
        }
        trozos.push(trozo);
        contenidos.push(std::fs::read(dir.join(format!("{modulo}.wasm")))?);
    }
    let fusion = super::fusion::fusionar(&contenidos.iter().map(Vec::as_slice).collect::<Vec<_>>())?;
    let indice = serde_json::to_vec(&trozos)?;
    let largo = u32::try_from(indice.len()).map_err(io::Error::other)?;
    let mut paquete = Vec::with_capacity(4 + indice.len() + fusion.len());
    paquete.extend_from_slice(&largo.to_le_bytes());
    paquete.extend_from_slice(&indice);
    paquete.extend_from_slice(&fusion);
    Ok(paquete)
}

/// A module's name without its hash: `chunk_12.<hash>` → `chunk_12`.
fn trozo_de(modulo: &str) -> &str {
    modulo.split_once('.').map_or(modulo, |(trozo, _)| trozo)
}

/// `paquete.<hash of the content>`, as the manifest names a module (without `.wasm`).
fn nombre_de_paquete(bytes: &[u8]) -> String {
    format!("{PREFIJO}{}", huella(bytes))
}

/// The hash a file's name carries: 22 characters, as long as cargo-leptos' own.
pub(super) fn huella(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&Sha256::digest(bytes)[..16])
}

/// The loader with every chunk fetch going through the packs first (unchanged when it already
/// does). A loader with no chunk fetch to patch is not one this step knows: the build stops.
fn parchar_cargador(cargador: String) -> io::Result<String> {
    if cargador.contains(TRAER_DEL_PAQUETE) {
        return Ok(cargador);
    }
    // The appended code fetches through the packs, instantiates a pack's module with the
    // imports the loader gives every chunk, and then nothing more for each chunk it holds.
    for necesario in [FETCH_DEL_CARGADOR, INSTANCIAR_DEL_CARGADOR, IMPORTACIONES_DEL_CARGADOR] {
        if !cargador.contains(necesario) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("el cargador de trozos no tiene `{necesario}`: ¿cambió wasm-split?"),
            ));
        }
    }
    // wasm-split notes above each chunk the lazy modules that use it, 0.75 KB of every first
    // visit; and the appended code's comments are for the reader of this repository.
    let sin_notas = cargador.lines().filter(|linea| !(linea.starts_with("/*") && linea.ends_with("*/")));
    let agregado = include_str!("cargador.js").lines().filter(|linea| !linea.trim_start().starts_with("//"));
    let mut parchado = String::with_capacity(cargador.len());
    for linea in sin_notas.chain(agregado) {
        parchado.push_str(
            &linea
                .replace(FETCH_DEL_CARGADOR, TRAER_DEL_PAQUETE)
                .replace(INSTANCIAR_DEL_CARGADOR, INSTANCIAR_DEL_PAQUETE),
        );
        parchado.push('\n');
    }
    Ok(parchado)
}

/// Writes `nombre` in `dir` with the brotli and gzip copies the server sends (`--precompress`
/// writes them for the build's own files).
pub(super) fn escribir_con_copias(dir: &Path, nombre: &str, bytes: &[u8]) -> io::Result<()> {
    let mut br = Vec::with_capacity(bytes.len() / 3);
    let parametros = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &parametros)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 2), flate2::Compression::best());
    gz.write_all(bytes)?;
    std::fs::write(dir.join(nombre), bytes)?;
    std::fs::write(dir.join(format!("{nombre}.br")), br)?;
    std::fs::write(dir.join(format!("{nombre}.gz")), gz.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estaticos::fusion::tests::{leer, trozo as trozo_de_prueba};
    use std::path::PathBuf;

    const CARGADOR: &str = r#"import { initSync } from "./app.h.js";
function getSharedImports() {}
/* __a, __b */
const __chunk_0 = makeLoad(() => {
    const src = fetch(new URL("./chunk_0.a1.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}, []);
export const __split_a = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_a.b2.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}, [__chunk_0]));
export const __split_b = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_b.c3.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}, [__chunk_0]));
"#;

    /// The chunks of the split build below: valid modules of the shape wasm-split writes.
    fn modulo(trozo: &str) -> Vec<u8> {
        match trozo {
            "chunk_0" => trozo_de_prueba(1, 0, b"compartido"),
            "split_a" => trozo_de_prueba(3, 10, b"la ruta a, la mayor"),
            "split_b" => trozo_de_prueba(1, 20, b"b"),
            _ => unreachable!("{trozo}"),
        }
    }

    /// A split build: two routes sharing a chunk, a third needing nothing, and their loader.
    fn construccion() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("clave-sence-paquetes-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        for nombre in ["chunk_0.a1", "split_a.b2", "split_b.c3"] {
            std::fs::write(dir.join(format!("{nombre}.wasm")), modulo(trozo_de(nombre))).unwrap();
        }
        std::fs::write(
            dir.join("manifiesto.h.json"),
            r#"{"__a": ["chunk_0.a1", "split_a.b2"], "__b": ["chunk_0.a1", "split_b.c3"], "__vacia": []}"#,
        )
        .unwrap();
        std::fs::write(dir.join("cargador.h.js"), CARGADOR).unwrap();
        dir
    }

    /// What the patched loader reads in a pack: the chunks' names, then the one module.
    fn abrir(paquete: &[u8]) -> (Vec<String>, Vec<u8>) {
        let largo = u32::from_le_bytes(paquete[..4].try_into().unwrap()) as usize;
        (serde_json::from_slice(&paquete[4..4 + largo]).unwrap(), paquete[4 + largo..].to_vec())
    }

    fn descomprimir_br(bytes: &[u8]) -> Vec<u8> {
        let mut salida = Vec::new();
        brotli_decompressor::BrotliDecompress(&mut &bytes[..], &mut salida).unwrap();
        salida
    }

    #[test]
    fn each_route_preloads_one_pack_holding_its_chunks() {
        let dir = construccion();
        assert_eq!(empaquetar(&dir, "manifiesto.h.json", "cargador.h.js").unwrap(), 2);

        let manifiesto = leer_manifiesto(&dir.join("manifiesto.h.json")).unwrap();
        assert_eq!(manifiesto["__vacia"], Vec::<String>::new());
        let paquete_a = &manifiesto["__a"];
        assert_eq!(paquete_a.len(), 1);
        assert!(paquete_a[0].starts_with(PREFIJO));
        let bytes = std::fs::read(dir.join(format!("{}.wasm", paquete_a[0]))).unwrap();
        // The route's chunks, in the manifest's order, as one module.
        let (nombres, fusion) = abrir(&bytes);
        assert_eq!(nombres, ["chunk_0", "split_a"]);
        assert_eq!(fusion, super::super::fusion::fusionar(&[&modulo("chunk_0"), &modulo("split_a")]).unwrap());
        let (segmentos, _, datos, _) = leer(&fusion);
        assert_eq!(segmentos, [(0, vec![0]), (10, vec![1, 2, 3])]);
        assert_eq!(datos, [b"compartido".to_vec(), b"la ruta a, la mayor".to_vec()]);
        assert_eq!(descomprimir_br(&std::fs::read(dir.join(format!("{}.wasm.br", paquete_a[0]))).unwrap()), bytes);
        // The manifest's own copies say the same as it.
        let br = descomprimir_br(&std::fs::read(dir.join("manifiesto.h.json.br")).unwrap());
        assert_eq!(br, std::fs::read(dir.join("manifiesto.h.json")).unwrap());
        let gz = std::fs::read(dir.join(format!("{}.wasm.gz", paquete_a[0]))).unwrap();
        let mut descomprimido = Vec::new();
        io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut descomprimido).unwrap();
        assert_eq!(descomprimido, bytes);
        assert_ne!(manifiesto["__b"], *paquete_a);

        // The chunks each route needs are kept for the server's dictionary, by their new names.
        let trozos = leer_manifiesto(&dir.join("manifiesto.h.trozos.json")).unwrap();
        assert_eq!(trozos["__b"], [corto("chunk_0"), corto("split_b")]);
    }

    /// The name a chunk gets: a short hash of its content.
    fn corto(trozo: &str) -> String {
        format!("{trozo}.{}", &huella(&modulo(trozo))[..HUELLA_DE_TROZO])
    }

    #[test]
    fn chunks_are_named_by_a_short_hash_of_their_content_on_disk_and_in_the_loader() {
        let dir = construccion();
        empaquetar(&dir, "manifiesto.h.json", "cargador.h.js").unwrap();
        let cargador = std::fs::read_to_string(dir.join("cargador.h.js")).unwrap();
        for trozo in ["chunk_0", "split_a", "split_b"] {
            let nombre = format!("{}.wasm", corto(trozo));
            assert_eq!(std::fs::read(dir.join(&nombre)).unwrap(), modulo(trozo));
            assert!(cargador.contains(&format!("traerTrozo(new URL(\"./{nombre}\"")), "{nombre} in {cargador}");
        }
        assert!(!dir.join("chunk_0.a1.wasm").exists());
        assert!(!cargador.contains("chunk_0.a1"));
    }

    #[test]
    fn the_loader_looks_in_the_packs_before_fetching_a_chunk() {
        let dir = construccion();
        empaquetar(&dir, "manifiesto.h.json", "cargador.h.js").unwrap();
        let cargador = std::fs::read_to_string(dir.join("cargador.h.js")).unwrap();
        assert!(!cargador.contains(FETCH_DEL_CARGADOR));
        assert_eq!(cargador.matches(r#"traerTrozo(new URL("./"#).count(), 3);
        // And instantiates a chunk only when it is not in a pack already instantiated.
        assert!(!cargador.contains(INSTANCIAR_DEL_CARGADOR));
        assert_eq!(cargador.matches(INSTANCIAR_DEL_PAQUETE).count(), 3);
        assert!(cargador.contains("async function instanciarTrozo("));
        assert!(cargador.contains("function traerTrozo(url)"));
        assert!(!cargador.contains("// "), "the appended code goes without its comments");
        assert!(!cargador.contains("/* __a, __b */"), "nor the notes of which modules use a chunk");
        let br = std::fs::read(dir.join("cargador.h.js.br")).unwrap();
        assert_eq!(descomprimir_br(&br), cargador.as_bytes());
    }

    #[test]
    fn packing_the_same_build_again_changes_nothing() {
        let dir = construccion();
        empaquetar(&dir, "manifiesto.h.json", "cargador.h.js").unwrap();
        let leer = |nombre: &str| std::fs::read(dir.join(nombre)).unwrap();
        let (manifiesto, cargador) = (leer("manifiesto.h.json"), leer("cargador.h.js"));
        assert_eq!(empaquetar(&dir, "manifiesto.h.json", "cargador.h.js").unwrap(), 2);
        assert_eq!(leer("manifiesto.h.json"), manifiesto);
        assert_eq!(leer("cargador.h.js"), cargador);
    }

    #[test]
    fn two_chunks_of_one_name_stop_the_build() {
        let dir = construccion();
        std::fs::write(dir.join("chunk_0.otro.wasm"), trozo_de_prueba(1, 30, b"otro")).unwrap();
        std::fs::write(dir.join("manifiesto.h.json"), r#"{"__a": ["chunk_0.a1", "chunk_0.otro"]}"#).unwrap();
        let error = empaquetar(&dir, "manifiesto.h.json", "cargador.h.js").unwrap_err();
        assert!(error.to_string().contains("chunk_0"), "{error}");
    }

    /// Every file of a build and its content.
    fn archivos(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entrada| {
                let entrada = entrada.unwrap();
                (entrada.file_name().into_string().unwrap(), std::fs::read(entrada.path()).unwrap())
            })
            .collect()
    }

    /// Packing `dir` fails with an error naming `causa`, and leaves every file as it was.
    fn falla_sin_tocar_nada(dir: &Path, causa: &str) {
        let antes = archivos(dir);
        let error = empaquetar(dir, "manifiesto.h.json", "cargador.h.js").unwrap_err();
        assert!(error.to_string().contains(causa), "{error}");
        assert_eq!(archivos(dir), antes);
    }

    #[test]
    fn a_loader_of_another_shape_stops_the_build_before_any_file_changes() {
        let dir = construccion();
        std::fs::write(dir.join("cargador.h.js"), "import x from './y.js';").unwrap();
        falla_sin_tocar_nada(&dir, "wasm-split");
    }

    #[test]
    fn a_missing_chunk_stops_the_build_before_any_file_changes() {
        let dir = construccion();
        std::fs::remove_file(dir.join("split_b.c3.wasm")).unwrap();
        falla_sin_tocar_nada(&dir, "split_b.c3.wasm");
    }

    #[test]
    fn a_chunk_that_cannot_be_merged_stops_the_build_before_any_file_changes() {
        let dir = construccion();
        // Cut short: the merge fails after every chunk was read and its new name known.
        let trozo = modulo("split_b");
        std::fs::write(dir.join("split_b.c3.wasm"), &trozo[..trozo.len() - 3]).unwrap();
        falla_sin_tocar_nada(&dir, "el paquete de __b");
    }
}
