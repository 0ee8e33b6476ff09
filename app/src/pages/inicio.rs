//! Home: the two boxes of the guides, Persona Natural and Persona Jurídica.
//!
//! Its links are plain anchors: the router navigates in the page on any same-origin `<a>`, and
//! none of them can point at the page it is on, which is all `<A>` adds (`aria-current`). Each
//! `<A>` is a reactive component hydrated on its own: these 10 were 4.8 KB of the main bundle
//! (brotli), which every page downloads (docs/rendimiento.md).

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Inicio() -> impl IntoView {
    view! {
        <Title text="" />
        <h1>"Sistema Clave Sence"</h1>
        <p class="intro">
            "La Clave Sence (CS) es una contraseña que pueden solicitar las personas, organismos y empresas para ingresar en algunas plataformas del Sence, y de esta manera, realizar sus trámites y acceder a los programas, instrumentos o beneficios de su interés."
        </p>
        <div class="cajas">
            <section class="caja" aria-labelledby="caja-natural">
                <h2 id="caja-natural">"PERSONA NATURAL" <small>"(CON CÉDULA DE IDENTIDAD NACIONAL)"</small></h2>
                <ul>
                    <li><a href="/natural/registro">"REGÍSTRESE AQUÍ."</a></li>
                    <li><a href="/natural/recuperar">"RECUPERAR CS AQUÍ."</a></li>
                    <li><a href="/natural/cambiar">"CAMBIE SU CS AQUÍ."</a></li>
                    <li><a href="/natural/actualizar">"ACTUALICE SUS DATOS AQUÍ."</a></li>
                </ul>
            </section>
            <section class="caja" aria-labelledby="caja-juridica">
                <h2 id="caja-juridica">"PERSONA JURÍDICA"</h2>
                <ul>
                    <li><a href="/juridica/registro">"REGÍSTRESE AQUÍ."</a></li>
                    <li><a href="/juridica/recuperar">"RECUPERAR CS AQUÍ."</a></li>
                    <li><a href="/juridica/cambiar">"CAMBIE SU CS AQUÍ."</a></li>
                    <li><a href="/juridica/actualizar">"ACTUALICE SUS DATOS AQUÍ."</a></li>
                    <li><a href="/juridica/facilitador">"Solicitud de CS para Facilitador Extranjero"</a></li>
                </ul>
            </section>
        </div>
        <p class="ya-tiene">"¿Ya tiene su CS? " <a href="/ingresar">"Ingresar"</a></p>
    }
}
