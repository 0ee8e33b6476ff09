//! The texts of every notification, in one place. The provisional-CS email and SMS follow the
//! guide (natural-person guide §3.3, steps 8–9) word for word.

use super::notificaciones::{Destino, Mensaje};
use cs_domain::{email::Email, telefono::Celular};

pub const ASUNTO_BIENVENIDA: &str = "Bienvenido(a) al Sistema Clave Sence";
pub const ASUNTO_CLAVE_PROVISORIA: &str = "Notificación de Generación de nueva clave Sence CS";
pub const ASUNTO_CAMBIO_CLAVE: &str = "Notificación de cambio de Clave Sence CS";
pub const ASUNTO_ACTUALIZACION: &str = "Notificación de actualización de datos Clave Sence";
pub const ASUNTO_CAMBIO_CONTACTO: &str = "Sus datos de contacto de Clave Sence fueron reemplazados";
pub const ASUNTO_BLOQUEO: &str = "Cuenta Clave Sence bloqueada temporalmente";
pub const ASUNTO_SOLICITUD_RECIBIDA: &str = "Solicitud de Clave Sence para Facilitador Extranjero recibida";
pub const ASUNTO_SOLICITUD_APROBADA: &str = "Solicitud de Clave Sence para Facilitador Extranjero aprobada";
pub const ASUNTO_SOLICITUD_RECHAZADA: &str = "Solicitud de Clave Sence para Facilitador Extranjero rechazada";

const PIE: &str = "Este mensaje de notificación ha sido generado y enviado automáticamente.\n\
Las respuestas o correos enviados a la casilla notificacion@sence.cl no serán leídos.\n\
Ante cualquier duda contáctenos por medio de nuestra web https://sence.gob.cl/personas/contacto o llamando al teléfono: 800 801 030\n\
Dirección: Teatinos 370 Santiago, Chile.";

fn correo(a: &Email, asunto: &str, cuerpo: String, secreto: bool) -> Mensaje {
    Mensaje { destino: Destino::Email { a: a.clone(), asunto: asunto.into() }, cuerpo, secreto }
}

fn sms(a: &Celular, texto: String, secreto: bool) -> Mensaje {
    Mensaje { destino: Destino::Sms(*a), cuerpo: texto, secreto }
}

pub fn bienvenida(a: &Email, nombre: &str) -> Mensaje {
    correo(
        a,
        ASUNTO_BIENVENIDA,
        format!(
            "Estimado(a) Sr(a).:\n\n{nombre}, su cuenta en el Sistema Clave Sence fue creada correctamente.\n\
             Desde ahora puede usar su Rut y su Clave Sence (CS) para ingresar a las plataformas del Sence.\n\n\
             Si usted no solicitó esta cuenta, llámenos gratis al 800 80 10 30, de lunes a viernes de 9.00 a 18.00 horas.\n\n\
             Atte., SENCE.\n\n{PIE}\n"
        ),
        false,
    )
}

/// The provisional CS, by email and (when there is a mobile) by SMS. `cambiar` is the page
/// where the account's kind changes its CS.
pub fn clave_provisoria(
    a: &Email,
    celular: Option<&Celular>,
    nombre: &str,
    clave: &str,
    cambiar: &str,
) -> Vec<Mensaje> {
    let mut mensajes = vec![correo(
        a,
        ASUNTO_CLAVE_PROVISORIA,
        format!(
            "Estimado(a) Sr(a).:\n\n{}, su Clave Sence es: {clave}.\n\
             Para cambiar su clave provisoria por una CS permanente por favor dirijase Aquí: {cambiar}\n\n\
             Atte., SENCE.\n\n{PIE}\n",
            nombre.to_uppercase()
        ),
        true,
    )];
    if let Some(celular) = celular {
        mensajes.push(sms(celular, format!("Sr(A) usuario(a), su clave Sence es: {clave}. Atte. SENCE"), true));
    }
    mensajes
}

/// To the address being replaced during a recovery: the holder learns if it was not them.
/// `con_celular`: the mobile was replaced too (a person's).
pub fn contacto_reemplazado(anterior: &Email, nombre: &str, con_celular: bool) -> Mensaje {
    let nuevos = if con_celular { "un nuevo e-mail y un nuevo celular" } else { "un nuevo e-mail" };
    correo(
        anterior,
        ASUNTO_CAMBIO_CONTACTO,
        format!(
            "Estimado(a) Sr(a).:\n\n{nombre}, al recuperar su Clave Sence se registró {nuevos} \
             para su cuenta, y la clave provisoria se envió allí. Esta dirección ya no recibirá notificaciones.\n\n\
             Si usted no realizó este trámite, llámenos de inmediato al 800 80 10 30.\n\nAtte., SENCE.\n\n{PIE}\n"
        ),
        false,
    )
}

pub fn cambio_clave(a: &Email, celular: Option<&Celular>, nombre: &str) -> Vec<Mensaje> {
    let mut mensajes = vec![correo(
        a,
        ASUNTO_CAMBIO_CLAVE,
        format!(
            "Estimado(a) Sr(a).:\n\n{nombre}, su Clave Sence (CS) fue cambiada correctamente.\n\n\
             Si usted no realizó este cambio, recupere su CS de inmediato o llámenos al 800 80 10 30.\n\nAtte., SENCE.\n\n{PIE}\n"
        ),
        false,
    )];
    if let Some(celular) = celular {
        mensajes.push(sms(
            celular,
            "Sr(A) usuario(a), su clave Sence fue cambiada. Si no fue usted, llame al 800 80 10 30. Atte. SENCE".into(),
            false,
        ));
    }
    mensajes
}

/// To the email on file before the update and, when it changed, to the new one.
pub fn datos_actualizados(anterior: &Email, nuevo: &Email, nombre: &str) -> Vec<Mensaje> {
    let cuerpo = format!(
        "Estimado(a) Sr(a).:\n\n{nombre}, los datos de contacto de su cuenta Clave Sence fueron actualizados.\n\
         E-mail registrado desde ahora: {nuevo}.\n\n\
         Si usted no realizó este cambio, llámenos de inmediato al 800 80 10 30.\n\nAtte., SENCE.\n\n{PIE}\n"
    );
    let mut mensajes = vec![correo(anterior, ASUNTO_ACTUALIZACION, cuerpo.clone(), false)];
    if nuevo != anterior {
        mensajes.push(correo(nuevo, ASUNTO_ACTUALIZACION, cuerpo, false));
    }
    mensajes
}

pub fn bloqueo(a: &Email, nombre: &str, minutos: i64) -> Mensaje {
    correo(
        a,
        ASUNTO_BLOQUEO,
        format!(
            "Estimado(a) Sr(a).:\n\n{nombre}, se registraron varios intentos fallidos de ingreso con su Rut, por lo que su cuenta \
             quedó bloqueada durante {minutos} minuto(s).\n\n\
             Si fue usted, espere y vuelva a intentarlo, o recupere su CS. Si no fue usted, le recomendamos cambiar su CS.\n\n\
             Atte., SENCE.\n\n{PIE}\n"
        ),
        false,
    )
}

/// A facilitator request was sent: to the company and to the facilitator, with its number.
pub fn solicitud_recibida(
    empresa: &Email,
    facilitador: &Email,
    numero: i64,
    razon_social: &str,
    nombre: &str,
) -> Vec<Mensaje> {
    let cuerpo = format!(
        "Estimado(a) Sr(a).:\n\n{razon_social} solicitó una Clave Sence para el facilitador extranjero {nombre}.\n\
         Número de solicitud: {numero}.\n\n\
         SENCE revisará la solicitud y la declaración jurada adjunta. El resultado se informará por este medio.\n\n\
         Si usted no reconoce esta solicitud, llámenos al 800 80 10 30.\n\nAtte., SENCE.\n\n{PIE}\n"
    );
    let mut mensajes = vec![correo(empresa, ASUNTO_SOLICITUD_RECIBIDA, cuerpo.clone(), false)];
    if facilitador != empresa {
        mensajes.push(correo(facilitador, ASUNTO_SOLICITUD_RECIBIDA, cuerpo, false));
    }
    mensajes
}

/// An approved request: the facilitator gets a provisional CS to log in with (and change at
/// once); the company, only the news.
pub fn solicitud_aprobada(
    empresa: &Email,
    facilitador: &Email,
    numero: i64,
    nombre: &str,
    documento: &str,
    clave: &str,
    ingresar: &str,
) -> Vec<Mensaje> {
    vec![
        correo(
            facilitador,
            ASUNTO_SOLICITUD_APROBADA,
            format!(
                "Estimado(a) Sr(a).:\n\n{}, SENCE aprobó la solicitud N° {numero}.\n\
                 Su Clave Sence provisoria es: {clave}.\n\
                 Ingrese con su {documento} y esta clave aquí: {ingresar}; se le pedirá cambiarla por una CS permanente.\n\n\
                 Atte., SENCE.\n\n{PIE}\n",
                nombre.to_uppercase()
            ),
            true,
        ),
        correo(
            empresa,
            ASUNTO_SOLICITUD_APROBADA,
            format!(
                "Estimado(a) Sr(a).:\n\nSENCE aprobó la solicitud N° {numero} de Clave Sence para el facilitador {nombre}.\n\
                 El facilitador recibió su clave provisoria en su e-mail.\n\nAtte., SENCE.\n\n{PIE}\n"
            ),
            false,
        ),
    ]
}

/// A rejected request, with the operator's reason, to the company and the facilitator.
pub fn solicitud_rechazada(
    empresa: &Email,
    facilitador: &Email,
    numero: i64,
    nombre: &str,
    motivo: &str,
) -> Vec<Mensaje> {
    let cuerpo = format!(
        "Estimado(a) Sr(a).:\n\nSENCE rechazó la solicitud N° {numero} de Clave Sence para el facilitador {nombre}.\n\
         Motivo: {motivo}\n\n\
         Puede realizar una nueva solicitud con los antecedentes corregidos. Ante dudas llame al 800 80 10 30.\n\n\
         Atte., SENCE.\n\n{PIE}\n"
    );
    let mut mensajes = vec![correo(empresa, ASUNTO_SOLICITUD_RECHAZADA, cuerpo.clone(), false)];
    if facilitador != empresa {
        mensajes.push(correo(facilitador, ASUNTO_SOLICITUD_RECHAZADA, cuerpo, false));
    }
    mensajes
}
