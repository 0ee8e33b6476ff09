//! Home: the two boxes of the guides, Persona Natural and Persona Jurídica.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

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
                    <li><A href="/natural/registro">"REGÍSTRESE AQUÍ."</A></li>
                    <li><A href="/natural/recuperar">"RECUPERAR CS AQUÍ."</A></li>
                    <li><A href="/natural/cambiar">"CAMBIE SU CS AQUÍ."</A></li>
                    <li><A href="/natural/actualizar">"ACTUALICE SUS DATOS AQUÍ."</A></li>
                </ul>
            </section>
            <section class="caja" aria-labelledby="caja-juridica">
                <h2 id="caja-juridica">"PERSONA JURÍDICA"</h2>
                <ul>
                    <li><A href="/juridica/registro">"REGÍSTRESE AQUÍ."</A></li>
                    <li><A href="/juridica/recuperar">"RECUPERAR CS AQUÍ."</A></li>
                    <li><A href="/juridica/cambiar">"CAMBIE SU CS AQUÍ."</A></li>
                    <li><A href="/juridica/actualizar">"ACTUALICE SUS DATOS AQUÍ."</A></li>
                    <li><A href="/juridica/facilitador">"Solicitud de CS para Facilitador Extranjero"</A></li>
                </ul>
            </section>
        </div>
        <p class="ya-tiene">"¿Ya tiene su CS? " <A href="/ingresar">"Ingresar"</A></p>
    }
}
