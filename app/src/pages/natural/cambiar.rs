//! N3 "CAMBIAR CS (CLAVE SENCE) PERSONA NATURAL" (guide §4): the RUT and the current CS (a
//! provisional one too) open `Cambiar CS`; the new CS follows the registration rules and must
//! differ from the current one; a captcha and `Cambiar Clave` finish.

use crate::api::cambiar::{CambiarClave, CambiarValidar, ClaveCambiada};
use crate::components::{
    avisos::{AlertaGeneral, AvisoDatosContacto},
    campo::{CampoClaveNueva, CampoTexto},
    captcha::CajaCaptcha,
    dialogo::Dialogo,
    flujo::usar_flujo,
    formulario::{
        claves_nuevas, enfocar, enfocar_error, enfocar_tras_clave, revisar_campos, Acciones, BotonValidar, EstadoCampo,
    },
};
use crate::domain::{flujo::TipoFlujo, rut::Rut};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};

#[component]
pub fn CambiarNatural() -> impl IntoView {
    let flujo = usar_flujo(TipoFlujo::CambiarNatural);
    let error = flujo.error;
    let rut = EstadoCampo::rut("rut", error);
    let clave_actual = EstadoCampo::obligatorio("clave_actual", error, crate::formularios::mensajes::FALTA_CLAVE_ACTUAL);
    let (clave_nueva, repetir_clave_nueva) =
        claves_nuevas(error, Signal::derive(move || rut.valor.with(|r| Rut::parse(r).ok())), Some(clave_actual.valor));
    let validada = RwSignal::new(false);
    let cambiada = RwSignal::new(None::<ClaveCambiada>);

    let validar = ServerAction::<CambiarValidar>::new();
    let cambiar = ServerAction::<CambiarClave>::new();
    let (validando, enviando) = (validar.pending(), cambiar.pending());
    let ocupado = move || validando.get() || enviando.get();

    Effect::new(move |_| match validar.value().get() {
        Some(Ok(())) => {
            validada.set(true);
            enfocar(clave_nueva.id);
        }
        Some(Err(e)) => {
            enfocar_tras_clave(&e, rut, clave_actual);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match cambiar.value().get() {
        Some(Ok(hecho)) => cambiada.set(Some(hecho)),
        Some(Err(e)) => {
            // The server spent the captcha on this try: show a fresh one.
            flujo.captcha.renovar();
            enfocar_error(&e, [clave_nueva.id, repetir_clave_nueva.id, "captcha"]);
            error.set(Some(e));
        }
        None => {}
    });

    let reiniciar = move |()| {
        // The RUT stays typed; the keys do not.
        for campo in [clave_actual, clave_nueva, repetir_clave_nueva] {
            campo.limpiar();
        }
        validada.set(false);
        flujo.reiniciar();
        enfocar(rut.id);
    };

    let al_enviar = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if untrack(ocupado) {
            return;
        }
        let Some(id_flujo) = flujo.actual() else { return };
        if !validada.get_untracked() {
            if revisar_campos(&[rut, clave_actual]) {
                error.set(None);
                validar.dispatch(CambiarValidar {
                    flujo: id_flujo,
                    rut: rut.valor.get_untracked(),
                    clave_actual: clave_actual.valor.get_untracked(),
                });
            }
            return;
        }
        if !revisar_campos(&[clave_nueva, repetir_clave_nueva]) {
            return;
        }
        let Some((captcha_id, captcha)) = flujo.captcha.tomar() else { return };
        error.set(None);
        cambiar.dispatch(CambiarClave {
            flujo: id_flujo,
            captcha_id,
            captcha,
            clave_nueva: clave_nueva.valor.get_untracked(),
            repetir_clave_nueva: repetir_clave_nueva.valor.get_untracked(),
        });
    };

    let navegar = use_navigate();

    view! {
        <Title text="Cambiar CS Persona Natural" />
        <h1>"CAMBIAR CS (CLAVE SENCE) PERSONA NATURAL"</h1>
        <p>
            "Debe ingresar en primera instancia su Rut y CS actual (con mayúscula) para validar la cuenta, si sus datos son correctos podrá cambiar su CS por otra, finalmente deberá realizar una comprobación de seguridad Captcha. En el caso que la CS ingresada no sea válida considere generar una nueva haciendo clic "
            <A href="/natural/recuperar">"aquí"</A>
            "."
        </p>
        <AvisoDatosContacto antes_de="cambiar su CS" consulta_sobre="cambio de CS" />

        <form novalidate on:submit=al_enviar aria-busy=move || ocupado().to_string()>
            <AlertaGeneral error al_reiniciar=reiniciar />

            <fieldset class="seccion">
                <legend>"Validar Datos"</legend>
                <CampoTexto id=rut.id etiqueta="Rut" obligatorio=true valor=rut.valor al_escribir=rut.escribir()
                    al_salir=rut.salir() error=rut.error() autocomplete="username" placeholder="12.345.678-5" maxlength=12
                    deshabilitado=validada solo_lectura=validando />
                <div class="paso">
                    <CampoTexto id=clave_actual.id etiqueta="CS Actual" obligatorio=true tipo="password"
                        valor=clave_actual.valor al_escribir=clave_actual.escribir() al_salir=clave_actual.salir()
                        error=clave_actual.error() autocomplete="current-password"
                        deshabilitado=validada solo_lectura=validando />
                    <BotonValidar actual=Signal::derive(move || !validada.get()) pendiente=validando
                        listo=Signal::derive(move || flujo.abierto()) />
                </div>
            </fieldset>

            <Show when=move || validada.get()>
                <fieldset class="seccion">
                    <legend>"Cambiar CS"</legend>
                    <CampoClaveNueva id=clave_nueva.id etiqueta="CS Nueva" valor=clave_nueva.valor
                        al_escribir=clave_nueva.escribir() al_salir=clave_nueva.salir() error=clave_nueva.error() />
                    <CampoTexto id=repetir_clave_nueva.id etiqueta="Repetir CS Nueva" obligatorio=true tipo="password"
                        valor=repetir_clave_nueva.valor al_escribir=repetir_clave_nueva.escribir()
                        al_salir=repetir_clave_nueva.salir() error=repetir_clave_nueva.error() autocomplete="new-password" />
                </fieldset>
                <CajaCaptcha flujo />
            </Show>

            <Acciones texto="Cambiar Clave" pendiente=enviando listo=Signal::derive(move || flujo.abierto())
                visible=validada />
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
