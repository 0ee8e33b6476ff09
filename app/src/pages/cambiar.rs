//! `CAMBIAR CS (CLAVE SENCE) PERSONA NATURAL` / `… PERSONA JURÍDICA` (guides §4): the account's
//! RUT (a company's with the RUN of one of its legal representatives) and the current CS (a
//! provisional one too) open `Cambiar CS`; the new CS follows the registration rules and must
//! differ from the current one; a captcha and `Cambiar Clave` finish.

use crate::api::cambiar::{CambiarClave, CambiarValidar, ClaveCambiada};
use crate::components::{
    avisos::{AlertaGeneral, AvisoDatosContacto, AvisoPreparando},
    campo::{CampoClaveNueva, CampoTexto},
    captcha::CajaCaptcha,
    credenciales::{CamposCredenciales, EstadoCredenciales},
    dialogo::Dialogo,
    flujo::usar_flujo,
    formulario::{claves_nuevas, enfocar, enfocar_error, enfocar_tras_clave, validar_paso, Acciones, BotonValidar},
};
use crate::domain::{
    cuenta::TipoCuenta,
    flujo::{Procedimiento, TipoFlujo},
    rut::Rut,
};
use crate::formularios::{credenciales::leer_clave_nueva, Campo};
use crate::textos;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};

#[component]
pub fn Cambiar(cuenta: TipoCuenta) -> impl IntoView {
    let textos = textos::de(cuenta);
    let tipo = TipoFlujo::nuevo(Procedimiento::Cambiar, cuenta).expect("the route admits only kinds that change");
    let flujo = usar_flujo(tipo);
    let error = flujo.error;
    let credenciales = EstadoCredenciales::new(cuenta, Campo::ClaveActual, error);
    let rut = credenciales.rut;
    let (clave_nueva, repetir_clave_nueva) = claves_nuevas(
        error,
        Signal::derive(move || rut.valor.with(|r| Rut::parse(r).ok())),
        Some(credenciales.clave.valor),
    );
    let validada = RwSignal::new(false);
    let cambiada = RwSignal::new(None::<ClaveCambiada>);

    let validar = ServerAction::<CambiarValidar>::new();
    let cambiar = ServerAction::<CambiarClave>::new();
    let (validando, enviando) = (validar.pending(), cambiar.pending());
    let ocupado = move || validando.get() || enviando.get();

    Effect::new(move |_| match validar.value().get() {
        Some(Ok(())) => {
            validada.set(true);
            enfocar(clave_nueva.id());
        }
        Some(Err(e)) => {
            enfocar_tras_clave(&e, rut, credenciales.clave);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match cambiar.value().get() {
        Some(Ok(hecho)) => cambiada.set(Some(hecho)),
        Some(Err(e)) => {
            // The server spent the captcha on this try: show a fresh one.
            flujo.captcha.renovar();
            enfocar_error(&e, [Campo::ClaveNueva, Campo::RepetirClaveNueva, Campo::Captcha]);
            error.set(Some(e));
        }
        None => {}
    });

    let reiniciar = move |()| {
        // The RUTs stay typed; the keys do not.
        for campo in [credenciales.clave, clave_nueva, repetir_clave_nueva] {
            campo.limpiar();
        }
        validada.set(false);
        flujo.reiniciar();
        enfocar(credenciales.identidad.primero().id());
    };

    let al_enviar = flujo.al_enviar(ocupado, move |id_flujo| {
        if !validada.get_untracked() {
            let entrada = credenciales.entrada();
            if validar_paso(error, &credenciales.campos(), credenciales.validar(&entrada)).is_some() {
                validar.dispatch(CambiarValidar { flujo: id_flujo, entrada });
            }
            return;
        }
        let (nueva, repetir) = (clave_nueva.valor.get_untracked(), repetir_clave_nueva.valor.get_untracked());
        let rut_cuenta = Rut::parse(&rut.valor.get_untracked()).ok();
        let leida = leer_clave_nueva(&nueva, &repetir, rut_cuenta.as_ref());
        if validar_paso(error, &[clave_nueva, repetir_clave_nueva], leida).is_none() {
            return;
        }
        let Some((captcha_id, captcha)) = flujo.captcha.tomar() else { return };
        cambiar.dispatch(CambiarClave {
            flujo: id_flujo,
            captcha_id,
            captcha,
            clave_nueva: nueva.into(),
            repetir_clave_nueva: repetir.into(),
        });
    });

    let listo = Signal::derive(move || flujo.abierto());
    let navegar = use_navigate();

    view! {
        <Title text=format!("Cambiar CS {}", textos.nombre) />
        <h1>{textos.titulo("CAMBIAR CS (CLAVE SENCE)")}</h1>
        <p>
            {textos.intro_cambiar}
            <A href=textos::ruta(cuenta, "recuperar")>"aquí"<span class="solo-lector">" para recuperar su CS"</span></A>
            "."
        </p>
        <AvisoDatosContacto cuenta antes_de="cambiar su CS" consulta_sobre=textos.consulta_cambio />

        <form method="post" novalidate on:submit=al_enviar aria-busy=move || ocupado().to_string()>
            <AlertaGeneral error al_reiniciar=reiniciar cuenta />
            <AvisoPreparando listo />

            <fieldset class="seccion">
                <legend>"Validar Datos"</legend>
                <CamposCredenciales estado=credenciales etiqueta_clave="CS Actual" cerrados=validada
                    solo_lectura=validando>
                    <BotonValidar actual=Signal::derive(move || !validada.get()) pendiente=validando listo />
                </CamposCredenciales>
            </fieldset>

            <Show when=move || validada.get()>
                <fieldset class="seccion">
                    <legend>"Cambiar CS"</legend>
                    <CampoClaveNueva vinculo=clave_nueva etiqueta="CS Nueva" />
                    <CampoTexto vinculo=repetir_clave_nueva etiqueta="Repetir CS Nueva" obligatorio=true tipo="password" autocomplete="new-password" />
                </fieldset>
                <CajaCaptcha flujo />
            </Show>

            <Acciones texto="Cambiar Clave" pendiente=enviando listo visible=validada />
        </form>

        {move || cambiada.get().map(|ClaveCambiada { por_sms }| {
            let navegar = navegar.clone();
            view! {
                <Dialogo titulo="Éxito" al_aceptar=move |()| navegar("/", Default::default())>
                    <ul class="lista-exito">
                        <li>"Su Clave Sence (CS) ha sido cambiada correctamente."</li>
                        <li>"Se enviará una notificación a su e-Mail dentro de los próximos 10 minutos."</li>
                        {por_sms.then(|| view! {
                            <li>"Se enviará una notificación por SMS a su celular dentro de los próximos 10 minutos."</li>
                        })}
                    </ul>
                </Dialogo>
            }
        })}
    }
}
