//! Flows: every multi-step procedure (register, recover, change, update, facilitator request)
//! is a record the server owns. This module holds the pure part: which kinds exist, the rules
//! every flow shares (expiry, attempt limit, no replay) and each kind's state machine. Time is
//! passed in (`ahora`, Unix seconds) so every transition is testable without a clock.
//!
//! The state diagrams of all kinds are in `docs/flujos.md`.

use serde::{Deserialize, Serialize};

/// Wrong answers (captcha, secret answer, serial number, CS) a flow tolerates before it dies.
pub const MAX_FALLOS: u32 = 5;

/// The procedures of the system. The code is what the database stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipoFlujo {
    RegistroNatural,
    RecuperarNatural,
    CambiarNatural,
    ActualizarNatural,
    RegistroJuridica,
    RecuperarJuridica,
    CambiarJuridica,
    ActualizarJuridica,
    SolicitudFacilitador,
}

impl TipoFlujo {
    pub const TODOS: [TipoFlujo; 9] = [
        TipoFlujo::RegistroNatural,
        TipoFlujo::RecuperarNatural,
        TipoFlujo::CambiarNatural,
        TipoFlujo::ActualizarNatural,
        TipoFlujo::RegistroJuridica,
        TipoFlujo::RecuperarJuridica,
        TipoFlujo::CambiarJuridica,
        TipoFlujo::ActualizarJuridica,
        TipoFlujo::SolicitudFacilitador,
    ];

    pub fn codigo(self) -> &'static str {
        match self {
            TipoFlujo::RegistroNatural => "registro_natural",
            TipoFlujo::RecuperarNatural => "recuperar_natural",
            TipoFlujo::CambiarNatural => "cambiar_natural",
            TipoFlujo::ActualizarNatural => "actualizar_natural",
            TipoFlujo::RegistroJuridica => "registro_juridica",
            TipoFlujo::RecuperarJuridica => "recuperar_juridica",
            TipoFlujo::CambiarJuridica => "cambiar_juridica",
            TipoFlujo::ActualizarJuridica => "actualizar_juridica",
            TipoFlujo::SolicitudFacilitador => "solicitud_facilitador",
        }
    }

    pub fn desde_codigo(codigo: &str) -> Option<TipoFlujo> {
        Self::TODOS.into_iter().find(|t| t.codigo() == codigo)
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

/// One kind's state machine: states are persisted as JSON, transitions are pure.
pub trait MaquinaFlujo {
    type Estado: Serialize + for<'de> Deserialize<'de> + Clone + PartialEq + std::fmt::Debug;
    type Paso;

    fn inicial() -> Self::Estado;

    /// The state after `paso`, or why `paso` is not allowed now.
    fn avanzar(estado: &Self::Estado, paso: &Self::Paso) -> Result<Self::Estado, ErrorFlujo>;
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

    fn inicial() -> EstadoRegistro {
        EstadoRegistro::Abierto
    }

    fn avanzar(estado: &EstadoRegistro, paso: &PasoRegistro) -> Result<EstadoRegistro, ErrorFlujo> {
        match (estado, paso) {
            (EstadoRegistro::Abierto, PasoRegistro::CrearCuenta) => Ok(EstadoRegistro::Completado),
            (EstadoRegistro::Completado, _) => Err(ErrorFlujo::Completado),
        }
    }
}

/// N2 "Recuperar CS" (guide §3): the server learns who the person is by the RUT, then proves it
/// by the secret answer (3.3) or, without one (3.1) or having forgotten it (3.2), by the ID
/// serial number and a confirmation of the contact data. Only then is a provisional CS issued.
pub struct Recuperacion;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "estado", rename_all = "snake_case")]
pub enum EstadoRecuperacion {
    RutPendiente,
    /// The account has a question: it is answered with the final step (3.3), or skipped (3.2).
    ConPregunta,
    SeriePendiente,
    /// The serial matched: the registered email is shown masked, to confirm or replace.
    EmailPorConfirmar,
    Completado,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasoRecuperacion {
    ValidarRut { tiene_pregunta: bool },
    NoRecuerdo,
    ValidarSerie,
    /// The final step after a correct secret answer.
    RecuperarConRespuesta,
    /// The final step after the serial, with the email confirmed (SI) or replaced (NO).
    RecuperarConSerie,
}

impl MaquinaFlujo for Recuperacion {
    type Estado = EstadoRecuperacion;
    type Paso = PasoRecuperacion;

    fn inicial() -> EstadoRecuperacion {
        EstadoRecuperacion::RutPendiente
    }

    fn avanzar(estado: &EstadoRecuperacion, paso: &PasoRecuperacion) -> Result<EstadoRecuperacion, ErrorFlujo> {
        use EstadoRecuperacion as E;
        use PasoRecuperacion as P;
        match (estado, paso) {
            (E::RutPendiente, P::ValidarRut { tiene_pregunta: true }) => Ok(E::ConPregunta),
            (E::RutPendiente, P::ValidarRut { tiene_pregunta: false }) => Ok(E::SeriePendiente),
            (E::ConPregunta, P::NoRecuerdo) => Ok(E::SeriePendiente),
            (E::SeriePendiente, P::ValidarSerie) => Ok(E::EmailPorConfirmar),
            (E::ConPregunta, P::RecuperarConRespuesta) => Ok(E::Completado),
            (E::EmailPorConfirmar, P::RecuperarConSerie) => Ok(E::Completado),
            (E::Completado, _) => Err(ErrorFlujo::Completado),
            _ => Err(ErrorFlujo::FueraDeOrden),
        }
    }
}

/// N3 "Cambiar CS" (guide §4): RUT and current CS, then the new CS with a captcha.
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

    fn inicial() -> EstadoCambioClave {
        EstadoCambioClave::ClavePendiente
    }

    fn avanzar(estado: &EstadoCambioClave, paso: &PasoCambioClave) -> Result<EstadoCambioClave, ErrorFlujo> {
        use EstadoCambioClave as E;
        match (estado, paso) {
            (E::ClavePendiente, PasoCambioClave::ValidarClave) => Ok(E::ClaveValidada),
            (E::ClaveValidada, PasoCambioClave::CambiarClave) => Ok(E::Completado),
            (E::Completado, _) => Err(ErrorFlujo::Completado),
            _ => Err(ErrorFlujo::FueraDeOrden),
        }
    }
}

/// N4 "Actualizar datos" (guide §5): RUT and CS, the secret question (set here when the account
/// has none), then the contact data with a captcha.
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

    fn inicial() -> EstadoActualizacion {
        EstadoActualizacion::ClavePendiente
    }

    fn avanzar(estado: &EstadoActualizacion, paso: &PasoActualizacion) -> Result<EstadoActualizacion, ErrorFlujo> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_code() {
        for tipo in TipoFlujo::TODOS {
            assert_eq!(TipoFlujo::desde_codigo(tipo.codigo()), Some(tipo));
        }
        assert_eq!(TipoFlujo::desde_codigo("otro"), None);
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

    #[test]
    fn registration_completes_once_and_refuses_a_replay() {
        let abierto = Registro::inicial();
        let hecho = Registro::avanzar(&abierto, &PasoRegistro::CrearCuenta).unwrap();
        assert_eq!(hecho, EstadoRegistro::Completado);
        assert_eq!(Registro::avanzar(&hecho, &PasoRegistro::CrearCuenta), Err(ErrorFlujo::Completado));
    }

    fn recorrer<M: MaquinaFlujo>(pasos: &[M::Paso]) -> Result<M::Estado, ErrorFlujo> {
        pasos.iter().try_fold(M::inicial(), |estado, paso| M::avanzar(&estado, paso))
    }

    #[test]
    fn recovery_follows_each_case_of_the_guide() {
        use PasoRecuperacion as P;
        let caso_3_3 = [P::ValidarRut { tiene_pregunta: true }, P::RecuperarConRespuesta];
        let caso_3_2 = [P::ValidarRut { tiene_pregunta: true }, P::NoRecuerdo, P::ValidarSerie, P::RecuperarConSerie];
        let caso_3_1 = [P::ValidarRut { tiene_pregunta: false }, P::ValidarSerie, P::RecuperarConSerie];
        for caso in [&caso_3_3[..], &caso_3_2[..], &caso_3_1[..]] {
            assert_eq!(recorrer::<Recuperacion>(caso), Ok(EstadoRecuperacion::Completado));
        }
    }

    #[test]
    fn recovery_refuses_skipped_and_crossed_steps() {
        use PasoRecuperacion as P;
        // The final step without a validated identity.
        assert_eq!(recorrer::<Recuperacion>(&[P::RecuperarConSerie]), Err(ErrorFlujo::FueraDeOrden));
        assert_eq!(recorrer::<Recuperacion>(&[P::RecuperarConRespuesta]), Err(ErrorFlujo::FueraDeOrden));
        // A serial on a flow that took the answer path, and vice versa.
        assert_eq!(
            recorrer::<Recuperacion>(&[P::ValidarRut { tiene_pregunta: true }, P::ValidarSerie]),
            Err(ErrorFlujo::FueraDeOrden)
        );
        assert_eq!(
            recorrer::<Recuperacion>(&[P::ValidarRut { tiene_pregunta: false }, P::RecuperarConRespuesta]),
            Err(ErrorFlujo::FueraDeOrden)
        );
        // "No recuerdo" without a question, a second RUT, and a replay of the last step.
        assert_eq!(
            recorrer::<Recuperacion>(&[P::ValidarRut { tiene_pregunta: false }, P::NoRecuerdo]),
            Err(ErrorFlujo::FueraDeOrden)
        );
        assert_eq!(
            recorrer::<Recuperacion>(&[P::ValidarRut { tiene_pregunta: true }, P::ValidarRut { tiene_pregunta: true }]),
            Err(ErrorFlujo::FueraDeOrden)
        );
        assert_eq!(
            recorrer::<Recuperacion>(&[P::ValidarRut { tiene_pregunta: true }, P::RecuperarConRespuesta, P::RecuperarConRespuesta]),
            Err(ErrorFlujo::Completado)
        );
    }

    #[test]
    fn a_password_change_needs_the_current_password_first() {
        use PasoCambioClave as P;
        assert_eq!(recorrer::<CambioClave>(&[P::ValidarClave, P::CambiarClave]), Ok(EstadoCambioClave::Completado));
        assert_eq!(recorrer::<CambioClave>(&[P::CambiarClave]), Err(ErrorFlujo::FueraDeOrden));
        assert_eq!(recorrer::<CambioClave>(&[P::ValidarClave, P::ValidarClave]), Err(ErrorFlujo::FueraDeOrden));
    }

    #[test]
    fn an_update_passes_the_question_or_sets_one() {
        use PasoActualizacion as P;
        let con = [P::ValidarClave { tiene_pregunta: true }, P::ResponderPregunta, P::Actualizar];
        let sin = [P::ValidarClave { tiene_pregunta: false }, P::DefinirPregunta, P::Actualizar];
        assert_eq!(recorrer::<Actualizacion>(&con), Ok(EstadoActualizacion::Completado));
        assert_eq!(recorrer::<Actualizacion>(&sin), Ok(EstadoActualizacion::Completado));
        assert_eq!(
            recorrer::<Actualizacion>(&[P::ValidarClave { tiene_pregunta: true }, P::DefinirPregunta]),
            Err(ErrorFlujo::FueraDeOrden),
            "an account with a question cannot replace it without answering it"
        );
        assert_eq!(
            recorrer::<Actualizacion>(&[P::ValidarClave { tiene_pregunta: true }, P::Actualizar]),
            Err(ErrorFlujo::FueraDeOrden)
        );
    }

    #[test]
    fn registration_state_persists_as_tagged_json() {
        let json = serde_json::to_string(&EstadoRegistro::Abierto).unwrap();
        assert_eq!(json, r#"{"estado":"abierto"}"#);
        let back: EstadoRegistro = serde_json::from_str(&json).unwrap();
        assert_eq!(back, EstadoRegistro::Abierto);
    }
}
