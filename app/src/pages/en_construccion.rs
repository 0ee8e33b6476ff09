//! The page of a procedure not built yet: says so plainly and offers the way back.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn EnConstruccion(titulo: &'static str) -> impl IntoView {
    view! {
        <Title text=titulo />
        <h1>{titulo}</h1>
        <div class="aviso" role="status">
            <p>"Esta sección se encuentra en construcción y estará disponible próximamente."</p>
            <p>"Para cualquier consulta, llame al 800 80 10 30, de lunes a viernes de 9.00 a 18.00 horas."</p>
        </div>
        <A href="/" attr:class="boton">"Volver"</A>
    }
}
