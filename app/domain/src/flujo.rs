//! Flows: every multi-step procedure (register, recover, change, update, facilitator request)
//! is a record the server owns. This module holds the pure part: which kinds exist, the rules
//! every flow shares (expiry, attempt limit, no replay) and each kind's state machine. Time is
//! passed in (`ahora`, Unix seconds) so every transition is testable without a clock.
//!
//! The state diagrams of all kinds are in `docs/flujos.md`.

use crate::cuenta::{Prueba, TipoCuenta};
use serde::{Deserialize, Serialize};

/// Wrong answers (captcha, secret answer, serial number, CS) a flow tolerates before it dies.
pub const MAX_FALLOS: u32 = 5;

/// The procedures of the system, each one for every kind of account it serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedimiento {
    Registro,
    Recuperar,
    Cambiar,
    Actualizar,
    SolicitudFacilitador,
}

impl Procedimiento {
    pub fn codigo(self) -> &'static str {
        match self {
            Procedimiento::Registro => "registro",
            Procedimiento::Recuperar => "recuperar",
            Procedimiento::Cambiar => "cambiar",
            Procedimiento::Actualizar => "actualizar",
            Procedimiento::SolicitudFacilitador => "solicitud_facilitador",
        }
    }
}

/// A procedure for one kind of account: what a flow record is. Only the combinations in
/// [`TipoFlujo::DISPONIBLES`] exist; the wire and the database carry its code
/// (`recuperar_juridica`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TipoFlujo {
    procedimiento: Procedimiento,
    cuenta: TipoCuenta,
}

impl TipoFlujo {
    /// The flows that can be started.
    pub const DISPONIBLES: [TipoFlujo; 11] = [
        TipoFlujo::de(Procedimiento::Registro, TipoCuenta::Natural),
        TipoFlujo::de(Procedimiento::Registro, TipoCuenta::Juridica),
        TipoFlujo::de(Procedimiento::Recuperar, TipoCuenta::Natural),
        TipoFlujo::de(Procedimiento::Recuperar, TipoCuenta::Juridica),
        TipoFlujo::de(Procedimiento::Cambiar, TipoCuenta::Natural),
        TipoFlujo::de(Procedimiento::Cambiar, TipoCuenta::Juridica),
        TipoFlujo::de(Procedimiento::Actualizar, TipoCuenta::Natural),
        TipoFlujo::de(Procedimiento::Actualizar, TipoCuenta::Juridica),
        // A facilitator recovers (by the secret answer only) and changes their CS like anyone.
        TipoFlujo::de(Procedimiento::Recuperar, TipoCuenta::Facilitador),
        TipoFlujo::de(Procedimiento::Cambiar, TipoCuenta::Facilitador),
        // A company asks for a facilitator: the flow acts for the company's account.
        TipoFlujo::de(Procedimiento::SolicitudFacilitador, TipoCuenta::Juridica),
    ];

    const fn de(procedimiento: Procedimiento, cuenta: TipoCuenta) -> TipoFlujo {
        TipoFlujo { procedimiento, cuenta }
    }

    /// The flow of `procedimiento` for `cuenta`, if that combination exists.
    pub fn nuevo(procedimiento: Procedimiento, cuenta: TipoCuenta) -> Result<TipoFlujo, ErrorFlujo> {
        let tipo = TipoFlujo::de(procedimiento, cuenta);
        Self::DISPONIBLES.contains(&tipo).then_some(tipo).ok_or(ErrorFlujo::NoDisponible)
    }

    pub fn procedimiento(self) -> Procedimiento {
        self.procedimiento
    }

    pub fn cuenta(self) -> TipoCuenta {
        self.cuenta
    }

    pub fn codigo(self) -> String {
        format!("{}_{}", self.procedimiento.codigo(), self.cuenta.codigo())
    }

    pub fn desde_codigo(codigo: &str) -> Option<TipoFlujo> {
        Self::DISPONIBLES.into_iter().find(|t| t.codigo() == codigo)
    }
}

impl TryFrom<String> for TipoFlujo {
    type Error = String;

    fn try_from(codigo: String) -> Result<Self, Self::Error> {
        TipoFlujo::desde_codigo(&codigo).ok_or_else(|| format!("tipo de flujo desconocido: {codigo}"))
    }
}

impl From<TipoFlujo> for String {
    fn from(tipo: TipoFlujo) -> String {
        tipo.codigo()
    }
}

/// Why a step of a flow was refused. Each has a message a person can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ErrorFlujo {
    #[error("El trámite no existe o ya no está disponible. Por favor, comience nuevamente.")]
    NoEncontrado,
    #[error("El tiempo para completar el trámite expiró. Por favor, comience nuevamente.")]
    Expirado,
    #[error("Este paso no corresponde al estado del trámite. Por favor, complete los pasos en orden.")]
    FueraDeOrden,
    #[error("Este trámite ya fue completado.")]
    Completado,
    #[error("Superó el número de intentos permitidos. Por favor, comience nuevamente.")]
    DemasiadosIntentos,
    #[error("Este trámite aún no está disponible.")]
    NoDisponible,
    #[error(
        "Su cuenta no tiene otra forma de validar su identidad que la respuesta secreta. Para recuperar su CS llame al 800 80 10 30, de lunes a viernes de 9.00 a 18.00 horas."
    )]
    SinOtraPrueba,
}

/// What every flow carries besides its own state: the rules common to all kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vigencia {
    pub expira_en: i64,
    pub fallos: u32,
}

impl Vigencia {
    /// A flow accepts a step only before its expiry and while it has attempts left.
    pub fn admite_paso(&self, ahora: i64) -> Result<(), ErrorFlujo> {
        if ahora >= self.expira_en {
            return Err(ErrorFlujo::Expirado);
        }
        if self.fallos >= MAX_FALLOS {
            return Err(ErrorFlujo::DemasiadosIntentos);
        }
        Ok(())
    }

    /// Counts one wrong answer; the flow is dead once it reaches [`MAX_FALLOS`].
    pub fn con_fallo(self) -> Vigencia {
        Vigencia { fallos: self.fallos.saturating_add(1), ..self }
    }

    pub fn agotada(&self) -> bool {
        self.fallos >= MAX_FALLOS
    }
}

/// One procedure's state machine: states are persisted as JSON, transitions are pure. The
/// machine is built for the flow's kind of account, so a kind's steps are data it holds.
pub trait MaquinaFlujo: Sized {
    type Estado: Serialize + for<'de> Deserialize<'de> + Clone + PartialEq + std::fmt::Debug;
    type Paso;

    const PROCEDIMIENTO: Procedimiento;

    fn para(cuenta: TipoCuenta) -> Self;

    fn inicial(&self) -> Self::Estado;

    /// The state after `paso`, or why `paso` is not allowed now.
    fn avanzar(&self, estado: &Self::Estado, paso: &Self::Paso) -> Result<Self::Estado, ErrorFlujo>;
}

/// N1 / J1: a single form. The flow exists so the captcha is bound to it and the final
/// submission cannot be replayed.
pub struct Registro;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "estado", rename_all = "snake_case")]
pub enum EstadoRegistro {
    Abierto,
    Completado,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasoRegistro {
    /// The form with a correct captcha was accepted and the account created.
    CrearCuenta,
}

impl MaquinaFlujo for Registro {
    type Estado = EstadoRegistro;
    type Paso = PasoRegistro;

    const PROCEDIMIENTO: Procedimiento = Procedimiento::Registro;

    fn para(_: TipoCuenta) -> Self {
        Registro
    }

    fn inicial(&self) -> EstadoRegistro {
        EstadoRegistro::Abierto
    }

    fn avanzar(&self, estado: &EstadoRegistro, paso: &PasoRegistro) -> Result<EstadoRegistro, ErrorFlujo> {
        match (estado, paso) {
            (EstadoRegistro::Abierto, PasoRegistro::CrearCuenta) => Ok(EstadoRegistro::Completado),
            (EstadoRegistro::Completado, _) => Err(ErrorFlujo::Completado),
        }
    }
}

/// N2 / J2 "Recuperar CS" (guides §3): the server learns which account by the RUT, then proves
/// who asks by the secret answer (3.3) or, without one (3.1) or having forgotten it (3.2), by
/// the kind's proofs ([`TipoCuenta::pruebas_sin_respuesta`]: a person's ID serial number; a
/// company's legal representative, then that representative's serial) and a confirmation of
/// the contact data. Only then is a provisional CS issued.
pub struct Recuperacion {
    pruebas: &'static [Prueba],
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "estado", rename_all = "snake_case")]
pub enum EstadoRecuperacion {
    RutPendiente,
    /// The account has a question: it is answered with the final step (3.3), or skipped (3.2).
    ConPregunta,
    /// The next proof of identity to pass.
    PruebaPendiente {
        prueba: Prueba,
    },
    /// Every proof passed: the registered email is shown masked, to confirm or replace.
    EmailPorConfirmar,
    Completado,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasoRecuperacion {
    ValidarRut {
        tiene_pregunta: bool,
    },
    NoRecuerdo,
    /// A proof of identity was passed.
    Probar(Prueba),
    /// The final step after a correct secret answer.
    RecuperarConRespuesta,
    /// The final step after the proofs, with the email confirmed (SI) or replaced (NO).
    RecuperarConDatos,
}

impl Recuperacion {
    /// Where a recovery without the answer starts; a kind without other proofs cannot.
    fn primera_prueba(&self) -> Result<EstadoRecuperacion, ErrorFlujo> {
        let prueba = self.pruebas.first().ok_or(ErrorFlujo::SinOtraPrueba)?;
        Ok(EstadoRecuperacion::PruebaPendiente { prueba: *prueba })
    }

    fn despues_de(&self, pasada: Prueba) -> EstadoRecuperacion {
        let siguiente = self.pruebas.iter().skip_while(|p| **p != pasada).nth(1);
        match siguiente {
            Some(prueba) => EstadoRecuperacion::PruebaPendiente { prueba: *prueba },
            None => EstadoRecuperacion::EmailPorConfirmar,
        }
    }
}

impl MaquinaFlujo for Recuperacion {
    type Estado = EstadoRecuperacion;
    type Paso = PasoRecuperacion;

    const PROCEDIMIENTO: Procedimiento = Procedimiento::Recuperar;

    fn para(cuenta: TipoCuenta) -> Self {
        Recuperacion { pruebas: cuenta.pruebas_sin_respuesta() }
    }

    fn inicial(&self) -> EstadoRecuperacion {
        EstadoRecuperacion::RutPendiente
    }

    fn avanzar(&self, estado: &EstadoRecuperacion, paso: &PasoRecuperacion) -> Result<EstadoRecuperacion, ErrorFlujo> {
        use EstadoRecuperacion as E;
        use PasoRecuperacion as P;
        match (estado, paso) {
            (E::RutPendiente, P::ValidarRut { tiene_pregunta: true }) => Ok(E::ConPregunta),
            (E::RutPendiente, P::ValidarRut { tiene_pregunta: false }) => self.primera_prueba(),
            (E::ConPregunta, P::NoRecuerdo) => self.primera_prueba(),
            (E::PruebaPendiente { prueba }, P::Probar(pasada)) if prueba == pasada => Ok(self.despues_de(*pasada)),
            (E::ConPregunta, P::RecuperarConRespuesta) => Ok(E::Completado),
            (E::EmailPorConfirmar, P::RecuperarConDatos) => Ok(E::Completado),
            (E::Completado, _) => Err(ErrorFlujo::Completado),
            _ => Err(ErrorFlujo::FueraDeOrden),
        }
    }
}

/// N3 / J3 "Cambiar CS" (guides §4): the account (and, for a company, a representative) with
/// its current CS, then the new CS with a captcha.
pub struct CambioClave;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "estado", rename_all = "snake_case")]
pub enum EstadoCambioClave {
    ClavePendiente,
    ClaveValidada,
    Completado,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasoCambioClave {
    ValidarClave,
    CambiarClave,
}

impl MaquinaFlujo for CambioClave {
    type Estado = EstadoCambioClave;
    type Paso = PasoCambioClave;

    const PROCEDIMIENTO: Procedimiento = Procedimiento::Cambiar;

    fn para(_: TipoCuenta) -> Self {
        CambioClave
    }

    fn inicial(&self) -> EstadoCambioClave {
        EstadoCambioClave::ClavePendiente
    }

    fn avanzar(&self, estado: &EstadoCambioClave, paso: &PasoCambioClave) -> Result<EstadoCambioClave, ErrorFlujo> {
        use EstadoCambioClave as E;
        match (estado, paso) {
            (E::ClavePendiente, PasoCambioClave::ValidarClave) => Ok(E::ClaveValidada),
            (E::ClaveValidada, PasoCambioClave::CambiarClave) => Ok(E::Completado),
            (E::Completado, _) => Err(ErrorFlujo::Completado),
            _ => Err(ErrorFlujo::FueraDeOrden),
        }
    }
}

/// N4 / J4 "Actualizar datos" (guide §5): the account and its CS, the secret question (set here
/// when the account has none), then the data with a captcha.
pub struct Actualizacion;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "estado", rename_all = "snake_case")]
pub enum EstadoActualizacion {
    ClavePendiente,
    PreguntaPendiente,
    PreguntaPorDefinir,
    DatosPendientes,
    Completado,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasoActualizacion {
    ValidarClave { tiene_pregunta: bool },
    ResponderPregunta,
    DefinirPregunta,
    Actualizar,
}

impl MaquinaFlujo for Actualizacion {
    type Estado = EstadoActualizacion;
    type Paso = PasoActualizacion;

    const PROCEDIMIENTO: Procedimiento = Procedimiento::Actualizar;

    fn para(_: TipoCuenta) -> Self {
        Actualizacion
    }

    fn inicial(&self) -> EstadoActualizacion {
        EstadoActualizacion::ClavePendiente
    }

    fn avanzar(
        &self,
        estado: &EstadoActualizacion,
        paso: &PasoActualizacion,
    ) -> Result<EstadoActualizacion, ErrorFlujo> {
        use EstadoActualizacion as E;
        use PasoActualizacion as P;
        match (estado, paso) {
            (E::ClavePendiente, P::ValidarClave { tiene_pregunta: true }) => Ok(E::PreguntaPendiente),
            (E::ClavePendiente, P::ValidarClave { tiene_pregunta: false }) => Ok(E::PreguntaPorDefinir),
            (E::PreguntaPendiente, P::ResponderPregunta) => Ok(E::DatosPendientes),
            (E::PreguntaPorDefinir, P::DefinirPregunta) => Ok(E::DatosPendientes),
            (E::DatosPendientes, P::Actualizar) => Ok(E::Completado),
            (E::Completado, _) => Err(ErrorFlujo::Completado),
            _ => Err(ErrorFlujo::FueraDeOrden),
        }
    }
}

/// J5 "Solicitud de CS para Facilitador Extranjero" (guide §5): the company proves itself
/// (RUT, a current legal representative, its CS, a captcha), uploads the signed sworn
/// declaration, then the facilitator's data with their ID document. The request it leaves is
/// decided later by an operator, outside the flow.
pub struct SolicitudFacilitador;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "estado", rename_all = "snake_case")]
pub enum EstadoSolicitudFacilitador {
    EmpresaPendiente,
    DeclaracionPendiente,
    /// The declaration is in (it may still be replaced); the facilitator's data are next.
    DatosPendientes,
    Enviada,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasoSolicitudFacilitador {
    ValidarEmpresa,
    AdjuntarDeclaracion,
    /// The facilitator's ID document; only with the data, before sending.
    AdjuntarDocumento,
    RealizarSolicitud,
}

impl MaquinaFlujo for SolicitudFacilitador {
    type Estado = EstadoSolicitudFacilitador;
    type Paso = PasoSolicitudFacilitador;

    const PROCEDIMIENTO: Procedimiento = Procedimiento::SolicitudFacilitador;

    fn para(_: TipoCuenta) -> Self {
        SolicitudFacilitador
    }

    fn inicial(&self) -> EstadoSolicitudFacilitador {
        EstadoSolicitudFacilitador::EmpresaPendiente
    }

    fn avanzar(
        &self,
        estado: &EstadoSolicitudFacilitador,
        paso: &PasoSolicitudFacilitador,
    ) -> Result<EstadoSolicitudFacilitador, ErrorFlujo> {
        use EstadoSolicitudFacilitador as E;
        use PasoSolicitudFacilitador as P;
        match (estado, paso) {
            (E::EmpresaPendiente, P::ValidarEmpresa) => Ok(E::DeclaracionPendiente),
            (E::DeclaracionPendiente | E::DatosPendientes, P::AdjuntarDeclaracion) => Ok(E::DatosPendientes),
            (E::DatosPendientes, P::AdjuntarDocumento) => Ok(E::DatosPendientes),
            (E::DatosPendientes, P::RealizarSolicitud) => Ok(E::Enviada),
            (E::Enviada, _) => Err(ErrorFlujo::Completado),
            _ => Err(ErrorFlujo::FueraDeOrden),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_available_kind_round_trips_through_its_code() {
        for tipo in TipoFlujo::DISPONIBLES {
            assert_eq!(TipoFlujo::desde_codigo(&tipo.codigo()), Some(tipo));
            let json = serde_json::to_value(tipo).unwrap();
            assert_eq!(serde_json::from_value::<TipoFlujo>(json).unwrap(), tipo);
        }
        assert_eq!(TipoFlujo::desde_codigo("recuperar_natural").map(TipoFlujo::cuenta), Some(TipoCuenta::Natural));
        assert_eq!(TipoFlujo::desde_codigo("otro"), None);
        assert!(serde_json::from_value::<TipoFlujo>(serde_json::json!("registro_facilitador")).is_err());
    }

    #[test]
    fn only_the_procedures_a_kind_has_can_be_started() {
        assert!(TipoFlujo::nuevo(Procedimiento::Recuperar, TipoCuenta::Juridica).is_ok());
        assert_eq!(TipoFlujo::nuevo(Procedimiento::Registro, TipoCuenta::Facilitador), Err(ErrorFlujo::NoDisponible));
    }

    #[test]
    fn a_flow_refuses_steps_at_and_after_its_expiry() {
        let v = Vigencia { expira_en: 100, fallos: 0 };
        assert_eq!(v.admite_paso(99), Ok(()));
        assert_eq!(v.admite_paso(100), Err(ErrorFlujo::Expirado));
        assert_eq!(v.admite_paso(1_000), Err(ErrorFlujo::Expirado));
    }

    #[test]
    fn the_fifth_failure_kills_the_flow() {
        let mut v = Vigencia { expira_en: 100, fallos: 0 };
        for _ in 0..MAX_FALLOS - 1 {
            v = v.con_fallo();
            assert_eq!(v.admite_paso(0), Ok(()));
        }
        v = v.con_fallo();
        assert!(v.agotada());
        assert_eq!(v.admite_paso(0), Err(ErrorFlujo::DemasiadosIntentos));
    }

    #[test]
    fn expiry_is_reported_before_exhaustion() {
        let v = Vigencia { expira_en: 10, fallos: MAX_FALLOS };
        assert_eq!(v.admite_paso(10), Err(ErrorFlujo::Expirado));
    }

    fn recorrer<M: MaquinaFlujo>(cuenta: TipoCuenta, pasos: &[M::Paso]) -> Result<M::Estado, ErrorFlujo> {
        let maquina = M::para(cuenta);
        pasos.iter().try_fold(maquina.inicial(), |estado, paso| maquina.avanzar(&estado, paso))
    }

    #[test]
    fn registration_completes_once_and_refuses_a_replay() {
        use PasoRegistro::CrearCuenta;
        assert_eq!(recorrer::<Registro>(TipoCuenta::Natural, &[CrearCuenta]), Ok(EstadoRegistro::Completado));
        assert_eq!(
            recorrer::<Registro>(TipoCuenta::Juridica, &[CrearCuenta, CrearCuenta]),
            Err(ErrorFlujo::Completado)
        );
    }

    #[test]
    fn a_person_recovers_by_each_case_of_the_guide() {
        use PasoRecuperacion as P;
        let serie = P::Probar(Prueba::Serie);
        let caso_3_3 = [P::ValidarRut { tiene_pregunta: true }, P::RecuperarConRespuesta];
        let caso_3_2 = [P::ValidarRut { tiene_pregunta: true }, P::NoRecuerdo, serie, P::RecuperarConDatos];
        let caso_3_1 = [P::ValidarRut { tiene_pregunta: false }, serie, P::RecuperarConDatos];
        for caso in [&caso_3_3[..], &caso_3_2[..], &caso_3_1[..]] {
            assert_eq!(recorrer::<Recuperacion>(TipoCuenta::Natural, caso), Ok(EstadoRecuperacion::Completado));
        }
    }

    #[test]
    fn a_company_names_its_representative_before_the_serial() {
        use PasoRecuperacion as P;
        let (representante, serie) = (P::Probar(Prueba::Representante), P::Probar(Prueba::Serie));
        let caso_3_1 = [P::ValidarRut { tiene_pregunta: false }, representante, serie, P::RecuperarConDatos];
        let caso_3_2 =
            [P::ValidarRut { tiene_pregunta: true }, P::NoRecuerdo, representante, serie, P::RecuperarConDatos];
        for caso in [&caso_3_1[..], &caso_3_2[..]] {
            assert_eq!(recorrer::<Recuperacion>(TipoCuenta::Juridica, caso), Ok(EstadoRecuperacion::Completado));
        }
        assert_eq!(
            recorrer::<Recuperacion>(TipoCuenta::Juridica, &[P::ValidarRut { tiene_pregunta: false }]),
            Ok(EstadoRecuperacion::PruebaPendiente { prueba: Prueba::Representante })
        );
        assert_eq!(
            recorrer::<Recuperacion>(TipoCuenta::Juridica, &[P::ValidarRut { tiene_pregunta: false }, serie]),
            Err(ErrorFlujo::FueraDeOrden),
            "the serial is the representative's: it cannot come before the representative"
        );
        assert_eq!(
            recorrer::<Recuperacion>(
                TipoCuenta::Juridica,
                &[P::ValidarRut { tiene_pregunta: false }, representante, P::RecuperarConDatos]
            ),
            Err(ErrorFlujo::FueraDeOrden)
        );
    }

    #[test]
    fn a_kind_without_other_proofs_recovers_only_by_the_answer() {
        use PasoRecuperacion as P;
        let f = TipoCuenta::Facilitador;
        assert_eq!(
            recorrer::<Recuperacion>(f, &[P::ValidarRut { tiene_pregunta: false }]),
            Err(ErrorFlujo::SinOtraPrueba)
        );
        assert_eq!(
            recorrer::<Recuperacion>(f, &[P::ValidarRut { tiene_pregunta: true }, P::NoRecuerdo]),
            Err(ErrorFlujo::SinOtraPrueba)
        );
        assert_eq!(
            recorrer::<Recuperacion>(f, &[P::ValidarRut { tiene_pregunta: true }, P::RecuperarConRespuesta]),
            Ok(EstadoRecuperacion::Completado)
        );
    }

    #[test]
    fn recovery_refuses_skipped_and_crossed_steps() {
        use PasoRecuperacion as P;
        let n = TipoCuenta::Natural;
        let serie = P::Probar(Prueba::Serie);
        // The final step without a validated identity.
        assert_eq!(recorrer::<Recuperacion>(n, &[P::RecuperarConDatos]), Err(ErrorFlujo::FueraDeOrden));
        assert_eq!(recorrer::<Recuperacion>(n, &[P::RecuperarConRespuesta]), Err(ErrorFlujo::FueraDeOrden));
        // A serial on a flow that took the answer path, and vice versa.
        assert_eq!(
            recorrer::<Recuperacion>(n, &[P::ValidarRut { tiene_pregunta: true }, serie]),
            Err(ErrorFlujo::FueraDeOrden)
        );
        assert_eq!(
            recorrer::<Recuperacion>(n, &[P::ValidarRut { tiene_pregunta: false }, P::RecuperarConRespuesta]),
            Err(ErrorFlujo::FueraDeOrden)
        );
        // A proof a person is never asked.
        assert_eq!(
            recorrer::<Recuperacion>(n, &[P::ValidarRut { tiene_pregunta: false }, P::Probar(Prueba::Representante)]),
            Err(ErrorFlujo::FueraDeOrden)
        );
        // "No recuerdo" without a question, a second RUT, and a replay of the last step.
        assert_eq!(
            recorrer::<Recuperacion>(n, &[P::ValidarRut { tiene_pregunta: false }, P::NoRecuerdo]),
            Err(ErrorFlujo::FueraDeOrden)
        );
        assert_eq!(
            recorrer::<Recuperacion>(
                n,
                &[P::ValidarRut { tiene_pregunta: true }, P::ValidarRut { tiene_pregunta: true }]
            ),
            Err(ErrorFlujo::FueraDeOrden)
        );
        assert_eq!(
            recorrer::<Recuperacion>(
                n,
                &[P::ValidarRut { tiene_pregunta: true }, P::RecuperarConRespuesta, P::RecuperarConRespuesta]
            ),
            Err(ErrorFlujo::Completado)
        );
    }

    #[test]
    fn a_password_change_needs_the_current_password_first() {
        use PasoCambioClave as P;
        for cuenta in [TipoCuenta::Natural, TipoCuenta::Juridica] {
            assert_eq!(
                recorrer::<CambioClave>(cuenta, &[P::ValidarClave, P::CambiarClave]),
                Ok(EstadoCambioClave::Completado)
            );
            assert_eq!(recorrer::<CambioClave>(cuenta, &[P::CambiarClave]), Err(ErrorFlujo::FueraDeOrden));
            assert_eq!(
                recorrer::<CambioClave>(cuenta, &[P::ValidarClave, P::ValidarClave]),
                Err(ErrorFlujo::FueraDeOrden)
            );
        }
    }

    #[test]
    fn an_update_passes_the_question_or_sets_one() {
        use PasoActualizacion as P;
        let n = TipoCuenta::Natural;
        let con = [P::ValidarClave { tiene_pregunta: true }, P::ResponderPregunta, P::Actualizar];
        let sin = [P::ValidarClave { tiene_pregunta: false }, P::DefinirPregunta, P::Actualizar];
        assert_eq!(recorrer::<Actualizacion>(n, &con), Ok(EstadoActualizacion::Completado));
        assert_eq!(recorrer::<Actualizacion>(n, &sin), Ok(EstadoActualizacion::Completado));
        assert_eq!(
            recorrer::<Actualizacion>(n, &[P::ValidarClave { tiene_pregunta: true }, P::DefinirPregunta]),
            Err(ErrorFlujo::FueraDeOrden),
            "an account with a question cannot replace it without answering it"
        );
        assert_eq!(
            recorrer::<Actualizacion>(n, &[P::ValidarClave { tiene_pregunta: true }, P::Actualizar]),
            Err(ErrorFlujo::FueraDeOrden)
        );
    }

    #[test]
    fn a_facilitator_request_goes_company_declaration_data() {
        use PasoSolicitudFacilitador as P;
        let j = TipoCuenta::Juridica;
        let completo = [
            P::ValidarEmpresa,
            P::AdjuntarDeclaracion,
            P::AdjuntarDocumento,
            P::AdjuntarDeclaracion,
            P::RealizarSolicitud,
        ];
        assert_eq!(recorrer::<SolicitudFacilitador>(j, &completo), Ok(EstadoSolicitudFacilitador::Enviada));
        for saltado in [
            &[P::AdjuntarDeclaracion][..],
            &[P::RealizarSolicitud],
            &[P::ValidarEmpresa, P::AdjuntarDocumento],
            &[P::ValidarEmpresa, P::RealizarSolicitud],
            &[P::ValidarEmpresa, P::ValidarEmpresa],
        ] {
            assert_eq!(recorrer::<SolicitudFacilitador>(j, saltado), Err(ErrorFlujo::FueraDeOrden), "{saltado:?}");
        }
        let mut repetida = completo.to_vec();
        repetida.push(P::RealizarSolicitud);
        assert_eq!(recorrer::<SolicitudFacilitador>(j, &repetida), Err(ErrorFlujo::Completado));
        assert!(TipoFlujo::nuevo(Procedimiento::SolicitudFacilitador, TipoCuenta::Juridica).is_ok());
        assert_eq!(
            TipoFlujo::nuevo(Procedimiento::SolicitudFacilitador, TipoCuenta::Natural),
            Err(ErrorFlujo::NoDisponible)
        );
    }

    #[test]
    fn states_persist_as_tagged_json() {
        let json = serde_json::to_string(&EstadoRegistro::Abierto).unwrap();
        assert_eq!(json, r#"{"estado":"abierto"}"#);
        let prueba = EstadoRecuperacion::PruebaPendiente { prueba: Prueba::Representante };
        let json = serde_json::to_string(&prueba).unwrap();
        assert_eq!(json, r#"{"estado":"prueba_pendiente","prueba":"representante"}"#);
        assert_eq!(serde_json::from_str::<EstadoRecuperacion>(&json).unwrap(), prueba);
    }
}
