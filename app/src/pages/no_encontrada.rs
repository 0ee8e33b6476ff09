//! Not found: a 404 status for the server render, and a way back for the person.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NoEncontrada() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(respuesta) = use_context::<leptos_axum::ResponseOptions>() {
        respuesta.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Página no encontrada" />
        <h1>"Página no encontrada"</h1>
        <p>"La dirección que ingresó no existe en el Sistema Clave Sence."</p>
        <A href="/" attr:class="boton">"Volver al inicio"</A>
    }
}
