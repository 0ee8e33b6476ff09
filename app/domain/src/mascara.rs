//! Masks an email address before showing it, so the screen that says "we sent your
//! provisional password to …" confirms the mailbox to its owner without revealing it
//! to someone who only knows a RUT.

use crate::email::Email;
use crate::telefono::Celular;

/// Shows only the start of each part, followed by a fixed `xxxx` so the real length is
/// not revealed: `polmedina@sence.cl` → `polmxxxx@senxxxx`.
pub fn enmascarar_email(email: &Email) -> String {
    format!("{}xxxx@{}xxxx", inicio(email.local(), 4), inicio(email.dominio(), 3))
}

/// Shows only the last four digits of a mobile: `+56 9 xxxx 4321`.
pub fn enmascarar_celular(celular: &Celular) -> String {
    format!("+56 9 xxxx {}", &celular.ocho_digitos()[4..])
}

/// The first `min(tope, max(1, largo / 2))` characters: never more than half of a long
/// part, but at least one character so a short address still shows something.
fn inicio(texto: &str, tope: usize) -> String {
    let visibles = (texto.chars().count() / 2).clamp(1, tope);
    texto.chars().take(visibles).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mascara(s: &str) -> String {
        enmascarar_email(&Email::parse(s).unwrap())
    }

    #[test]
    fn a_mobile_shows_only_its_last_four_digits() {
        assert_eq!(enmascarar_celular(&Celular::parse("+56 9 8765 4321").unwrap()), "+56 9 xxxx 4321");
    }

    #[test]
    fn ejemplo_de_la_guia() {
        assert_eq!(mascara("polmedina@sence.cl"), "polmxxxx@senxxxx");
    }

    #[test]
    fn direcciones_cortas() {
        assert_eq!(mascara("a@b.cl"), "axxxx@b.xxxx");
        assert_eq!(mascara("ab@sence.cl"), "axxxx@senxxxx");
        assert_eq!(mascara("abcd@x.io"), "abxxxx@x.xxxx");
        assert_eq!(mascara("abcdefghij@correo.gob.cl"), "abcdxxxx@corxxxx");
    }

    proptest! {
        #[test]
        fn no_revela_la_direccion(
            local in "[a-wyz0-9]{1,10}(\\.[a-wyz0-9_+-]{1,10}){0,2}",
            dominio in "([a-wyz0-9]{1,10}\\.){1,3}[a-wyz]{2,6}",
        ) {
            let email = Email::parse(&format!("{local}@{dominio}")).unwrap();
            let salida = enmascarar_email(&email);
            let (izq, der) = salida.split_once('@').unwrap();
            let visible_local = izq.strip_suffix("xxxx").unwrap();
            let visible_dominio = der.strip_suffix("xxxx").unwrap();
            prop_assert!(!visible_local.is_empty() && visible_local.len() <= 4);
            prop_assert!(!visible_dominio.is_empty() && visible_dominio.len() <= 3);
            prop_assert!(local.starts_with(visible_local));
            prop_assert!(dominio.starts_with(visible_dominio));
            if local.len() > 4 {
                prop_assert!(!izq.contains(&local));
            }
            prop_assert!(!der.contains(&dominio));
        }
    }
}
