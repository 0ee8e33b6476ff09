//! The visible texts that differ by kind of account, in the guides' own words (N: the Persona
//! Natural guide, J: the Persona Jurídica guide). A page takes the kind and reads its texts
//! here: the procedure is one, its wording is data.

use crate::domain::cuenta::TipoCuenta;

pub struct Textos {
    /// "Persona Natural", "Persona Jurídica".
    pub nombre: &'static str,
    /// `nombre` in capitals, as every title ends: written out so that the browser's code does not
    /// carry Unicode's case tables for one accented letter.
    pub nombre_titulo: &'static str,
    /// The account's RUT where the CS is checked (N §4 `Rut`, J §4 `Rut Empresa`).
    pub rut: &'static str,
    /// The account's RUT in the registration form (J §2 `RUT Empresa`).
    pub rut_registro: &'static str,
    pub seccion_registro: &'static str,
    pub seccion_domicilio: &'static str,
    pub direccion: &'static str,
    pub numero: &'static str,
    /// The account's email in registration and in Actualizar datos.
    pub email_registro: &'static str,
    pub email_actualizar: &'static str,
    pub intro_recuperar: &'static str,
    /// Before the link to recovery ("… haciendo clic aquí").
    pub intro_cambiar: &'static str,
    pub intro_actualizar: &'static str,
    /// Whether the `IMPORTANTE:` box points to Actualizar Datos (N does, J does not).
    pub importante_enlaza_actualizar: bool,
    /// "Para cualquier consulta sobre …" in Cambiar CS (N `cambio de CS`, J `cambio de C.S`).
    pub consulta_cambio: &'static str,
    /// The success line of a recovery about the email (N §3.3, J §3.1 step 8).
    pub clave_enviada_email: &'static str,
}

const NATURAL: Textos = Textos {
    nombre: "Persona Natural",
    nombre_titulo: "PERSONA NATURAL",
    rut: "Rut",
    rut_registro: "Rut",
    seccion_registro: "Información de Registro",
    seccion_domicilio: "Domicilio",
    direccion: "Dirección Particular",
    numero: "N° de Dirección Particular",
    email_registro: "Email",
    email_actualizar: "Email Actual",
    intro_recuperar: "Debe ingresar en primera instancia su Rut y responder la pregunta secreta para validar la cuenta y luego realizar una comprobación de seguridad Captcha.",
    intro_cambiar: "Debe ingresar en primera instancia su Rut y CS actual (con mayúscula) para validar la cuenta, si sus datos son correctos podrá cambiar su CS por otra, finalmente deberá realizar una comprobación de seguridad Captcha. En el caso que la CS ingresada no sea válida considere generar una nueva haciendo clic ",
    intro_actualizar: "Debe ingresar en primera instancia su Rut y Clave Sence para validar la cuenta. Por motivos de seguridad, para garantizar que sólo usted pueda modificar sus datos personales, se solicitará que responda su pregunta secreta; luego podrá actualizar sus datos de contacto y finalmente deberá realizar una comprobación de seguridad Captcha. Para cualquier consulta, llame al 800 80 10 30.",
    importante_enlaza_actualizar: true,
    consulta_cambio: "cambio de CS",
    clave_enviada_email: "Su clave Sence (CS) será enviada a su e-Mail dentro de los próximos 10 minutos.",
};

const JURIDICA: Textos = Textos {
    nombre: "Persona Jurídica",
    nombre_titulo: "PERSONA JURÍDICA",
    rut: "Rut Empresa",
    rut_registro: "RUT Empresa",
    seccion_registro: "Información de Registro de Empresa",
    seccion_domicilio: "Dirección de Empresa",
    direccion: "Dirección",
    numero: "N° de Dirección / N° de Oficina",
    email_registro: "Email de Contacto de Empresa",
    email_actualizar: "Email de Contacto de Empresa",
    intro_recuperar: "Debe ingresar en primera instancia el Rut de la Persona Jurídica y responder la pregunta secreta para validar la cuenta y luego realizar una comprobación de seguridad Captcha.",
    intro_cambiar: "Debe ingresar en primera instancia el Rut de la Empresa, Rut de algún Representante Legal y CS actual (con mayúscula) para validar la cuenta, si sus datos son correctos podrá cambiar su CS por otra, finalmente deberá realizar una comprobación de seguridad Captcha. En el caso que la CS ingresada no sea valida considere generar una nueva haciendo clic ",
    intro_actualizar: "Debe ingresar en primera instancia el Rut de la Empresa, el Rut de algún Representante Legal y la Clave Sence para validar la cuenta. Por motivos de seguridad, se solicitará que responda la pregunta secreta; luego podrá actualizar los datos de contacto, la dirección y los representantes legales de la empresa, y finalmente deberá realizar una comprobación de seguridad Captcha. Para cualquier consulta, llame al 800 80 10 30.",
    importante_enlaza_actualizar: false,
    consulta_cambio: "cambio de C.S",
    clave_enviada_email: "Su clave Sence (CS) será enviada al e-Mail de la Empresa registrado dentro de los próximos 10 minutos.",
};

/// A foreign facilitator (beyond the guides): identified by a document, never registers
/// (a company requests the CS) and recovers only by the secret answer.
const FACILITADOR: Textos = Textos {
    nombre: "Facilitador Extranjero",
    nombre_titulo: "FACILITADOR EXTRANJERO",
    rut: "Documento de Identificación",
    intro_recuperar: "Debe ingresar en primera instancia el tipo y el número de su documento de identificación y responder la pregunta secreta para validar la cuenta y luego realizar una comprobación de seguridad Captcha. Si no recuerda la respuesta, llame al 800 80 10 30, de lunes a viernes de 9.00 a 18.00 horas.",
    intro_cambiar: "Debe ingresar en primera instancia el tipo y el número de su documento de identificación y su CS actual (con mayúscula) para validar la cuenta, si sus datos son correctos podrá cambiar su CS por otra, finalmente deberá realizar una comprobación de seguridad Captcha. En el caso que la CS ingresada no sea válida considere generar una nueva haciendo clic ",
    ..NATURAL
};

pub fn de(cuenta: TipoCuenta) -> &'static Textos {
    match cuenta {
        TipoCuenta::Natural => &NATURAL,
        TipoCuenta::Juridica => &JURIDICA,
        TipoCuenta::Facilitador => &FACILITADOR,
    }
}

impl Textos {
    /// A page's title as the guide writes it: `RECUPERAR CS (CLAVE SENCE) PERSONA JURÍDICA`.
    pub fn titulo(&self, procedimiento: &str) -> String {
        format!("{procedimiento} {}", self.nombre_titulo)
    }
}

/// Where a kind's page of a procedure lives: `/juridica/recuperar`.
pub fn ruta(cuenta: TipoCuenta, procedimiento: &str) -> String {
    format!("/{}/{procedimiento}", cuenta.ruta())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_title_ends_with_the_kind_in_capitals() {
        for cuenta in [TipoCuenta::Natural, TipoCuenta::Juridica, TipoCuenta::Facilitador] {
            let textos = de(cuenta);
            assert_eq!(textos.nombre_titulo, textos.nombre.to_uppercase());
        }
        assert_eq!(de(TipoCuenta::Juridica).titulo("REGISTRAR"), "REGISTRAR PERSONA JURÍDICA");
    }
}
