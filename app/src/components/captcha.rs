//! "Validación de seguridad anti-Robots": the captcha image of the flow, `Refrescar` and the
//! answer field. A new image is drawn whenever `version` changes (after a failed submission
//! the parent bumps it, since the server spends a captcha on every try).

use crate::api::{flujos::nuevo_captcha, ApiError};
use crate::components::campo::{describe, Etiqueta, Mensajes};
use leptos::prelude::*;

#[component]
pub fn CajaCaptcha(
    #[prop(into)] flujo: Signal<Option<String>>,
    version: RwSignal<u32>,
    captcha_id: RwSignal<Option<String>>,
    respuesta: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] al_fallar: Callback<ApiError>,
) -> impl IntoView {
    let imagen = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        version.track();
        let Some(flujo) = flujo.get() else { return };
        imagen.set(None);
        captcha_id.set(None);
        respuesta.set(String::new());
        leptos::task::spawn_local(async move {
            match nuevo_captcha(flujo).await {
                Ok(c) => {
                    captcha_id.set(Some(c.id));
                    imagen.set(Some(c.imagen));
                }
                Err(e) => al_fallar.run(e),
            }
        });
    });
    view! {
        <fieldset class="seccion captcha">
            <legend>"Validación de seguridad anti-Robots"</legend>
            <p>
                "Queremos asegurarnos de que es una persona real quien está utilizando este sistema. Por favor, ingrese en el cuadro de texto las letras que muestra la siguiente imagen:"
            </p>
            <div class="captcha-imagen">
                {move || match imagen.get() {
                    Some(src) => view! { <img src=src alt="Imagen de seguridad con 4 letras" width="200" height="70" /> }.into_any(),
                    None => view! { <p class="cargando">"Cargando imagen…"</p> }.into_any(),
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
                disabled=move || flujo.with(Option::is_none)
                on:click=move |_| version.update(|v| *v += 1)
            >
                "Refrescar"
            </button>
        </fieldset>
    }
}
