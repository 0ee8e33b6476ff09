#![recursion_limit = "256"]
//! The Clave Sence app. Compiled twice: with `ssr` into the server (rendering, server
//! functions, backend) and with `hydrate` into the browser's wasm bundle (the same components,
//! made interactive). `domain` and `formularios` are shared by both.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod formularios;
pub mod pages;
pub mod textos;

pub use cs_domain as domain;

use components::layout::{Encabezado, Pie};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};
use pages::{
    inicio::Inicio, no_encontrada::NoEncontrada, RutaActualizar, RutaCambiar, RutaFacilitador, RutaInformacion,
    RutaIngresar, RutaMiCuenta, RutaOperador, RutaRecuperar, RutaRegistro,
};

/// The Content-Security-Policy of a page: scripts only from this origin or with this
/// render's nonce (the hydration script), wasm allowed, no framing, images from this origin or
/// inline (the captcha).
#[cfg(feature = "ssr")]
pub fn politica_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(respuesta)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    {
        if let Ok(valor) = axum::http::HeaderValue::from_str(&politica_csp(&nonce)) {
            respuesta.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, valor);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="es-CL">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Sistema Clave Sence: registre, recupere, cambie y actualice su Clave Sence (CS)." />
                // No icon file: an empty one keeps browsers from asking for /favicon.ico.
                <link rel="icon" href="data:," />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|titulo: String| {
            if titulo.is_empty() { "Sistema Clave Sence".to_owned() } else { format!("{titulo} - Sistema Clave Sence") }
        } />
        <Router>
            <a class="saltar" href="#contenido">"Saltar al contenido"</a>
            <Encabezado />
            <main id="contenido" tabindex="-1">
                <Routes fallback=NoEncontrada>
                    <Route path=path!("") view=Inicio />
                    <Route path=path!("/informacion") view={Lazy::<RutaInformacion>::new()} />
                    <Route path=path!("/ingresar") view={Lazy::<RutaIngresar>::new()} />
                    // Rendered whole before it is sent: the account then shows without the page's code
                    // (streamed parts are put in place by script).
                    <Route path=path!("/mi-cuenta") view={Lazy::<RutaMiCuenta>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/:cuenta/registro") view={Lazy::<RutaRegistro>::new()} />
                    <Route path=path!("/:cuenta/recuperar") view={Lazy::<RutaRecuperar>::new()} />
                    <Route path=path!("/:cuenta/cambiar") view={Lazy::<RutaCambiar>::new()} />
                    <Route path=path!("/:cuenta/actualizar") view={Lazy::<RutaActualizar>::new()} />
                    <Route path=path!("/juridica/facilitador") view={Lazy::<RutaFacilitador>::new()} />
                    // Whole too: its login form is in the page as sent, and posts without the page's code.
                    <Route path=path!("/operador") view={Lazy::<RutaOperador>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/operador/solicitudes/:numero") view={Lazy::<RutaOperador>::new()} />
                </Routes>
            </main>
            <Pie />
        </Router>
    }
}
