//! First-visit packs: the code chunks a page's route needs, in one file compressed as a whole.
//!
//! The split build cuts each page's code into 38–60 chunks, and each is compressed on its own;
//! small chunks compress poorly alone, and together they repeat much of each other (Leptos'
//! generic code, wasm's own encoding). A first visit straight to a page downloads them all, so
//! after the build this step writes, for each route of the split manifest, one file holding its
//! chunks (the pack: a little-endian `u32` length, a JSON index `[[file, length], …]`, then the
//! chunks' bytes in that order), with brotli and gzip copies, 15–22 % smaller than the chunks'
//! own copies added up (docs/rendimiento.md). The manifest Leptos reads to preload a page's code
//! then names the route's pack, so the page's HTML preloads the pack instead of its chunks; and
//! the split loader, before fetching a chunk, looks for it in the packs the page preloaded
//! (`cargador.js`). Chunks a page needs later (in-app navigation) are still fetched one by one,
//! compressed against the main bundle (`diccionario`).
//!
//! The loader keeps its name, which cargo-leptos hashed from its content before the patch: the
//! patch is the same for the same content, so the name still changes exactly when the content
//! does.

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
pub fn empaquetar(dir: &Path, manifiesto: &str, cargador: &str) -> io::Result<usize> {
    let de_trozos = dir.join(manifiesto_de_trozos(manifiesto));
    // Once packed, the manifest names packs: the chunks are in the copy kept beside it.
    let rutas: Manifiesto = if de_trozos.exists() {
        leer_manifiesto(&de_trozos)?
    } else {
        let rutas = leer_manifiesto(&dir.join(manifiesto))?;
        std::fs::write(&de_trozos, serde_json::to_vec(&rutas)?)?;
        rutas
    };

    let paquetes: Vec<(&String, Vec<u8>)> = rutas
        .iter()
        .filter(|(_, modulos)| !modulos.is_empty())
        .map(|(ruta, modulos)| Ok((ruta, paquete(dir, modulos)?)))
        .collect::<io::Result<_>>()?;
    let nombres: Vec<String> = paquetes.iter().map(|(_, bytes)| nombre_de_paquete(bytes)).collect();
    // Routes that need the same chunks share a pack: each distinct one is written once.
    let mut por_escribir: BTreeMap<&str, &[u8]> = BTreeMap::new();
    for ((_, bytes), nombre) in paquetes.iter().zip(&nombres) {
        por_escribir.insert(nombre, bytes);
    }
    let por_escribir: Vec<(&str, &[u8])> = por_escribir.into_iter().collect();
    super::diccionario::en_paralelo(&por_escribir, |(nombre, bytes)| {
        escribir_con_copias(dir, &format!("{nombre}.wasm"), bytes)
    })?;

    let mut nuevo = rutas.clone();
    for ((ruta, _), nombre) in paquetes.iter().zip(&nombres) {
        nuevo.insert((*ruta).clone(), vec![nombre.clone()]);
    }
    escribir_con_copias(dir, manifiesto, &serde_json::to_vec(&nuevo)?)?;

    let ruta_cargador = dir.join(cargador);
    let original = std::fs::read_to_string(&ruta_cargador)?;
    if let Some(parchado) = parchar_cargador(&original)? {
        escribir_con_copias(dir, cargador, parchado.as_bytes())?;
    }
    Ok(por_escribir.len())
}

fn leer_manifiesto(ruta: &Path) -> io::Result<Manifiesto> {
    serde_json::from_slice(&std::fs::read(ruta)?)
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {error}", ruta.display())))
}

/// The modules' files as one pack, largest first (brotli then finds more of each small one in
/// what came before: 0.5 KB less a page than in the manifest's order). The index names each by
/// its whole file name, hash included, although the hashes cost 0.6–1.1 KB a page: the browser
/// may run another build's loader with this pack (cargo-leptos names the main bundle and its
/// JS glue before writing the loader's name into them, so a rebuild can keep their names and
/// import another loader), and that loader's `chunk_12` need not be this build's.
fn paquete(dir: &Path, modulos: &[String]) -> io::Result<Vec<u8>> {
    let mut trozos: Vec<(String, Vec<u8>)> = Vec::with_capacity(modulos.len());
    for modulo in modulos {
        let archivo = format!("{modulo}.wasm");
        let bytes = std::fs::read(dir.join(&archivo))?;
        trozos.push((archivo, bytes));
    }
    trozos.sort_by_key(|(_, bytes)| std::cmp::Reverse(bytes.len()));
    let indice: Vec<(&str, usize)> = trozos.iter().map(|(archivo, bytes)| (archivo.as_str(), bytes.len())).collect();
    let indice = serde_json::to_vec(&indice)?;
    let largo = u32::try_from(indice.len()).map_err(io::Error::other)?;
    let mut paquete = Vec::with_capacity(4 + indice.len() + trozos.iter().map(|(_, bytes)| bytes.len()).sum::<usize>());
    paquete.extend_from_slice(&largo.to_le_bytes());
    paquete.extend_from_slice(&indice);
    for (_, bytes) in &trozos {
        paquete.extend_from_slice(bytes);
    }
    Ok(paquete)
}

/// `paquete.<hash of the content>`, as the manifest names a module (without `.wasm`).
fn nombre_de_paquete(bytes: &[u8]) -> String {
    let huella = Sha256::digest(bytes);
    format!("{PREFIJO}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&huella[..16]))
}

/// The loader with every chunk fetch going through the packs first, or `None` when it already
/// does. A loader with no chunk fetch to patch is not one this step knows: the build stops.
fn parchar_cargador(cargador: &str) -> io::Result<Option<String>> {
    if cargador.contains(TRAER_DEL_PAQUETE) {
        return Ok(None);
    }
    if !cargador.contains(FETCH_DEL_CARGADOR) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("el cargador de trozos no tiene `{FETCH_DEL_CARGADOR}`: ¿cambió wasm-split?"),
        ));
    }
    let mut parchado = cargador.replace(FETCH_DEL_CARGADOR, TRAER_DEL_PAQUETE);
    parchado.push_str(include_str!("cargador.js"));
    Ok(Some(parchado))
}

/// Writes `nombre` in `dir` with the brotli and gzip copies the server sends (`--precompress`
/// writes them for the build's own files).
fn escribir_con_copias(dir: &Path, nombre: &str, bytes: &[u8]) -> io::Result<()> {
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
    use std::path::PathBuf;

    const CARGADOR: &str = r#"const __chunk_0 = makeLoad(() => {
    const src = fetch(new URL("./chunk_0.a1.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}, []);
export const __split_b = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_b.c3.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}, [__chunk_0]));
"#;

    /// A split build: two routes sharing a chunk, a third needing nothing, and their loader.
    fn construccion() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("clave-sence-paquetes-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        for (nombre, bytes) in
            [("chunk_0.a1", &b"compartido"[..]), ("split_a.b2", b"la ruta a, la mayor"), ("split_b.c3", b"b")]
        {
            std::fs::write(dir.join(format!("{nombre}.wasm")), bytes).unwrap();
        }
        std::fs::write(
            dir.join("manifiesto.h.json"),
            r#"{"__a": ["chunk_0.a1", "split_a.b2"], "__b": ["chunk_0.a1", "split_b.c3"], "__vacia": []}"#,
        )
        .unwrap();
        std::fs::write(dir.join("cargador.h.js"), CARGADOR).unwrap();
        dir
    }

    /// What the patched loader does with a pack: the index, then each chunk's bytes.
    fn abrir(paquete: &[u8]) -> Vec<(String, Vec<u8>)> {
        let largo = u32::from_le_bytes(paquete[..4].try_into().unwrap()) as usize;
        let indice: Vec<(String, usize)> = serde_json::from_slice(&paquete[4..4 + largo]).unwrap();
        let mut desde = 4 + largo;
        indice
            .into_iter()
            .map(|(nombre, largo)| {
                desde += largo;
                (nombre, paquete[desde - largo..desde].to_vec())
            })
            .collect()
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
        // Largest first.
        assert_eq!(
            abrir(&bytes),
            [
                ("split_a.b2.wasm".to_owned(), b"la ruta a, la mayor".to_vec()),
                ("chunk_0.a1.wasm".to_owned(), b"compartido".to_vec())
            ]
        );
        assert_eq!(descomprimir_br(&std::fs::read(dir.join(format!("{}.wasm.br", paquete_a[0]))).unwrap()), bytes);
        // The manifest's own copies say the same as it.
        let br = descomprimir_br(&std::fs::read(dir.join("manifiesto.h.json.br")).unwrap());
        assert_eq!(br, std::fs::read(dir.join("manifiesto.h.json")).unwrap());
        let gz = std::fs::read(dir.join(format!("{}.wasm.gz", paquete_a[0]))).unwrap();
        let mut descomprimido = Vec::new();
        io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut descomprimido).unwrap();
        assert_eq!(descomprimido, bytes);
        assert_ne!(manifiesto["__b"], *paquete_a);

        // The chunks each route needs are kept for the server's dictionary.
        let trozos = leer_manifiesto(&dir.join("manifiesto.h.trozos.json")).unwrap();
        assert_eq!(trozos["__b"], ["chunk_0.a1", "split_b.c3"]);
    }

    #[test]
    fn the_loader_looks_in_the_packs_before_fetching_a_chunk() {
        let dir = construccion();
        empaquetar(&dir, "manifiesto.h.json", "cargador.h.js").unwrap();
        let cargador = std::fs::read_to_string(dir.join("cargador.h.js")).unwrap();
        assert!(!cargador.contains(FETCH_DEL_CARGADOR));
        assert_eq!(cargador.matches(r#"traerTrozo(new URL("./"#).count(), 2);
        assert!(cargador.contains("async function traerTrozo(url)"));
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
    fn a_loader_of_another_shape_stops_the_build() {
        let dir = construccion();
        std::fs::write(dir.join("cargador.h.js"), "import x from './y.js';").unwrap();
        let error = empaquetar(&dir, "manifiesto.h.json", "cargador.h.js").unwrap_err();
        assert!(error.to_string().contains("wasm-split"), "{error}");
    }

    #[test]
    fn a_missing_chunk_stops_the_build_and_leaves_the_manifest_as_it_was() {
        let dir = construccion();
        std::fs::remove_file(dir.join("split_b.c3.wasm")).unwrap();
        let antes = std::fs::read(dir.join("manifiesto.h.json")).unwrap();
        assert!(empaquetar(&dir, "manifiesto.h.json", "cargador.h.js").is_err());
        assert_eq!(std::fs::read(dir.join("manifiesto.h.json")).unwrap(), antes);
    }
}
