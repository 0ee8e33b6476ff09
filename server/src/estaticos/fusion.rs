//! A page's chunks as one WebAssembly module, which the page instantiates once.
//!
//! Each chunk wasm-split cuts is a module of its own, and a page instantiated every one it needs
//! (58–115 a step page): measured side by side, the page's blocking time grew with their number
//! (docs/rendimiento.md, eighth session). The chunks import from the main module only what they
//! use of three things (its memory, its function table, its stack pointer) and export nothing:
//! each only puts its functions in the table, at places of its own, and a few put data in
//! memory. So the chunks of a page can be one module: their types, functions, element and data
//! segments side by side, each chunk's indices moved past those of the chunks before it, the
//! imports once.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use wasm_encoder::reencode::{self, Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, DataCountSection, DataSection, ElementSection, FunctionSection, GlobalSection, ImportSection, Module,
    NameMap, NameSection, TypeSection,
};
use wasmparser::{CompositeInnerType, Import, KnownCustom, Name, Parser, Payload, TypeRef, ValType};

/// Where one chunk's items go in the merged module: its imports (of the three, those it uses,
/// in its own order) to the merged module's, its own types, functions, globals, element and
/// data segments past those of the chunks before it.
#[derive(Default)]
struct Desplazamiento {
    memorias: Vec<u32>,
    tablas: Vec<u32>,
    globales_importados: Vec<u32>,
    /// The merged module's index of each of the chunk's types (signatures are shared).
    tipos: Vec<u32>,
    funciones: u32,
    /// Where the chunk's own globals start: past every import of the merged module.
    globales: u32,
    elementos: u32,
    datos: u32,
}

type Resultado = Result<u32, reencode::Error<Infallible>>;

impl Reencode for Desplazamiento {
    type Error = Infallible;

    fn type_index(&mut self, tipo: u32) -> Resultado {
        Ok(self.tipos[tipo as usize])
    }

    fn function_index(&mut self, funcion: u32) -> Resultado {
        Ok(funcion + self.funciones)
    }

    fn memory_index(&mut self, memoria: u32) -> Resultado {
        Ok(self.memorias[memoria as usize])
    }

    fn table_index(&mut self, tabla: u32) -> Resultado {
        Ok(self.tablas[tabla as usize])
    }

    fn global_index(&mut self, global: u32) -> Resultado {
        let importados = self.globales_importados.len() as u32;
        Ok(if global < importados {
            self.globales_importados[global as usize]
        } else {
            global - importados + self.globales
        })
    }

    fn element_index(&mut self, elemento: u32) -> Resultado {
        Ok(elemento + self.elementos)
    }

    fn data_index(&mut self, dato: u32) -> Resultado {
        Ok(dato + self.datos)
    }
}

fn invalido(motivo: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("no se pueden fusionar los trozos: {motivo}"))
}

/// The imports of all the chunks, each once (a chunk imports those of the three it uses), and
/// for each chunk where its imports went. Two imports of one name and different types, or a
/// function import, stop the build.
fn importaciones<'a>(trozos: &[&'a [u8]]) -> io::Result<(Vec<Import<'a>>, Vec<Desplazamiento>)> {
    let mut todas: Vec<Import<'a>> = Vec::new();
    let mut por_trozo = Vec::with_capacity(trozos.len());
    for trozo in trozos {
        let mut desplazamiento = Desplazamiento::default();
        for parte in Parser::new(0).parse_all(trozo) {
            let Payload::ImportSection(seccion) = parte.map_err(invalido)? else { continue };
            for importacion in seccion.into_imports() {
                let importacion = importacion.map_err(invalido)?;
                let de_su_clase =
                    |otra: &Import| std::mem::discriminant(&otra.ty) == std::mem::discriminant(&importacion.ty);
                let indice = match todas
                    .iter()
                    .position(|o| o.module == importacion.module && o.name == importacion.name)
                {
                    Some(i) if todas[i].ty == importacion.ty => todas[..i].iter().filter(|o| de_su_clase(o)).count(),
                    Some(_) => return Err(invalido(format!("{} se importa con tipos distintos", importacion.name))),
                    None => {
                        let indice = todas.iter().filter(|o| de_su_clase(o)).count();
                        todas.push(importacion);
                        indice
                    }
                } as u32;
                match importacion.ty {
                    TypeRef::Memory(_) => desplazamiento.memorias.push(indice),
                    TypeRef::Table(_) => desplazamiento.tablas.push(indice),
                    TypeRef::Global(_) => desplazamiento.globales_importados.push(indice),
                    _ => {
                        return Err(invalido(format!(
                            "un trozo importa {}, que no es memoria, tabla ni global",
                            importacion.name
                        )))
                    }
                }
            }
        }
        por_trozo.push(desplazamiento);
    }
    Ok((todas, por_trozo))
}

/// The chunks `trozos` as one module. A chunk of any other shape than the one described above
/// (a function import, an export, a start function, a table or memory of its own) stops the
/// build: the loader's assumptions would not hold.
pub fn fusionar(trozos: &[&[u8]]) -> io::Result<Vec<u8>> {
    let (todas, por_trozo) = importaciones(trozos)?;
    let mut importadas = ImportSection::new();
    for importacion in &todas {
        let tipo = RoundtripReencoder.entity_type(importacion.ty).map_err(invalido)?;
        importadas.import(importacion.module, importacion.name, tipo);
    }
    let globales_importados = todas.iter().filter(|i| matches!(i.ty, TypeRef::Global(_))).count() as u32;

    let mut nuevas = Vec::new();
    let mut funciones = FunctionSection::new();
    let mut globales = GlobalSection::new();
    let mut elementos = ElementSection::new();
    let mut codigo = CodeSection::new();
    let mut datos = DataSection::new();
    let mut hay_cuenta_de_datos = false;
    let mut nombres = NameMap::new();
    // Each function signature once: the chunks repeat the same few, and one index for each
    // keeps their code alike, which compresses better.
    let mut firmas: HashMap<(Vec<ValType>, Vec<ValType>), u32> = HashMap::new();
    // Where the next chunk's own items start.
    let (mut funcion, mut global, mut elemento, mut dato) = (0, globales_importados, 0, 0);

    for (trozo, mut desde) in trozos.iter().zip(por_trozo) {
        (desde.funciones, desde.globales, desde.elementos, desde.datos) = (funcion, global, elemento, dato);
        for parte in Parser::new(0).parse_all(trozo) {
            match parte.map_err(invalido)? {
                Payload::Version { .. }
                | Payload::ImportSection(_)
                | Payload::CodeSectionStart { .. }
                | Payload::End(_) => {}
                // Release chunks carry no names; a build for profiling keeps the functions'
                // (scripts/build.sh), and so does its pack. Producers are dropped.
                Payload::CustomSection(seccion) => {
                    let KnownCustom::Name(lector) = seccion.as_known() else { continue };
                    for nombre in lector {
                        let Name::Function(de_funciones) = nombre.map_err(invalido)? else { continue };
                        for nombrada in de_funciones {
                            let nombrada = nombrada.map_err(invalido)?;
                            nombres.append(nombrada.index + desde.funciones, nombrada.name);
                        }
                    }
                }
                Payload::TypeSection(seccion) => {
                    for grupo in seccion {
                        for subtipo in grupo.map_err(invalido)?.into_types() {
                            let CompositeInnerType::Func(firma) = &subtipo.composite_type.inner else {
                                return Err(invalido("un trozo tiene un tipo que no es de función"));
                            };
                            let clave = (firma.params().to_vec(), firma.results().to_vec());
                            let siguiente = firmas.len() as u32;
                            let indice = *firmas.entry(clave).or_insert_with(|| {
                                let cambiar = |tipos: &[ValType]| {
                                    tipos.iter().map(|t| RoundtripReencoder.val_type(*t)).collect::<Result<Vec<_>, _>>()
                                };
                                nuevas.push((cambiar(firma.params()), cambiar(firma.results())));
                                siguiente
                            });
                            desde.tipos.push(indice);
                        }
                    }
                }
                Payload::FunctionSection(seccion) => {
                    funcion += seccion.count();
                    desde.parse_function_section(&mut funciones, seccion).map_err(invalido)?;
                }
                Payload::GlobalSection(seccion) => {
                    global += seccion.count();
                    desde.parse_global_section(&mut globales, seccion).map_err(invalido)?;
                }
                Payload::ElementSection(seccion) => {
                    elemento += seccion.count();
                    desde.parse_element_section(&mut elementos, seccion).map_err(invalido)?;
                }
                Payload::DataCountSection { .. } => hay_cuenta_de_datos = true,
                Payload::CodeSectionEntry(cuerpo) => {
                    desde.parse_function_body(&mut codigo, cuerpo).map_err(invalido)?
                }
                Payload::DataSection(seccion) => {
                    dato += seccion.count();
                    desde.parse_data_section(&mut datos, seccion).map_err(invalido)?;
                }
                otra => return Err(invalido(format!("un trozo tiene una sección inesperada ({otra:?})"))),
            }
        }
    }

    let mut tipos = TypeSection::new();
    for (parametros, resultados) in nuevas {
        tipos.ty().function(parametros.map_err(invalido)?, resultados.map_err(invalido)?);
    }
    let mut modulo = Module::new();
    modulo.section(&tipos).section(&importadas).section(&funciones);
    if !globales.is_empty() {
        modulo.section(&globales);
    }
    if !elementos.is_empty() {
        modulo.section(&elementos);
    }
    if hay_cuenta_de_datos {
        modulo.section(&DataCountSection { count: dato });
    }
    modulo.section(&codigo);
    if !datos.is_empty() {
        modulo.section(&datos);
    }
    if !nombres.is_empty() {
        let mut seccion = NameSection::new();
        seccion.functions(&nombres);
        modulo.section(&seccion);
    }
    let bytes = modulo.finish();
    wasmparser::Validator::new().validate_all(&bytes).map_err(invalido)?;
    Ok(bytes)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use wasm_encoder::{
        ConstExpr, DataSegment, DataSegmentMode, ElementMode, ElementSegment, Elements, EntityType, Function,
        GlobalType, Instruction, MemoryType, RefType, TableType, ValType,
    };
    use wasmparser::{ElementItems, ElementKind, Operator};

    /// The main module's memory, as a chunk imports it.
    fn importar_memoria(importaciones: &mut ImportSection) {
        let memoria = MemoryType { minimum: 18, maximum: None, memory64: false, shared: false, page_size_log2: None };
        importaciones.import("__wasm_split", "memory", EntityType::Memory(memoria));
    }

    /// The main module's function table, as a chunk imports it.
    fn importar_tabla(importaciones: &mut ImportSection) {
        let tabla =
            TableType { element_type: RefType::FUNCREF, minimum: 100, maximum: None, table64: false, shared: false };
        importaciones.import("__wasm_split", "__indirect_function_table", EntityType::Table(tabla));
    }

    /// A chunk as wasm-split writes one: the main module's memory, table and stack pointer
    /// imported; `cuantas` functions, the last reading the stack pointer and calling the first;
    /// all of them put in the table from `lugar`; and `dato` written in memory.
    pub(in crate::estaticos) fn trozo(cuantas: u32, lugar: i32, dato: &[u8]) -> Vec<u8> {
        let mut tipos = TypeSection::new();
        tipos.ty().function([], []);
        tipos.ty().function([ValType::I32], [ValType::I32]);
        let mut importaciones = ImportSection::new();
        importar_memoria(&mut importaciones);
        importar_tabla(&mut importaciones);
        importaciones.import(
            "__wasm_split",
            "__wasm_split_shared0",
            EntityType::Global(GlobalType { val_type: ValType::I32, mutable: true, shared: false }),
        );
        let mut funciones = FunctionSection::new();
        let mut codigo = CodeSection::new();
        for n in 0..cuantas {
            let ultima = n + 1 == cuantas;
            funciones.function(u32::from(ultima));
            let mut f = Function::new([]);
            if ultima {
                f.instruction(&Instruction::GlobalGet(0));
                f.instruction(&Instruction::Drop);
                if n > 0 {
                    f.instruction(&Instruction::Call(0));
                }
                f.instruction(&Instruction::LocalGet(0));
            }
            f.instruction(&Instruction::End);
            codigo.function(&f);
        }
        let mut elementos = ElementSection::new();
        let indices: Vec<u32> = (0..cuantas).collect();
        elementos.segment(ElementSegment {
            mode: ElementMode::Active { table: None, offset: &ConstExpr::i32_const(lugar) },
            elements: Elements::Functions(indices.into()),
        });
        let mut datos = DataSection::new();
        datos.segment(DataSegment {
            mode: DataSegmentMode::Active { memory_index: 0, offset: &ConstExpr::i32_const(1024 + lugar) },
            data: dato.iter().copied(),
        });
        let mut modulo = Module::new();
        modulo
            .section(&tipos)
            .section(&importaciones)
            .section(&funciones)
            .section(&elementos)
            .section(&DataCountSection { count: 1 })
            .section(&codigo)
            .section(&datos);
        modulo.finish()
    }

    /// What a test reads of a module: each element segment's offset and the functions it puts
    /// in the table; each function's calls; the data segments' bytes; how many imports.
    pub(in crate::estaticos) type Lectura = (Vec<(i32, Vec<u32>)>, Vec<Vec<u32>>, Vec<Vec<u8>>, usize);

    pub(in crate::estaticos) fn leer(modulo: &[u8]) -> Lectura {
        let (mut segmentos, mut llamadas, mut datos, mut importaciones) = (Vec::new(), Vec::new(), Vec::new(), 0);
        for parte in Parser::new(0).parse_all(modulo) {
            match parte.unwrap() {
                Payload::ImportSection(s) => importaciones = s.into_imports().count(),
                Payload::ElementSection(s) => {
                    for segmento in s {
                        let segmento = segmento.unwrap();
                        let ElementKind::Active { offset_expr, .. } = segmento.kind else { panic!("pasivo") };
                        let Some(Ok(Operator::I32Const { value })) =
                            offset_expr.get_operators_reader().into_iter().next()
                        else {
                            panic!("desplazamiento")
                        };
                        let ElementItems::Functions(f) = segmento.items else { panic!("expresiones") };
                        segmentos.push((value, f.into_iter().map(Result::unwrap).collect()));
                    }
                }
                Payload::CodeSectionEntry(cuerpo) => llamadas.push(
                    cuerpo
                        .get_operators_reader()
                        .unwrap()
                        .into_iter()
                        .filter_map(|op| match op.unwrap() {
                            Operator::Call { function_index } => Some(function_index),
                            _ => None,
                        })
                        .collect(),
                ),
                Payload::DataSection(s) => datos.extend(s.into_iter().map(|d| d.unwrap().data.to_vec())),
                _ => {}
            }
        }
        (segmentos, llamadas, datos, importaciones)
    }

    #[test]
    fn the_merged_module_puts_every_chunk_function_in_its_table_place_and_calls_the_same_functions() {
        let (a, b) = (trozo(2, 10, b"uno"), trozo(3, 40, b"dos"));
        let fusion = fusionar(&[&a, &b]).unwrap();
        let (segmentos, llamadas, datos, importaciones) = leer(&fusion);
        assert_eq!(importaciones, 3, "the imports once");
        // b's functions come after a's two.
        assert_eq!(segmentos, [(10, vec![0, 1]), (40, vec![2, 3, 4])]);
        // Each chunk's last function still calls its own first one.
        assert_eq!(llamadas, [vec![], vec![0], vec![], vec![], vec![2]]);
        assert_eq!(datos, [b"uno".to_vec(), b"dos".to_vec()]);
    }

    /// A chunk that imports the table and the memory, in that order, and not the stack pointer,
    /// but has a global of its own, which its one function reads.
    fn trozo_sin_puntero(lugar: i32) -> Vec<u8> {
        let mut tipos = TypeSection::new();
        tipos.ty().function([], [ValType::I32]);
        let mut importaciones = ImportSection::new();
        importar_tabla(&mut importaciones);
        importar_memoria(&mut importaciones);
        let mut funciones = FunctionSection::new();
        funciones.function(0);
        let mut globales = GlobalSection::new();
        globales.global(GlobalType { val_type: ValType::I32, mutable: false, shared: false }, &ConstExpr::i32_const(7));
        let mut elementos = ElementSection::new();
        elementos.segment(ElementSegment {
            mode: ElementMode::Active { table: None, offset: &ConstExpr::i32_const(lugar) },
            elements: Elements::Functions(vec![0].into()),
        });
        let mut codigo = CodeSection::new();
        let mut f = Function::new([]);
        f.instruction(&Instruction::GlobalGet(0));
        f.instruction(&Instruction::End);
        codigo.function(&f);
        let mut modulo = Module::new();
        modulo
            .section(&tipos)
            .section(&importaciones)
            .section(&funciones)
            .section(&globales)
            .section(&elementos)
            .section(&codigo);
        modulo.finish()
    }

    /// The globals each function of a module reads.
    fn globales_leidos(modulo: &[u8]) -> Vec<Vec<u32>> {
        Parser::new(0)
            .parse_all(modulo)
            .filter_map(|parte| match parte.unwrap() {
                Payload::CodeSectionEntry(cuerpo) => Some(
                    cuerpo
                        .get_operators_reader()
                        .unwrap()
                        .into_iter()
                        .filter_map(|op| match op.unwrap() {
                            Operator::GlobalGet { global_index } => Some(global_index),
                            _ => None,
                        })
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn chunks_importing_part_of_the_three_in_another_order_share_the_merged_imports() {
        let (a, b) = (trozo_sin_puntero(5), trozo(2, 10, b"uno"));
        let fusion = fusionar(&[&a, &b]).unwrap();
        let (segmentos, llamadas, _, importaciones) = leer(&fusion);
        assert_eq!(importaciones, 3);
        assert_eq!(segmentos, [(5, vec![0]), (10, vec![1, 2])]);
        assert_eq!(llamadas, [vec![], vec![], vec![1]]);
        // a's own global comes after the one import of the stack pointer (b's), which b reads.
        assert_eq!(globales_leidos(&fusion), [vec![1], vec![], vec![0]]);
    }

    #[test]
    fn one_chunk_merges_into_an_equivalent_module() {
        let a = trozo(2, 10, b"uno");
        let fusion = fusionar(&[&a]).unwrap();
        assert_eq!(leer(&fusion), leer(&a));
    }

    /// `modulo` with a name section naming its functions `nombres`, as a build for profiling
    /// writes its chunks.
    fn con_nombres(mut modulo: Vec<u8>, nombres: &[&str]) -> Vec<u8> {
        let mut mapa = NameMap::new();
        for (indice, nombre) in nombres.iter().enumerate() {
            mapa.append(indice as u32, nombre);
        }
        let mut seccion = NameSection::new();
        seccion.functions(&mapa);
        modulo.push(wasm_encoder::SectionId::Custom as u8);
        wasm_encoder::Encode::encode(&seccion, &mut modulo);
        modulo
    }

    /// The function names a module's name section gives, by index.
    fn nombres_de_funciones(modulo: &[u8]) -> Vec<(u32, String)> {
        let mut nombres = Vec::new();
        for parte in Parser::new(0).parse_all(modulo) {
            let Payload::CustomSection(seccion) = parte.unwrap() else { continue };
            let KnownCustom::Name(lector) = seccion.as_known() else { continue };
            for nombre in lector {
                if let Name::Function(mapa) = nombre.unwrap() {
                    nombres.extend(mapa.into_iter().map(|n| n.unwrap()).map(|n| (n.index, n.name.to_owned())));
                }
            }
        }
        nombres
    }

    #[test]
    fn the_chunks_function_names_follow_their_functions_into_the_pack() {
        let a = con_nombres(trozo(2, 10, b"uno"), &["a0", "a1"]);
        let sin_nombres = trozo(1, 30, b"tres");
        let b = con_nombres(trozo(3, 40, b"dos"), &["b0", "b1", "b2"]);
        let fusion = fusionar(&[&a, &sin_nombres, &b]).unwrap();
        let esperados = [(0, "a0"), (1, "a1"), (3, "b0"), (4, "b1"), (5, "b2")];
        assert_eq!(nombres_de_funciones(&fusion), esperados.map(|(i, n)| (i, n.to_owned())));
        // A release build's chunks have no names, and neither has their pack.
        let (c, d) = (trozo(2, 10, b"uno"), trozo(3, 40, b"dos"));
        assert_eq!(nombres_de_funciones(&fusionar(&[&c, &d]).unwrap()), []);
    }

    #[test]
    fn chunks_that_import_something_else_or_export_stop_the_build() {
        let a = trozo(2, 10, b"uno");
        let mut otro = trozo(1, 20, b"x");
        // The table's minimum, 100 in the chunk's import: another main module's table.
        let posicion = otro.windows(3).position(|w| w == [0x70, 0x00, 100]).expect("the table import");
        otro[posicion + 2] = 101;
        let error = fusionar(&[&a, &otro]).unwrap_err();
        assert!(error.to_string().contains("con tipos distintos"), "{error}");

        let mut con_exportacion = Module::new();
        let mut tipos = TypeSection::new();
        tipos.ty().function([], []);
        let mut funciones = FunctionSection::new();
        funciones.function(0);
        let mut exportaciones = wasm_encoder::ExportSection::new();
        exportaciones.export("f", wasm_encoder::ExportKind::Func, 0);
        let mut codigo = CodeSection::new();
        let mut f = Function::new([]);
        f.instruction(&Instruction::End);
        codigo.function(&f);
        con_exportacion.section(&tipos).section(&funciones).section(&exportaciones).section(&codigo);
        let error = fusionar(&[&a, &con_exportacion.finish()]).unwrap_err();
        assert!(error.to_string().contains("sección inesperada"), "{error}");
    }
}
