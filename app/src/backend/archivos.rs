//! Judges an uploaded file (a foreign trainer's sworn declaration or identity document) by
//! its content. The official guide allows "Tamaño máximo permitido: 1 MB" and "Formato de
//! archivo permitidos .jpg|.png|.pdf"; on top of that the content must match the extension
//! and open completely, so that whoever reviews the request can read it. The MIME type the
//! browser declares is never consulted: it only repeats the extension.
//!
//! [`examinar`] decodes the whole file and is CPU bound: call it on a blocking thread.

use crate::formularios::facilitador;
use std::io::Cursor;

use image::io::{Limits, Reader};
use image::{ImageError, ImageFormat};
use lopdf::xref::XrefRecovery;
use lopdf::{Document, LoadOptions};

/// "Tamaño máximo permitido: 1 MB", read as 1 MiB.
pub const TAMANO_MAXIMO: usize = facilitador::TAMANO_MAXIMO_ARCHIVO as usize;

/// Widest and tallest image decoded, in pixels.
pub const LADO_MAXIMO: u32 = 8000;

/// Memory one image may take once decoded: about 22 megapixels of RGB, enough for phone
/// photos and 300 dpi scans while a crafted file cannot make the server allocate gigabytes.
const MEMORIA_MAXIMA_IMAGEN: u64 = 64 * 1024 * 1024;

/// Bound on what any one PDF stream may inflate to while the document is loaded.
const MEMORIA_MAXIMA_PDF: usize = 32 * 1024 * 1024;

const FIRMA_JPEG: &[u8] = &[0xFF, 0xD8, 0xFF];
const FIRMA_PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
const FIRMA_PDF: &[u8] = b"%PDF-";

/// A format the guide allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormatoArchivo {
    Jpeg,
    Png,
    Pdf,
}

impl FormatoArchivo {
    /// The MIME type to serve the stored file with.
    pub fn tipo_mime(self) -> &'static str {
        match self {
            FormatoArchivo::Jpeg => "image/jpeg",
            FormatoArchivo::Png => "image/png",
            FormatoArchivo::Pdf => "application/pdf",
        }
    }

    /// The code stored in the database.
    pub fn codigo(self) -> &'static str {
        match self {
            FormatoArchivo::Jpeg => "jpeg",
            FormatoArchivo::Png => "png",
            FormatoArchivo::Pdf => "pdf",
        }
    }

    /// Reads back a [`FormatoArchivo::codigo`].
    pub fn desde_codigo(codigo: &str) -> Option<FormatoArchivo> {
        match codigo {
            "jpeg" => Some(FormatoArchivo::Jpeg),
            "png" => Some(FormatoArchivo::Png),
            "pdf" => Some(FormatoArchivo::Pdf),
            _ => None,
        }
    }

    /// The extension, without the dot, to name a downloaded copy.
    pub fn extension(self) -> &'static str {
        match self {
            FormatoArchivo::Jpeg => "jpg",
            FormatoArchivo::Png => "png",
            FormatoArchivo::Pdf => "pdf",
        }
    }

    /// How the messages name the content.
    fn descripcion(self) -> &'static str {
        match self {
            FormatoArchivo::Jpeg => "una imagen JPG",
            FormatoArchivo::Png => "una imagen PNG",
            FormatoArchivo::Pdf => "un documento PDF",
        }
    }

    /// The format the file name announces; `None` without an allowed extension. Browsers
    /// send the bare name, but old ones sent a whole Windows path.
    fn por_nombre(nombre: &str) -> Option<FormatoArchivo> {
        let base = nombre.trim().rsplit(['/', '\\']).next().unwrap_or_default();
        let (_, extension) = base.rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(FormatoArchivo::Jpeg),
            "png" => Some(FormatoArchivo::Png),
            "pdf" => Some(FormatoArchivo::Pdf),
            _ => None,
        }
    }

    /// The format the first bytes announce.
    fn por_firma(contenido: &[u8]) -> Option<FormatoArchivo> {
        if contenido.starts_with(FIRMA_JPEG) {
            Some(FormatoArchivo::Jpeg)
        } else if contenido.starts_with(FIRMA_PNG) {
            Some(FormatoArchivo::Png)
        } else if contenido.starts_with(FIRMA_PDF) {
            Some(FormatoArchivo::Pdf)
        } else {
            None
        }
    }
}

/// Why an uploaded file is refused. The messages are shown next to the upload field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArchivoRechazado {
    #[error("El archivo está vacío. Seleccione el archivo escaneado o fotografiado y vuelva a subirlo.")]
    Vacio,
    #[error("{}", facilitador::ARCHIVO_DEMASIADO_GRANDE)]
    DemasiadoGrande,
    #[error("{}", facilitador::ARCHIVO_EXTENSION_NO_PERMITIDA)]
    ExtensionNoPermitida,
    #[error("El contenido del archivo no es una imagen JPG o PNG ni un documento PDF. Use .jpg, .png o .pdf.")]
    ContenidoNoPermitido,
    #[error(
        "La extensión del archivo no corresponde a su contenido, que es {}. Guárdelo con la extensión .{} y vuelva a subirlo.",
        .contenido.descripcion(),
        .contenido.extension()
    )]
    NoCoincide { contenido: FormatoArchivo },
    #[error(
        "La imagen tiene una resolución demasiado alta. Redúzcala a no más de 4000 × 4000 píxeles y vuelva a subirla."
    )]
    ResolucionExcesiva,
    #[error("El PDF está protegido con contraseña. Guárdelo sin contraseña y vuelva a subirlo.")]
    PdfProtegido,
    #[error("El archivo está dañado o no se puede leer. Vuelva a escanearlo o a guardarlo y súbalo nuevamente.")]
    Danado,
}

/// Accepts `contenido`, uploaded under the name `nombre`, when it is a JPEG, PNG or PDF of
/// at most [`TAMANO_MAXIMO`] bytes whose extension matches its content and that opens
/// completely; returns the format to store it with.
pub fn examinar(nombre: &str, contenido: &[u8]) -> Result<FormatoArchivo, ArchivoRechazado> {
    if contenido.is_empty() {
        return Err(ArchivoRechazado::Vacio);
    }
    if contenido.len() > TAMANO_MAXIMO {
        return Err(ArchivoRechazado::DemasiadoGrande);
    }
    let declarado = FormatoArchivo::por_nombre(nombre).ok_or(ArchivoRechazado::ExtensionNoPermitida)?;
    let formato = FormatoArchivo::por_firma(contenido).ok_or(ArchivoRechazado::ContenidoNoPermitido)?;
    if formato != declarado {
        return Err(ArchivoRechazado::NoCoincide { contenido: formato });
    }
    match formato {
        FormatoArchivo::Jpeg => decodificar_imagen(contenido, ImageFormat::Jpeg)?,
        FormatoArchivo::Png => decodificar_imagen(contenido, ImageFormat::Png)?,
        FormatoArchivo::Pdf => abrir_pdf(contenido)?,
    }
    Ok(formato)
}

/// Decodes every pixel, so a truncated or corrupt image is caught now rather than by the
/// reviewer. The limits are checked against the header before any pixel buffer exists.
fn decodificar_imagen(contenido: &[u8], formato: ImageFormat) -> Result<(), ArchivoRechazado> {
    let mut limites = Limits::default();
    limites.max_image_width = Some(LADO_MAXIMO);
    limites.max_image_height = Some(LADO_MAXIMO);
    limites.max_alloc = Some(MEMORIA_MAXIMA_IMAGEN);
    let mut lector = Reader::with_format(Cursor::new(contenido), formato);
    lector.limits(limites);
    match lector.decode() {
        Ok(_) => Ok(()),
        Err(ImageError::Limits(_)) => Err(ArchivoRechazado::ResolucionExcesiva),
        Err(_) => Err(ArchivoRechazado::Danado),
    }
}

/// Loads the PDF the way a viewer would and asks for at least one page. A cross-reference
/// table that had to be rebuilt by scanning means the end of the file is missing (the usual
/// cut-off upload), and a page tree that lists more pages than it holds means pages are lost.
fn abrir_pdf(contenido: &[u8]) -> Result<(), ArchivoRechazado> {
    let opciones = LoadOptions { max_decompressed_size: Some(MEMORIA_MAXIMA_PDF), ..LoadOptions::default() };
    let documento = Document::load_mem_with_options(contenido, opciones).map_err(|_| ArchivoRechazado::Danado)?;
    // Without the password lopdf still loads the file, but leaves it undecrypted.
    if documento.is_encrypted() && !documento.was_encrypted() {
        return Err(ArchivoRechazado::PdfProtegido);
    }
    if documento.xref_recovery == Some(XrefRecovery::Reconstructed) {
        return Err(ArchivoRechazado::Danado);
    }
    let paginas = documento.get_pages().len();
    let declaradas = documento
        .catalog()
        .and_then(|catalogo| catalogo.get(b"Pages"))
        .and_then(|raiz| documento.dereference(raiz))
        .and_then(|(_, raiz)| raiz.as_dict())
        .and_then(|raiz| raiz.get(b"Count"))
        .and_then(|cuenta| cuenta.as_i64())
        .map_err(|_| ArchivoRechazado::Danado)?;
    if paginas == 0 || i64::try_from(paginas) != Ok(declaradas) {
        return Err(ArchivoRechazado::Danado);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageOutputFormat, Rgb, RgbImage};
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Object, Stream};
    use lopdf::{EncryptionState, EncryptionVersion, Permissions};

    fn imagen(formato: ImageOutputFormat) -> Vec<u8> {
        let imagen = RgbImage::from_fn(64, 48, |x, y| Rgb([(x * 4) as u8, (y * 5) as u8, 128]));
        let mut bytes = Cursor::new(Vec::new());
        imagen.write_to(&mut bytes, formato).unwrap();
        bytes.into_inner()
    }

    fn png() -> Vec<u8> {
        imagen(ImageOutputFormat::Png)
    }

    fn jpeg() -> Vec<u8> {
        imagen(ImageOutputFormat::Jpeg(85))
    }

    /// A document with `paginas` pages of text, whose page tree declares `cuenta` pages.
    fn documento_pdf(paginas: usize, cuenta: i64) -> Document {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let fuente_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
        });
        let mut hijos = Vec::new();
        for n in 0..paginas {
            let contenido = Content {
                operations: vec![
                    Operation::new("BT", vec![]),
                    Operation::new("Tf", vec!["F1".into(), 14.into()]),
                    Operation::new("Td", vec![72.into(), 720.into()]),
                    Operation::new("Tj", vec![Object::string_literal(format!("Declaracion jurada, pagina {n}"))]),
                    Operation::new("ET", vec![]),
                ],
            };
            let contenido_id = doc.add_object(Stream::new(dictionary! {}, contenido.encode().unwrap()));
            let pagina_id = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => contenido_id,
            });
            hijos.push(pagina_id.into());
        }
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => hijos,
                "Count" => cuenta,
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => fuente_id } },
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalogo_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalogo_id);
        doc.trailer.set(
            "ID",
            Object::Array(vec![Object::string_literal(vec![1u8; 16]), Object::string_literal(vec![2u8; 16])]),
        );
        doc
    }

    fn guardar(mut doc: Document) -> Vec<u8> {
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    fn pdf() -> Vec<u8> {
        guardar(documento_pdf(1, 1))
    }

    /// A PNG whose header declares `ancho` × `alto` RGBA pixels of `profundidad` bits, with
    /// valid CRCs and a few bytes of (far too little) image data.
    fn png_declarando(ancho: u32, alto: u32, profundidad: u8) -> Vec<u8> {
        fn trozo(salida: &mut Vec<u8>, tipo: &[u8; 4], datos: &[u8]) {
            salida.extend_from_slice(&(datos.len() as u32).to_be_bytes());
            let inicio = salida.len();
            salida.extend_from_slice(tipo);
            salida.extend_from_slice(datos);
            let crc = crc32(&salida[inicio..]);
            salida.extend_from_slice(&crc.to_be_bytes());
        }
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&ancho.to_be_bytes());
        ihdr.extend_from_slice(&alto.to_be_bytes());
        ihdr.extend_from_slice(&[profundidad, 6, 0, 0, 0]);
        let mut salida = FIRMA_PNG.to_vec();
        trozo(&mut salida, b"IHDR", &ihdr);
        // A zlib stream of a few zero bytes (stored block).
        trozo(&mut salida, b"IDAT", &[0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x01]);
        trozo(&mut salida, b"IEND", &[]);
        salida
    }

    /// CRC-32 as PNG chunks use it (ISO 3309, reflected 0xEDB88320).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// Offset of the type tag of the first chunk `tipo`; its length is the 4 bytes before.
    fn posicion_trozo(png: &[u8], tipo: &[u8; 4]) -> usize {
        png.windows(4).position(|w| w == tipo).unwrap()
    }

    #[test]
    fn acepta_jpeg_png_y_pdf_validos() {
        assert_eq!(examinar("cedula.jpg", &jpeg()), Ok(FormatoArchivo::Jpeg));
        assert_eq!(examinar("cedula.jpeg", &jpeg()), Ok(FormatoArchivo::Jpeg));
        assert_eq!(examinar("cedula.png", &png()), Ok(FormatoArchivo::Png));
        assert_eq!(examinar("declaracion.pdf", &pdf()), Ok(FormatoArchivo::Pdf));
        assert_eq!(examinar("varias.pdf", &guardar(documento_pdf(3, 3))), Ok(FormatoArchivo::Pdf));
    }

    #[test]
    fn la_extension_no_distingue_mayusculas_ni_ruta() {
        assert_eq!(examinar("FOTO.JPG", &jpeg()), Ok(FormatoArchivo::Jpeg));
        assert_eq!(examinar("Scan.Pdf", &pdf()), Ok(FormatoArchivo::Pdf));
        assert_eq!(examinar("C:\\fakepath\\cedula.PNG ", &png()), Ok(FormatoArchivo::Png));
    }

    #[test]
    fn rechaza_archivo_vacio() {
        assert_eq!(examinar("cedula.jpg", &[]), Err(ArchivoRechazado::Vacio));
    }

    #[test]
    fn el_limite_es_exactamente_un_mib() {
        // A valid PDF padded with a trailing comment still opens, so exactly 1 MiB passes.
        let mut justo = pdf();
        justo.push(b'%');
        justo.resize(TAMANO_MAXIMO - 1, b' ');
        justo.push(b'\n');
        assert_eq!(justo.len(), 1_048_576);
        assert_eq!(examinar("declaracion.pdf", &justo), Ok(FormatoArchivo::Pdf));

        justo.push(b'\n');
        assert_eq!(justo.len(), 1_048_577);
        assert_eq!(examinar("declaracion.pdf", &justo), Err(ArchivoRechazado::DemasiadoGrande));
        assert_eq!(examinar("declaracion.pdf", &vec![0u8; 1_048_577]), Err(ArchivoRechazado::DemasiadoGrande));
    }

    #[test]
    fn rechaza_extension_no_permitida_o_ausente() {
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        assert_eq!(examinar("foto.gif", gif), Err(ArchivoRechazado::ExtensionNoPermitida));
        assert_eq!(examinar("cedula", &png()), Err(ArchivoRechazado::ExtensionNoPermitida));
        assert_eq!(examinar("cedula.", &png()), Err(ArchivoRechazado::ExtensionNoPermitida));
        assert_eq!(examinar("cedula.png.exe", &png()), Err(ArchivoRechazado::ExtensionNoPermitida));
        assert_eq!(examinar("carpeta.png/cedula", &png()), Err(ArchivoRechazado::ExtensionNoPermitida));
    }

    #[test]
    fn rechaza_contenido_que_no_es_imagen_ni_pdf() {
        assert_eq!(examinar("cedula.jpg", b"Esto es un texto.\n"), Err(ArchivoRechazado::ContenidoNoPermitido));
        assert_eq!(examinar("cedula.jpg", b"MZ\x90\x00\x03\x00\x00\x00"), Err(ArchivoRechazado::ContenidoNoPermitido));
    }

    #[test]
    fn rechaza_contenido_distinto_de_la_extension() {
        let rechazo = examinar("x.pdf", &png()).unwrap_err();
        assert_eq!(rechazo, ArchivoRechazado::NoCoincide { contenido: FormatoArchivo::Png });
        assert_eq!(
            rechazo.to_string(),
            "La extensión del archivo no corresponde a su contenido, que es una imagen PNG. \
             Guárdelo con la extensión .png y vuelva a subirlo."
        );
        assert_eq!(examinar("x.png", &jpeg()), Err(ArchivoRechazado::NoCoincide { contenido: FormatoArchivo::Jpeg }));
        assert_eq!(examinar("x.jpg", &pdf()), Err(ArchivoRechazado::NoCoincide { contenido: FormatoArchivo::Pdf }));
    }

    #[test]
    fn rechaza_pdf_truncado() {
        let completo = pdf();
        assert_eq!(examinar("d.pdf", &completo[..completo.len() / 2]), Err(ArchivoRechazado::Danado));
        assert_eq!(examinar("d.pdf", &completo[..completo.len() - 40]), Err(ArchivoRechazado::Danado));
    }

    #[test]
    fn rechaza_pdf_sin_paginas_o_con_paginas_perdidas() {
        assert_eq!(examinar("d.pdf", &guardar(documento_pdf(0, 0))), Err(ArchivoRechazado::Danado));
        assert_eq!(examinar("d.pdf", &guardar(documento_pdf(1, 2))), Err(ArchivoRechazado::Danado));
    }

    #[test]
    fn rechaza_pdf_con_contrasena() {
        let mut doc = documento_pdf(1, 1);
        let cifrado = EncryptionState::try_from(EncryptionVersion::V1 {
            document: &doc,
            owner_password: "duenno",
            user_password: "secreta",
            permissions: Permissions::all(),
        })
        .unwrap();
        doc.encrypt(&cifrado).unwrap();
        assert_eq!(examinar("d.pdf", &guardar(doc)), Err(ArchivoRechazado::PdfProtegido));
    }

    #[test]
    fn acepta_pdf_cifrado_sin_contrasena_de_apertura() {
        // Only an owner password (restricting printing or editing): every viewer opens it.
        let mut doc = documento_pdf(1, 1);
        let cifrado = EncryptionState::try_from(EncryptionVersion::V1 {
            document: &doc,
            owner_password: "duenno",
            user_password: "",
            permissions: Permissions::empty(),
        })
        .unwrap();
        doc.encrypt(&cifrado).unwrap();
        assert_eq!(examinar("d.pdf", &guardar(doc)), Ok(FormatoArchivo::Pdf));
    }

    #[test]
    fn rechaza_png_con_idat_cortado() {
        let completo = png();
        let idat = posicion_trozo(&completo, b"IDAT");
        let largo = u32::from_be_bytes(completo[idat - 4..idat].try_into().unwrap()) as usize;
        let cortado = &completo[..idat + 4 + largo / 2];
        assert_eq!(examinar("cedula.png", cortado), Err(ArchivoRechazado::Danado));
    }

    #[test]
    fn rechaza_png_con_bytes_alterados() {
        let mut alterado = png();
        let idat = posicion_trozo(&alterado, b"IDAT");
        alterado[idat + 10] ^= 0xFF;
        assert_eq!(examinar("cedula.png", &alterado), Err(ArchivoRechazado::Danado));
    }

    #[test]
    fn rechaza_jpeg_truncado() {
        let completo = jpeg();
        assert_eq!(examinar("cedula.jpg", &completo[..completo.len() / 2]), Err(ArchivoRechazado::Danado));
        assert_eq!(examinar("cedula.jpg", &completo[..40]), Err(ArchivoRechazado::Danado));
    }

    #[test]
    fn rechaza_bomba_de_descompresion_sin_decodificarla() {
        // 100000 × 100000 RGBA would be 40 GB: refused from the header alone.
        let bomba = png_declarando(100_000, 100_000, 8);
        assert_eq!(crc32(b"IEND"), 0xAE42_6082, "the test's CRC must be the PNG one");
        assert_eq!(examinar("cedula.png", &bomba), Err(ArchivoRechazado::ResolucionExcesiva));
        // Within the side limit but 8000 × 8000 × 16-bit RGBA is 512 MB: over the memory limit.
        assert_eq!(examinar("cedula.png", &png_declarando(8000, 8000, 16)), Err(ArchivoRechazado::ResolucionExcesiva));
        // A small header with the same too-short data is judged damaged, not too big.
        assert_eq!(examinar("cedula.png", &png_declarando(2000, 2000, 8)), Err(ArchivoRechazado::Danado));
    }

    #[test]
    fn el_codigo_se_lee_de_vuelta() {
        for formato in [FormatoArchivo::Jpeg, FormatoArchivo::Png, FormatoArchivo::Pdf] {
            assert_eq!(FormatoArchivo::desde_codigo(formato.codigo()), Some(formato));
        }
        assert_eq!(FormatoArchivo::desde_codigo("gif"), None);
        assert_eq!(FormatoArchivo::Jpeg.tipo_mime(), "image/jpeg");
        assert_eq!(FormatoArchivo::Png.tipo_mime(), "image/png");
        assert_eq!(FormatoArchivo::Pdf.tipo_mime(), "application/pdf");
        assert_eq!(FormatoArchivo::Jpeg.extension(), "jpg");
    }
}
