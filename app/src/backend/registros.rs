//! The outside registries the system trusts: the Registro Civil (a person's name and current
//! ID document) and the SII (a company and its legal representatives). Each is a trait with a
//! local implementation over CSV files (development, demos, tests) and an HTTP JSON client for
//! a real endpoint, chosen by configuration.

use async_trait::async_trait;
use cs_domain::{numero_serie::NumeroSerie, rut::Rut};
use serde::Deserialize;
use std::{collections::HashMap, path::Path, time::Duration};

#[derive(Debug, thiserror::Error)]
pub enum ErrorRegistro {
    #[error("no se pudo consultar el registro: {0}")]
    NoDisponible(String),
    #[error("archivo de registro inválido: {0}")]
    Archivo(String),
}

/// What the Registro Civil says of a RUN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonaRegistro {
    pub nombres: String,
    pub apellidos: String,
    /// Serial number of the person's current ID card.
    pub numero_serie: NumeroSerie,
    /// False when the document is blocked, expired or the person deceased.
    pub vigente: bool,
}

/// What the SII says of a company RUT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmpresaRegistro {
    pub razon_social: String,
    pub vigente: bool,
    pub representantes: Vec<Rut>,
}

#[async_trait]
pub trait RegistroCivil: Send + Sync {
    async fn persona(&self, run: &Rut) -> Result<Option<PersonaRegistro>, ErrorRegistro>;
}

#[async_trait]
pub trait Sii: Send + Sync {
    async fn empresa(&self, rut: &Rut) -> Result<Option<EmpresaRegistro>, ErrorRegistro>;
}

// ---------------------------------------------------------------- local, from CSV files

#[derive(Deserialize)]
struct FilaPersona {
    run: String,
    nombres: String,
    apellidos: String,
    numero_serie: String,
    vigente: bool,
}

#[derive(Deserialize)]
struct FilaEmpresa {
    rut: String,
    razon_social: String,
    vigente: bool,
    /// RUNs separated by `;`.
    representantes: String,
}

fn leer_csv<F: for<'de> Deserialize<'de>>(ruta: &Path) -> Result<Vec<F>, ErrorRegistro> {
    let mut lector =
        csv::Reader::from_path(ruta).map_err(|e| ErrorRegistro::Archivo(format!("{}: {e}", ruta.display())))?;
    lector
        .deserialize()
        .collect::<Result<Vec<F>, _>>()
        .map_err(|e| ErrorRegistro::Archivo(format!("{}: {e}", ruta.display())))
}

fn rut_de_archivo(texto: &str, ruta: &Path) -> Result<Rut, ErrorRegistro> {
    Rut::parse(texto).map_err(|e| ErrorRegistro::Archivo(format!("{}: RUT {texto:?}: {e}", ruta.display())))
}

/// The Registro Civil as a CSV file (`run,nombres,apellidos,numero_serie,vigente`), loaded once.
pub struct RegistroCivilLocal {
    personas: HashMap<Rut, PersonaRegistro>,
}

impl RegistroCivilLocal {
    pub fn desde_csv(ruta: &Path) -> Result<Self, ErrorRegistro> {
        let mut personas = HashMap::new();
        for fila in leer_csv::<FilaPersona>(ruta)? {
            let numero_serie = NumeroSerie::parse(&fila.numero_serie).map_err(|e| {
                ErrorRegistro::Archivo(format!("{}: serie {:?}: {e}", ruta.display(), fila.numero_serie))
            })?;
            personas.insert(
                rut_de_archivo(&fila.run, ruta)?,
                PersonaRegistro {
                    nombres: fila.nombres,
                    apellidos: fila.apellidos,
                    numero_serie,
                    vigente: fila.vigente,
                },
            );
        }
        Ok(RegistroCivilLocal { personas })
    }
}

#[async_trait]
impl RegistroCivil for RegistroCivilLocal {
    async fn persona(&self, run: &Rut) -> Result<Option<PersonaRegistro>, ErrorRegistro> {
        Ok(self.personas.get(run).cloned())
    }
}

/// The SII as a CSV file (`rut,razon_social,vigente,representantes`), loaded once.
pub struct SiiLocal {
    empresas: HashMap<Rut, EmpresaRegistro>,
}

impl SiiLocal {
    pub fn desde_csv(ruta: &Path) -> Result<Self, ErrorRegistro> {
        let mut empresas = HashMap::new();
        for fila in leer_csv::<FilaEmpresa>(ruta)? {
            let representantes = fila
                .representantes
                .split(';')
                .filter(|r| !r.trim().is_empty())
                .map(|r| rut_de_archivo(r, ruta))
                .collect::<Result<Vec<_>, _>>()?;
            empresas.insert(
                rut_de_archivo(&fila.rut, ruta)?,
                EmpresaRegistro { razon_social: fila.razon_social, vigente: fila.vigente, representantes },
            );
        }
        Ok(SiiLocal { empresas })
    }
}

#[async_trait]
impl Sii for SiiLocal {
    async fn empresa(&self, rut: &Rut) -> Result<Option<EmpresaRegistro>, ErrorRegistro> {
        Ok(self.empresas.get(rut).cloned())
    }
}

// ---------------------------------------------------------------- remote, HTTP JSON

/// A JSON endpoint: `GET {base}/{recurso}/{rut}` answers 200 with the record or 404.
struct ClienteJson {
    http: reqwest::Client,
    base: String,
}

impl ClienteJson {
    fn new(base: &str) -> Result<Self, ErrorRegistro> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| ErrorRegistro::NoDisponible(e.to_string()))?;
        Ok(ClienteJson { http, base: base.trim_end_matches('/').to_owned() })
    }

    #[tracing::instrument(skip(self, rut))]
    async fn obtener<T: for<'de> Deserialize<'de>>(
        &self,
        recurso: &str,
        rut: &Rut,
    ) -> Result<Option<T>, ErrorRegistro> {
        let url = format!("{}/{recurso}/{}", self.base, rut.normalizado());
        let respuesta = self.http.get(&url).send().await.map_err(|e| ErrorRegistro::NoDisponible(e.to_string()))?;
        if respuesta.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let respuesta = respuesta.error_for_status().map_err(|e| ErrorRegistro::NoDisponible(e.to_string()))?;
        respuesta.json().await.map(Some).map_err(|e| ErrorRegistro::NoDisponible(format!("respuesta inválida: {e}")))
    }
}

#[derive(Deserialize)]
struct PersonaJson {
    nombres: String,
    apellidos: String,
    numero_serie: NumeroSerie,
    vigente: bool,
}

#[derive(Deserialize)]
struct EmpresaJson {
    razon_social: String,
    vigente: bool,
    representantes: Vec<Rut>,
}

pub struct RegistroCivilHttp(ClienteJson);

impl RegistroCivilHttp {
    pub fn new(base: &str) -> Result<Self, ErrorRegistro> {
        ClienteJson::new(base).map(RegistroCivilHttp)
    }
}

#[async_trait]
impl RegistroCivil for RegistroCivilHttp {
    async fn persona(&self, run: &Rut) -> Result<Option<PersonaRegistro>, ErrorRegistro> {
        Ok(self.0.obtener::<PersonaJson>("personas", run).await?.map(|p| PersonaRegistro {
            nombres: p.nombres,
            apellidos: p.apellidos,
            numero_serie: p.numero_serie,
            vigente: p.vigente,
        }))
    }
}

pub struct SiiHttp(ClienteJson);

impl SiiHttp {
    pub fn new(base: &str) -> Result<Self, ErrorRegistro> {
        ClienteJson::new(base).map(SiiHttp)
    }
}

#[async_trait]
impl Sii for SiiHttp {
    async fn empresa(&self, rut: &Rut) -> Result<Option<EmpresaRegistro>, ErrorRegistro> {
        Ok(self.0.obtener::<EmpresaJson>("empresas", rut).await?.map(|e| EmpresaRegistro {
            razon_social: e.razon_social,
            vigente: e.vigente,
            representantes: e.representantes,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn archivo(contenido: &str) -> std::path::PathBuf {
        let ruta = std::env::temp_dir().join(format!("registro-{}.csv", super::super::flujos::id_aleatorio()));
        std::fs::File::create(&ruta).unwrap().write_all(contenido.as_bytes()).unwrap();
        ruta
    }

    #[tokio::test]
    async fn the_local_civil_registry_answers_from_its_file() {
        let ruta =
            archivo("run,nombres,apellidos,numero_serie,vigente\n12.345.678-5,Ana,Pérez Soto,106.123.456,true\n");
        let rc = RegistroCivilLocal::desde_csv(&ruta).unwrap();
        let ana = rc.persona(&Rut::parse("12345678-5").unwrap()).await.unwrap().unwrap();
        assert_eq!(ana.apellidos, "Pérez Soto");
        assert_eq!(ana.numero_serie.as_str(), "106123456");
        assert!(rc.persona(&Rut::parse("11111111-1").unwrap()).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn the_local_sii_lists_representatives() {
        let ruta =
            archivo("rut,razon_social,vigente,representantes\n76086428-5,Capacita SpA,true,12345678-5;11111111-1\n");
        let sii = SiiLocal::desde_csv(&ruta).unwrap();
        let e = sii.empresa(&Rut::parse("76.086.428-5").unwrap()).await.unwrap().unwrap();
        assert_eq!(e.representantes.len(), 2);
    }

    #[test]
    fn a_file_with_a_bad_rut_is_refused_with_its_line() {
        let ruta = archivo("run,nombres,apellidos,numero_serie,vigente\n12345678-9,Ana,Pérez,106123456,true\n");
        let error = RegistroCivilLocal::desde_csv(&ruta).err().expect("bad check digit");
        assert!(error.to_string().contains("12345678-9"), "{error}");
    }
}
