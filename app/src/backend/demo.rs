//! Demo accounts for a fresh development database (`server seed-demo`), matching the people
//! of the bundled demo Registro Civil file. Idempotent: existing accounts are left alone.

use super::entidades::{cuenta, persona_natural};
use super::error::ErrorServicio;
use super::Servicios;
use cs_domain::pregunta::{PreguntaSecreta, RespuestaSecreta};
use cs_domain::rut::Rut;
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};

/// A demo account: RUT, CS, secret question and answer (None: an older account without one).
pub struct CuentaDemo {
    pub rut: &'static str,
    pub clave: &'static str,
    pub pregunta: Option<(PreguntaSecreta, &'static str)>,
    pub nombres: &'static str,
    pub apellidos: &'static str,
    pub email: &'static str,
    pub celular: Option<&'static str>,
}

pub const CUENTAS_DEMO: [CuentaDemo; 2] = [
    CuentaDemo {
        rut: "11.111.111-1",
        clave: "Araucaria1",
        pregunta: Some((PreguntaSecreta::PaisFavorito, "Chile")),
        nombres: "Juan Carlos",
        apellidos: "González Rojas",
        email: "juan.gonzalez@example.cl",
        celular: Some("+56987654321"),
    },
    CuentaDemo {
        rut: "22.222.222-2",
        clave: "Copihue26",
        pregunta: None,
        nombres: "María José",
        apellidos: "Muñoz Díaz",
        email: "maria.munoz@example.cl",
        celular: None,
    },
];

/// Creates the demo accounts that do not exist yet; returns how many it created.
pub async fn sembrar(svc: &Servicios) -> Result<usize, ErrorServicio> {
    let mut creadas = 0;
    for demo in &CUENTAS_DEMO {
        let rut = Rut::parse(demo.rut).expect("demo RUTs are valid").normalizado();
        if cuenta::Entity::find_by_id(rut.clone()).one(&svc.db).await?.is_some() {
            continue;
        }
        let clave_hash = svc.hasheador.hashear(demo.clave.to_owned()).await?;
        let respuesta_hash = match demo.pregunta {
            Some((_, respuesta)) => {
                let normalizada = RespuestaSecreta::parse(respuesta).expect("demo answers are valid");
                Some(svc.hasheador.hashear(normalizada.expose().to_owned()).await?)
            }
            None => None,
        };
        let ahora = svc.ahora();
        let tx = svc.db.begin().await?;
        cuenta::Entity::insert(cuenta::ActiveModel {
            rut: Set(rut.clone()),
            tipo: Set("natural".into()),
            email: Set(demo.email.into()),
            celular: Set(demo.celular.map(str::to_owned)),
            pregunta: Set(demo.pregunta.map(|(p, _)| p.codigo().to_owned())),
            respuesta_hash: Set(respuesta_hash),
            clave_hash: Set(clave_hash),
            clave_provisional_expira_en: Set(None),
            fallos_login: Set(0),
            bloqueos: Set(0),
            bloqueada_hasta: Set(None),
            creado_en: Set(ahora),
            actualizado_en: Set(ahora),
        })
        .exec(&tx)
        .await?;
        persona_natural::Entity::insert(persona_natural::ActiveModel {
            rut: Set(rut),
            nombres: Set(demo.nombres.into()),
            apellidos: Set(demo.apellidos.into()),
            direccion: Set("Teatinos".into()),
            numero: Set("370".into()),
            block: Set(None),
            departamento: Set(None),
            comuna: Set("13101".into()),
            telefono_particular: Set(None),
            telefono_trabajo: Set(None),
        })
        .exec(&tx)
        .await?;
        tx.commit().await?;
        creadas += 1;
    }
    Ok(creadas)
}
