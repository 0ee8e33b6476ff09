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

use crate::components::hidratacion::IntoAnySincrona;
use crate::domain::{
    cuenta::TipoCuenta,
    flujo::{Procedimiento, TipoFlujo},
};
use leptos::prelude::*;
use leptos_router::{hooks::use_params_map, lazy_route, LazyRoute};
use no_encontrada::NoEncontrada;

/// Declares `$ruta`, the lazy route showing `$vista`. The pages load their own data, so a
/// route's data is empty: only its code is fetched when it is first shown.
macro_rules! ruta_diferida {
    ($(#[$doc:meta])* $ruta:ident => $vista:expr) => {
        $(#[$doc])*
        pub struct $ruta;

        #[lazy_route]
        impl LazyRoute for $ruta {
            fn data() -> Self {
                Self
            }

            fn view(_ruta: Self) -> AnyView {
                $vista.into_any_sincrona()
            }
        }
    };
}

ruta_diferida!(RutaInformacion => view! { <informacion::Informacion /> });
ruta_diferida!(RutaIngresar => view! { <ingresar::Ingresar /> });
ruta_diferida!(RutaMiCuenta => view! { <mi_cuenta::MiCuenta /> });
ruta_diferida!(RutaRegistro => segun_cuenta(Procedimiento::Registro, |cuenta| view! { <registro::Registro cuenta /> }));
ruta_diferida!(RutaRecuperar => segun_cuenta(Procedimiento::Recuperar, |cuenta| view! { <recuperar::Recuperar cuenta /> }));
ruta_diferida!(RutaCambiar => segun_cuenta(Procedimiento::Cambiar, |cuenta| view! { <cambiar::Cambiar cuenta /> }));
ruta_diferida!(RutaActualizar => segun_cuenta(Procedimiento::Actualizar, |cuenta| view! { <actualizar::Actualizar cuenta /> }));
ruta_diferida!(RutaFacilitador => view! { <facilitador::Facilitador /> });
ruta_diferida!(
    /// The whole back office, `/operador` and `/operador/solicitudes/:numero`, is one module:
    /// operators go back and forth between the two, and each lazy module adds to the number of
    /// small chunks wasm-split cuts the code that pages share into, which the citizens' pages
    /// fetch one request each (docs/rendimiento.md).
    RutaOperador => oficina_operador()
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
