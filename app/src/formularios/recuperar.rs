//! Recuperar CS (guides §3): what each step sends and what the server answers.

use super::{leer, mensajes, Campo, ErroresCampos};
use crate::domain::{
    cuenta::{Prueba, TipoCuenta},
    email::Email,
    numero_serie::NumeroSerie,
    pregunta::RespuestaSecreta,
    rut::Rut,
    secreto::TextoSecreto,
    telefono::Celular,
};
use serde::{Deserialize, Serialize};

/// What the page shows next, as the server decides it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Siguiente {
    /// The account's secret question (cases 3.2 and 3.3).
    Pregunta(String),
    /// A proof of identity to pass (cases 3.1 and 3.2).
    Prueba(Prueba),
    /// Every proof passed: the registered email, masked, to confirm or replace.
    ConfirmarEmail(String),
}

/// The field where a proof is typed.
pub fn campo_de(prueba: Prueba) -> Campo {
    match prueba {
        Prueba::Representante => Campo::RutRepresentanteLegal,
        Prueba::Serie => Campo::Serie,
    }
}

/// A proof as typed, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evidencia {
    Representante(Rut),
    Serie(NumeroSerie),
}

impl Evidencia {
    pub fn leer(prueba: Prueba, texto: &str) -> Result<Evidencia, ErroresCampos> {
        let campo = campo_de(prueba);
        match prueba {
            Prueba::Representante => leer(campo, Rut::parse(texto)).map(Evidencia::Representante),
            Prueba::Serie => leer(campo, NumeroSerie::parse(texto)).map(Evidencia::Serie),
        }
    }

    pub fn prueba(&self) -> Prueba {
        match self {
            Evidencia::Representante(_) => Prueba::Representante,
            Evidencia::Serie(_) => Prueba::Serie,
        }
    }
}

/// The final step: the answer (3.3), or the email confirmation after the proofs (3.1, 3.2)
/// with the new contact data when the person answered `NO`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FinRecuperacion {
    pub respuesta: TextoSecreto,
    pub email_correcto: Option<bool>,
    pub email: String,
    /// Only asked of a person ([`TipoCuenta::reemplaza_celular`]).
    pub celular: String,
}

/// The final step, parsed.
#[derive(Debug)]
pub enum Fin {
    Respuesta(RespuestaSecreta),
    /// `SI`: the provisional CS goes to the contact data on file.
    DatosConfirmados,
    /// `NO`: it goes to these, which replace the contact data on file.
    DatosNuevos {
        email: Email,
        celular: Option<Celular>,
    },
}

impl FinRecuperacion {
    /// `con_respuesta`: the flow is on the answer path (3.3), so only the answer counts.
    pub fn validar(&self, cuenta: TipoCuenta, con_respuesta: bool) -> Result<Fin, ErroresCampos> {
        if con_respuesta {
            return leer(Campo::Respuesta, RespuestaSecreta::parse(self.respuesta.expose())).map(Fin::Respuesta);
        }
        match self.email_correcto {
            None => Err(ErroresCampos::de_uno(Campo::EmailCorrecto, mensajes::INDIQUE_EMAIL_CORRECTO)),
            Some(true) => Ok(Fin::DatosConfirmados),
            Some(false) => {
                let mut e = ErroresCampos::default();
                let email = e.tomar(Campo::Email, Email::parse(&self.email));
                let celular = if cuenta.reemplaza_celular() {
                    e.tomar(Campo::Celular, Celular::parse(&self.celular)).map(Some)
                } else {
                    Some(None)
                };
                e.resultado(email.zip(celular).map(|(email, celular)| Fin::DatosNuevos { email, celular }))
            }
        }
    }
}

/// Where the provisional CS went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaveEnviada {
    pub por_sms: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn no(email: &str, celular: &str) -> FinRecuperacion {
        FinRecuperacion {
            email_correcto: Some(false),
            email: email.into(),
            celular: celular.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_person_replaces_email_and_mobile_a_company_only_its_email() {
        let Ok(Fin::DatosNuevos { celular, .. }) = no("ana@correo.cl", "98765432").validar(TipoCuenta::Natural, false)
        else {
            panic!("new data")
        };
        assert!(celular.is_some());
        let errores = no("ana@correo.cl", "").validar(TipoCuenta::Natural, false).unwrap_err();
        assert!(errores.de(Campo::Celular).is_some());
        let Ok(Fin::DatosNuevos { celular, .. }) = no("rrhh@empresa.cl", "").validar(TipoCuenta::Juridica, false)
        else {
            panic!("new email")
        };
        assert!(celular.is_none());
    }

    #[test]
    fn the_email_question_must_be_answered() {
        let errores = FinRecuperacion::default().validar(TipoCuenta::Natural, false).unwrap_err();
        assert_eq!(errores.de(Campo::EmailCorrecto), Some(mensajes::INDIQUE_EMAIL_CORRECTO));
    }

    #[test]
    fn on_the_answer_path_only_the_answer_counts() {
        let fin = FinRecuperacion { respuesta: "  Perú ".into(), email_correcto: Some(false), ..Default::default() };
        assert!(
            matches!(fin.validar(TipoCuenta::Juridica, true), Ok(Fin::Respuesta(r)) if r.normalizada().expose_secret() == "peru")
        );
        assert!(FinRecuperacion::default()
            .validar(TipoCuenta::Natural, true)
            .unwrap_err()
            .de(Campo::Respuesta)
            .is_some());
    }

    #[test]
    fn each_proof_is_read_at_its_own_field() {
        assert!(matches!(Evidencia::leer(Prueba::Serie, "106.123.456"), Ok(Evidencia::Serie(_))));
        let errores = Evidencia::leer(Prueba::Representante, "12.345.678-9").unwrap_err();
        assert!(errores.de(Campo::RutRepresentanteLegal).is_some());
    }
}
