//! N2 "RECUPERAR CS (CLAVE SENCE) PERSONA NATURAL" (guide §3). One page whose sections appear
//! as the server validates each step: the RUT; then the secret answer (3.3), or, without a
//! question (3.1) or having forgotten the answer (3.2), the ID serial number and the masked
//! email to confirm or replace; then the captcha and `Recuperar Clave`.

use crate::api::recuperar::{
    ClaveEnviada, FinRecuperacion, PasoIdentidad, RecuperarClave, RecuperarNoRecuerdo, RecuperarValidarRut,
    RecuperarValidarSerie,
};
use crate::components::{
    avisos::{AlertaGeneral, AvisoDatosContacto},
    campo::{CampoTexto, Casilla},
    captcha::CajaCaptcha,
    dialogo::Dialogo,
    flujo::usar_flujo,
    formulario::{enfocar, enfocar_error, revisar_campos, Acciones, BotonValidar, EstadoCampo},
};
use crate::domain::{
    email::Email, flujo::TipoFlujo, numero_serie::NumeroSerie, pregunta::RespuestaSecreta, telefono::Celular,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

/// The step the form's submit (the current `Validar`, or Enter in a field) runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Paso {
    Rut,
    Serie,
    Recuperar,
}

#[component]
pub fn RecuperarNatural() -> impl IntoView {
    let flujo = usar_flujo(TipoFlujo::RecuperarNatural);
    let error = flujo.error;
    let rut = EstadoCampo::rut("rut", error);
    let respuesta = EstadoCampo::new("respuesta", error, |t| RespuestaSecreta::parse(t).err().map(|e| e.to_string()));
    let serie = EstadoCampo::new("serie", error, |t| NumeroSerie::parse(t).err().map(|e| e.to_string()));
    let email = EstadoCampo::new("email", error, |t| Email::parse(t).err().map(|e| e.to_string()));
    let celular = EstadoCampo::new("celular", error, |t| Celular::parse(t).err().map(|e| e.to_string()));

    // What the server has accepted so far.
    let identidad = RwSignal::new(None::<PasoIdentidad>);
    let no_recuerdo = RwSignal::new(false);
    let email_registrado = RwSignal::new(None::<String>);
    // The person's answer to "El email es correcto?", sent with the final step.
    let email_correcto = RwSignal::new(None::<bool>);
    let enviada = RwSignal::new(None::<ClaveEnviada>);

    let validar_rut = ServerAction::<RecuperarValidarRut>::new();
    let marcar_no_recuerdo = ServerAction::<RecuperarNoRecuerdo>::new();
    let validar_serie = ServerAction::<RecuperarValidarSerie>::new();
    let recuperar = ServerAction::<RecuperarClave>::new();
    let (validando_rut, marcando, validando_serie, enviando) =
        (validar_rut.pending(), marcar_no_recuerdo.pending(), validar_serie.pending(), recuperar.pending());
    let ocupado = move || validando_rut.get() || marcando.get() || validando_serie.get() || enviando.get();

    let con_pregunta = move || identidad.with(|i| matches!(i, Some(PasoIdentidad::Pregunta(_))));
    // 3.3: the question is answered together with the final step.
    let por_respuesta = move || con_pregunta() && !no_recuerdo.get();
    // 3.1 and 3.2: the ID serial number proves who asks.
    let por_serie = move || identidad.with(|i| matches!(i, Some(PasoIdentidad::Serie))) || no_recuerdo.get();
    let paso = Memo::new(move |_| {
        if identidad.with(Option::is_none) {
            Paso::Rut
        } else if por_serie() && email_registrado.with(Option::is_none) {
            Paso::Serie
        } else {
            Paso::Recuperar
        }
    });
    let final_visible = move || por_respuesta() || email_correcto.with(Option::is_some);

    Effect::new(move |_| match validar_rut.value().get() {
        Some(Ok(siguiente)) => {
            enfocar(if matches!(siguiente, PasoIdentidad::Pregunta(_)) { respuesta.id } else { serie.id });
            identidad.set(Some(siguiente));
        }
        Some(Err(e)) => {
            enfocar_error(&e, [rut.id]);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match marcar_no_recuerdo.value().get() {
        Some(Ok(())) => {
            no_recuerdo.set(true);
            enfocar(serie.id);
        }
        Some(Err(e)) => {
            // The box was disabled while the call ran: give the focus back.
            enfocar("no_recuerdo");
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match validar_serie.value().get() {
        Some(Ok(enmascarado)) => {
            email_registrado.set(Some(enmascarado));
            enfocar("email_correcto_si");
        }
        Some(Err(e)) => {
            enfocar_error(&e, [serie.id]);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match recuperar.value().get() {
        Some(Ok(clave)) => enviada.set(Some(clave)),
        Some(Err(e)) => {
            // The server spent the captcha on this try: show a fresh one.
            flujo.captcha.renovar();
            enfocar_error(&e, [respuesta.id, email.id, celular.id, "captcha"]);
            error.set(Some(e));
        }
        None => {}
    });

    let reiniciar = move |()| {
        // The RUT stays typed: starting over is one `Validar` away.
        for campo in [respuesta, serie, email, celular] {
            campo.limpiar();
        }
        identidad.set(None);
        no_recuerdo.set(false);
        email_registrado.set(None);
        email_correcto.set(None);
        flujo.reiniciar();
        enfocar(rut.id);
    };

    let al_enviar = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if untrack(ocupado) {
            return;
        }
        let Some(id_flujo) = flujo.actual() else { return };
        match paso.get_untracked() {
            Paso::Rut => {
                if revisar_campos(&[rut]) {
                    error.set(None);
                    validar_rut.dispatch(RecuperarValidarRut { flujo: id_flujo, rut: rut.valor.get_untracked() });
                }
            }
            Paso::Serie => {
                if revisar_campos(&[serie]) {
                    error.set(None);
                    validar_serie
                        .dispatch(RecuperarValidarSerie { flujo: id_flujo, serie: serie.valor.get_untracked() });
                }
            }
            Paso::Recuperar => {
                let datos = if por_respuesta() {
                    if !revisar_campos(&[respuesta]) {
                        return;
                    }
                    FinRecuperacion { respuesta: respuesta.valor.get_untracked(), ..Default::default() }
                } else {
                    match email_correcto.get_untracked() {
                        None => {
                            enfocar("email_correcto_si");
                            return;
                        }
                        Some(true) => FinRecuperacion { email_correcto: Some(true), ..Default::default() },
                        Some(false) => {
                            if !revisar_campos(&[email, celular]) {
                                return;
                            }
                            FinRecuperacion {
                                email_correcto: Some(false),
                                email: email.valor.get_untracked(),
                                celular: celular.valor.get_untracked(),
                                ..Default::default()
                            }
                        }
                    }
                };
                let Some((captcha_id, captcha)) = flujo.captcha.tomar() else { return };
                error.set(None);
                recuperar.dispatch(RecuperarClave { flujo: id_flujo, captcha_id, captcha, datos });
            }
        }
    };

    let al_marcar_no_recuerdo = move |marcada: bool| {
        // Once the server accepted it the box is disabled: there is no way back to the answer.
        if let (true, Some(id_flujo)) = (marcada, flujo.actual()) {
            error.set(None);
            marcar_no_recuerdo.dispatch(RecuperarNoRecuerdo { flujo: id_flujo });
        }
    };

    let navegar = use_navigate();

    view! {
        <Title text="Recuperar CS Persona Natural" />
        <h1>"RECUPERAR CS (CLAVE SENCE) PERSONA NATURAL"</h1>
        <p>
            "Debe ingresar en primera instancia su Rut y responder la pregunta secreta para validar la cuenta y luego realizar una comprobación de seguridad Captcha."
        </p>
        <AvisoDatosContacto antes_de="recuperar la CS" consulta_sobre="recuperar la CS" />

        <form novalidate on:submit=al_enviar aria-busy=move || ocupado().to_string()>
            <AlertaGeneral error al_reiniciar=reiniciar />

            <fieldset class="seccion">
                <legend>"Información para Recuperar CS"</legend>
                <div class="paso">
                    <CampoTexto id=rut.id etiqueta="Rut" obligatorio=true valor=rut.valor al_escribir=rut.escribir()
                        al_salir=rut.salir() error=rut.error() autocomplete="username" placeholder="12.345.678-5" maxlength=12
                        deshabilitado=Signal::derive(move || paso.get() != Paso::Rut)
                        solo_lectura=validando_rut />
                    <BotonValidar actual=Signal::derive(move || paso.get() == Paso::Rut) pendiente=validando_rut
                        listo=Signal::derive(move || flujo.abierto()) />
                </div>

                {move || identidad.get().and_then(|i| match i {
                    PasoIdentidad::Pregunta(texto) => Some(texto),
                    PasoIdentidad::Serie => None,
                }).map(|texto| view! {
                    <Show when=move || !no_recuerdo.get()>
                        <div role="group" aria-labelledby="pregunta_secreta">
                            <p class="dato" id="pregunta_secreta">
                                <span class="dato-nombre">"Pregunta Secreta"</span>
                                " "
                                <span class="dato-valor">{texto.clone()}</span>
                            </p>
                            <CampoTexto id=respuesta.id etiqueta="Respuesta Secreta" obligatorio=true valor=respuesta.valor
                                al_escribir=respuesta.escribir() al_salir=respuesta.salir() error=respuesta.error()
                                autocomplete="off" solo_lectura=enviando />
                        </div>
                    </Show>
                    <Casilla id="no_recuerdo" etiqueta="No recuerdo la respuesta a mi pregunta secreta"
                        marcada=Signal::derive(move || no_recuerdo.get() || marcando.get())
                        al_cambiar=al_marcar_no_recuerdo
                        deshabilitada=Signal::derive(move || no_recuerdo.get() || ocupado()) />
                })}

                <Show when=por_serie>
                    <div class="paso">
                        <CampoTexto id=serie.id etiqueta="Número de serie cédula de identidad" valor=serie.valor
                            al_escribir=serie.escribir() al_salir=serie.salir() error=serie.error()
                            autocomplete="off" placeholder="106.123.456" maxlength=12
                            ayuda="Tal como aparece en su cédula de identidad."
                            deshabilitado=Signal::derive(move || paso.get() != Paso::Serie)
                            solo_lectura=validando_serie />
                        <BotonValidar actual=Signal::derive(move || paso.get() == Paso::Serie) pendiente=validando_serie
                            listo=Signal::derive(move || flujo.abierto()) />
                    </div>
                </Show>

                {move || email_registrado.get().map(|enmascarado| view! {
                    <p>"Se le enviará una clave al siguiente correo electrónico:"</p>
                    <p class="email-enmascarado">{enmascarado}</p>
                    <fieldset class="radios" aria-describedby="email_correcto-error">
                        <legend>"El email es correcto?"</legend>
                        <div class="opciones">
                            <span class="opcion">
                                <input type="radio" id="email_correcto_si" name="email_correcto" value="si"
                                    prop:checked=move || email_correcto.get() == Some(true)
                                    on:change=move |_| email_correcto.set(Some(true)) />
                                <label for="email_correcto_si">"SI"</label>
                            </span>
                            <span class="opcion">
                                <input type="radio" id="email_correcto_no" name="email_correcto" value="no"
                                    prop:checked=move || email_correcto.get() == Some(false)
                                    on:change=move |_| email_correcto.set(Some(false)) />
                                <label for="email_correcto_no">"NO"</label>
                            </span>
                        </div>
                        <p class="error" id="email_correcto-error" aria-live="polite">
                            {move || error.with(|e| e.as_ref().and_then(|e| e.en_campo("email_correcto")))}
                        </p>
                    </fieldset>
                })}

                // `NO`: the provisional CS goes to these instead, and they replace the data on file.
                <Show when=move || email_correcto.get() == Some(false)>
                    <CampoTexto id=email.id etiqueta="Email Actual" obligatorio=true tipo="email" valor=email.valor
                        al_escribir=email.escribir() al_salir=email.salir() error=email.error() autocomplete="email"
                        solo_lectura=enviando />
                    <CampoTexto id=celular.id etiqueta="Celular Actual" obligatorio=true tipo="tel" valor=celular.valor
                        al_escribir=celular.escribir() al_salir=celular.salir() error=celular.error()
                        inputmode="numeric" autocomplete="tel-local" ayuda="+56 9 y luego los 8 dígitos de su celular."
                        solo_lectura=enviando />
                </Show>
            </fieldset>

            <Show when=final_visible>
                <CajaCaptcha flujo />
            </Show>

            <Acciones texto="Recuperar Clave" pendiente=enviando listo=Signal::derive(move || flujo.abierto())
                visible=Signal::derive(final_visible) />
        </form>

        {move || enviada.get().map(|ClaveEnviada { por_sms }| {
            let navegar = navegar.clone();
            view! {
                <Dialogo titulo="Éxito" al_aceptar=move |()| navegar("/", Default::default())>
                    <ul class="lista-exito">
                        {por_sms.then(|| view! {
                            <li>"Su clave Sence (CS) será enviada por SMS a su celular dentro de los próximos 10 minutos."</li>
                        })}
                        <li>"Su clave Sence (CS) será enviada a su e-Mail dentro de los próximos 10 minutos."</li>
                    </ul>
                </Dialogo>
            }
        })}
    }
}
