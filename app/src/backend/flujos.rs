//! The flow engine: creates, loads and advances flow records. A step reads the record, checks
//! the common rules (kind, expiry, attempts), runs the kind's pure transition, and writes the
//! new state only if nobody else wrote since it read (optimistic version check), in the same
//! transaction as the step's own effects.

use super::entidades::flujo;
use super::error::ErrorServicio;
use super::Servicios;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use cs_domain::cuenta::{IdCuenta, TipoCuenta};
use cs_domain::flujo::{
    Actualizacion, CambioClave, ErrorFlujo, MaquinaFlujo, Procedimiento, Recuperacion, Registro, SolicitudFacilitador,
    TipoFlujo, Vigencia,
};
use cs_domain::rut::Rut;
use rand::RngCore;
use sea_orm::{
    prelude::Expr, sea_query::ExprTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

/// A fresh unguessable identifier: 256 bits from the OS generator.
pub fn id_aleatorio() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn estado_inicial<M: MaquinaFlujo>(cuenta: TipoCuenta) -> String {
    serde_json::to_string(&M::para(cuenta).inicial()).expect("flow states serialise")
}

/// The first state of a flow of `tipo`, by its procedure's machine.
fn inicial(tipo: TipoFlujo) -> String {
    let cuenta = tipo.cuenta();
    match tipo.procedimiento() {
        Procedimiento::Registro => estado_inicial::<Registro>(cuenta),
        Procedimiento::Recuperar => estado_inicial::<Recuperacion>(cuenta),
        Procedimiento::Cambiar => estado_inicial::<CambioClave>(cuenta),
        Procedimiento::Actualizar => estado_inicial::<Actualizacion>(cuenta),
        Procedimiento::SolicitudFacilitador => estado_inicial::<SolicitudFacilitador>(cuenta),
    }
}

#[tracing::instrument(skip(svc))]
pub async fn crear(svc: &Servicios, tipo: TipoFlujo) -> Result<String, ErrorServicio> {
    let ahora = svc.ahora();
    let id = id_aleatorio();
    flujo::Entity::insert(flujo::ActiveModel {
        id: Set(id.clone()),
        tipo: Set(tipo.codigo()),
        sujeto: Set(None),
        representante: Set(None),
        estado: Set(inicial(tipo)),
        fallos: Set(0),
        version: Set(0),
        creado_en: Set(ahora),
        expira_en: Set(ahora + svc.ajustes.duracion_flujo_segundos),
    })
    .exec(&svc.db_sin_espera)
    .await?;
    Ok(id)
}

fn vigencia(fila: &flujo::Model) -> Vigencia {
    Vigencia { expira_en: fila.expira_en, fallos: u32::try_from(fila.fallos).unwrap_or(0) }
}

/// A flow loaded for one step, with the version its write must find.
pub struct Flujo<M: MaquinaFlujo> {
    pub id: String,
    pub tipo: TipoFlujo,
    pub estado: M::Estado,
    pub vigencia: Vigencia,
    sujeto: Option<String>,
    representante: Option<String>,
    version: i32,
    maquina: M,
}

/// Loads a flow of `M`'s procedure that accepts a step now: not expired, attempts left. Its
/// kind of account is the record's: a step never chooses it.
#[tracing::instrument(skip_all)]
pub async fn cargar<M: MaquinaFlujo>(
    conn: &impl ConnectionTrait,
    id: &str,
    ahora: i64,
) -> Result<Flujo<M>, ErrorServicio> {
    let fila = flujo::Entity::find_by_id(id.to_owned()).one(conn).await?.ok_or(ErrorFlujo::NoEncontrado)?;
    let tipo = TipoFlujo::desde_codigo(&fila.tipo)
        .filter(|t| t.procedimiento() == M::PROCEDIMIENTO)
        .ok_or(ErrorFlujo::NoEncontrado)?;
    let vigencia = vigencia(&fila);
    vigencia.admite_paso(ahora)?;
    let estado = serde_json::from_str(&fila.estado)
        .map_err(|e| ErrorServicio::por(format!("estado de flujo ilegible ({})", fila.id), e))?;
    Ok(Flujo {
        id: fila.id,
        tipo,
        estado,
        vigencia,
        sujeto: fila.sujeto,
        representante: fila.representante,
        version: fila.version,
        maquina: M::para(tipo.cuenta()),
    })
}

/// Checks that a flow of any kind exists and accepts steps (captcha issuing needs no more).
#[tracing::instrument(skip_all)]
pub async fn verificar_vigente(svc: &Servicios, id: &str) -> Result<(), ErrorServicio> {
    let fila = flujo::Entity::find_by_id(id.to_owned()).one(&svc.db).await?.ok_or(ErrorFlujo::NoEncontrado)?;
    vigencia(&fila).admite_paso(svc.ahora())?;
    Ok(())
}

fn rut_guardado(texto: Option<&str>) -> Option<Rut> {
    texto.and_then(|s| Rut::parse(s).ok())
}

impl<M: MaquinaFlujo> Flujo<M> {
    pub fn cuenta(&self) -> TipoCuenta {
        self.tipo.cuenta()
    }

    /// The account the flow was validated for: later steps act on it, never on one sent again.
    pub fn cuenta_id(&self) -> Result<IdCuenta, ErrorServicio> {
        self.sujeto.as_deref().and_then(IdCuenta::desde_clave).ok_or(ErrorFlujo::FueraDeOrden.into())
    }

    /// The RUT the flow was validated for (of a person or a company, who have one).
    pub fn rut(&self) -> Result<Rut, ErrorServicio> {
        self.cuenta_id()?.rut().copied().ok_or(ErrorFlujo::FueraDeOrden.into())
    }

    /// The legal representative a company's flow acts through, once validated.
    pub fn representante(&self) -> Option<Rut> {
        rut_guardado(self.representante.as_deref())
    }

    /// Fixes the account the flow is about (written by the next [`Flujo::avanzar`]).
    pub fn con_sujeto(mut self, cuenta: &IdCuenta) -> Self {
        self.sujeto = Some(cuenta.clave());
        self
    }

    /// Fixes the representative the flow acts through (written by the next avanzar).
    pub fn con_representante(mut self, rut: Option<&Rut>) -> Self {
        if let Some(rut) = rut {
            self.representante = Some(rut.normalizado());
        }
        self
    }

    /// Whether `paso` is allowed now, without writing anything: checked before spending a
    /// captcha or hashing, so a replay is refused as such.
    pub fn admite(&self, paso: &M::Paso) -> Result<(), ErrorFlujo> {
        self.maquina.avanzar(&self.estado, paso).map(|_| ())
    }

    /// Applies `paso` and writes the new state. Fails if the transition is not allowed, or if
    /// another request advanced the flow since it was loaded (a double submit or a replay).
    #[tracing::instrument(skip_all)]
    pub async fn avanzar(self, conn: &impl ConnectionTrait, paso: &M::Paso) -> Result<M::Estado, ErrorServicio> {
        let nuevo = self.maquina.avanzar(&self.estado, paso)?;
        let json = serde_json::to_string(&nuevo).expect("flow states serialise");
        let escrito = flujo::Entity::update_many()
            .col_expr(flujo::Column::Estado, Expr::value(json))
            .col_expr(flujo::Column::Sujeto, Expr::value(self.sujeto))
            .col_expr(flujo::Column::Representante, Expr::value(self.representante))
            .col_expr(flujo::Column::Version, Expr::value(self.version + 1))
            .filter(flujo::Column::Id.eq(self.id.as_str()))
            .filter(flujo::Column::Version.eq(self.version))
            .exec(conn)
            .await?;
        if escrito.rows_affected != 1 {
            return Err(ErrorFlujo::FueraDeOrden.into());
        }
        Ok(nuevo)
    }
}

/// Counts a wrong answer against the flow, atomically (two instances may count at once).
#[tracing::instrument(skip_all)]
pub async fn registrar_fallo(conn: &impl ConnectionTrait, id: &str) -> Result<(), ErrorServicio> {
    flujo::Entity::update_many()
        .col_expr(flujo::Column::Fallos, Expr::col(flujo::Column::Fallos).add(1))
        .filter(flujo::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// How long an expired flow is kept, so a person coming back to it is told it expired rather
/// than that it does not exist.
const CONSERVAR_VENCIDO_SEGUNDOS: i64 = 24 * 3600;

/// Deletes expired captchas and long-expired flows: the tables stay bounded.
#[tracing::instrument(skip_all)]
pub async fn limpiar_vencidos(svc: &Servicios) -> Result<u64, ErrorServicio> {
    use super::entidades::captcha;
    let ahora = svc.ahora();
    captcha::Entity::delete_many().filter(captcha::Column::ExpiraEn.lt(ahora)).exec(&svc.db).await?;
    let borrados = flujo::Entity::delete_many()
        .filter(flujo::Column::ExpiraEn.lt(ahora - CONSERVAR_VENCIDO_SEGUNDOS))
        .exec(&svc.db)
        .await?;
    Ok(borrados.rows_affected)
}
