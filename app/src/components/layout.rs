//! Header with the top menu, and footer with the help line.

use crate::components::hidratacion::Aparte;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

/// The top menu: each entry opens Persona Natural / Persona Jurídica. It is made of
/// `<details>` so it works before the page is interactive and with the keyboard; once
/// hydrated only one entry is open at a time and it closes on navigation or Escape.
const MENU: [(&str, [(&str, &str); 2]); 5] = [
    (
        "REGÍSTRESE",
        [("Registrar Persona Natural", "/natural/registro"), ("Registrar Persona Jurídica", "/juridica/registro")],
    ),
    (
        "RECUPERAR CS",
        [
            ("Recuperar CS Persona Natural", "/natural/recuperar"),
            ("Recuperar CS Persona Jurídica", "/juridica/recuperar"),
        ],
    ),
    (
        "CAMBIAR CS",
        [("Cambiar CS Persona Natural", "/natural/cambiar"), ("Cambiar CS Persona Jurídica", "/juridica/cambiar")],
    ),
    (
        "ACTUALIZAR DATOS",
        [
            ("Actualizar Datos Persona Natural", "/natural/actualizar"),
            ("Actualizar Datos Persona Jurídica", "/juridica/actualizar"),
        ],
    ),
    ("MÁS INFORMACION", [("Persona Natural", "/informacion#natural"), ("Persona Jurídica", "/informacion#juridica")]),
];

#[component]
pub fn Encabezado() -> impl IntoView {
    let abierto = RwSignal::new(None::<usize>);
    let ubicacion = use_location();
    Effect::new(move |_| {
        ubicacion.pathname.track();
        abierto.set(None);
    });
    Aparte::new(view! {
        <header class="encabezado">
            <div class="marca">
                <A href="/" attr:class="logo">
                    <span class="logo-sence">"sence"</span>
                    <span class="lema">"Súmate a los nuevos empleos"</span>
                </A>
                <div class="sistema">
                    <p class="titulo-sistema">"Clave Sence - (CS)"</p>
                    <p class="institucion">"SENCE"</p>
                    // Not in the guide's menu: logging in is what the CS is for.
                    <A href="/ingresar" attr:class="ingresar">"Ingresar"</A>
                </div>
            </div>
            <nav
                class="menu"
                aria-label="Menú principal"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        abierto.set(None);
                    }
                }
            >
                <ul>
                    {MENU
                        .iter()
                        .enumerate()
                        .map(|(i, (titulo, opciones))| {
                            view! {
                                <li>
                                    <details prop:open=move || abierto.get() == Some(i)>
                                        <summary on:click=move |ev| {
                                            ev.prevent_default();
                                            abierto.update(|a| *a = if *a == Some(i) { None } else { Some(i) });
                                        }>{*titulo}</summary>
                                        <ul class="submenu">
                                            {opciones
                                                .iter()
                                                .map(|(texto, href)| {
                                                    view! {
                                                        <li>
                                                            <a href=*href on:click=move |_| abierto.set(None)>
                                                                {*texto}
                                                            </a>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    </details>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    })
}

#[component]
pub fn Pie() -> impl IntoView {
    view! {
        <footer class="pie">
            <p>
                "Si tiene alguna consulta llámenos gratis al "
                <a href="tel:800801030">"800 80 10 30"</a>
                ", de lunes a viernes de 9.00 a 18.00 horas."
            </p>
            <p>"SENCE - Servicio Nacional de Capacitación y Empleo. Teatinos 370, Santiago, Chile."</p>
        </footer>
    }
}
