//! N4 "ACTUALIZAR DATOS PERSONA NATURAL" (guide §5): the RUT and the CS, then the secret
//! question (an account without one defines it here), then `Datos de Contacto`, pre-filled
//! with what is on file, a captcha and `Actualizar datos`.

use crate::api::actualizar::{ActualizarDatos, ActualizarPregunta, ActualizarValidar, DatosContacto, PasoPregunta};
use crate::components::{
    avisos::AlertaGeneral,
    campo::{CampoTexto, Casilla, SelectorPregunta},
    captcha::CajaCaptcha,
    dialogo::Dialogo,
    flujo::usar_flujo,
    formulario::{enfocar, enfocar_error, enfocar_tras_clave, revisar_campos, Acciones, BotonValidar, EstadoCampo},
};
use crate::domain::{
    email::Email,
    flujo::TipoFlujo,
    pregunta::{PreguntaSecreta, RespuestaSecreta},
    telefono::{Celular, Telefono},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

/// The step the form's submit (the current `Validar`, or Enter in a field) runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Paso {
    Clave,
    Pregunta,
    Datos,
}

/// A fixed phone is optional: blank is fine, anything else must be a phone.
fn telefono_opcional(texto: &str) -> Option<String> {
    (!texto.trim().is_empty()).then(|| Telefono::parse(texto).err().map(|e| e.to_string())).flatten()
}

#[component]
pub fn ActualizarNatural() -> impl IntoView {
    let flujo = usar_flujo(TipoFlujo::ActualizarNatural);
    let error = flujo.error;
    let rut = EstadoCampo::rut("rut", error);
    let clave = EstadoCampo::obligatorio("clave", error, crate::formularios::mensajes::FALTA_CLAVE);
    let pregunta = EstadoCampo::new("pregunta", error, |t| PreguntaSecreta::parse(t).err().map(|e| e.to_string()));
    let respuesta = EstadoCampo::new("respuesta", error, |t| RespuestaSecreta::parse(t).err().map(|e| e.to_string()));
    let email = EstadoCampo::new("email", error, |t| Email::parse(t).err().map(|e| e.to_string()));
    let telefono_particular = EstadoCampo::new("telefono_particular", error, telefono_opcional);
    let sin_celular = RwSignal::new(false);
    let celular = EstadoCampo::new("celular", error, move |t| {
        if sin_celular.get() {
            None
        } else {
            Celular::parse(t).err().map(|e| e.to_string())
        }
    });
    let telefono_trabajo = EstadoCampo::new("telefono_trabajo", error, telefono_opcional);

    // What the server has accepted so far.
    let paso_pregunta = RwSignal::new(None::<PasoPregunta>);
    let datos_cargados = RwSignal::new(false);
    let actualizado = RwSignal::new(false);

    let validar = ServerAction::<ActualizarValidar>::new();
    let responder = ServerAction::<ActualizarPregunta>::new();
    let actualizar = ServerAction::<ActualizarDatos>::new();
    let (validando, respondiendo, enviando) = (validar.pending(), responder.pending(), actualizar.pending());
    let ocupado = move || validando.get() || respondiendo.get() || enviando.get();

    let paso = Memo::new(move |_| {
        if paso_pregunta.with(Option::is_none) {
            Paso::Clave
        } else if !datos_cargados.get() {
            Paso::Pregunta
        } else {
            Paso::Datos
        }
    });
    let definir = move || paso_pregunta.with(|p| matches!(p, Some(PasoPregunta::Definir)));

    Effect::new(move |_| match validar.value().get() {
        Some(Ok(siguiente)) => {
            enfocar(if siguiente == PasoPregunta::Definir { pregunta.id } else { respuesta.id });
            paso_pregunta.set(Some(siguiente));
        }
        Some(Err(e)) => {
            enfocar_tras_clave(&e, rut, clave);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match responder.value().get() {
        Some(Ok(actuales)) => {
            email.valor.set(actuales.email);
            telefono_particular.valor.set(actuales.telefono_particular);
            celular.valor.set(actuales.celular);
            sin_celular.set(actuales.sin_celular);
            telefono_trabajo.valor.set(actuales.telefono_trabajo);
            datos_cargados.set(true);
            enfocar(email.id);
        }
        Some(Err(e)) => {
            enfocar_error(&e, [pregunta.id, respuesta.id]);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match actualizar.value().get() {
        Some(Ok(())) => actualizado.set(true),
        Some(Err(e)) => {
            // The server spent the captcha on this try: show a fresh one.
            flujo.captcha.renovar();
            let ids = [email.id, telefono_particular.id, celular.id, telefono_trabajo.id, "captcha"];
            enfocar_error(&e, ids);
            error.set(Some(e));
        }
        None => {}
    });

    let reiniciar = move |()| {
        // The RUT stays typed; everything after it is asked again.
        for campo in [clave, pregunta, respuesta, email, telefono_particular, celular, telefono_trabajo] {
            campo.limpiar();
        }
        sin_celular.set(false);
        paso_pregunta.set(None);
        datos_cargados.set(false);
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
            Paso::Clave => {
                if revisar_campos(&[rut, clave]) {
                    error.set(None);
                    validar.dispatch(ActualizarValidar {
                        flujo: id_flujo,
                        rut: rut.valor.get_untracked(),
                        clave: clave.valor.get_untracked(),
                    });
                }
            }
            Paso::Pregunta => {
                let definir = untrack(definir);
                let campos = if definir { vec![pregunta, respuesta] } else { vec![respuesta] };
                if revisar_campos(&campos) {
                    error.set(None);
                    responder.dispatch(ActualizarPregunta {
                        flujo: id_flujo,
                        pregunta: definir.then(|| pregunta.valor.get_untracked()),
                        respuesta: respuesta.valor.get_untracked(),
                    });
                }
            }
            Paso::Datos => {
                if !revisar_campos(&[email, telefono_particular, celular, telefono_trabajo]) {
                    return;
                }
                let Some((captcha_id, captcha)) = flujo.captcha.tomar() else { return };
                error.set(None);
                actualizar.dispatch(ActualizarDatos {
                    flujo: id_flujo,
                    captcha_id,
                    captcha,
                    datos: DatosContacto {
                        email: email.valor.get_untracked(),
                        telefono_particular: telefono_particular.valor.get_untracked(),
                        celular: celular.valor.get_untracked(),
                        sin_celular: sin_celular.get_untracked(),
                        telefono_trabajo: telefono_trabajo.valor.get_untracked(),
                    },
                });
            }
        }
    };

    let listo = Signal::derive(move || flujo.abierto());
    let pregunta_cerrada = Signal::derive(move || paso.get() != Paso::Pregunta);
    // The answer and its `Validar`, the same whether the question is asked or being set.
    let paso_respuesta = move || {
        view! {
            <div class="paso">
                <CampoTexto id=respuesta.id etiqueta="Respuesta Secreta" obligatorio=true valor=respuesta.valor
                    al_escribir=respuesta.escribir() al_salir=respuesta.salir() error=respuesta.error()
                    autocomplete="off" deshabilitado=pregunta_cerrada solo_lectura=respondiendo />
                <BotonValidar actual=Signal::derive(move || paso.get() == Paso::Pregunta) pendiente=respondiendo listo />
            </div>
        }
    };
    let navegar = use_navigate();

    view! {
        <Title text="Actualizar Datos Persona Natural" />
        <h1>"ACTUALIZAR DATOS PERSONA NATURAL"</h1>
        <p>
            "Debe ingresar en primera instancia su Rut y Clave Sence para validar la cuenta. Por motivos de seguridad, para garantizar que sólo usted pueda modificar sus datos personales, se solicitará que responda su pregunta secreta; luego podrá actualizar sus datos de contacto y finalmente deberá realizar una comprobación de seguridad Captcha. Para cualquier consulta, llame al 800 80 10 30."
        </p>

        <form novalidate on:submit=al_enviar aria-busy=move || ocupado().to_string()>
            <AlertaGeneral error al_reiniciar=reiniciar />

            <fieldset class="seccion">
                <legend>"Validar Datos"</legend>
                <CampoTexto id=rut.id etiqueta="Rut" obligatorio=true valor=rut.valor al_escribir=rut.escribir()
                    al_salir=rut.salir() error=rut.error() autocomplete="username" placeholder="12.345.678-5" maxlength=12
                    deshabilitado=Signal::derive(move || paso.get() != Paso::Clave) solo_lectura=validando />
                <div class="paso">
                    <CampoTexto id=clave.id etiqueta="Clave Sence" obligatorio=true tipo="password" valor=clave.valor
                        al_escribir=clave.escribir() al_salir=clave.salir() error=clave.error() autocomplete="current-password"
                        deshabilitado=Signal::derive(move || paso.get() != Paso::Clave) solo_lectura=validando />
                    <BotonValidar actual=Signal::derive(move || paso.get() == Paso::Clave) pendiente=validando listo />
                </div>

                {move || paso_pregunta.get().map(|p| match p {
                    PasoPregunta::Responder(texto) => view! {
                        <div role="group" aria-labelledby="pregunta_secreta">
                            <p class="dato" id="pregunta_secreta">
                                <span class="dato-nombre">"Pregunta Secreta"</span>
                                " "
                                <span class="dato-valor">{texto}</span>
                            </p>
                            {paso_respuesta()}
                        </div>
                    }.into_any(),
                    PasoPregunta::Definir => view! {
                        <p class="aviso" role="status">"Su cuenta no tiene pregunta secreta. Defínala para continuar."</p>
                        <SelectorPregunta valor=pregunta.valor error=pregunta.error() deshabilitado=pregunta_cerrada
                            al_elegir=move |codigo| {
                                pregunta.poner(codigo);
                                pregunta.revisar();
                            } />
                        {paso_respuesta()}
                    }.into_any(),
                })}
            </fieldset>

            <Show when=move || datos_cargados.get()>
                <fieldset class="seccion">
                    <legend>"Datos de Contacto"</legend>
                    <CampoTexto id=email.id etiqueta="Email Actual" obligatorio=true tipo="email" valor=email.valor
                        al_escribir=email.escribir() al_salir=email.salir() error=email.error() autocomplete="email"
                        solo_lectura=enviando />
                    <CampoTexto id=telefono_particular.id etiqueta="Teléfono Particular" tipo="tel"
                        valor=telefono_particular.valor al_escribir=telefono_particular.escribir()
                        al_salir=telefono_particular.salir() error=telefono_particular.error() inputmode="tel"
                        ayuda="9 dígitos, incluido el código de área." solo_lectura=enviando />
                    <div class="celular">
                        <CampoTexto id=celular.id etiqueta="Celular Nuevo" tipo="tel" valor=celular.valor
                            al_escribir=celular.escribir() al_salir=celular.salir() error=celular.error()
                            inputmode="numeric" autocomplete="tel-local" placeholder="(8 Carácteres)"
                            ayuda="+56 9 y luego los 8 dígitos de su celular."
                            deshabilitado=sin_celular solo_lectura=enviando />
                        <Casilla id="sin_celular" etiqueta="Sin Celular" marcada=sin_celular
                            al_cambiar=move |marcada| {
                                sin_celular.set(marcada);
                                // A message about the mobile no longer applies.
                                celular.olvidar_servidor();
                            } />
                    </div>
                    <CampoTexto id=telefono_trabajo.id etiqueta="Teléfono Trabajo" tipo="tel"
                        valor=telefono_trabajo.valor al_escribir=telefono_trabajo.escribir()
                        al_salir=telefono_trabajo.salir() error=telefono_trabajo.error() inputmode="tel"
                        ayuda="9 dígitos, incluido el código de área." solo_lectura=enviando />
                </fieldset>
                <CajaCaptcha flujo />
            </Show>

            <Acciones texto="Actualizar datos" pendiente=enviando listo=Signal::derive(move || flujo.abierto())
                visible=datos_cargados />
        </form>

        {move || actualizado.get().then(|| {
            let navegar = navegar.clone();
            view! {
                <Dialogo titulo="Éxito" al_aceptar=move |()| navegar("/", Default::default())>
                    <p>"Sus datos han sido actualizados correctamente."</p>
                    <p>"SENCE enviará una notificación a su e-mail del proceso registrado dentro de los próximos 10 minutos."</p>
                </Dialogo>
            }
        })}
    }
}
