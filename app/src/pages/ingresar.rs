//! "INGRESAR": opens a session with the Rut and the Clave Sence (what the CS exists for).
//! A provisional CS opens one too, and `Mi cuenta` then asks only for its change.
//! A SENCE platform's login request (OpenID Connect) lands here with `?solicitud=…`: the page
//! names the platform, and once logged in the browser goes back through the server to it.
//! The form works before the page's code has loaded (slow phones): the browser posts it to the
//! server function itself, which answers with where to go next or with this page and the error.

use crate::api::sesion;
use crate::components::{
    avisos::AlertaGeneral,
    campo::{CampoLista, CampoTexto, Casilla},
    formulario::{enfocar_tras_clave, validar_paso, Acciones, EstadoCampo},
};
use crate::domain::facilitador::{NumeroDocumento, TipoDocumento};
use crate::formularios::{
    credenciales::EntradaIngreso,
    mensajes::FALTA_CLAVE,
    sesion::{id_solicitud, url_continuar, Ingreso},
    Campo,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

#[component]
pub fn Ingresar() -> impl IntoView {
    // After a form sent without the page's code, the error comes back in the page's address.
    let ingresar = ServerAction::<sesion::Ingresar>::new();
    let error = RwSignal::new(ingresar.value().get_untracked().and_then(Result::err));
    let rut = EstadoCampo::rut(Campo::Rut, error);
    let clave = EstadoCampo::obligatorio(Campo::Clave, error, FALTA_CLAVE);
    // A foreign facilitator has no RUT: the type and number of their document replace it.
    let facilitador = RwSignal::new(false);
    let tipo_documento =
        EstadoCampo::new(Campo::TipoDocumento, error, |t| TipoDocumento::parse(t).err().map(|e| e.to_string()));
    let numero_documento =
        EstadoCampo::new(Campo::NumeroDocumento, error, |t| NumeroDocumento::parse(t).err().map(|e| e.to_string()));
    let ingresando = ingresar.pending();
    let navegar = use_navigate();
    let consulta = use_query_map();
    let solicitud = Memo::new(move |_| id_solicitud(consulta.with(|q| q.get("solicitud"))));
    let plataforma = plataforma_solicitante(solicitud.get_untracked());
    Effect::new(move |_| match ingresar.value().get() {
        Some(Ok(ingreso)) => match (ingreso, solicitud.get_untracked()) {
            // Back to the platform through the server, which checks the session and issues
            // the code.
            (Ingreso::Listo, Some(s)) => {
                let _ = window().location().set_href(&url_continuar(&s));
            }
            // `Mi cuenta` knows whether the CS must be changed first.
            (_, Some(s)) => navegar(&format!("/mi-cuenta?solicitud={s}"), Default::default()),
            (_, None) => navegar("/mi-cuenta", Default::default()),
        },
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
        let es_facilitador = facilitador.get_untracked();
        let entrada = EntradaIngreso {
            facilitador: es_facilitador,
            rut: rut.valor.get_untracked(),
            tipo_documento: tipo_documento.valor.get_untracked(),
            numero_documento: numero_documento.valor.get_untracked(),
            clave: clave.valor.get_untracked().into(),
        };
        let campos = if es_facilitador { vec![tipo_documento, numero_documento, clave] } else { vec![rut, clave] };
        if validar_paso(error, &campos, entrada.validar()).is_some() {
            ingresar.dispatch(sesion::Ingresar {
                rut: entrada.rut,
                clave: entrada.clave,
                solicitud: solicitud.get_untracked(),
                es_facilitador: es_facilitador.then(|| "on".to_owned()),
                tipo_documento: Some(entrada.tipo_documento),
                numero_documento: Some(entrada.numero_documento),
            });
        }
    };

    view! {
        <Title text="Ingresar" />
        <h1>"INGRESAR"</h1>
        <p>"Ingrese su Rut y su Clave Sence (CS) para acceder a su cuenta."</p>
        {move || plataforma.get().map(|nombre| view! {
            <p class="aviso" role="status" id="plataforma-solicitante">
                "La plataforma " <strong>{nombre}</strong> " solicita que ingrese con su Clave Sence. "
                "Al ingresar, volverá a esa plataforma."
            </p>
        })}

        <form method="post" action=sesion::Ingresar::url() novalidate on:submit=al_enviar aria-busy=move || ingresando.get().to_string()>
            <AlertaGeneral error />
            {move || solicitud.get().map(|s| view! { <input type="hidden" name="solicitud" value=s /> })}
            <fieldset class="seccion">
                <legend>"Ingresar con su Clave Sence"</legend>
                <Casilla id="es_facilitador" etiqueta="Ingresar como facilitador extranjero (sin RUT)" marcada=facilitador
                    al_cambiar=move |marcada| {
                        facilitador.set(marcada);
                        error.set(None);
                    } />
                // Both blocks are rendered; the stylesheet shows the one the checkbox selects, so the
                // choice works before the page's code has loaded too.
                <div class="ingreso-rut">
                    <CampoTexto vinculo=rut etiqueta="Rut" obligatorio=true autocomplete="username" placeholder="12.345.678-5"
                        maxlength=12 ayuda="El Rut de la persona, o el Rut de la empresa." solo_lectura=ingresando />
                </div>
                <div class="ingreso-documento">
                    <CampoLista vinculo=tipo_documento etiqueta="Tipo de Documento"
                        opciones=TipoDocumento::TODOS.iter().map(|t| (t.codigo(), t.texto())).collect() />
                    <CampoTexto vinculo=numero_documento etiqueta="Número de documento de Identificación" obligatorio=true
                        autocomplete="username" maxlength=30 solo_lectura=ingresando />
                    <p class="sugerencia">
                        <A href="/facilitador/recuperar">"Recuperar CS de facilitador extranjero"</A>
                        " · "
                        <A href="/facilitador/cambiar">"Cambiar CS de facilitador extranjero"</A>
                    </p>
                </div>
                <CampoTexto vinculo=clave etiqueta="Clave Sence" obligatorio=true tipo="password"
                    autocomplete="current-password" solo_lectura=ingresando />
            </fieldset>
            <Acciones texto="Ingresar" texto_pendiente="Ingresando…" pendiente=ingresando />
        </form>
    }
}

/// The name of the platform whose login request (`solicitud`) brought the person here. The
/// server looked it up before rendering (`server::oidc::nombrar_plataforma`) and the browser
/// reads it from the page, which spares this page a resource and its machinery (7.9 KB of
/// code, docs/rendimiento.md). When the page has no name (built in the browser after the back
/// button, or a request the server found over), the browser asks the server function.
fn plataforma_solicitante(solicitud: Option<String>) -> RwSignal<Option<String>> {
    let en_la_pagina = SharedValue::new_str(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<axum::http::request::Parts>()
                .and_then(|p| p.extensions.get::<sesion::PlataformaDelIngreso>().and_then(|p| p.0.clone()))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        String::new()
    })
    .into_inner();
    let plataforma = RwSignal::new(Some(en_la_pagina).filter(|nombre| !nombre.is_empty()));
    let sin_nombre = plataforma.get_untracked().is_none();
    if let Some(solicitud) = solicitud.filter(|_| sin_nombre && cfg!(feature = "hydrate")) {
        leptos::task::spawn_local(async move {
            if let Ok(Some(nombre)) = sesion::plataforma_solicitante(solicitud).await {
                plataforma.set(Some(nombre));
            }
        });
    }
    plataforma
}
