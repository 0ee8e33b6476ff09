//! The sworn-declaration template a company downloads ("Descargue AQUÍ la plantilla de
//! declaración jurada (*.docx)") when it asks for a foreign trainer's Clave SENCE: a Word
//! document with the company already filled in and blank fields for the trainer, to print,
//! sign, scan and upload.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, HeightRule, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Table, TableCell, TableRow,
    VAlignType, WidthType,
};

pub const NOMBRE_ARCHIVO: &str = "declaracion_jurada_facilitador.docx";
pub const TIPO_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What the trainer (or the company) writes by hand, in the order of the request form.
const CAMPOS_FACILITADOR: [&str; 8] = [
    "Nombres",
    "Apellido Paterno",
    "Apellido Materno",
    "Tipo de Documento",
    "Número de documento de Identificación",
    "País de Origen",
    "Fecha de Nacimiento (dd-mm-aaaa)",
    "Email",
];

/// Signature lines, two per row.
const FIRMAS: [&str; 4] =
    ["Firma del Facilitador", "Nombre y firma del Representante Legal", "RUT Representante Legal", "Fecha"];

// Sizes in twentieths of a point (twips) for layout and half-points for text, as Word counts.
const CARTA_ANCHO: u32 = 12240;
const CARTA_ALTO: u32 = 15840;
const MARGEN: i32 = 1418;
const ANCHO_UTIL: usize = CARTA_ANCHO as usize - 2 * MARGEN as usize;
const ANCHO_ETIQUETA: usize = 3600;
const ALTO_CAMPO: f32 = 460.0;
const LETRA: usize = 22;
const LETRA_TITULO: usize = 28;
const LETRA_NOTA: usize = 18;

#[derive(Debug, thiserror::Error)]
pub enum ErrorPlantilla {
    #[error("No se pudo generar la plantilla de declaración jurada.")]
    Empaquetar(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The template for the company `razon_social`, whose RUT arrives formatted
/// (`76.543.210-3`), as the bytes of a .docx file.
pub fn declaracion_jurada(razon_social: &str, rut_empresa: &str) -> Result<Vec<u8>, ErrorPlantilla> {
    let razon_social = texto_seguro(razon_social);
    let rut_empresa = texto_seguro(rut_empresa);

    let mut docx = Docx::new()
        .page_size(CARTA_ANCHO, CARTA_ALTO)
        .page_margin(PageMargin::new().top(MARGEN).bottom(MARGEN).left(MARGEN).right(MARGEN))
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(LETRA)
        .add_paragraph(
            parrafo(AlignmentType::Center, 120).add_run(negrita("DECLARACIÓN JURADA SIMPLE").size(LETRA_TITULO)),
        )
        .add_paragraph(
            parrafo(AlignmentType::Center, 360)
                .add_run(negrita("Solicitud de Clave SENCE para Facilitador Extranjero")),
        )
        .add_paragraph(
            parrafo(AlignmentType::Left, 0)
                .add_run(negrita("Razón social: "))
                .add_run(Run::new().add_text(&razon_social)),
        )
        .add_paragraph(
            parrafo(AlignmentType::Left, 240).add_run(negrita("RUT: ")).add_run(Run::new().add_text(&rut_empresa)),
        )
        .add_paragraph(parrafo(AlignmentType::Both, 240).add_run(Run::new().add_text(format!(
            "{razon_social}, RUT {rut_empresa}, por medio de su representante legal que suscribe, declara bajo \
             juramento que la persona individualizada a continuación, de nacionalidad extranjera, realizará \
             acciones de capacitación como facilitador por cuenta de esta empresa, para lo cual solicita su \
             Clave SENCE. Declara, asimismo, que los datos consignados en este documento son verdaderos."
        ))))
        .add_paragraph(parrafo(AlignmentType::Left, 120).add_run(negrita("Datos del facilitador extranjero")))
        .add_table(tabla_campos())
        .add_paragraph(parrafo(AlignmentType::Left, 240));

    for par in FIRMAS.chunks(2) {
        docx = docx.add_table(fila_firmas(par));
    }

    let docx = docx.add_paragraph(
        parrafo(AlignmentType::Both, 0).add_run(
            Run::new()
                .add_text(
                    "Una vez firmado, digitalice este documento (escáner o fotografía legible) y súbalo en la \
                     solicitud como archivo .jpg, .png o .pdf de un tamaño máximo de 1 MB.",
                )
                .italic()
                .size(LETRA_NOTA),
        ),
    );

    let mut salida = Cursor::new(Vec::new());
    docx.build().pack(&mut salida).map_err(|e| ErrorPlantilla::Empaquetar(Box::new(e)))?;
    Ok(salida.into_inner())
}

/// XML 1.0 forbids most control characters even escaped, and Word refuses a file holding
/// one; a pasted tab or line break becomes a space.
fn texto_seguro(texto: &str) -> String {
    let limpio: String = texto.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    limpio.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parrafo(alineacion: AlignmentType, espacio_despues: u32) -> Paragraph {
    Paragraph::new().align(alineacion).line_spacing(LineSpacing::new().after(espacio_despues))
}

fn negrita(texto: &str) -> Run {
    Run::new().add_text(texto).bold()
}

/// One row per field: the label and an empty cell tall enough to write in by hand.
fn tabla_campos() -> Table {
    let ancho_valor = ANCHO_UTIL - ANCHO_ETIQUETA;
    let filas = CAMPOS_FACILITADOR
        .iter()
        .map(|campo| {
            TableRow::new(vec![
                TableCell::new()
                    .width(ANCHO_ETIQUETA, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(Paragraph::new().add_run(negrita(campo))),
                TableCell::new().width(ancho_valor, WidthType::Dxa).add_paragraph(Paragraph::new()),
            ])
            .row_height(ALTO_CAMPO)
            .height_rule(HeightRule::AtLeast)
        })
        .collect();
    Table::new(filas).set_grid(vec![ANCHO_ETIQUETA, ancho_valor]).width(ANCHO_UTIL, WidthType::Dxa)
}

/// Two signature blocks side by side: room to sign, a line, and what goes there.
fn fila_firmas(etiquetas: &[&str]) -> Table {
    let ancho = ANCHO_UTIL / 2;
    let celdas = etiquetas
        .iter()
        .map(|etiqueta| {
            TableCell::new()
                .width(ancho, WidthType::Dxa)
                .add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().before(720)))
                .add_paragraph(parrafo(AlignmentType::Center, 0).add_run(Run::new().add_text("_".repeat(34))))
                .add_paragraph(parrafo(AlignmentType::Center, 240).add_run(Run::new().add_text(*etiqueta).size(20)))
        })
        .collect();
    Table::without_borders(vec![TableRow::new(celdas)]).set_grid(vec![ancho, ancho]).width(ANCHO_UTIL, WidthType::Dxa)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::DocumentChild;
    use std::io::Read;

    fn parte(docx: &[u8], nombre: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a .docx is a ZIP archive");
        let mut texto = String::new();
        zip.by_name(nombre).unwrap().read_to_string(&mut texto).unwrap();
        texto
    }

    /// The text of each top-level paragraph, as docx-rs reads the file back (unescaped).
    fn parrafos_leidos(docx: &[u8]) -> Vec<String> {
        let leido = docx_rs::read_docx(docx).expect("the document reads back");
        leido
            .document
            .children
            .iter()
            .filter_map(|hijo| match hijo {
                DocumentChild::Paragraph(p) => Some(p.raw_text()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn es_un_docx_con_la_empresa_y_los_campos() {
        let docx = declaracion_jurada("Capacitaciones del Sur SpA", "76.543.210-3").unwrap();
        assert!(docx.starts_with(b"PK\x03\x04"));
        let tipos = parte(&docx, "[Content_Types].xml");
        assert!(tipos.contains("wordprocessingml.document.main+xml"));
        let documento = parte(&docx, "word/document.xml");
        for esperado in [
            "DECLARACIÓN JURADA SIMPLE",
            "Solicitud de Clave SENCE para Facilitador Extranjero",
            "Capacitaciones del Sur SpA",
            "76.543.210-3",
            "Firma del Facilitador",
            "Nombre y firma del Representante Legal",
            "RUT Representante Legal",
            ".jpg, .png o .pdf de un tamaño máximo de 1 MB",
        ] {
            assert!(documento.contains(esperado), "falta «{esperado}»");
        }
        for campo in CAMPOS_FACILITADOR {
            assert!(documento.contains(campo), "falta el campo «{campo}»");
        }
    }

    #[test]
    fn escapa_los_caracteres_especiales_de_xml() {
        let docx = declaracion_jurada("Pérez & Hijos <Ltda>", "76.543.210-3").unwrap();
        let documento = parte(&docx, "word/document.xml");
        assert!(documento.contains("Pérez &amp; Hijos &lt;Ltda&gt;"));
        assert!(!documento.contains("<Ltda>"));
        assert!(!documento.contains("&amp;amp;"), "escaped twice");
        let parrafos = parrafos_leidos(&docx);
        assert!(parrafos.iter().any(|p| p == "Razón social: Pérez & Hijos <Ltda>"), "{parrafos:?}");
    }

    #[test]
    fn quita_caracteres_de_control() {
        let docx = declaracion_jurada("Uno\u{1}Dos\tTres\r\nCuatro", "76.543.210-3").unwrap();
        let documento = parte(&docx, "word/document.xml");
        assert!(!documento.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t'));
        assert!(parrafos_leidos(&docx).iter().any(|p| p == "Razón social: Uno Dos Tres Cuatro"));
    }
}
