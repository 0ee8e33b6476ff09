//! The entry files of a split build, named after what they finally hold.
//!
//! Browsers keep a file with a hashed name for a year, so a name must never stand for two
//! contents. cargo-leptos names the JS glue and the main bundle after their content before it
//! writes the split loader's name into them, and that name changes between builds of the same
//! code (the chunks' numbering does); the packs' patch (`paquetes`) changes the loader after it
//! was named too. A browser holding an earlier build's glue under the same name would then run
//! an earlier loader, which fails once that build's files are gone.
//!
//! So after packing, this step names the three files again: the glue, the main bundle and the
//! loader. They name each other (the glue imports the loader, which imports the glue back; the
//! bundle imports the loader), so no one of them can carry a hash of its own content that
//! covers the others' names: the three get one hash, of their contents with those names blanked
//! out. A change to any of them renames all three. Chunks and packs are named after their own
//! content and name none of the three.

use super::paquetes::{escribir_con_copias, huella};
use std::io;
use std::path::Path;

/// As long as a hash (`huella`, and cargo-leptos' own), so that a name keeps its length inside
/// the bundle's binary.
const HUECO: &str = "______________________";

/// The three files' names for a hash: the glue, the bundle, the loader.
fn nombres(salida: &str, hash: &str) -> [String; 3] {
    [format!("{salida}.{hash}.js"), format!("{salida}.{hash}.wasm"), format!("__wasm_split.{hash}.js")]
}

/// Names the glue, main bundle and split loader in `dir` after their content, and writes their
/// names into the hash file `hashes` (`js:`, `wasm:` and `split:`, which Leptos and the server
/// read). `salida` is the build's output name. Running it again changes nothing. Returns the
/// hash the three now share.
pub fn nombrar_por_contenido(dir: &Path, salida: &str, hashes: &Path) -> io::Result<String> {
    let texto = std::fs::read_to_string(hashes)?;
    let hash = |clave: &str| {
        texto
            .lines()
            .find_map(|linea| linea.trim().strip_prefix(clave)?.strip_prefix(':').map(str::trim))
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("{}: sin `{clave}:`", hashes.display())))
    };
    let (js, wasm, split) = (hash("js")?, hash("wasm")?, hash("split")?);
    let actuales = [format!("{salida}.{js}.js"), format!("{salida}.{wasm}.wasm"), format!("__wasm_split.{split}.js")];
    let huecos = nombres(salida, HUECO);

    let mut contenidos = Vec::with_capacity(3);
    for nombre in &actuales {
        let mut bytes = std::fs::read(dir.join(nombre))?;
        for (actual, hueco) in actuales.iter().zip(&huecos) {
            reemplazar(&mut bytes, actual, hueco)?;
        }
        contenidos.push(bytes);
    }
    let mut juntos = Vec::with_capacity(contenidos.iter().map(|c| c.len() + 8).sum());
    for bytes in &contenidos {
        juntos.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        juntos.extend_from_slice(bytes);
    }
    let nuevo = huella(&juntos);
    let nuevos = nombres(salida, &nuevo);
    if nuevos == actuales {
        return Ok(nuevo);
    }

    for bytes in &mut contenidos {
        for (hueco, nombre) in huecos.iter().zip(&nuevos) {
            reemplazar(bytes, hueco, nombre)?;
        }
    }
    let por_escribir: Vec<(&String, &Vec<u8>)> = nuevos.iter().zip(&contenidos).collect();
    super::diccionario::en_paralelo(&por_escribir, |(nombre, bytes)| escribir_con_copias(dir, nombre, bytes))?;

    // The new names are read from here: it changes, whole, only once the files are written, so
    // an interrupted run leaves the earlier names, and their files, in place.
    let texto: String = texto
        .lines()
        .map(|linea| match linea.split_once(':').map(|(clave, _)| clave.trim()) {
            Some(clave @ ("js" | "wasm" | "split")) => format!("{clave}: {nuevo}\n"),
            _ => format!("{linea}\n"),
        })
        .collect();
    let provisional = hashes.with_extension("txt.nuevo");
    std::fs::write(&provisional, texto)?;
    std::fs::rename(&provisional, hashes)?;

    for nombre in &actuales {
        for copia in ["", ".br", ".gz"] {
            match std::fs::remove_file(dir.join(format!("{nombre}{copia}"))) {
                Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
                _ => {}
            }
        }
    }
    Ok(nuevo)
}

/// Replaces every `viejo` in `bytes` with `nuevo`, of the same length: inside a wasm binary a
/// name is preceded by its length.
fn reemplazar(bytes: &mut [u8], viejo: &str, nuevo: &str) -> io::Result<()> {
    let (viejo, nuevo) = (viejo.as_bytes(), nuevo.as_bytes());
    if viejo.len() != nuevo.len() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("un nombre con hash no tiene el largo esperado: {}", String::from_utf8_lossy(viejo)),
        ));
    }
    let mut desde = 0;
    while let Some(en) = bytes[desde..].windows(viejo.len()).position(|ventana| ventana == viejo) {
        bytes[desde + en..desde + en + viejo.len()].copy_from_slice(nuevo);
        desde += en + viejo.len();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const JS: &str = "AAAAAAAAAAAAAAAAAAAAAA";
    const WASM: &str = "BBBBBBBBBBBBBBBBBBBBBB";

    /// A build as cargo-leptos leaves it: the glue and the bundle import the loader (`split`),
    /// which imports the glue back; the glue also names the bundle.
    fn construccion(split: &str, cuerpo: &str) -> (PathBuf, PathBuf) {
        let dir = std::env::temp_dir().join(format!("clave-sence-nombres-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let cargador = format!("__wasm_split.{split}.js");
        std::fs::write(
            dir.join(format!("app.{JS}.js")),
            format!("import * as s from \"./{cargador}\"; const w = \"app.{WASM}.wasm\";"),
        )
        .unwrap();
        std::fs::write(dir.join(format!("app.{WASM}.wasm")), format!("\0asm\x0d./{cargador}{cuerpo}")).unwrap();
        std::fs::write(dir.join(&cargador), format!("import {{ initSync }} from \"./app.{JS}.js\";")).unwrap();
        for archivo in [format!("app.{JS}.js"), format!("app.{WASM}.wasm"), cargador] {
            std::fs::write(dir.join(format!("{archivo}.br")), "viejo").unwrap();
        }
        let hashes = dir.join("hash.txt");
        std::fs::write(&hashes, format!("js: {JS}\nwasm: {WASM}\ncss: CSS\nmanifest: M\nsplit: {split}\n")).unwrap();
        (dir, hashes)
    }

    fn leer(dir: &Path, nombre: &str) -> String {
        String::from_utf8(std::fs::read(dir.join(nombre)).unwrap()).unwrap()
    }

    #[test]
    fn the_three_files_get_one_name_from_their_content_and_name_each_other_by_it() {
        let (dir, hashes) = construccion("CCCCCCCCCCCCCCCCCCCCCC", "código");
        let hash = nombrar_por_contenido(&dir, "app", &hashes).unwrap();
        assert_eq!(hash.len(), HUECO.len());

        assert_eq!(leer(&dir, "hash.txt"), format!("js: {hash}\nwasm: {hash}\ncss: CSS\nmanifest: M\nsplit: {hash}\n"));
        assert_eq!(
            leer(&dir, &format!("app.{hash}.js")),
            format!("import * as s from \"./__wasm_split.{hash}.js\"; const w = \"app.{hash}.wasm\";")
        );
        assert_eq!(leer(&dir, &format!("app.{hash}.wasm")), format!("\0asm\x0d./__wasm_split.{hash}.jscódigo"));
        assert_eq!(
            leer(&dir, &format!("__wasm_split.{hash}.js")),
            format!("import {{ initSync }} from \"./app.{hash}.js\";")
        );
        // The copies the server sends are of the new content, and the earlier names are gone.
        let br = std::fs::read(dir.join(format!("app.{hash}.js.br"))).unwrap();
        let mut js = Vec::new();
        brotli_decompressor::BrotliDecompress(&mut &br[..], &mut js).unwrap();
        assert_eq!(js, std::fs::read(dir.join(format!("app.{hash}.js"))).unwrap());
        for viejo in
            [format!("app.{JS}.js"), format!("app.{WASM}.wasm.br"), "__wasm_split.CCCCCCCCCCCCCCCCCCCCCC.js".into()]
        {
            assert!(!dir.join(viejo).exists());
        }
    }

    #[test]
    fn the_loader_name_alone_does_not_change_the_names_and_the_content_does() {
        // Two builds of the same code whose loader cargo-leptos named differently.
        let (uno, hashes_uno) = construccion("CCCCCCCCCCCCCCCCCCCCCC", "código");
        let (dos, hashes_dos) = construccion("DDDDDDDDDDDDDDDDDDDDDD", "código");
        let (tres, hashes_tres) = construccion("CCCCCCCCCCCCCCCCCCCCCC", "otro código");
        let hash = nombrar_por_contenido(&uno, "app", &hashes_uno).unwrap();
        assert_eq!(nombrar_por_contenido(&dos, "app", &hashes_dos).unwrap(), hash);
        assert_ne!(nombrar_por_contenido(&tres, "app", &hashes_tres).unwrap(), hash);
    }

    #[test]
    fn naming_again_changes_nothing() {
        let (dir, hashes) = construccion("CCCCCCCCCCCCCCCCCCCCCC", "código");
        let hash = nombrar_por_contenido(&dir, "app", &hashes).unwrap();
        let antes: Vec<_> = nombres("app", &hash).iter().map(|n| leer(&dir, n)).collect();
        assert_eq!(nombrar_por_contenido(&dir, "app", &hashes).unwrap(), hash);
        let despues: Vec<_> = nombres("app", &hash).iter().map(|n| leer(&dir, n)).collect();
        assert_eq!(antes, despues);
    }

    #[test]
    fn a_hash_file_without_the_loader_or_a_missing_file_stops_the_build_and_changes_nothing() {
        let (dir, hashes) = construccion("CCCCCCCCCCCCCCCCCCCCCC", "código");
        let antes = leer(&dir, "hash.txt");
        std::fs::write(&hashes, format!("js: {JS}\nwasm: {WASM}\n")).unwrap();
        assert!(nombrar_por_contenido(&dir, "app", &hashes).unwrap_err().to_string().contains("split"));

        std::fs::write(&hashes, &antes).unwrap();
        std::fs::remove_file(dir.join(format!("app.{WASM}.wasm"))).unwrap();
        assert!(nombrar_por_contenido(&dir, "app", &hashes).is_err());
        assert_eq!(leer(&dir, "hash.txt"), antes);
        assert!(dir.join(format!("app.{JS}.js")).exists());
    }
}
