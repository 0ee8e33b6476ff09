//! Demo accounts for a fresh development database (`server seed-demo`), matching the people and
//! companies of the bundled demo registries (`server/demo/`). Idempotent: existing accounts are
//! left alone.

use super::cuentas::{self, Credencial, NuevaCuenta, NuevoTitular};
use super::entidades::{empresa, facilitador, persona_natural, representante_legal};
use super::error::ErrorServicio;
use super::Servicios;
use cs_domain::cuenta::{IdCuenta, TipoCuenta};
use cs_domain::pregunta::{PreguntaSecreta, RespuestaSecreta};
use cs_domain::{email::Email, rut::Rut, telefono::Celular};
use sea_orm::{ActiveValue::Set, TransactionTrait};
use secrecy::ExposeSecret;

/// A demo account: its credential and contact data, and its holder.
pub struct CuentaDemo {
    /// A RUT, or a facilitator's document as `tipo:número`.
    pub id: &'static str,
    pub clave: &'static str,
    /// `None`: an older account that never set one.
    pub pregunta: Option<(PreguntaSecreta, &'static str)>,
    pub email: &'static str,
    pub celular: Option<&'static str>,
    pub titular: TitularDemo,
}

pub enum TitularDemo {
    Persona {
        nombres: &'static str,
        apellidos: &'static str,
    },
    /// Its representatives: RUN, name, mobile, email (all in the demo Registro Civil and SII).
    Empresa {
        razon_social: &'static str,
        representantes: &'static [(&'static str, &'static str, &'static str, &'static str)],
    },
    /// A foreign facilitator, as if a request of `empresa` had been approved.
    Facilitador {
        nombres: &'static str,
        apellido_paterno: &'static str,
        pais: &'static str,
        empresa: &'static str,
    },
}

pub const CUENTAS_DEMO: [CuentaDemo; 5] = [
    CuentaDemo {
        id: "11.111.111-1",
        clave: "Araucaria1",
        pregunta: Some((PreguntaSecreta::PaisFavorito, "Chile")),
        email: "juan.gonzalez@example.cl",
        celular: Some("+56987654321"),
        titular: TitularDemo::Persona { nombres: "Juan Carlos", apellidos: "González Rojas" },
    },
    CuentaDemo {
        id: "22.222.222-2",
        clave: "Copihue26",
        pregunta: None,
        email: "maria.munoz@example.cl",
        celular: None,
        titular: TitularDemo::Persona { nombres: "María José", apellidos: "Muñoz Díaz" },
    },
    CuentaDemo {
        id: "76.086.428-5",
        clave: "Canelo2026",
        pregunta: Some((PreguntaSecreta::NombreMascota, "Cachupín")),
        email: "contacto@capacitacionesdelsur.example.cl",
        celular: None,
        titular: TitularDemo::Empresa {
            razon_social: "Capacitaciones del Sur SpA",
            representantes: &[(
                "11.111.111-1",
                "Juan Carlos González Rojas",
                "+56987654321",
                "juan.gonzalez@capacitacionesdelsur.example.cl",
            )],
        },
    },
    CuentaDemo {
        id: "76.224.613-9",
        clave: "Aprende19",
        pregunta: None,
        email: "contacto@otecaprende.example.cl",
        celular: None,
        titular: TitularDemo::Empresa {
            razon_social: "OTEC Aprende Limitada",
            representantes: &[(
                "22.222.222-2",
                "María José Muñoz Díaz",
                "+56922334455",
                "maria.munoz@otecaprende.example.cl",
            )],
        },
    },
    CuentaDemo {
        id: "pasaporte:AB7654321",
        clave: "Ombu2026",
        pregunta: Some((PreguntaSecreta::NombreMascota, "Tango")),
        email: "martin.olivera@example.com.ar",
        celular: None,
        titular: TitularDemo::Facilitador {
            nombres: "Martín",
            apellido_paterno: "Olivera",
            pais: "AR",
            empresa: "76086428-5",
        },
    },
];

fn fila_titular(demo: &CuentaDemo, id: &IdCuenta, ahora: i64) -> NuevoTitular {
    let rut = id.clave();
    match &demo.titular {
        TitularDemo::Persona { nombres, apellidos } => NuevoTitular::Persona(persona_natural::ActiveModel {
            rut: Set(rut),
            nombres: Set((*nombres).into()),
            apellidos: Set((*apellidos).into()),
            direccion: Set("Teatinos".into()),
            numero: Set("370".into()),
            block: Set(None),
            departamento: Set(None),
            comuna: Set("13101".into()),
            telefono_particular: Set(None),
            telefono_trabajo: Set(None),
        }),
        TitularDemo::Empresa { razon_social, representantes } => NuevoTitular::Empresa(
            empresa::ActiveModel {
                rut: Set(rut.clone()),
                razon_social: Set((*razon_social).into()),
                direccion: Set("Huérfanos".into()),
                numero: Set("1273".into()),
                block: Set(None),
                departamento: Set(Some("501".into())),
                comuna: Set("13101".into()),
                telefono: Set("226001234".into()),
                fax: Set(None),
            },
            representantes
                .iter()
                .map(|(run, nombre, celular, email)| representante_legal::ActiveModel {
                    empresa_rut: Set(rut.clone()),
                    rut: Set(Rut::parse(run).expect("demo RUNs are valid").normalizado()),
                    nombre: Set((*nombre).into()),
                    celular: Set((*celular).into()),
                    email: Set((*email).into()),
                    creado_en: Set(ahora),
                })
                .collect(),
        ),
        TitularDemo::Facilitador { nombres, apellido_paterno, pais, empresa } => {
            let (tipo, numero) = rut.split_once(':').expect("a facilitator's key is tipo:número");
            NuevoTitular::Facilitador(facilitador::ActiveModel {
                cuenta: Set(rut.clone()),
                solicitud: Set(None),
                empresa_rut: Set((*empresa).into()),
                tipo_documento: Set(tipo.into()),
                numero_documento: Set(numero.into()),
                pais: Set((*pais).into()),
                nombres: Set((*nombres).into()),
                apellido_paterno: Set((*apellido_paterno).into()),
                apellido_materno: Set(None),
                sexo: Set("masculino".into()),
                fecha_nacimiento: Set("1985-04-12".into()),
                estado_civil: Set("casado".into()),
                hijos: Set(2),
            })
        }
    }
}

/// Creates the demo accounts that do not exist yet; returns how many it created.
pub async fn sembrar(svc: &Servicios) -> Result<usize, ErrorServicio> {
    let mut creadas = 0;
    for demo in &CUENTAS_DEMO {
        let id = IdCuenta::desde_clave(demo.id).expect("demo accounts have valid keys");
        if cuentas::buscar_id(&svc.db, &id).await?.is_some() {
            continue;
        }
        let clave_hash = svc.hasheador.hashear(demo.clave).await?;
        let respuesta_hash = match demo.pregunta {
            Some((_, respuesta)) => {
                let respuesta = RespuestaSecreta::parse(respuesta).expect("demo answers are valid");
                Some(svc.hasheador.hashear(respuesta.normalizada().expose_secret()).await?)
            }
            None => None,
        };
        let email = Email::parse(demo.email).expect("demo emails are valid");
        let celular = demo.celular.map(|c| Celular::parse(c).expect("demo mobiles are valid"));
        let tipo = match demo.titular {
            TitularDemo::Persona { .. } => TipoCuenta::Natural,
            TitularDemo::Empresa { .. } => TipoCuenta::Juridica,
            TitularDemo::Facilitador { .. } => TipoCuenta::Facilitador,
        };
        let ahora = svc.ahora();
        let credencial = Credencial {
            cuenta: &id,
            tipo,
            email: &email,
            celular: celular.as_ref(),
            pregunta: demo.pregunta.map(|(p, _)| p.codigo()).zip(respuesta_hash),
            clave_hash,
        };
        let tx = svc.db.begin().await?;
        NuevaCuenta { cuenta: credencial.fila(ahora), titular: fila_titular(demo, &id, ahora) }.insertar(&tx).await?;
        tx.commit().await?;
        creadas += 1;
    }
    Ok(creadas)
}
