//! "MI CUENTA": the person's own data once logged in, with the ways to change them and `Salir`.
//! A session opened with a provisional CS sees only the forced change of that CS.
//! The account is read while the server renders the page, so it shows before the page's code
//! has loaded (after a login sent without it, say); `Salir` works without that code too.

use crate::api::{
    sesion::{mi_cuenta, CambiarClaveProvisional, Salir},
    ApiError,
};
use crate::components::hidratacion::IntoAnySincrona;
use crate::components::{
    avisos::{AlertaGeneral, AvisoPreparando},
    campo::{CampoClaveNueva, CampoTexto},
    formulario::{claves_nuevas, enfocar, enfocar_error, validar_paso, Acciones},
};
use crate::domain::{
    cuenta::TipoCuenta,
    flujo::{Procedimiento, TipoFlujo},
    rut::Rut,
};
use crate::formularios::{
    credenciales::leer_clave_nueva,
    sesion::{id_solicitud, url_continuar, DatosCuenta},
    Campo,
};
use crate::textos;
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

#[component]
pub fn MiCuenta() -> impl IntoView {
    let cuenta = crate::api::recurso(|| (), |()| mi_cuenta());
    let error = RwSignal::new(None::<ApiError>);
    // Set once the forced change is made: the account is then shown without asking again.
    let clave_cambiada = RwSignal::new(false);
    // The forced change needs the page's code (it checks the new CS as it is typed).
    let listo = RwSignal::new(false);
    Effect::new(move |_| listo.set(true));

    let rut = Signal::derive(move || {
        cuenta.with(|c| {
            c.as_ref().and_then(|c| c.as_ref().ok()).and_then(Option::as_ref).and_then(|c| Rut::parse(&c.rut).ok())
        })
    });
    let (clave_nueva, repetir_clave_nueva) = claves_nuevas(error, rut, None);
    let cambiar = ServerAction::<CambiarClaveProvisional>::new();
    let salir = ServerAction::<Salir>::new();
    let (cambiando, saliendo) = (cambiar.pending(), salir.pending());
    let navegar = use_navigate();
    let consulta = use_query_map();

    Effect::new(move |_| match cambiar.value().get() {
        Some(Ok(())) => {
            // A platform was waiting for this login: back to it, through the server.
            if let Some(s) = id_solicitud(consulta.with_untracked(|q| q.get("solicitud"))) {
                let _ = window().location().set_href(&url_continuar(&s));
                return;
            }
            clave_nueva.limpiar();
            repetir_clave_nueva.limpiar();
            clave_cambiada.set(true);
            enfocar("clave-cambiada");
        }
        Some(Err(e)) => {
            enfocar_error(&e, [Campo::ClaveNueva, Campo::RepetirClaveNueva]);
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
        if cambiando.get_untracked() {
            return;
        }
        let (nueva, repetir) = (clave_nueva.valor.get_untracked(), repetir_clave_nueva.valor.get_untracked());
        let leida = leer_clave_nueva(&nueva, &repetir, rut.get_untracked().as_ref());
        if validar_paso(error, &[clave_nueva, repetir_clave_nueva], leida).is_some() {
            cambiar
                .dispatch(CambiarClaveProvisional { clave_nueva: nueva.into(), repetir_clave_nueva: repetir.into() });
        }
    };

    let cambio_forzado = move || {
        view! {
            <form method="post" novalidate on:submit=al_cambiar aria-busy=move || cambiando.get().to_string()>
                <p class="importante">"Está usando una Clave Sence provisoria. Debe cambiarla antes de continuar."</p>
                <fieldset class="seccion">
                    <legend>"Cambiar CS"</legend>
                    <CampoClaveNueva vinculo=clave_nueva etiqueta="CS Nueva" />
                    <CampoTexto vinculo=repetir_clave_nueva etiqueta="Repetir CS Nueva" obligatorio=true tipo="password"
                        autocomplete="new-password" solo_lectura=cambiando />
                </fieldset>
                <AvisoPreparando listo />
                <Acciones texto="Cambiar Clave" pendiente=cambiando listo volver=false />
            </form>
        }
    };

    let datos_cuenta = move |datos: DatosCuenta| {
        let cuenta = datos.cuenta;
        let empresa = cuenta == TipoCuenta::Juridica;
        view! {
            <Show when=move || clave_cambiada.get()>
                <p class="aviso" role="status" id="clave-cambiada" tabindex="-1">
                    "Su Clave Sence (CS) ha sido cambiada correctamente."
                </p>
            </Show>
            <dl class="datos-cuenta">
                <dt>{if empresa { "Razón Social" } else { "Nombre" }}</dt>
                <dd>{datos.nombre}</dd>
                <dt>{textos::de(cuenta).rut}</dt>
                <dd>{datos.rut}</dd>
                <dt>"Email"</dt>
                <dd>{datos.email}</dd>
                {(!empresa).then(|| view! {
                    <dt>"Celular"</dt>
                    <dd>{datos.celular.unwrap_or_else(|| "Sin celular registrado".to_owned())}</dd>
                })}
            </dl>
            {empresa.then(|| view! {
                <h2>"Representantes Legales"</h2>
                <ul class="representantes">
                    {datos.representantes.into_iter().map(|r| view! {
                        <li>{format!("{} · {} · {} · {}", r.nombre, r.rut, r.email, r.celular)}</li>
                    }).collect_view()}
                </ul>
            })}
            <ul class="acciones-cuenta">
                <li><A href=textos::ruta(cuenta, "cambiar")>"Cambiar CS"</A></li>
                // A facilitator's data come from the company's request: there is no Actualizar datos.
                {TipoFlujo::nuevo(Procedimiento::Actualizar, cuenta).is_ok().then(|| view! {
                    <li><A href=textos::ruta(cuenta, "actualizar")>"Actualizar datos"</A></li>
                })}
            </ul>
            // Posted by the browser itself before the page's code has loaded.
            <form method="post" action=Salir::url() class="acciones" on:submit=move |ev| {
                ev.prevent_default();
                error.set(None);
                salir.dispatch(Salir {});
            }>
                <button type="submit" class="boton" disabled=move || saliendo.get()>
                    {move || if saliendo.get() { "Saliendo…" } else { "Salir" }}
                </button>
            </form>
        }
    };

    view! {
        <Title text="Mi cuenta" />
        <h1>"MI CUENTA"</h1>
        <AlertaGeneral error />
        <Transition fallback=|| view! { <p class="cargando" role="status">"Cargando…"</p> }>
            {move || cuenta.get().map(|leida| match leida {
                Err(e) => view! { <AlertaGeneral error=Signal::stored(Some(e)) /> }.into_any_sincrona(),
                Ok(None) => view! {
                    <div class="aviso">
                        <p>{ApiError::SinSesion.to_string()}</p>
                        <p><A href="/ingresar">"Ingresar"</A></p>
                    </div>
                }.into_any_sincrona(),
                Ok(Some(datos)) if datos.debe_cambiar_clave && !clave_cambiada.get() => cambio_forzado().into_any_sincrona(),
                Ok(Some(datos)) => datos_cuenta(datos).into_any_sincrona(),
            })}
        </Transition>
    }
}
