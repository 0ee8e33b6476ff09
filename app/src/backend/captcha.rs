//! "Validación de seguridad anti-Robots": a PNG of 4 upper-case letters bound to one flow,
//! valid for 5 minutes and for one attempt only. Only a hash of the answer is stored.

use super::entidades::captcha;
use super::error::ErrorServicio;
use super::flujos::{self, id_aleatorio};
use super::Servicios;
use base64::{engine::general_purpose::STANDARD, Engine};
use rand::seq::SliceRandom;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const LARGO: usize = 4;
pub const DURACION_SEGUNDOS: i64 = 5 * 60;

/// Upper-case letters the captcha font draws, without I, L and O, which are easy to misread.
pub const ALFABETO: [char; 23] =
    ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'M', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z'];

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ErrorCaptcha {
    #[error("El texto ingresado no coincide con la imagen. Ingrese el texto de la nueva imagen.")]
    Incorrecto,
    #[error("La imagen de seguridad expiró. Ingrese el texto de la nueva imagen.")]
    Expirado,
    #[error("Ingrese el texto que muestra la imagen.")]
    Vacio,
}

/// What the page shows: the id to send back and the image as a data URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptchaEmitido {
    pub id: String,
    pub imagen: String,
}

fn hash_respuesta(id: &str, respuesta: &str) -> String {
    let mut h = Sha256::new();
    h.update(id.as_bytes());
    h.update(b":");
    h.update(respuesta.trim().to_uppercase().as_bytes());
    hex::encode(h.finalize())
}

fn texto_aleatorio() -> String {
    let mut rng = rand::rngs::OsRng;
    (0..LARGO).map(|_| *ALFABETO.choose(&mut rng).expect("alphabet is not empty")).collect()
}

/// Draws `texto` with noise and a wave, as PNG bytes.
fn dibujar(texto: &str) -> Result<Vec<u8>, ErrorServicio> {
    use ::captcha::filters::{Noise, Wave};
    let mut c = ::captcha::Captcha::new();
    for letra in texto.chars() {
        c.set_chars(&[letra]).add_char();
    }
    c.apply_filter(Noise::new(0.2))
        .apply_filter(Wave::new(2.0, 8.0).horizontal())
        .view(200, 70)
        .as_png()
        .ok_or_else(|| ErrorServicio::interno("no se pudo dibujar el captcha"))
}

/// Issues a new captcha for the flow, replacing any earlier one (`Refrescar`).
#[tracing::instrument(skip_all)]
pub async fn emitir(svc: &Servicios, flujo_id: &str) -> Result<CaptchaEmitido, ErrorServicio> {
    flujos::verificar_vigente(svc, flujo_id).await?;
    let texto = match &svc.ajustes.captcha_respuesta_fija {
        Some(fija) => fija.clone(),
        None => texto_aleatorio(),
    };
    let id = id_aleatorio();
    let respuesta_hash = hash_respuesta(&id, &texto);
    let png = tokio::task::spawn_blocking(move || dibujar(&texto))
        .await
        .map_err(|e| ErrorServicio::por("captcha interrumpido", e))??;

    captcha::Entity::delete_many().filter(captcha::Column::FlujoId.eq(flujo_id)).exec(&svc.db).await?;
    captcha::Entity::insert(captcha::ActiveModel {
        id: Set(id.clone()),
        flujo_id: Set(flujo_id.to_owned()),
        respuesta_hash: Set(respuesta_hash),
        expira_en: Set(svc.ahora() + DURACION_SEGUNDOS),
    })
    .exec(&svc.db)
    .await?;
    Ok(CaptchaEmitido { id, imagen: format!("data:image/png;base64,{}", STANDARD.encode(png)) })
}

/// Checks and consumes a captcha: whatever the outcome, it cannot be tried again.
#[tracing::instrument(skip_all)]
pub async fn verificar(
    svc: &Servicios,
    flujo_id: &str,
    captcha_id: &str,
    respuesta: &str,
) -> Result<(), ErrorServicio> {
    if respuesta.trim().is_empty() {
        return Err(ErrorCaptcha::Vacio.into());
    }
    let fila = captcha::Entity::find_by_id(captcha_id.to_owned())
        .filter(captcha::Column::FlujoId.eq(flujo_id))
        .one(&svc.db)
        .await?
        .ok_or(ErrorCaptcha::Expirado)?;
    // Only the request that deletes the row may use it: two concurrent tries get one chance.
    let borrado = captcha::Entity::delete_by_id(captcha_id.to_owned()).exec(&svc.db).await?;
    if borrado.rows_affected != 1 || fila.expira_en <= svc.ahora() {
        return Err(ErrorCaptcha::Expirado.into());
    }
    if hash_respuesta(captcha_id, respuesta) != fila.respuesta_hash {
        flujos::registrar_fallo(&svc.db, flujo_id).await?;
        return Err(ErrorCaptcha::Incorrecto.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_compared_case_insensitively_and_trimmed() {
        assert_eq!(hash_respuesta("id", "mnic"), hash_respuesta("id", " MNIC "));
        assert_ne!(hash_respuesta("id", "MNIC"), hash_respuesta("otro", "MNIC"));
    }

    #[test]
    fn random_texts_use_the_unambiguous_alphabet() {
        for _ in 0..200 {
            let t = texto_aleatorio();
            assert_eq!(t.chars().count(), LARGO);
            assert!(t.chars().all(|c| ALFABETO.contains(&c)));
        }
    }

    #[test]
    fn every_letter_of_the_alphabet_can_be_drawn() {
        let supported = ::captcha::Captcha::new().supported_chars();
        assert!(ALFABETO.iter().all(|c| supported.contains(c)));
        let png = dibujar("MNIC").unwrap_or_default();
        assert_eq!(&png[1..4], b"PNG");
    }
}
