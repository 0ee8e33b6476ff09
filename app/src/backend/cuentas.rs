//! Accounts of every kind: reading one with its holder (a person, or a company with its legal
//! representatives), creating one, and checking a CS with the lockout rules.

use super::auditoria::{self, Evento, Origen};
use super::entidades::{cuenta, empresa, facilitador, persona_natural, representante_legal};
use super::error::ErrorServicio;
use super::{mensajes, notificaciones, Servicios};
use crate::formularios::Campo;
use cs_domain::{
    cuenta::{IdCuenta, TipoCuenta},
    email::Email,
    pregunta::PreguntaSecreta,
    rut::Rut,
    secreto::TextoSecreto,
    telefono::Celular,
};
use sea_orm::{
    prelude::Expr, sea_query::ExprTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

/// Consecutive wrong CS that lock the account.
pub const FALLOS_PARA_BLOQUEO: i32 = 5;
const BLOQUEO_INICIAL_SEGUNDOS: i64 = 60;
const BLOQUEO_MAXIMO_SEGUNDOS: i64 = 15 * 60;

/// How long the `n`-th lock (counting from 0) lasts: 1 min, doubling, at most 15 min.
pub fn duracion_bloqueo(n: i32) -> i64 {
    std::cmp::min(BLOQUEO_INICIAL_SEGUNDOS << n.clamp(0, 10), BLOQUEO_MAXIMO_SEGUNDOS)
}

/// An account with its holder.
pub struct Titular {
    pub cuenta: cuenta::Model,
    pub datos: DatosTitular,
}

/// What each kind keeps besides the credential.
pub enum DatosTitular {
    Persona(persona_natural::Model),
    Empresa {
        empresa: empresa::Model,
        /// Oldest first.
        representantes: Vec<representante_legal::Model>,
    },
    Facilitador(facilitador::Model),
}

impl Titular {
    pub fn tipo(&self) -> TipoCuenta {
        self.cuenta.tipo
    }

    pub fn rut(&self) -> Result<Rut, ErrorServicio> {
        Rut::parse(&self.cuenta.rut).map_err(|e| ErrorServicio::por("RUT guardado inválido", e))
    }

    pub fn id(&self) -> Result<IdCuenta, ErrorServicio> {
        IdCuenta::desde_clave(&self.cuenta.rut)
            .ok_or_else(|| ErrorServicio::interno(format!("clave de cuenta ilegible: {}", self.cuenta.rut)))
    }

    /// A person's or a facilitator's name, or a company's razón social.
    pub fn nombre(&self) -> String {
        match &self.datos {
            DatosTitular::Persona(p) => format!("{} {}", p.nombres, p.apellidos),
            DatosTitular::Empresa { empresa, .. } => empresa.razon_social.clone(),
            DatosTitular::Facilitador(f) => {
                cs_domain::facilitador::nombre_completo(&f.nombres, &f.apellido_paterno, f.apellido_materno.as_deref())
            }
        }
    }

    pub fn email(&self) -> Result<Email, ErrorServicio> {
        Email::parse(&self.cuenta.email).map_err(|e| ErrorServicio::por("email guardado inválido", e))
    }

    /// Where an SMS for the account goes: a person's own mobile; a company's, that of the
    /// representative acting in the flow, or else of the first one it registered.
    pub fn celular(&self, representante: Option<&Rut>) -> Option<Celular> {
        let texto = match &self.datos {
            DatosTitular::Persona(_) | DatosTitular::Facilitador(_) => self.cuenta.celular.as_deref(),
            DatosTitular::Empresa { representantes, .. } => {
                let actuando = representante.map(Rut::normalizado);
                representantes
                    .iter()
                    .find(|r| actuando.as_deref() == Some(r.rut.as_str()))
                    .or(representantes.first())
                    .map(|r| r.celular.as_str())
            }
        };
        texto.and_then(|c| Celular::parse(c).ok())
    }

    pub fn pregunta(&self) -> Option<PreguntaSecreta> {
        self.cuenta.pregunta.as_deref().and_then(|c| PreguntaSecreta::parse(c).ok())
    }

    pub fn es_provisoria(&self) -> bool {
        self.cuenta.clave_provisional_expira_en.is_some()
    }

    pub fn representantes(&self) -> &[representante_legal::Model] {
        match &self.datos {
            DatosTitular::Persona(_) | DatosTitular::Facilitador(_) => &[],
            DatosTitular::Empresa { representantes, .. } => representantes,
        }
    }
}

/// The account of `rut`, of any kind, with its holder.
pub async fn buscar(conn: &impl ConnectionTrait, rut: &Rut) -> Result<Option<Titular>, ErrorServicio> {
    buscar_id(conn, &IdCuenta::Rut(*rut)).await
}

/// The account identified by `id` (a RUT or a facilitator's document), with its holder.
pub async fn buscar_id(conn: &impl ConnectionTrait, id: &IdCuenta) -> Result<Option<Titular>, ErrorServicio> {
    let Some(cuenta) = cuenta::Entity::find_by_id(id.clave()).one(conn).await? else {
        return Ok(None);
    };
    let sin_datos = || ErrorServicio::interno(format!("la cuenta {} no tiene sus datos de titular", cuenta.rut));
    let datos = match cuenta.tipo {
        TipoCuenta::Natural => DatosTitular::Persona(
            persona_natural::Entity::find_by_id(&cuenta.rut).one(conn).await?.ok_or_else(sin_datos)?,
        ),
        TipoCuenta::Juridica => DatosTitular::Empresa {
            empresa: empresa::Entity::find_by_id(&cuenta.rut).one(conn).await?.ok_or_else(sin_datos)?,
            representantes: representante_legal::Entity::find()
                .filter(representante_legal::Column::EmpresaRut.eq(&cuenta.rut))
                .order_by_asc(representante_legal::Column::CreadoEn)
                .order_by_asc(representante_legal::Column::Rut)
                .all(conn)
                .await?,
        },
        TipoCuenta::Facilitador => DatosTitular::Facilitador(
            facilitador::Entity::find_by_id(&cuenta.rut).one(conn).await?.ok_or_else(sin_datos)?,
        ),
    };
    Ok(Some(Titular { cuenta, datos }))
}

/// The account of `rut` if it is of kind `tipo`: a procedure of one kind never acts on
/// another kind's account, and says so as if there were none.
pub async fn buscar_de(
    conn: &impl ConnectionTrait,
    id: &IdCuenta,
    tipo: TipoCuenta,
) -> Result<Option<Titular>, ErrorServicio> {
    Ok(buscar_id(conn, id).await?.filter(|t| t.tipo() == tipo))
}

/// A new account of any kind, ready to insert.
pub struct NuevaCuenta {
    pub cuenta: cuenta::ActiveModel,
    pub titular: NuevoTitular,
}

pub enum NuevoTitular {
    Persona(persona_natural::ActiveModel),
    Empresa(empresa::ActiveModel, Vec<representante_legal::ActiveModel>),
    Facilitador(facilitador::ActiveModel),
}

/// The credential part of a new account.
pub struct Credencial<'a> {
    pub cuenta: &'a IdCuenta,
    pub tipo: TipoCuenta,
    pub email: &'a Email,
    pub celular: Option<&'a Celular>,
    /// Question code and the answer's hash; `None` only for demo accounts of older times.
    pub pregunta: Option<(&'a str, String)>,
    pub clave_hash: String,
}

impl Credencial<'_> {
    pub fn fila(self, ahora: i64) -> cuenta::ActiveModel {
        let (pregunta, respuesta_hash) = self.pregunta.map(|(p, r)| (p.to_owned(), r)).unzip();
        cuenta::ActiveModel {
            rut: Set(self.cuenta.clave()),
            tipo: Set(self.tipo),
            email: Set(self.email.as_str().to_owned()),
            celular: Set(self.celular.map(Celular::e164)),
            pregunta: Set(pregunta),
            respuesta_hash: Set(respuesta_hash),
            clave_hash: Set(self.clave_hash),
            clave_provisional_expira_en: Set(None),
            fallos_login: Set(0),
            bloqueos: Set(0),
            bloqueada_hasta: Set(None),
            creado_en: Set(ahora),
            actualizado_en: Set(ahora),
        }
    }
}

impl NuevaCuenta {
    /// Inserts every row; a RUT that already has an account is `RutRegistrado`, also when two
    /// registrations race (the primary key decides).
    pub async fn insertar(self, conn: &impl ConnectionTrait) -> Result<(), ErrorServicio> {
        cuenta::Entity::insert(self.cuenta).exec(conn).await.map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ErrorServicio::RutRegistrado,
            _ => e.into(),
        })?;
        match self.titular {
            NuevoTitular::Persona(persona) => {
                persona_natural::Entity::insert(persona).exec(conn).await?;
            }
            NuevoTitular::Empresa(empresa, representantes) => {
                empresa::Entity::insert(empresa).exec(conn).await?;
                representante_legal::Entity::insert_many(representantes).exec(conn).await?;
            }
            NuevoTitular::Facilitador(facilitador) => {
                facilitador::Entity::insert(facilitador).exec(conn).await?;
            }
        }
        Ok(())
    }
}

/// What a correct CS check lets the caller do with a provisional CS.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Provisoria {
    /// Accept it, and spend it: it works once (login, `Cambiar CS`).
    Aceptar,
    /// Refuse it with a message: the person must change it first (`Actualizar datos`).
    Rechazar,
}

/// A CS to check: for which account (of which kind, when the procedure has one), the text
/// typed, and the field the page shows it in.
pub struct ClaveAVerificar<'a> {
    pub cuenta: &'a IdCuenta,
    pub tipo: Option<TipoCuenta>,
    pub clave: &'a TextoSecreto,
    pub campo: Campo,
    pub provisoria: Provisoria,
}

/// Checks a CS. Unknown RUT, an account of another kind and a wrong CS are the same error and
/// take the same time (a dummy hash is verified). Five wrong CS in a row lock the account for
/// a while that doubles with each lock, and the holder is told by email; a correct CS clears
/// the count.
pub async fn verificar_clave(
    svc: &Servicios,
    c: ClaveAVerificar<'_>,
    origen: &Origen,
) -> Result<Titular, ErrorServicio> {
    let ahora = svc.ahora();
    let id = c.cuenta;
    let titular = buscar_id(&svc.db, id).await?.filter(|t| c.tipo.is_none_or(|tipo| t.tipo() == tipo));
    if let Some(hasta) = titular.as_ref().and_then(|t| t.cuenta.bloqueada_hasta).filter(|h| *h > ahora) {
        auditoria::registrar_cuenta(&svc.db, Evento::IngresoFallido, id, origen, Some("cuenta bloqueada"), ahora)
            .await?;
        return Err(ErrorServicio::Bloqueada { minutos: (hasta - ahora + 59) / 60 });
    }
    let hash = titular.as_ref().map(|t| t.cuenta.clave_hash.clone());
    let coincide = svc.hasheador.verificar(c.clave.expose(), hash).await?;
    let vigente =
        titular.as_ref().is_some_and(|t| t.cuenta.clave_provisional_expira_en.is_none_or(|expira| expira > ahora));
    let Some(titular) = titular.filter(|_| coincide && vigente) else {
        auditoria::registrar_cuenta(
            &svc.db,
            Evento::IngresoFallido,
            id,
            origen,
            Some("rut o clave incorrectos"),
            ahora,
        )
        .await?;
        return Err(contar_fallo(svc, id, c.tipo, origen).await?);
    };
    if titular.es_provisoria() && c.provisoria == Provisoria::Rechazar {
        return Err(ErrorServicio::campo(
            c.campo,
            "Está usando una Clave Sence provisoria: cámbiela primero en Cambiar CS.",
        ));
    }
    let gastar = if titular.es_provisoria() { Some(ahora) } else { titular.cuenta.clave_provisional_expira_en };
    cuenta::Entity::update_many()
        .col_expr(cuenta::Column::FallosLogin, Expr::value(0))
        .col_expr(cuenta::Column::Bloqueos, Expr::value(0))
        .col_expr(cuenta::Column::ClaveProvisionalExpiraEn, Expr::value(gastar))
        .filter(cuenta::Column::Rut.eq(id.clave()))
        .exec(&svc.db)
        .await?;
    Ok(titular)
}

/// Counts a wrong CS against an existing account of the procedure's kind, locking it at the
/// limit.
async fn contar_fallo(
    svc: &Servicios,
    id: &IdCuenta,
    tipo: Option<TipoCuenta>,
    origen: &Origen,
) -> Result<ErrorServicio, ErrorServicio> {
    let ahora = svc.ahora();
    let de_su_tipo = |consulta: sea_orm::UpdateMany<cuenta::Entity>| match tipo {
        Some(tipo) => consulta.filter(cuenta::Column::Tipo.eq(tipo)),
        None => consulta,
    };
    de_su_tipo(cuenta::Entity::update_many())
        .col_expr(cuenta::Column::FallosLogin, Expr::col(cuenta::Column::FallosLogin).add(1))
        .filter(cuenta::Column::Rut.eq(id.clave()))
        .exec(&svc.db)
        .await?;
    let Some(titular) = buscar_id(&svc.db, id).await?.filter(|t| tipo.is_none_or(|tipo| t.tipo() == tipo)) else {
        return Ok(ErrorServicio::CredencialesInvalidas);
    };
    if titular.cuenta.fallos_login < FALLOS_PARA_BLOQUEO {
        return Ok(ErrorServicio::CredencialesInvalidas);
    }
    let segundos = duracion_bloqueo(titular.cuenta.bloqueos);
    let minutos = segundos / 60;
    let email = titular.email()?;
    let tx = sea_orm::TransactionTrait::begin(&svc.db).await?;
    // Only the request that resets the count locks (two failing at once lock once).
    let bloqueo = cuenta::Entity::update_many()
        .col_expr(cuenta::Column::FallosLogin, Expr::value(0))
        .col_expr(cuenta::Column::Bloqueos, Expr::col(cuenta::Column::Bloqueos).add(1))
        .col_expr(cuenta::Column::BloqueadaHasta, Expr::value(ahora + segundos))
        .filter(cuenta::Column::Rut.eq(id.clave()))
        .filter(cuenta::Column::FallosLogin.gte(FALLOS_PARA_BLOQUEO))
        .exec(&tx)
        .await?;
    if bloqueo.rows_affected == 1 {
        notificaciones::encolar(&tx, vec![mensajes::bloqueo(&email, &titular.nombre(), minutos)], ahora).await?;
        auditoria::registrar_cuenta(&tx, Evento::Bloqueo, id, origen, Some("intentos fallidos consecutivos"), ahora)
            .await?;
    }
    tx.commit().await?;
    Ok(ErrorServicio::Bloqueada { minutos })
}

#[cfg(test)]
mod tests {
    use super::duracion_bloqueo;

    #[test]
    fn each_new_lock_doubles_up_to_fifteen_minutes() {
        let minutos: Vec<i64> = (0..6).map(|n| duracion_bloqueo(n) / 60).collect();
        assert_eq!(minutos, [1, 2, 4, 8, 15, 15]);
    }
}
