//! "MI CUENTA": the person's own data once logged in, with the ways to change them and `Salir`.
//! A session opened with a provisional CS sees only the forced change of that CS.

use crate::api::{
    sesion::{mi_cuenta, CambiarClaveProvisional, DatosCuenta, Salir},
    ApiError,
};
use crate::components::{
    avisos::AlertaGeneral,
    campo::{CampoClaveNueva, CampoTexto},
    formulario::{claves_nuevas, enfocar, enfocar_error, revisar_campos, Acciones},
};
use crate::domain::rut::Rut;
use leptos::{prelude::*, task::spawn_local};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};

#[component]
pub fn MiCuenta() -> impl IntoView {
    // `None` while loading; `Some(None)` without a live session.
    let cuenta = RwSignal::new(None::<Option<DatosCuenta>>);
    let recargas = RwSignal::new(0u32);
    let error = RwSignal::new(None::<ApiError>);
    let clave_cambiada = RwSignal::new(false);

    // The session cookie is only worth reading once the page runs in the browser.
    Effect::new(move |_| {
        recargas.track();
        spawn_local(async move {
            match mi_cuenta().await {
                Ok(datos) => cuenta.set(Some(datos)),
                Err(e) => error.set(Some(e)),
            }
        });
    });

    // Only a real change re-renders: the reload after the forced change usually brings what is
    // already shown, and the focus stays where it was put.
    let vista = Memo::new(move |_| cuenta.get());
    let rut = Signal::derive(move || {
        cuenta.with(|c| c.as_ref().and_then(|c| c.as_ref()).and_then(|c| Rut::parse(&c.rut).ok()))
    });
    let (clave_nueva, repetir_clave_nueva) = claves_nuevas(error, rut, None);
    let cambiar = ServerAction::<CambiarClaveProvisional>::new();
    let salir = ServerAction::<Salir>::new();
    let (cambiando, saliendo) = (cambiar.pending(), salir.pending());
    let navegar = use_navigate();

    Effect::new(move |_| match cambiar.value().get() {
        Some(Ok(())) => {
            clave_nueva.limpiar();
            repetir_clave_nueva.limpiar();
            // Show the account at once; the reload then brings what the server has.
            cuenta.update(|c| {
                if let Some(Some(datos)) = c {
                    datos.debe_cambiar_clave = false;
                }
            });
            clave_cambiada.set(true);
            recargas.update(|r| *r += 1);
            enfocar("clave-cambiada");
        }
        Some(Err(e)) => {
            enfocar_error(&e, [clave_nueva.id, repetir_clave_nueva.id]);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match salir.value().get() {
        Some(Ok(())) => navegar("/", Default::default()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });

    let al_cambiar = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if cambiando.get_untracked() || !revisar_campos(&[clave_nueva, repetir_clave_nueva]) {
            return;
        }
        error.set(None);
        cambiar.dispatch(CambiarClaveProvisional {
            clave_nueva: clave_nueva.valor.get_untracked(),
            repetir_clave_nueva: repetir_clave_nueva.valor.get_untracked(),
        });
    };

    let cambio_forzado = move || {
        view! {
            <form novalidate on:submit=al_cambiar aria-busy=move || cambiando.get().to_string()>
                <p class="importante">"Está usando una Clave Sence provisoria. Debe cambiarla antes de continuar."</p>
                <fieldset class="seccion">
                    <legend>"Cambiar CS"</legend>
                    <CampoClaveNueva id=clave_nueva.id etiqueta="CS Nueva" valor=clave_nueva.valor
                        al_escribir=clave_nueva.escribir() al_salir=clave_nueva.salir() error=clave_nueva.error() />
                    <CampoTexto id=repetir_clave_nueva.id etiqueta="Repetir CS Nueva" obligatorio=true tipo="password"
                        valor=repetir_clave_nueva.valor al_escribir=repetir_clave_nueva.escribir()
                        al_salir=repetir_clave_nueva.salir() error=repetir_clave_nueva.error() autocomplete="new-password"
                        solo_lectura=cambiando />
                </fieldset>
                <Acciones texto="Cambiar Clave" pendiente=cambiando volver=false />
            </form>
        }
    };

    let datos_cuenta = move |datos: DatosCuenta| {
        view! {
            <Show when=move || clave_cambiada.get()>
                <p class="aviso" role="status" id="clave-cambiada" tabindex="-1">
                    "Su Clave Sence (CS) ha sido cambiada correctamente."
                </p>
            </Show>
            <dl class="datos-cuenta">
                <dt>"Nombre"</dt>
                <dd>{datos.nombre}</dd>
                <dt>"Rut"</dt>
                <dd>{datos.rut}</dd>
                <dt>"Email"</dt>
                <dd>{datos.email}</dd>
                <dt>"Celular"</dt>
                <dd>{datos.celular.unwrap_or_else(|| "Sin celular registrado".to_owned())}</dd>
            </dl>
            <ul class="acciones-cuenta">
                <li><A href="/natural/cambiar">"Cambiar CS"</A></li>
                <li><A href="/natural/actualizar">"Actualizar datos"</A></li>
            </ul>
            <div class="acciones">
                <button type="button" class="boton" disabled=move || saliendo.get()
                    on:click=move |_| {
                        error.set(None);
                        salir.dispatch(Salir {});
                    }>
                    {move || if saliendo.get() { "Saliendo…" } else { "Salir" }}
                </button>
            </div>
        }
    };

    view! {
        <Title text="Mi cuenta" />
        <h1>"MI CUENTA"</h1>
        <AlertaGeneral error />
        {move || match vista.get() {
            None => error.with(Option::is_none).then(|| view! { <p class="cargando" role="status">"Cargando…"</p> }).into_any(),
            Some(None) => view! {
                <div class="aviso">
                    <p>{ApiError::SinSesion.to_string()}</p>
                    <p><A href="/ingresar">"Ingresar"</A></p>
                </div>
            }.into_any(),
            Some(Some(datos)) if datos.debe_cambiar_clave => cambio_forzado().into_any(),
            Some(Some(datos)) => datos_cuenta(datos).into_any(),
        }}
    }
}
