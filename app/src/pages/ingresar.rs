//! "INGRESAR": opens a session with the Rut and the Clave Sence (what the CS exists for).
//! A provisional CS opens one too, and `Mi cuenta` then asks only for its change.

use crate::api::{sesion, ApiError};
use crate::components::{
    avisos::AlertaGeneral,
    campo::CampoTexto,
    formulario::{enfocar_tras_clave, revisar_campos, Acciones, EstadoCampo},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Ingresar() -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let rut = EstadoCampo::rut("rut", error);
    let clave = EstadoCampo::obligatorio("clave", error, crate::formularios::mensajes::FALTA_CLAVE);
    let ingresar = ServerAction::<sesion::Ingresar>::new();
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
        if ingresando.get_untracked() || !revisar_campos(&[rut, clave]) {
            return;
        }
        error.set(None);
        ingresar.dispatch(sesion::Ingresar { rut: rut.valor.get_untracked(), clave: clave.valor.get_untracked() });
    };

    view! {
        <Title text="Ingresar" />
        <h1>"INGRESAR"</h1>
        <p>"Ingrese su Rut y su Clave Sence (CS) para acceder a su cuenta."</p>

        <form novalidate on:submit=al_enviar aria-busy=move || ingresando.get().to_string()>
            <AlertaGeneral error />
            <fieldset class="seccion">
                <legend>"Ingresar con su Clave Sence"</legend>
                <CampoTexto id=rut.id etiqueta="Rut" obligatorio=true valor=rut.valor al_escribir=rut.escribir()
                    al_salir=rut.salir() error=rut.error() autocomplete="username" placeholder="12.345.678-5" maxlength=12
                    solo_lectura=ingresando />
                <CampoTexto id=clave.id etiqueta="Clave Sence" obligatorio=true tipo="password" valor=clave.valor
                    al_escribir=clave.escribir() al_salir=clave.salir() error=clave.error() autocomplete="current-password"
                    solo_lectura=ingresando />
            </fieldset>
            <Acciones texto="Ingresar" texto_pendiente="Ingresando…" pendiente=ingresando />
        </form>
    }
}
