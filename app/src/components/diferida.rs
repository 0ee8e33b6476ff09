//! A part of a page whose code comes in a chunk of its own, fetched after the page's.
//!
//! A page's later step (the back office behind the operator's login, the data forms after the
//! secret question) need not weigh on the page's first visit: its view is a split function
//! (`parte_diferida!`), whose code the browser fetches only when the part is shown. Its code
//! arrives after the page's, so the part cannot be hydrated from the server's HTML: the server
//! and the hydration show that it is loading, and once the page's code runs the part's code is
//! fetched and the part replaces that notice. Code that does not arrive (the network failed) is
//! said so, with a retry.
//!
//! Each page's own code (a lazy route, `pages::ruta_diferida!`) is such a split function too, so
//! that a page whose code does not arrive is answered (`codigo_de_pagina`, `pagina_diferida`)
//! instead of aborting the program.

use crate::components::hidratacion::IntoAnySincrona;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};

/// The part's code did not arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SinCodigo;

impl From<SplitLoaderError> for SinCodigo {
    fn from(_: SplitLoaderError) -> Self {
        SinCodigo
    }
}

/// Declares `$nombre`, a split function (its code in the wasm chunk `$modulo`) returning
/// `$vista`, and `$precarga`, which fetches that chunk; both with the visibility `$vis`.
#[macro_export]
macro_rules! parte_diferida {
    (
        $(#[$doc:meta])* $modulo:ident, precarga $precarga:ident,
        $vis:vis fn $nombre:ident($($arg:ident: $tipo:ty),*) => $vista:expr
    ) => {
        $(#[$doc])*
        #[::leptos::wasm_split::wasm_split(
            $modulo,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($precarga)
        )]
        $vis fn $nombre($($arg: $tipo),*) -> Result<AnyView, $crate::components::diferida::SinCodigo> {
            Ok($crate::components::hidratacion::IntoAnySincrona::into_any_sincrona($vista))
        }
    };
}

/// Shows `vista`, a split function's view, once the page's code runs and `precargar` has
/// fetched its code; until then `texto` says that it is loading.
///
/// The view is built here, synchronously, once its code is in (the split function's future is
/// then done when first polled), so that it lives and is disposed of with the rest of the page.
#[component]
pub fn Diferida<P, PF, V, VF>(precargar: P, vista: V, texto: &'static str) -> impl IntoView
where
    P: Fn() -> PF + Copy + Send + Sync + 'static,
    PF: Future<Output = Result<(), SplitLoaderError>> + 'static,
    V: Fn() -> VF + Send + Sync + 'static,
    VF: Future<Output = Result<AnyView, SinCodigo>>,
{
    // `None` while the code is on its way; then whether it arrived.
    let cargada = RwSignal::new(None::<bool>);
    let cargar = move || {
        cargada.set(None);
        leptos::task::spawn_local(async move { cargada.set(Some(precargar().await.is_ok())) });
    };
    // Effects run only in the browser, once the page has hydrated.
    Effect::new(move |_| cargar());
    move || match cargada.get() {
        None => view! { <p class="cargando" role="status">{texto}</p> }.into_any_sincrona(),
        // Untracked: what the part reads as it is built is its own concern, not a reason to
        // build it again.
        Some(true) => match untrack(|| ya_resuelto(vista())) {
            Some(Ok(vista)) => vista,
            _ => sin_codigo(cargar),
        },
        Some(false) => sin_codigo(cargar),
    }
}

/// A lazy route's split function or its preload, boxed: one copy of the code below serves every
/// page.
pub type Carga<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Fetches a lazy route's code (`precargar`, the preload of its split function) before the router
/// shows the page.
///
/// A page the browser loaded from the server is hydrated right after this, synchronously, so its
/// code must be in by then: a load that fails is tried again after a pause that doubles up to
/// 15 s, until the code comes. Meanwhile the server's HTML stays, usable as far as it goes
/// without code (a procedure says that it is being prepared). In in-app navigation one attempt
/// is enough: `pagina_diferida` answers its failure.
#[cfg(feature = "hydrate")]
pub async fn codigo_de_pagina(precargar: fn() -> Carga<Result<(), SplitLoaderError>>) {
    let hidratando = || Owner::current_shared_context().is_some_and(|contexto| contexto.during_hydration());
    let mut pausa_ms = 1_000;
    while precargar().await.is_err() && hidratando() {
        esperar(pausa_ms).await;
        pausa_ms = (pausa_ms * 2).min(15_000);
    }
}

/// On the server a page's code is always there.
#[cfg(not(feature = "hydrate"))]
pub async fn codigo_de_pagina(_precargar: fn() -> Carga<Result<(), SplitLoaderError>>) {}

/// A lazy route's page, once `cargar` (its split function) has its code. Reached by a link in
/// the app when that code does not arrive, the page is loaded by the browser from
/// the server instead, as if the app's code were not there.
#[cfg(feature = "hydrate")]
pub async fn pagina_diferida(cargar: fn() -> Carga<Result<AnyView, SinCodigo>>) -> AnyView {
    match cargar().await {
        Ok(vista) => vista,
        Err(SinCodigo) => {
            cargar_del_servidor();
            std::future::pending().await
        }
    }
}

/// On the server a split function is an ordinary one: its code is always there.
#[cfg(not(feature = "hydrate"))]
pub async fn pagina_diferida(cargar: fn() -> Carga<Result<AnyView, SinCodigo>>) -> AnyView {
    cargar().await.unwrap_or_else(|SinCodigo| ().into_any())
}

/// Resolves after `milisegundos`, on the browser's clock.
#[cfg(feature = "hydrate")]
async fn esperar(milisegundos: i32) {
    let pausa = js_sys::Promise::new(&mut |listo, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&listo, milisegundos);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(pausa).await;
}

/// Has the browser load the page the router is going to from the server. (Back and forward only
/// go to pages shown in this document, whose code is in: only a link gets here, with the address
/// bar still on the page before.)
#[cfg(feature = "hydrate")]
fn cargar_del_servidor() {
    // The router's location is already the page's; its query comes without the `?`, its
    // fragment with the `#`.
    let destino = leptos_router::hooks::use_location();
    let consulta = destino.search.get_untracked();
    let separador = if consulta.is_empty() { "" } else { "?" };
    let direccion =
        format!("{}{separador}{consulta}{}", destino.pathname.get_untracked(), destino.hash.get_untracked());
    let _ = window().location().assign(&direccion);
}

fn sin_codigo(reintentar: impl Fn() + Send + Sync + 'static) -> AnyView {
    view! {
        <div class="alerta" role="alert">
            <p>"No se pudo cargar esta parte de la página. Revise su conexión e intente otra vez."</p>
            <button type="button" class="boton" on:click=move |_| reintentar()>"Reintentar"</button>
        </div>
    }
    .into_any_sincrona()
}

/// The output of a future that is done when first polled.
fn ya_resuelto<F: Future>(futuro: F) -> Option<F::Output> {
    match pin!(futuro).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(salida) => Some(salida),
        Poll::Pending => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_done_future_gives_its_output_and_a_pending_one_nothing() {
        assert_eq!(ya_resuelto(async { 7 }), Some(7));
        assert_eq!(ya_resuelto(std::future::pending::<u8>()), None);
    }
}
