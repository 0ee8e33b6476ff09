//! "INGRESAR": opens a session with the Rut and the Clave Sence (what the CS exists for).
//! A provisional CS opens one too, and `Mi cuenta` then asks only for its change.
//! The form works before the page's code has loaded (slow phones): the browser posts it to the
//! server function itself, which answers with `Mi cuenta` or with this page and the error.

use crate::api::sesion;
use crate::components::{
    avisos::AlertaGeneral,
    campo::CampoTexto,
    formulario::{enfocar_tras_clave, validar_paso, Acciones, EstadoCampo},
};
use crate::formularios::{credenciales::EntradaCredenciales, mensajes::FALTA_CLAVE, Campo};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Ingresar() -> impl IntoView {
    // After a form sent without the page's code, the error comes back in the page's address.
    let ingresar = ServerAction::<sesion::Ingresar>::new();
    let error = RwSignal::new(ingresar.value().get_untracked().and_then(Result::err));
    let rut = EstadoCampo::rut(Campo::Rut, error);
    let clave = EstadoCampo::obligatorio(Campo::Clave, error, FALTA_CLAVE);
    let ingresando = ingresar.pending();
    let navegar = use_navigate();

    Effect::new(move |_| match ingresar.value().get() {
        // Both lead to `Mi cuenta`, which knows whether the CS must be changed first.
        Some(Ok(_)) => navegar("/mi-cuenta", Default::default()),
        Some(Err(e)) => {
            enfocar_tras_clave(&e, rut, clave);
            error.set(Some(e));
        }
        None => {}
    });

    let al_enviar = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if ingresando.get_untracked() {
            return;
        }
        let entrada = EntradaCredenciales {
            rut: rut.valor.get_untracked(),
            rut_representante: String::new(),
            clave: clave.valor.get_untracked().into(),
        };
        if validar_paso(error, &[rut, clave], entrada.validar(false, Campo::Clave)).is_some() {
            ingresar.dispatch(sesion::Ingresar { rut: entrada.rut, clave: entrada.clave });
        }
    };

    view! {
        <Title text="Ingresar" />
        <h1>"INGRESAR"</h1>
        <p>"Ingrese su Rut y su Clave Sence (CS) para acceder a su cuenta."</p>

        <form method="post" action=sesion::Ingresar::url() novalidate on:submit=al_enviar aria-busy=move || ingresando.get().to_string()>
            <AlertaGeneral error />
            <fieldset class="seccion">
                <legend>"Ingresar con su Clave Sence"</legend>
                <CampoTexto vinculo=rut etiqueta="Rut" obligatorio=true autocomplete="username" placeholder="12.345.678-5"
                    maxlength=12 ayuda="El Rut de la persona, o el Rut de la empresa." solo_lectura=ingresando />
                <CampoTexto vinculo=clave etiqueta="Clave Sence" obligatorio=true tipo="password"
                    autocomplete="current-password" solo_lectura=ingresando />
            </fieldset>
            <Acciones texto="Ingresar" texto_pendiente="Ingresando…" pendiente=ingresando />
        </form>
    }
}
