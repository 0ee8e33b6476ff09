//! The kinds of account. Every procedure (register, recover, change, update, log in) is one
//! procedure for all of them: what a kind changes is data, read from here (which proofs of
//! identity recovery asks, which contact data a recovery may replace, where its pages live).

use crate::facilitador::{NumeroDocumento, TipoDocumento};
use crate::rut::Rut;
#[cfg(feature = "sea-orm")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Who holds a Clave Sence. Stored in `cuentas.tipo` and in each flow's `tipo`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "sea-orm", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "sea-orm", sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))"))]
pub enum TipoCuenta {
    /// A person with a Chilean RUN (migrants: their NIE, same format).
    #[cfg_attr(feature = "sea-orm", sea_orm(string_value = "natural"))]
    Natural,
    /// A company or OTEC, identified by its RUT and acting through its legal representatives.
    #[cfg_attr(feature = "sea-orm", sea_orm(string_value = "juridica"))]
    Juridica,
    /// A foreign trainer without a RUN, whose CS a company requested.
    #[cfg_attr(feature = "sea-orm", sea_orm(string_value = "facilitador"))]
    Facilitador,
}

/// A proof of identity that recovery asks, in order, of someone who cannot answer the secret
/// question (guides §3.1 and §3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prueba {
    /// The RUN of a current legal representative of the company, per the SII.
    Representante,
    /// The serial number of the current ID card (of the person, or of the representative),
    /// per the Registro Civil.
    Serie,
}

impl TipoCuenta {
    pub const TODOS: [TipoCuenta; 3] = [TipoCuenta::Natural, TipoCuenta::Juridica, TipoCuenta::Facilitador];

    /// The code stored in the database and used in flow codes.
    pub fn codigo(self) -> &'static str {
        match self {
            TipoCuenta::Natural => "natural",
            TipoCuenta::Juridica => "juridica",
            TipoCuenta::Facilitador => "facilitador",
        }
    }

    pub fn desde_codigo(codigo: &str) -> Option<TipoCuenta> {
        Self::TODOS.into_iter().find(|t| t.codigo() == codigo)
    }

    /// The first segment of its pages' paths: `/natural/recuperar`, `/juridica/recuperar`.
    pub fn ruta(self) -> &'static str {
        self.codigo()
    }

    /// The proofs recovery asks when the secret question cannot be used. A facilitator has no
    /// Chilean ID card: without the answer, only the help line can help.
    pub fn pruebas_sin_respuesta(self) -> &'static [Prueba] {
        match self {
            TipoCuenta::Natural => &[Prueba::Serie],
            TipoCuenta::Juridica => &[Prueba::Representante, Prueba::Serie],
            TipoCuenta::Facilitador => &[],
        }
    }

    /// Whether the procedures that check the CS also ask for a legal representative's RUT
    /// (guide §4: `Rut Representante Legal *`).
    pub fn actua_por_representante(self) -> bool {
        self == TipoCuenta::Juridica
    }

    /// Whether `NO` to "El email es correcto?" also asks for a new mobile (a person's own); a
    /// company gives only its email, its mobiles are its representatives'.
    pub fn reemplaza_celular(self) -> bool {
        self == TipoCuenta::Natural
    }
}

/// What identifies an account: the RUT of a person or a company, or the foreign identity
/// document of a facilitator (who has no RUN). Login, the sessions and the audit log use it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IdCuenta {
    Rut(Rut),
    Documento { tipo: TipoDocumento, numero: NumeroDocumento },
}

impl IdCuenta {
    /// The key it is stored under (`cuentas.rut`): a normalised RUT (`12345678-5`), or
    /// `pasaporte:AB1234567`. A RUT never holds a colon, so the two never collide.
    pub fn clave(&self) -> String {
        match self {
            IdCuenta::Rut(rut) => rut.normalizado(),
            IdCuenta::Documento { tipo, numero } => format!("{}:{}", tipo.codigo(), numero.as_str()),
        }
    }

    /// Reads a stored key back.
    pub fn desde_clave(clave: &str) -> Option<IdCuenta> {
        match clave.split_once(':') {
            Some((tipo, numero)) => Some(IdCuenta::Documento {
                tipo: TipoDocumento::parse(tipo).ok()?,
                numero: NumeroDocumento::parse(numero).ok()?,
            }),
            None => Rut::parse(clave).ok().map(IdCuenta::Rut),
        }
    }

    pub fn rut(&self) -> Option<&Rut> {
        match self {
            IdCuenta::Rut(rut) => Some(rut),
            IdCuenta::Documento { .. } => None,
        }
    }
}

impl From<Rut> for IdCuenta {
    fn from(rut: Rut) -> IdCuenta {
        IdCuenta::Rut(rut)
    }
}

/// As a person reads it: `12.345.678-5`, or `Pasaporte AB1234567`.
impl fmt::Display for IdCuenta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdCuenta::Rut(rut) => write!(f, "{rut}"),
            IdCuenta::Documento { tipo, numero } => write!(f, "{} {numero}", tipo.texto()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_keys_round_trip_and_never_collide() {
        let rut = IdCuenta::Rut(Rut::parse("12.345.678-5").unwrap());
        let pasaporte = IdCuenta::Documento {
            tipo: TipoDocumento::Pasaporte,
            numero: NumeroDocumento::parse("ab-123 4567").unwrap(),
        };
        assert_eq!(rut.clave(), "12345678-5");
        assert_eq!(pasaporte.clave(), "pasaporte:AB1234567");
        for id in [&rut, &pasaporte] {
            assert_eq!(IdCuenta::desde_clave(&id.clave()).as_ref(), Some(id));
        }
        assert_eq!(pasaporte.to_string(), "Pasaporte AB1234567");
        assert_eq!(IdCuenta::desde_clave("otro:AB1234567"), None);
        assert_eq!(IdCuenta::desde_clave("12345678-0"), None);
    }

    #[test]
    fn every_kind_round_trips_through_its_code() {
        for tipo in TipoCuenta::TODOS {
            assert_eq!(TipoCuenta::desde_codigo(tipo.codigo()), Some(tipo));
            assert_eq!(serde_json::to_value(tipo).unwrap(), serde_json::json!(tipo.codigo()));
        }
        assert_eq!(TipoCuenta::desde_codigo("empresa"), None);
    }

    #[test]
    fn a_company_proves_a_representative_before_the_serial() {
        assert_eq!(TipoCuenta::Natural.pruebas_sin_respuesta(), &[Prueba::Serie]);
        assert_eq!(TipoCuenta::Juridica.pruebas_sin_respuesta(), &[Prueba::Representante, Prueba::Serie]);
        assert!(TipoCuenta::Facilitador.pruebas_sin_respuesta().is_empty());
    }
}
