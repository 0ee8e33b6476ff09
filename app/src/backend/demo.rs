//! Demo accounts for a fresh development database (`server seed-demo`), matching the people
//! of the bundled demo Registro Civil file. Idempotent: existing accounts are left alone.

use super::cuentas::{self, NuevaCuentaNatural};
use super::entidades::persona_natural;
use super::error::ErrorServicio;
use super::Servicios;
use cs_domain::pregunta::{PreguntaSecreta, RespuestaSecreta};
use cs_domain::{email::Email, rut::Rut, telefono::Celular};
use sea_orm::{ActiveValue::Set, TransactionTrait};

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
        let rut = Rut::parse(demo.rut).expect("demo RUTs are valid");
        if cuentas::buscar(&svc.db, &rut).await?.is_some() {
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
        let tx = svc.db.begin().await?;
        let email = Email::parse(demo.email).expect("demo emails are valid");
        let celular = demo.celular.map(|c| Celular::parse(c).expect("demo mobiles are valid"));
        let pregunta = demo.pregunta.map(|(p, _)| p.codigo()).zip(respuesta_hash);
        NuevaCuentaNatural {
            cuenta: NuevaCuentaNatural::credencial(&rut, &email, celular.as_ref(), pregunta, clave_hash, svc.ahora()),
            persona: persona_natural::ActiveModel {
                rut: Set(rut.normalizado()),
                nombres: Set(demo.nombres.into()),
                apellidos: Set(demo.apellidos.into()),
                direccion: Set("Teatinos".into()),
                numero: Set("370".into()),
                block: Set(None),
                departamento: Set(None),
                comuna: Set("13101".into()),
                telefono_particular: Set(None),
                telefono_trabajo: Set(None),
            },
        }
        .insertar(&tx)
        .await?;
        tx.commit().await?;
        creadas += 1;
    }
    Ok(creadas)
}
