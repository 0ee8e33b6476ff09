//! "Validación de seguridad anti-Robots": the captcha image of the flow, `Refrescar` and the
//! answer field. A new image is drawn whenever the version changes (after a failed submission
//! the page renews it, since the server spends a captcha on every try).

use crate::api::flujos::nuevo_captcha;
use crate::components::hidratacion::{Aparte, IntoAnySincrona};
use crate::components::{
    campo::{describe, Etiqueta, Mensajes},
    flujo::Flujo,
    formulario::enfocar,
};
use crate::formularios::Campo;
use leptos::prelude::*;

/// The captcha as the page holds it: which image is shown and what was typed.
#[derive(Clone, Copy)]
pub struct EstadoCaptcha {
    version: RwSignal<u32>,
    id: RwSignal<Option<String>>,
    respuesta: RwSignal<String>,
    /// A submission was tried with the field empty.
    vacio: RwSignal<bool>,
}

impl EstadoCaptcha {
    pub fn new() -> Self {
        EstadoCaptcha {
            version: RwSignal::new(0),
            id: RwSignal::new(None),
            respuesta: RwSignal::new(String::new()),
            vacio: RwSignal::new(false),
        }
    }

    /// Draws a new image: the server spent the previous one.
    pub fn renovar(self) {
        self.version.update(|v| *v += 1);
    }

    /// The image's id and the typed letters for a submission. `None`, with the field's message
    /// and the focus on it, when nothing was typed; `None` too while the image loads.
    pub fn tomar(self) -> Option<(String, String)> {
        let respuesta = self.respuesta.get_untracked();
        let vacio = respuesta.trim().is_empty();
        self.vacio.set(vacio);
        if vacio {
            enfocar("captcha");
            return None;
        }
        Some((self.id.get_untracked()?, respuesta))
    }

    /// Forgets an empty-field message (starting over).
    pub fn olvidar(self) {
        self.vacio.set(false);
    }
}

impl Default for EstadoCaptcha {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn CajaCaptcha(flujo: Flujo) -> impl IntoView {
    let EstadoCaptcha { version, id: captcha_id, respuesta, vacio } = flujo.captcha;
    let imagen = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        version.track();
        let Some(id_flujo) = flujo.id().get() else { return };
        imagen.set(None);
        captcha_id.set(None);
        respuesta.set(String::new());
        leptos::task::spawn_local(async move {
            match nuevo_captcha(id_flujo).await {
                Ok(c) => {
                    captcha_id.set(Some(c.id));
                    imagen.set(Some(c.imagen));
                }
                Err(e) => flujo.error.set(Some(e)),
            }
        });
    });
    let error = Signal::derive(move || {
        flujo
            .error
            .with(|e| e.as_ref().and_then(|e| e.en_campo(Campo::Captcha)))
            .or_else(|| vacio.get().then(|| "Ingrese el texto que muestra la imagen.".to_owned()))
    });
    Aparte::new(view! {
        <fieldset class="seccion captcha">
            <legend>"Validación de seguridad anti-Robots"</legend>
            <p>
                "Queremos asegurarnos de que es una persona real quien está utilizando este sistema. Por favor, ingrese en el cuadro de texto las letras que muestra la siguiente imagen:"
            </p>
            <div class="captcha-imagen">
                {move || match imagen.get() {
                    Some(src) => view! { <img src=src alt="Imagen de seguridad con 4 letras" width="200" height="70" /> }.into_any_sincrona(),
                    None => view! { <p class="cargando">"Cargando imagen…"</p> }.into_any_sincrona(),
                }}
            </div>
            <div class="campo" class:con-error=move || error.with(Option::is_some)>
                <Etiqueta id="captcha" texto="Captcha" obligatorio=true />
                <input
                    id="captcha"
                    name="captcha"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    maxlength="4"
                    placeholder="Ingresar"
                    required
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=describe("captcha", false)
                    prop:value=respuesta
                    on:input=move |ev| respuesta.set(event_target_value(&ev))
                />
                <Mensajes id="captcha" error />
            </div>
            <button
                type="button"
                class="boton enlace"
                disabled=move || !flujo.abierto()
                on:click=move |_| version.update(|v| *v += 1)
            >
                "Refrescar"
            </button>
        </fieldset>
    })
}
