//! One module per screen. The procedures' pages serve every kind of account; the kind comes
//! from the path (`/natural/recuperar`, `/juridica/recuperar`).
//!
//! Every page but the home is a lazy route: built with `cargo leptos build --split`, its code is
//! a separate wasm chunk that the browser fetches when the page is first shown, so a first visit
//! downloads only the shell and the home.

pub mod actualizar;
pub mod cambiar;
pub mod facilitador;
pub mod informacion;
pub mod ingresar;
pub mod inicio;
pub mod mi_cuenta;
pub mod no_encontrada;
pub mod operador;
pub mod recuperar;
pub mod registro;

use crate::components::{
    diferida::{codigo_de_pagina, pagina_diferida},
    hidratacion::IntoAnySincrona,
};
use crate::domain::{
    cuenta::TipoCuenta,
    flujo::{Procedimiento, TipoFlujo},
};
use leptos::prelude::*;
use leptos_router::{hooks::use_params_map, LazyRoute};
use no_encontrada::NoEncontrada;

/// Declares `$ruta`, the lazy route showing `$vista`, whose code is the wasm chunk `$modulo`.
/// The pages load their own data, so a route's data is empty: only its code is fetched when it
/// is first shown. Leptos' `#[lazy_route]` would abort the whole program when that code does not
/// arrive; a split function of our own (`parte_diferida!`) lets `codigo_de_pagina` and
/// `pagina_diferida` answer instead.
macro_rules! ruta_diferida {
    ($(#[$doc:meta])* $ruta:ident, $modulo:ident => $vista:expr) => {
        $(#[$doc])*
        pub struct $ruta;

        impl LazyRoute for $ruta {
            fn data() -> Self {
                Self
            }

            async fn view(_ruta: Self) -> AnyView {
                // The page's HTML then preloads its code, which a first visit needs at once.
                #[cfg(feature = "ssr")]
                leptos::prefetch_lazy_fn_on_server(stringify!($modulo));
                pagina_diferida(|| Box::pin($modulo::vista())).await
            }

            async fn preload() {
                codigo_de_pagina(|| Box::pin($modulo::precargar())).await;
            }
        }

        mod $modulo {
            use super::*;

            crate::parte_diferida!($modulo, precarga precargar, pub fn vista() => $vista);
        }
    };
}

ruta_diferida!(RutaInformacion, pagina_informacion => view! { <informacion::Informacion /> });
ruta_diferida!(RutaIngresar, pagina_ingresar => view! { <ingresar::Ingresar /> });
ruta_diferida!(RutaMiCuenta, pagina_mi_cuenta => view! { <mi_cuenta::MiCuenta /> });
ruta_diferida!(RutaRegistro, pagina_registro => segun_cuenta(Procedimiento::Registro, |cuenta| view! { <registro::Registro cuenta /> }));
ruta_diferida!(RutaRecuperar, pagina_recuperar => segun_cuenta(Procedimiento::Recuperar, |cuenta| view! { <recuperar::Recuperar cuenta /> }));
ruta_diferida!(RutaCambiar, pagina_cambiar => segun_cuenta(Procedimiento::Cambiar, |cuenta| view! { <cambiar::Cambiar cuenta /> }));
ruta_diferida!(RutaActualizar, pagina_actualizar => segun_cuenta(Procedimiento::Actualizar, |cuenta| view! { <actualizar::Actualizar cuenta /> }));
ruta_diferida!(RutaFacilitador, pagina_facilitador => view! { <facilitador::Facilitador /> });
ruta_diferida!(
    /// The whole back office, `/operador` and `/operador/solicitudes/:numero`, is one module:
    /// operators go back and forth between the two, and each lazy module adds to the number of
    /// small chunks wasm-split cuts the code that pages share into, which the citizens' pages
    /// fetch one request each (docs/rendimiento.md).
    RutaOperador, pagina_operador => oficina_operador()
);

/// The page of the back office the path names: a request when it has a number, else the queue.
/// Each of the two routes builds its own view, so the path is read once.
fn oficina_operador() -> AnyView {
    if use_params_map().with_untracked(|p| p.get("numero").is_some()) {
        view! { <operador::Solicitud /> }.into_any_sincrona()
    } else {
        view! { <operador::Operador /> }.into_any_sincrona()
    }
}

/// The page of `procedimiento` for the kind of account the path names; a kind without that
/// procedure (or no kind at all) is not found. Rebuilt when the path's kind changes, so going
/// from one kind's page to the other's starts afresh.
fn segun_cuenta<V: IntoView + 'static>(
    procedimiento: Procedimiento,
    pagina: impl Fn(TipoCuenta) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let params = use_params_map();
    let cuenta = Memo::new(move |_| {
        params
            .with(|p| p.get("cuenta"))
            .and_then(|codigo| TipoCuenta::desde_codigo(&codigo))
            .filter(|cuenta| TipoFlujo::nuevo(procedimiento, *cuenta).is_ok())
    });
    move || match cuenta.get() {
        Some(cuenta) => pagina(cuenta).into_any_sincrona(),
        None => view! { <NoEncontrada /> }.into_any_sincrona(),
    }
}
