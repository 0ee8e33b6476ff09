//! `RECUPERAR CS (CLAVE SENCE) PERSONA NATURAL` / `… PERSONA JURÍDICA` (guides §3). One page
//! whose sections appear as the server validates each step: the RUT; then the secret answer
//! (3.3), or, without a question (3.1) or having forgotten the answer (3.2), the kind's proofs
//! of identity (a person's ID serial number; a company's legal representative, then that
//! representative's serial) and the masked email to confirm or replace; then the captcha and
//! `Recuperar Clave`. The steps after the RUT come in a chunk of their own (`Diferida`), fetched
//! while the server checks the RUT: the page's first visit does not download them.

use crate::api::recuperar::{RecuperarClave, RecuperarNoRecuerdo, RecuperarProbar, RecuperarValidarRut};
use crate::api::ApiError;
use crate::components::{
    avisos::{AlertaGeneral, AvisoDatosContacto, AvisoPreparando},
    campo::{CampoTexto, Casilla},
    captcha::CajaCaptcha,
    credenciales::{CamposCuenta, EstadoCuenta},
    dialogo::Dialogo,
    diferida::Diferida,
    flujo::{usar_flujo, Flujo},
    formulario::{enfocar, enfocar_error, validar_paso, Acciones, BotonValidar, EstadoCampo},
};
use crate::domain::{
    cuenta::{Prueba, TipoCuenta},
    email::Email,
    flujo::{Procedimiento, TipoFlujo},
    numero_serie::NumeroSerie,
    pregunta::RespuestaSecreta,
    telefono::Celular,
};
use crate::formularios::{
    recuperar::{campo_de, ClaveEnviada, Evidencia, FinRecuperacion, Siguiente},
    Campo,
};
use crate::parte_diferida;
use crate::textos;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

/// The step the form's submit (the current `Validar`, or Enter in a field) runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Paso {
    Rut,
    Prueba(Prueba),
    Recuperar,
}

#[component]
pub fn Recuperar(cuenta: TipoCuenta) -> impl IntoView {
    let textos = textos::de(cuenta);
    let tipo = TipoFlujo::nuevo(Procedimiento::Recuperar, cuenta).expect("the route admits only kinds that recover");
    let flujo = usar_flujo(tipo);
    let error = flujo.error;
    let identidad = EstadoCuenta::new(cuenta, error);
    let respuesta =
        EstadoCampo::new(Campo::Respuesta, error, |t| RespuestaSecreta::parse(t).err().map(|e| e.to_string()));
    let representante = EstadoCampo::rut(Campo::RutRepresentanteLegal, error);
    let serie = EstadoCampo::new(Campo::Serie, error, |t| NumeroSerie::parse(t).err().map(|e| e.to_string()));
    let email = EstadoCampo::new(Campo::Email, error, |t| Email::parse(t).err().map(|e| e.to_string()));
    let celular = EstadoCampo::new(Campo::Celular, error, |t| Celular::parse(t).err().map(|e| e.to_string()));
    // What the server has accepted so far.
    let pregunta = RwSignal::new(None::<String>);
    let no_recuerdo = RwSignal::new(false);
    let pasadas = RwSignal::new(Vec::<Prueba>::new());
    let prueba_actual = RwSignal::new(None::<Prueba>);
    let email_registrado = RwSignal::new(None::<String>);
    let rut_validado = RwSignal::new(false);
    // The person's answer to "El email es correcto?", sent with the final step.
    let email_correcto = RwSignal::new(None::<bool>);
    let enviada = RwSignal::new(None::<ClaveEnviada>);

    let validar_rut = ServerAction::<RecuperarValidarRut>::new();
    let marcar_no_recuerdo = ServerAction::<RecuperarNoRecuerdo>::new();
    let probar = ServerAction::<RecuperarProbar>::new();
    let recuperar = ServerAction::<RecuperarClave>::new();
    let (validando_rut, marcando, probando, enviando) =
        (validar_rut.pending(), marcar_no_recuerdo.pending(), probar.pending(), recuperar.pending());
    let ocupado = move || validando_rut.get() || marcando.get() || probando.get() || enviando.get();

    // 3.3: the question is answered together with the final step.
    let por_respuesta = move || pregunta.with(Option::is_some) && !no_recuerdo.get();
    let paso = Memo::new(move |_| match (rut_validado.get(), prueba_actual.get()) {
        (false, _) => Paso::Rut,
        (true, Some(prueba)) => Paso::Prueba(prueba),
        (true, None) => Paso::Recuperar,
    });
    let final_visible = move || por_respuesta() || email_correcto.with(Option::is_some);
    // Whether the later steps' view is on the page (its code may still be on its way).
    let pasos_a_la_vista = RwSignal::new(false);
    let final_a_la_vista = move || final_visible() && pasos_a_la_vista.get();

    // Every answer of the server says what comes next.
    let seguir = move |siguiente: Siguiente| {
        if let Some(pasada) = prueba_actual.get_untracked() {
            pasadas.update(|p| p.push(pasada));
        }
        prueba_actual.set(None);
        rut_validado.set(true);
        match siguiente {
            Siguiente::Pregunta(texto) => {
                pregunta.set(Some(texto));
                enfocar(respuesta.id());
            }
            Siguiente::Prueba(prueba) => {
                prueba_actual.set(Some(prueba));
                enfocar(campo_de(prueba).id());
            }
            Siguiente::ConfirmarEmail(enmascarado) => {
                email_registrado.set(Some(enmascarado));
                enfocar("email_correcto_si");
            }
        }
    };
    Effect::new(move |_| match validar_rut.value().get() {
        Some(Ok(siguiente)) => seguir(siguiente),
        Some(Err(e)) => {
            enfocar_error(&e, [Campo::Rut]);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match marcar_no_recuerdo.value().get() {
        Some(Ok(siguiente)) => {
            no_recuerdo.set(true);
            seguir(siguiente);
        }
        Some(Err(e)) => {
            // The box was disabled while the call ran: give the focus back.
            enfocar(Campo::NoRecuerdo.id());
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match probar.value().get() {
        Some(Ok(siguiente)) => seguir(siguiente),
        Some(Err(e)) => {
            enfocar_error(&e, cuenta.pruebas_sin_respuesta().iter().map(|p| campo_de(*p)));
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match recuperar.value().get() {
        Some(Ok(clave)) => enviada.set(Some(clave)),
        Some(Err(e)) => {
            // The server spent the captcha on this try: show a fresh one.
            flujo.captcha.renovar();
            enfocar_error(&e, [Campo::Respuesta, Campo::Email, Campo::Celular, Campo::Captcha]);
            error.set(Some(e));
        }
        None => {}
    });

    let reiniciar = move |()| {
        // The RUT stays typed: starting over is one `Validar` away.
        for campo in [respuesta, representante, serie, email, celular] {
            campo.limpiar();
        }
        rut_validado.set(false);
        pregunta.set(None);
        no_recuerdo.set(false);
        pasadas.set(Vec::new());
        prueba_actual.set(None);
        email_registrado.set(None);
        email_correcto.set(None);
        flujo.reiniciar();
        enfocar(identidad.primero().id());
    };

    let al_marcar_no_recuerdo = move |marcada: bool| {
        // Once the server accepted it the box is disabled: there is no way back to the answer.
        if let (true, Some(id_flujo)) = (marcada, flujo.actual()) {
            error.set(None);
            marcar_no_recuerdo.dispatch(RecuperarNoRecuerdo { flujo: id_flujo });
        }
    };
    let listo = Signal::derive(move || flujo.abierto());
    let pasos = PasosTrasRut {
        cuenta,
        error,
        respuesta,
        representante,
        serie,
        email,
        celular,
        pregunta,
        no_recuerdo,
        pasadas,
        prueba_actual,
        email_registrado,
        email_correcto,
        marcando: marcando.into(),
        probando: probando.into(),
        enviando: enviando.into(),
        ocupado: Signal::derive(ocupado),
        listo,
        al_marcar_no_recuerdo: Callback::new(al_marcar_no_recuerdo),
        a_la_vista: pasos_a_la_vista,
    };

    let al_enviar = flujo.al_enviar(ocupado, move |id_flujo| {
        match paso.get_untracked() {
            Paso::Rut => {
                let entrada = identidad.entrada();
                if validar_paso(error, &identidad.campos(), entrada.validar(cuenta)).is_some() {
                    // The later steps' code comes while the server checks the RUT; if it does
                    // not arrive, showing them tries again.
                    leptos::task::spawn_local(async {
                        let _ = precargar_pasos().await;
                    });
                    validar_rut.dispatch(RecuperarValidarRut {
                        flujo: id_flujo,
                        rut: entrada.rut,
                        tipo_documento: Some(entrada.tipo_documento),
                        numero_documento: Some(entrada.numero_documento),
                    });
                }
            }
            Paso::Prueba(prueba) => {
                let estado = pasos.estado_de(prueba);
                let valor = estado.valor.get_untracked();
                if validar_paso(error, &[estado], Evidencia::leer(prueba, &valor)).is_some() {
                    probar.dispatch(RecuperarProbar { flujo: id_flujo, prueba, valor });
                }
            }
            Paso::Recuperar => {
                let datos = FinRecuperacion {
                    respuesta: respuesta.valor.get_untracked().into(),
                    email_correcto: email_correcto.get_untracked(),
                    email: email.valor.get_untracked(),
                    celular: celular.valor.get_untracked(),
                };
                // The fields this ending uses: the answer, or with `NO` the new contact data.
                let revisados = match (untrack(por_respuesta), email_correcto.get_untracked()) {
                    (true, _) => vec![respuesta],
                    (false, Some(false)) if cuenta.reemplaza_celular() => vec![email, celular],
                    (false, Some(false)) => vec![email],
                    (false, _) => vec![],
                };
                let Some(_) = validar_paso(error, &revisados, datos.validar(cuenta, untrack(por_respuesta))) else {
                    if email_correcto.get_untracked().is_none() {
                        enfocar("email_correcto_si");
                    }
                    return;
                };
                let Some((captcha_id, captcha)) = flujo.captcha.tomar() else { return };
                recuperar.dispatch(RecuperarClave { flujo: id_flujo, captcha_id, captcha, datos });
            }
        }
    });

    let navegar = use_navigate();

    view! {
        <Title text=format!("Recuperar CS {}", textos.nombre) />
        <h1>{textos.titulo("RECUPERAR CS (CLAVE SENCE)")}</h1>
        <p>{textos.intro_recuperar}</p>
        <AvisoDatosContacto cuenta antes_de="recuperar la CS" consulta_sobre="recuperar la CS" />

        <form method="post" novalidate on:submit=al_enviar aria-busy=move || ocupado().to_string()>
            <AlertaGeneral error al_reiniciar=reiniciar cuenta />
            <AvisoPreparando listo />

            <fieldset class="seccion">
                <legend>"Información para Recuperar CS"</legend>
                <div class="paso">
                    <CamposCuenta estado=identidad etiqueta_rut="Rut"
                        deshabilitado=Signal::derive(move || paso.get() != Paso::Rut) solo_lectura=validando_rut />
                    <BotonValidar actual=Signal::derive(move || paso.get() == Paso::Rut) pendiente=validando_rut listo />
                </div>

                <Show when=move || rut_validado.get()>
                    <Diferida precargar=precargar_pasos vista=move || pasos_tras_rut(pasos)
                        texto="Cargando los pasos siguientes…" />
                </Show>
            </fieldset>

            // Its code is the later steps' chunk, already in once they are on the page.
            <Show when=final_a_la_vista>
                <Diferida precargar=precargar_captcha vista=move || captcha_de(flujo) texto="Cargando el captcha…" />
            </Show>

            <Acciones texto="Recuperar Clave" pendiente=enviando listo
                visible=Signal::derive(final_a_la_vista) />
        </form>

        {move || enviada.get().map(|ClaveEnviada { por_sms }| {
            let navegar = navegar.clone();
            view! {
                <Dialogo titulo="Éxito" al_aceptar=move |()| navegar("/", Default::default())>
                    <ul class="lista-exito">
                        {por_sms.then(|| view! {
                            <li>"Su clave Sence (CS) será enviada por SMS a su celular dentro de los próximos 10 minutos."</li>
                        })}
                        <li>{textos.clave_enviada_email}</li>
                    </ul>
                </Dialogo>
            }
        })}
    }
}

/// What the steps after the RUT work with: their fields, what the server has accepted so far,
/// and the page's state and actions.
#[derive(Clone, Copy)]
struct PasosTrasRut {
    cuenta: TipoCuenta,
    error: RwSignal<Option<ApiError>>,
    respuesta: EstadoCampo,
    representante: EstadoCampo,
    serie: EstadoCampo,
    email: EstadoCampo,
    celular: EstadoCampo,
    pregunta: RwSignal<Option<String>>,
    no_recuerdo: RwSignal<bool>,
    pasadas: RwSignal<Vec<Prueba>>,
    prueba_actual: RwSignal<Option<Prueba>>,
    email_registrado: RwSignal<Option<String>>,
    email_correcto: RwSignal<Option<bool>>,
    marcando: Signal<bool>,
    probando: Signal<bool>,
    enviando: Signal<bool>,
    ocupado: Signal<bool>,
    listo: Signal<bool>,
    al_marcar_no_recuerdo: Callback<bool>,
    /// Set while the view is on the page: the form's final button waits for it.
    a_la_vista: RwSignal<bool>,
}

impl PasosTrasRut {
    /// The field of a proof of identity.
    fn estado_de(self, prueba: Prueba) -> EstadoCampo {
        match prueba {
            Prueba::Representante => self.representante,
            Prueba::Serie => self.serie,
        }
    }

    /// The field the person goes on from: where the server's last answer led.
    fn siguiente_campo(self) -> Option<&'static str> {
        if self.pregunta.with(Option::is_some) && !self.no_recuerdo.get() {
            Some(self.respuesta.id())
        } else if let Some(prueba) = self.prueba_actual.get() {
            Some(campo_de(prueba).id())
        } else {
            self.email_registrado.with(Option::is_some).then_some("email_correcto_si")
        }
    }
}

parte_diferida!(
    /// The secret question, the proofs of identity and the email to confirm: their code only a
    /// person past the RUT needs.
    recuperar_pasos, precarga precargar_pasos, fn pasos_tras_rut(pasos: PasosTrasRut) => view! { <Pasos pasos /> }
);

parte_diferida!(
    /// The captcha of the final step, in the later steps' chunk.
    recuperar_pasos, precarga precargar_captcha, fn captcha_de(flujo: Flujo) => view! { <CajaCaptcha flujo /> }
);

#[component]
fn Pasos(pasos: PasosTrasRut) -> impl IntoView {
    let PasosTrasRut {
        cuenta,
        error,
        respuesta,
        email,
        celular,
        pregunta,
        no_recuerdo,
        pasadas,
        prueba_actual,
        email_registrado,
        email_correcto,
        marcando,
        probando,
        enviando,
        ocupado,
        listo,
        al_marcar_no_recuerdo,
        a_la_vista,
        ..
    } = pasos;
    // The server's answer may have come before this code: the focus goes where it led.
    Effect::new(move |_| {
        a_la_vista.set(true);
        if let Some(id) = untrack(|| pasos.siguiente_campo()) {
            enfocar(id);
        }
    });
    on_cleanup(move || a_la_vista.set(false));
    let alcanzada = move |prueba: Prueba| prueba_actual.get() == Some(prueba) || pasadas.with(|p| p.contains(&prueba));

    view! {
        {move || pregunta.get().map(|texto| view! {
            <Show when=move || !no_recuerdo.get()>
                <div role="group" aria-labelledby="pregunta_secreta">
                    <p class="dato" id="pregunta_secreta">
                        <span class="dato-nombre">"Pregunta Secreta"</span>
                        " "
                        <span class="dato-valor">{texto.clone()}</span>
                    </p>
                    <CampoTexto vinculo=respuesta etiqueta="Respuesta Secreta" obligatorio=true
                        autocomplete="off" solo_lectura=enviando />
                </div>
            </Show>
            <Casilla id=Campo::NoRecuerdo.id() etiqueta="No recuerdo la respuesta a mi pregunta secreta"
                marcada=Signal::derive(move || no_recuerdo.get() || marcando.get())
                al_cambiar=al_marcar_no_recuerdo
                deshabilitada=Signal::derive(move || no_recuerdo.get() || ocupado.get()) />
        })}

        {cuenta.pruebas_sin_respuesta().iter().map(|prueba| {
            let prueba = *prueba;
            let estado = pasos.estado_de(prueba);
            let actual = Signal::derive(move || prueba_actual.get() == Some(prueba));
            let (etiqueta, placeholder, ayuda) = match prueba {
                Prueba::Representante => (
                    "Rut Representante Legal",
                    "12.345.678-5",
                    "El RUN de un representante legal vigente de la empresa.",
                ),
                Prueba::Serie if cuenta.actua_por_representante() => (
                    "Número de serie cédula de identidad",
                    "106.123.456",
                    "El de la cédula de identidad del representante legal, tal como aparece en ella.",
                ),
                Prueba::Serie => (
                    "Número de serie cédula de identidad",
                    "106.123.456",
                    "Tal como aparece en su cédula de identidad.",
                ),
            };
            view! {
                <Show when=move || alcanzada(prueba)>
                    <div class="paso">
                        <CampoTexto vinculo=estado etiqueta autocomplete="off" placeholder maxlength=12
                            ayuda
                            deshabilitado=Signal::derive(move || !actual.get()) solo_lectura=probando />
                        <BotonValidar actual pendiente=probando listo />
                    </div>
                </Show>
            }
        }).collect_view()}

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
                    {move || error.with(|e| e.as_ref().and_then(|e| e.en_campo(Campo::EmailCorrecto)))}
                </p>
            </fieldset>
        })}

        // `NO`: the provisional CS goes to these instead, and they replace the data on file.
        <Show when=move || email_correcto.get() == Some(false)>
            <CampoTexto vinculo=email etiqueta="Email Actual" obligatorio=true tipo="email" autocomplete="email"
                solo_lectura=enviando />
            {cuenta.reemplaza_celular().then(|| view! {
                <CampoTexto vinculo=celular etiqueta="Celular Actual" obligatorio=true tipo="tel"
                    inputmode="numeric" autocomplete="tel-local" ayuda="+56 9 y luego los 8 dígitos de su celular."
                    solo_lectura=enviando />
            })}
        </Show>
    }
}
