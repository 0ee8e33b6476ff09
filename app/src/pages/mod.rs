//! One module per screen. The procedures' pages serve every kind of account; the kind comes
//! from the path (`/natural/recuperar`, `/juridica/recuperar`).

pub mod actualizar;
pub mod cambiar;
pub mod en_construccion;
pub mod informacion;
pub mod ingresar;
pub mod inicio;
pub mod mi_cuenta;
pub mod no_encontrada;
pub mod recuperar;
pub mod registro;

use crate::domain::{
    cuenta::TipoCuenta,
    flujo::{Procedimiento, TipoFlujo},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use no_encontrada::NoEncontrada;

/// The page of `procedimiento` for the kind of account the path names; a kind without that
/// procedure (or no kind at all) is not found. Rebuilt when the path's kind changes, so going
/// from one kind's page to the other's starts afresh.
pub fn segun_cuenta<V: IntoView + 'static>(
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
        Some(cuenta) => pagina(cuenta).into_any(),
        None => view! { <NoEncontrada /> }.into_any(),
    }
}
