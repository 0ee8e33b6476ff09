//! The official Región → Comuna catalogue (División Político-Administrativa, códigos únicos
//! territoriales of SUBDERE/INE, as in force since the creation of Ñuble in 2018).
//!
//! Plain static arrays so that the browser (wasm) and the server share the very same list
//! with no parsing or allocation at start-up; a comuna the user picks can only be one of these.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A region with its 2-digit CUT code and its comunas, ordered by code.
#[derive(Debug, PartialEq, Eq)]
pub struct Region {
    pub codigo: &'static str,
    pub nombre: &'static str,
    pub comunas: &'static [Comuna],
}

/// A comuna with its 5-digit CUT code; the first two digits are its region's code.
#[derive(Debug, PartialEq, Eq)]
pub struct Comuna {
    pub codigo: &'static str,
    pub nombre: &'static str,
}

const fn c(codigo: &'static str, nombre: &'static str) -> Comuna {
    Comuna { codigo, nombre }
}

/// The region with this 2-digit code, if any.
pub fn region(codigo: &str) -> Option<&'static Region> {
    REGIONES.iter().find(|r| r.codigo == codigo)
}

/// A comuna chosen by code: can only hold a code of the catalogue.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CodigoComuna(&'static Comuna);

/// Why a comuna selection was refused, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComunaError {
    #[error("Seleccione una comuna.")]
    NoSeleccionada,
    #[error("La comuna seleccionada no existe.")]
    Desconocida,
}

impl CodigoComuna {
    /// Accepts a 5-digit CUT code of the catalogue (surrounding spaces ignored, since it
    /// usually comes from a form field).
    pub fn parse(codigo: &str) -> Result<CodigoComuna, ComunaError> {
        let codigo = codigo.trim();
        if codigo.is_empty() {
            return Err(ComunaError::NoSeleccionada);
        }
        REGIONES
            .iter()
            .flat_map(|r| r.comunas)
            .find(|c| c.codigo == codigo)
            .map(CodigoComuna)
            .ok_or(ComunaError::Desconocida)
    }

    pub fn codigo(self) -> &'static str {
        self.0.codigo
    }

    pub fn nombre(self) -> &'static str {
        self.0.nombre
    }

    /// The region holding this comuna (the one whose code is the comuna code's first two digits).
    pub fn region(self) -> &'static Region {
        region(&self.0.codigo[..2]).expect("every catalogue comuna belongs to a region")
    }
}

impl fmt::Display for CodigoComuna {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.nombre)
    }
}

/// Travels as the bare 5-digit code, the stable identifier (names may change spelling).
impl Serialize for CodigoComuna {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.codigo)
    }
}

/// Goes through `parse`, so a forged or stale code is refused at the boundary.
impl<'de> Deserialize<'de> for CodigoComuna {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let codigo = String::deserialize(deserializer)?;
        CodigoComuna::parse(&codigo).map_err(serde::de::Error::custom)
    }
}

// Source: SUBDERE códigos únicos territoriales (2018, 16 regions), cross-checked against
// an independent accented list. Regions in the official north-to-south order.
pub static REGIONES: [Region; 16] = [
    Region {
        codigo: "15",
        nombre: "Arica y Parinacota",
        comunas: &[c("15101", "Arica"), c("15102", "Camarones"), c("15201", "Putre"), c("15202", "General Lagos")],
    },
    Region {
        codigo: "01",
        nombre: "Tarapacá",
        comunas: &[
            c("01101", "Iquique"),
            c("01107", "Alto Hospicio"),
            c("01401", "Pozo Almonte"),
            c("01402", "Camiña"),
            c("01403", "Colchane"),
            c("01404", "Huara"),
            c("01405", "Pica"),
        ],
    },
    Region {
        codigo: "02",
        nombre: "Antofagasta",
        comunas: &[
            c("02101", "Antofagasta"),
            c("02102", "Mejillones"),
            c("02103", "Sierra Gorda"),
            c("02104", "Taltal"),
            c("02201", "Calama"),
            c("02202", "Ollagüe"),
            c("02203", "San Pedro de Atacama"),
            c("02301", "Tocopilla"),
            c("02302", "María Elena"),
        ],
    },
    Region {
        codigo: "03",
        nombre: "Atacama",
        comunas: &[
            c("03101", "Copiapó"),
            c("03102", "Caldera"),
            c("03103", "Tierra Amarilla"),
            c("03201", "Chañaral"),
            c("03202", "Diego de Almagro"),
            c("03301", "Vallenar"),
            c("03302", "Alto del Carmen"),
            c("03303", "Freirina"),
            c("03304", "Huasco"),
        ],
    },
    Region {
        codigo: "04",
        nombre: "Coquimbo",
        comunas: &[
            c("04101", "La Serena"),
            c("04102", "Coquimbo"),
            c("04103", "Andacollo"),
            c("04104", "La Higuera"),
            c("04105", "Paiguano"),
            c("04106", "Vicuña"),
            c("04201", "Illapel"),
            c("04202", "Canela"),
            c("04203", "Los Vilos"),
            c("04204", "Salamanca"),
            c("04301", "Ovalle"),
            c("04302", "Combarbalá"),
            c("04303", "Monte Patria"),
            c("04304", "Punitaqui"),
            c("04305", "Río Hurtado"),
        ],
    },
    Region {
        codigo: "05",
        nombre: "Valparaíso",
        comunas: &[
            c("05101", "Valparaíso"),
            c("05102", "Casablanca"),
            c("05103", "Concón"),
            c("05104", "Juan Fernández"),
            c("05105", "Puchuncaví"),
            c("05107", "Quintero"),
            c("05109", "Viña del Mar"),
            c("05201", "Isla de Pascua"),
            c("05301", "Los Andes"),
            c("05302", "Calle Larga"),
            c("05303", "Rinconada"),
            c("05304", "San Esteban"),
            c("05401", "La Ligua"),
            c("05402", "Cabildo"),
            c("05403", "Papudo"),
            c("05404", "Petorca"),
            c("05405", "Zapallar"),
            c("05501", "Quillota"),
            c("05502", "Calera"),
            c("05503", "Hijuelas"),
            c("05504", "La Cruz"),
            c("05506", "Nogales"),
            c("05601", "San Antonio"),
            c("05602", "Algarrobo"),
            c("05603", "Cartagena"),
            c("05604", "El Quisco"),
            c("05605", "El Tabo"),
            c("05606", "Santo Domingo"),
            c("05701", "San Felipe"),
            c("05702", "Catemu"),
            c("05703", "Llaillay"),
            c("05704", "Panquehue"),
            c("05705", "Putaendo"),
            c("05706", "Santa María"),
            c("05801", "Quilpué"),
            c("05802", "Limache"),
            c("05803", "Olmué"),
            c("05804", "Villa Alemana"),
        ],
    },
    Region {
        codigo: "13",
        nombre: "Metropolitana de Santiago",
        comunas: &[
            c("13101", "Santiago"),
            c("13102", "Cerrillos"),
            c("13103", "Cerro Navia"),
            c("13104", "Conchalí"),
            c("13105", "El Bosque"),
            c("13106", "Estación Central"),
            c("13107", "Huechuraba"),
            c("13108", "Independencia"),
            c("13109", "La Cisterna"),
            c("13110", "La Florida"),
            c("13111", "La Granja"),
            c("13112", "La Pintana"),
            c("13113", "La Reina"),
            c("13114", "Las Condes"),
            c("13115", "Lo Barnechea"),
            c("13116", "Lo Espejo"),
            c("13117", "Lo Prado"),
            c("13118", "Macul"),
            c("13119", "Maipú"),
            c("13120", "Ñuñoa"),
            c("13121", "Pedro Aguirre Cerda"),
            c("13122", "Peñalolén"),
            c("13123", "Providencia"),
            c("13124", "Pudahuel"),
            c("13125", "Quilicura"),
            c("13126", "Quinta Normal"),
            c("13127", "Recoleta"),
            c("13128", "Renca"),
            c("13129", "San Joaquín"),
            c("13130", "San Miguel"),
            c("13131", "San Ramón"),
            c("13132", "Vitacura"),
            c("13201", "Puente Alto"),
            c("13202", "Pirque"),
            c("13203", "San José de Maipo"),
            c("13301", "Colina"),
            c("13302", "Lampa"),
            c("13303", "Tiltil"),
            c("13401", "San Bernardo"),
            c("13402", "Buin"),
            c("13403", "Calera de Tango"),
            c("13404", "Paine"),
            c("13501", "Melipilla"),
            c("13502", "Alhué"),
            c("13503", "Curacaví"),
            c("13504", "María Pinto"),
            c("13505", "San Pedro"),
            c("13601", "Talagante"),
            c("13602", "El Monte"),
            c("13603", "Isla de Maipo"),
            c("13604", "Padre Hurtado"),
            c("13605", "Peñaflor"),
        ],
    },
    Region {
        codigo: "06",
        nombre: "Libertador General Bernardo O'Higgins",
        comunas: &[
            c("06101", "Rancagua"),
            c("06102", "Codegua"),
            c("06103", "Coinco"),
            c("06104", "Coltauco"),
            c("06105", "Doñihue"),
            c("06106", "Graneros"),
            c("06107", "Las Cabras"),
            c("06108", "Machalí"),
            c("06109", "Malloa"),
            c("06110", "Mostazal"),
            c("06111", "Olivar"),
            c("06112", "Peumo"),
            c("06113", "Pichidegua"),
            c("06114", "Quinta de Tilcoco"),
            c("06115", "Rengo"),
            c("06116", "Requínoa"),
            c("06117", "San Vicente"),
            c("06201", "Pichilemu"),
            c("06202", "La Estrella"),
            c("06203", "Litueche"),
            c("06204", "Marchihue"),
            c("06205", "Navidad"),
            c("06206", "Paredones"),
            c("06301", "San Fernando"),
            c("06302", "Chépica"),
            c("06303", "Chimbarongo"),
            c("06304", "Lolol"),
            c("06305", "Nancagua"),
            c("06306", "Palmilla"),
            c("06307", "Peralillo"),
            c("06308", "Placilla"),
            c("06309", "Pumanque"),
            c("06310", "Santa Cruz"),
        ],
    },
    Region {
        codigo: "07",
        nombre: "Maule",
        comunas: &[
            c("07101", "Talca"),
            c("07102", "Constitución"),
            c("07103", "Curepto"),
            c("07104", "Empedrado"),
            c("07105", "Maule"),
            c("07106", "Pelarco"),
            c("07107", "Pencahue"),
            c("07108", "Río Claro"),
            c("07109", "San Clemente"),
            c("07110", "San Rafael"),
            c("07201", "Cauquenes"),
            c("07202", "Chanco"),
            c("07203", "Pelluhue"),
            c("07301", "Curicó"),
            c("07302", "Hualañé"),
            c("07303", "Licantén"),
            c("07304", "Molina"),
            c("07305", "Rauco"),
            c("07306", "Romeral"),
            c("07307", "Sagrada Familia"),
            c("07308", "Teno"),
            c("07309", "Vichuquén"),
            c("07401", "Linares"),
            c("07402", "Colbún"),
            c("07403", "Longaví"),
            c("07404", "Parral"),
            c("07405", "Retiro"),
            c("07406", "San Javier"),
            c("07407", "Villa Alegre"),
            c("07408", "Yerbas Buenas"),
        ],
    },
    Region {
        codigo: "16",
        nombre: "Ñuble",
        comunas: &[
            c("16101", "Chillán"),
            c("16102", "Bulnes"),
            c("16103", "Chillán Viejo"),
            c("16104", "El Carmen"),
            c("16105", "Pemuco"),
            c("16106", "Pinto"),
            c("16107", "Quillón"),
            c("16108", "San Ignacio"),
            c("16109", "Yungay"),
            c("16201", "Quirihue"),
            c("16202", "Cobquecura"),
            c("16203", "Coelemu"),
            c("16204", "Ninhue"),
            c("16205", "Portezuelo"),
            c("16206", "Ránquil"),
            c("16207", "Treguaco"),
            c("16301", "San Carlos"),
            c("16302", "Coihueco"),
            c("16303", "Ñiquén"),
            c("16304", "San Fabián"),
            c("16305", "San Nicolás"),
        ],
    },
    Region {
        codigo: "08",
        nombre: "Biobío",
        comunas: &[
            c("08101", "Concepción"),
            c("08102", "Coronel"),
            c("08103", "Chiguayante"),
            c("08104", "Florida"),
            c("08105", "Hualqui"),
            c("08106", "Lota"),
            c("08107", "Penco"),
            c("08108", "San Pedro de la Paz"),
            c("08109", "Santa Juana"),
            c("08110", "Talcahuano"),
            c("08111", "Tomé"),
            c("08112", "Hualpén"),
            c("08201", "Lebu"),
            c("08202", "Arauco"),
            c("08203", "Cañete"),
            c("08204", "Contulmo"),
            c("08205", "Curanilahue"),
            c("08206", "Los Álamos"),
            c("08207", "Tirúa"),
            c("08301", "Los Ángeles"),
            c("08302", "Antuco"),
            c("08303", "Cabrero"),
            c("08304", "Laja"),
            c("08305", "Mulchén"),
            c("08306", "Nacimiento"),
            c("08307", "Negrete"),
            c("08308", "Quilaco"),
            c("08309", "Quilleco"),
            c("08310", "San Rosendo"),
            c("08311", "Santa Bárbara"),
            c("08312", "Tucapel"),
            c("08313", "Yumbel"),
            c("08314", "Alto Biobío"),
        ],
    },
    Region {
        codigo: "09",
        nombre: "La Araucanía",
        comunas: &[
            c("09101", "Temuco"),
            c("09102", "Carahue"),
            c("09103", "Cunco"),
            c("09104", "Curarrehue"),
            c("09105", "Freire"),
            c("09106", "Galvarino"),
            c("09107", "Gorbea"),
            c("09108", "Lautaro"),
            c("09109", "Loncoche"),
            c("09110", "Melipeuco"),
            c("09111", "Nueva Imperial"),
            c("09112", "Padre Las Casas"),
            c("09113", "Perquenco"),
            c("09114", "Pitrufquén"),
            c("09115", "Pucón"),
            c("09116", "Saavedra"),
            c("09117", "Teodoro Schmidt"),
            c("09118", "Toltén"),
            c("09119", "Vilcún"),
            c("09120", "Villarrica"),
            c("09121", "Cholchol"),
            c("09201", "Angol"),
            c("09202", "Collipulli"),
            c("09203", "Curacautín"),
            c("09204", "Ercilla"),
            c("09205", "Lonquimay"),
            c("09206", "Los Sauces"),
            c("09207", "Lumaco"),
            c("09208", "Purén"),
            c("09209", "Renaico"),
            c("09210", "Traiguén"),
            c("09211", "Victoria"),
        ],
    },
    Region {
        codigo: "14",
        nombre: "Los Ríos",
        comunas: &[
            c("14101", "Valdivia"),
            c("14102", "Corral"),
            c("14103", "Lanco"),
            c("14104", "Los Lagos"),
            c("14105", "Máfil"),
            c("14106", "Mariquina"),
            c("14107", "Paillaco"),
            c("14108", "Panguipulli"),
            c("14201", "La Unión"),
            c("14202", "Futrono"),
            c("14203", "Lago Ranco"),
            c("14204", "Río Bueno"),
        ],
    },
    Region {
        codigo: "10",
        nombre: "Los Lagos",
        comunas: &[
            c("10101", "Puerto Montt"),
            c("10102", "Calbuco"),
            c("10103", "Cochamó"),
            c("10104", "Fresia"),
            c("10105", "Frutillar"),
            c("10106", "Los Muermos"),
            c("10107", "Llanquihue"),
            c("10108", "Maullín"),
            c("10109", "Puerto Varas"),
            c("10201", "Castro"),
            c("10202", "Ancud"),
            c("10203", "Chonchi"),
            c("10204", "Curaco de Vélez"),
            c("10205", "Dalcahue"),
            c("10206", "Puqueldón"),
            c("10207", "Queilén"),
            c("10208", "Quellón"),
            c("10209", "Quemchi"),
            c("10210", "Quinchao"),
            c("10301", "Osorno"),
            c("10302", "Puerto Octay"),
            c("10303", "Purranque"),
            c("10304", "Puyehue"),
            c("10305", "Río Negro"),
            c("10306", "San Juan de la Costa"),
            c("10307", "San Pablo"),
            c("10401", "Chaitén"),
            c("10402", "Futaleufú"),
            c("10403", "Hualaihué"),
            c("10404", "Palena"),
        ],
    },
    Region {
        codigo: "11",
        nombre: "Aysén del General Carlos Ibáñez del Campo",
        comunas: &[
            c("11101", "Coyhaique"),
            c("11102", "Lago Verde"),
            c("11201", "Aysén"),
            c("11202", "Cisnes"),
            c("11203", "Guaitecas"),
            c("11301", "Cochrane"),
            c("11302", "O'Higgins"),
            c("11303", "Tortel"),
            c("11401", "Chile Chico"),
            c("11402", "Río Ibáñez"),
        ],
    },
    Region {
        codigo: "12",
        nombre: "Magallanes y de la Antártica Chilena",
        comunas: &[
            c("12101", "Punta Arenas"),
            c("12102", "Laguna Blanca"),
            c("12103", "Río Verde"),
            c("12104", "San Gregorio"),
            c("12201", "Cabo de Hornos"),
            c("12202", "Antártica"),
            c("12301", "Porvenir"),
            c("12302", "Primavera"),
            c("12303", "Timaukel"),
            c("12401", "Natales"),
            c("12402", "Torres del Paine"),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    fn todas() -> impl Iterator<Item = &'static Comuna> {
        REGIONES.iter().flat_map(|r| r.comunas)
    }

    #[test]
    fn cantidad_de_comunas_por_region() {
        let esperado = [
            ("01", 7),
            ("02", 9),
            ("03", 9),
            ("04", 15),
            ("05", 38),
            ("06", 33),
            ("07", 30),
            ("08", 33),
            ("09", 32),
            ("10", 30),
            ("11", 10),
            ("12", 11),
            ("13", 52),
            ("14", 12),
            ("15", 4),
            ("16", 21),
        ];
        for (codigo, n) in esperado {
            assert_eq!(region(codigo).unwrap().comunas.len(), n, "región {codigo}");
        }
        assert_eq!(todas().count(), 346);
    }

    #[test]
    fn orden_oficial_de_regiones() {
        let codigos: Vec<_> = REGIONES.iter().map(|r| r.codigo).collect();
        assert_eq!(
            codigos,
            ["15", "01", "02", "03", "04", "05", "13", "06", "07", "16", "08", "09", "14", "10", "11", "12"]
        );
        let nombres: HashSet<_> = REGIONES.iter().map(|r| r.nombre).collect();
        assert_eq!(nombres.len(), 16);
    }

    #[test]
    fn codigos_unicos_de_cinco_digitos_y_de_su_region() {
        let mut vistos = HashSet::new();
        for r in &REGIONES {
            assert!(r.codigo.len() == 2 && r.codigo.bytes().all(|b| b.is_ascii_digit()));
            for c in r.comunas {
                assert!(c.codigo.len() == 5 && c.codigo.bytes().all(|b| b.is_ascii_digit()));
                assert!(c.codigo.starts_with(r.codigo), "{} fuera de {}", c.codigo, r.codigo);
                assert!(!c.nombre.trim().is_empty() && c.nombre.trim() == c.nombre);
                assert!(vistos.insert(c.codigo), "código repetido {}", c.codigo);
            }
            assert!(r.comunas.windows(2).all(|w| w[0].codigo < w[1].codigo), "{}", r.codigo);
        }
    }

    #[test]
    fn pares_conocidos() {
        for (codigo, nombre, region_codigo) in [
            ("15101", "Arica", "15"),
            ("01107", "Alto Hospicio", "01"),
            ("13101", "Santiago", "13"),
            ("13114", "Las Condes", "13"),
            ("13120", "Ñuñoa", "13"),
            ("16101", "Chillán", "16"),
            ("16305", "San Nicolás", "16"),
            ("05101", "Valparaíso", "05"),
            ("08314", "Alto Biobío", "08"),
            ("11302", "O'Higgins", "11"),
            ("12201", "Cabo de Hornos", "12"),
            ("12202", "Antártica", "12"),
        ] {
            let c = CodigoComuna::parse(codigo).unwrap();
            assert_eq!(c.codigo(), codigo);
            assert_eq!(c.nombre(), nombre);
            assert_eq!(c.to_string(), nombre);
            assert_eq!(c.region().codigo, region_codigo);
        }
        assert_eq!(CodigoComuna::parse("16101").unwrap().region().nombre, "Ñuble");
    }

    #[test]
    fn busqueda_de_region() {
        assert_eq!(region("13").unwrap().nombre, "Metropolitana de Santiago");
        assert_eq!(region("16").unwrap().nombre, "Ñuble");
        for malo in ["", "00", "17", "1", "013", " 13"] {
            assert!(region(malo).is_none(), "{malo:?}");
        }
    }

    #[test]
    fn errores_de_parse() {
        assert_eq!(CodigoComuna::parse(""), Err(ComunaError::NoSeleccionada));
        assert_eq!(CodigoComuna::parse("   "), Err(ComunaError::NoSeleccionada));
        // Pre-2018 Ñuble code (Chillán was 08401) and other non-codes.
        for malo in ["08401", "00000", "13133", "1101", "13101x", "Santiago", "١٣١٠١"] {
            assert_eq!(CodigoComuna::parse(malo), Err(ComunaError::Desconocida), "{malo:?}");
        }
        assert_eq!(CodigoComuna::parse(" 13114\n").unwrap().nombre(), "Las Condes");
        assert_eq!(ComunaError::NoSeleccionada.to_string(), "Seleccione una comuna.");
        assert_eq!(ComunaError::Desconocida.to_string(), "La comuna seleccionada no existe.");
    }

    #[test]
    fn cada_comuna_vuelve_a_su_region() {
        for r in &REGIONES {
            for c in r.comunas {
                let cc = CodigoComuna::parse(c.codigo).unwrap();
                assert!(std::ptr::eq(cc.region(), r));
                assert_eq!(&cc.codigo()[..2], cc.region().codigo);
            }
        }
    }

    #[test]
    fn serde_ida_y_vuelta() {
        let c = CodigoComuna::parse("05101").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"05101\"");
        assert_eq!(serde_json::from_str::<CodigoComuna>(&json).unwrap(), c);
        assert!(serde_json::from_str::<CodigoComuna>("\"99999\"").is_err());
        assert!(serde_json::from_str::<CodigoComuna>("\"\"").is_err());
        assert!(serde_json::from_str::<CodigoComuna>("5101").is_err());
    }

    proptest! {
        #[test]
        fn parse_no_entra_en_panico(s in "\\PC*") {
            let esperado = todas().any(|c| c.codigo == s.trim());
            prop_assert_eq!(CodigoComuna::parse(&s).is_ok(), esperado);
        }

        #[test]
        fn acepta_exactamente_el_catalogo(s in "[0-9]{5}") {
            let r = CodigoComuna::parse(&s);
            match todas().find(|c| c.codigo == s) {
                Some(c) => prop_assert_eq!(r.unwrap().nombre(), c.nombre),
                None => prop_assert_eq!(r, Err(ComunaError::Desconocida)),
            }
        }

        #[test]
        fn acepta_codigos_con_espacios(i in 0usize..346, izq in "[ \t]{0,3}", der in "[ \t\n]{0,3}") {
            let c = todas().nth(i).unwrap();
            let r = CodigoComuna::parse(&format!("{izq}{}{der}", c.codigo)).unwrap();
            prop_assert_eq!(r.codigo(), c.codigo);
        }
    }
}
