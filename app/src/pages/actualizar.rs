//! `ACTUALIZAR DATOS PERSONA NATURAL` (guide N §5) / `ACTUALIZAR DATOS PERSONA JURÍDICA` (the
//! guide is silent; same steps): the account and its CS (a company's with one of its legal
//! representatives), then the secret question (an account without one defines it here), then
//! the data on file, pre-filled: a person's `Datos de Contacto`; a company's contact data,
//! address and legal representatives (each one added is checked with the SII at once); a
//! captcha and `Actualizar datos`.

use crate::api::actualizar::{ActualizarDatos, ActualizarPregunta, ActualizarRepresentante, ActualizarValidar};
use crate::components::hidratacion::IntoAnySincrona;
use crate::components::{
    avisos::{AlertaGeneral, AvisoPreparando},
    campo::{CampoTexto, Casilla, SelectorPregunta},
    captcha::CajaCaptcha,
    credenciales::{CamposCredenciales, EstadoCredenciales},
    dialogo::Dialogo,
    diferida::Diferida,
    domicilio::CamposDomicilio,
    flujo::{usar_flujo, Flujo},
    formulario::{
        enfocar, enfocar_error, enfocar_tras_clave, validar_paso, Acciones, BotonValidar, EstadoCampo, EstadoFormulario,
    },
    representante::CamposRepresentante,
};
use crate::domain::{
    cuenta::TipoCuenta,
    flujo::{Procedimiento, TipoFlujo},
    pregunta::{PreguntaSecreta, RespuestaSecreta},
};
use crate::formularios::{
    actualizar::{
        representante_nuevo, ContactoPersona, DatosActualizables, DatosEmpresa, EntradaPregunta, PasoPregunta,
    },
    secciones::{FormDomicilio, FormRepresentante},
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
    Clave,
    Pregunta,
    Datos,
}

const CAMPOS_PERSONA: [Campo; 4] = [Campo::Email, Campo::TelefonoParticular, Campo::Celular, Campo::TelefonoTrabajo];

fn campos_empresa() -> Vec<Campo> {
    [Campo::Email, Campo::Telefono, Campo::Fax].into_iter().chain(FormDomicilio::CAMPOS).collect()
}

#[component]
pub fn Actualizar(cuenta: TipoCuenta) -> impl IntoView {
    let textos = textos::de(cuenta);
    let tipo = TipoFlujo::nuevo(Procedimiento::Actualizar, cuenta).expect("the route admits only kinds that update");
    let flujo = usar_flujo(tipo);
    let error = flujo.error;
    let credenciales = EstadoCredenciales::new(cuenta, Campo::Clave, error);
    let pregunta = EstadoCampo::new(Campo::Pregunta, error, |t| PreguntaSecreta::parse(t).err().map(|e| e.to_string()));
    let respuesta =
        EstadoCampo::new(Campo::Respuesta, error, |t| RespuestaSecreta::parse(t).err().map(|e| e.to_string()));
    let persona = EstadoFormulario::new(ContactoPersona::default(), error);
    let empresa = EstadoFormulario::new(DatosEmpresa::default(), error);
    let nuevo_representante = EstadoFormulario::new(FormRepresentante::default(), error);

    // What the server has accepted so far.
    let paso_pregunta = RwSignal::new(None::<PasoPregunta>);
    let datos_cargados = RwSignal::new(false);
    // Whether the data step's view is on the page (its code may still be on its way).
    let datos_a_la_vista = RwSignal::new(false);
    let actualizado = RwSignal::new(false);

    let validar = ServerAction::<ActualizarValidar>::new();
    let responder = ServerAction::<ActualizarPregunta>::new();
    let agregar = ServerAction::<ActualizarRepresentante>::new();
    let actualizar = ServerAction::<ActualizarDatos>::new();
    let (validando, respondiendo, agregando, enviando) =
        (validar.pending(), responder.pending(), agregar.pending(), actualizar.pending());
    let ocupado = move || validando.get() || respondiendo.get() || agregando.get() || enviando.get();

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
            enfocar(if siguiente == PasoPregunta::Definir { pregunta.id() } else { respuesta.id() });
            paso_pregunta.set(Some(siguiente));
            // The data step's code comes while the person answers; if it fails, showing the
            // step tries again.
            leptos::task::spawn_local(async {
                let _ = precargar_datos().await;
            });
        }
        Some(Err(e)) => {
            enfocar_tras_clave(&e, credenciales.rut, credenciales.clave);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match responder.value().get() {
        Some(Ok(en_archivo)) => {
            match en_archivo {
                DatosActualizables::Persona(contacto) => persona.reiniciar(contacto),
                DatosActualizables::Empresa(datos) => empresa.reiniciar(datos),
            }
            datos_cargados.set(true);
        }
        Some(Err(e)) => {
            enfocar_error(&e, [Campo::Pregunta, Campo::Respuesta]);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match agregar.value().get() {
        Some(Ok(representante)) => {
            empresa.form.update(|d| d.representantes.push(representante));
            nuevo_representante.reiniciar(FormRepresentante::default());
            empresa.olvidar_servidor(Campo::Representantes);
            enfocar(Campo::RutRepresentante.id());
        }
        Some(Err(e)) => {
            enfocar_error(&e, FormRepresentante::CAMPOS);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match actualizar.value().get() {
        Some(Ok(())) => actualizado.set(true),
        Some(Err(e)) => {
            // The server spent the captcha on this try: show a fresh one.
            flujo.captcha.renovar();
            let orden =
                CAMPOS_PERSONA.into_iter().chain(campos_empresa()).chain([Campo::Representantes, Campo::Captcha]);
            enfocar_error(&e, orden);
            error.set(Some(e));
        }
        None => {}
    });

    let reiniciar = move |()| {
        // The RUTs stay typed; everything after them is asked again.
        for campo in [credenciales.clave, pregunta, respuesta] {
            campo.limpiar();
        }
        persona.reiniciar(ContactoPersona::default());
        empresa.reiniciar(DatosEmpresa::default());
        nuevo_representante.reiniciar(FormRepresentante::default());
        paso_pregunta.set(None);
        datos_cargados.set(false);
        flujo.reiniciar();
        enfocar(credenciales.rut.id());
    };

    let al_enviar = flujo.al_enviar(ocupado, move |id_flujo| {
        match paso.get_untracked() {
            Paso::Clave => {
                let entrada = credenciales.entrada();
                if validar_paso(error, &credenciales.campos(), credenciales.validar(&entrada)).is_some() {
                    validar.dispatch(ActualizarValidar { flujo: id_flujo, entrada });
                }
            }
            Paso::Pregunta => {
                let definir = untrack(definir);
                let entrada = EntradaPregunta {
                    pregunta: if definir { pregunta.valor.get_untracked() } else { String::new() },
                    respuesta: respuesta.valor.get_untracked().into(),
                };
                let campos = if definir { vec![pregunta, respuesta] } else { vec![respuesta] };
                if validar_paso(error, &campos, entrada.validar(definir)).is_some() {
                    responder.dispatch(ActualizarPregunta { flujo: id_flujo, entrada });
                }
            }
            Paso::Datos => {
                let (completos, datos) = match cuenta {
                    TipoCuenta::Juridica => {
                        (empresa.revisar(&campos_empresa()), DatosActualizables::Empresa(empresa.form.get_untracked()))
                    }
                    TipoCuenta::Natural | TipoCuenta::Facilitador => {
                        (persona.revisar(&CAMPOS_PERSONA), DatosActualizables::Persona(persona.form.get_untracked()))
                    }
                };
                // The list of representatives is checked as a whole, as the server does.
                if !completos || validar_paso(error, &[], datos.validar()).is_none() {
                    if error.with_untracked(|e| e.as_ref().is_some_and(|e| e.en_campo(Campo::Representantes).is_some()))
                    {
                        enfocar(Campo::Representantes.id());
                    }
                    return;
                }
                let Some((captcha_id, captcha)) = flujo.captcha.tomar() else { return };
                actualizar.dispatch(ActualizarDatos { flujo: id_flujo, captcha_id, captcha, datos });
            }
        }
    });

    let al_agregar = move |()| {
        let Some(id_flujo) = flujo.actual() else { return };
        let representante = nuevo_representante.form.get_untracked();
        let lista = empresa.form.with_untracked(|d| d.representantes.clone());
        if nuevo_representante.revisar(&FormRepresentante::CAMPOS)
            && validar_paso(error, &[], representante_nuevo(&representante, &lista)).is_some()
        {
            agregar.dispatch(ActualizarRepresentante { flujo: id_flujo, representante });
        }
    };

    let paso_datos = PasoDatos {
        cuenta,
        persona,
        empresa,
        nuevo_representante,
        flujo,
        enviando: enviando.into(),
        agregando: agregando.into(),
        ocupado: Signal::derive(ocupado),
        al_agregar: Callback::new(al_agregar),
        a_la_vista: datos_a_la_vista,
    };
    let listo = Signal::derive(move || flujo.abierto());
    let pregunta_cerrada = Signal::derive(move || paso.get() != Paso::Pregunta);
    // The answer and its `Validar`, the same whether the question is asked or being set.
    let paso_respuesta = move || {
        view! {
            <div class="paso">
                <CampoTexto vinculo=respuesta etiqueta="Respuesta Secreta" obligatorio=true autocomplete="off"
                    deshabilitado=pregunta_cerrada solo_lectura=respondiendo />
                <BotonValidar actual=Signal::derive(move || paso.get() == Paso::Pregunta) pendiente=respondiendo listo />
            </div>
        }
    };
    let navegar = use_navigate();

    view! {
        <Title text=format!("Actualizar Datos {}", textos.nombre) />
        <h1>{textos.titulo("ACTUALIZAR DATOS")}</h1>
        <p>{textos.intro_actualizar}</p>

        <form method="post" novalidate on:submit=al_enviar aria-busy=move || ocupado().to_string()>
            <AlertaGeneral error al_reiniciar=reiniciar cuenta />
            <AvisoPreparando listo />

            <fieldset class="seccion">
                <legend>"Validar Datos"</legend>
                <CamposCredenciales estado=credenciales etiqueta_clave="Clave Sence"
                    cerrados=Signal::derive(move || paso.get() != Paso::Clave) solo_lectura=validando>
                    <BotonValidar actual=Signal::derive(move || paso.get() == Paso::Clave) pendiente=validando listo />
                </CamposCredenciales>

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
                    }.into_any_sincrona(),
                    PasoPregunta::Definir => view! {
                        <p class="aviso" role="status">"Su cuenta no tiene pregunta secreta. Defínala para continuar."</p>
                        <SelectorPregunta vinculo=pregunta deshabilitado=pregunta_cerrada />
                        {paso_respuesta()}
                    }.into_any_sincrona(),
                })}
            </fieldset>

            <Show when=move || datos_cargados.get()>
                <Diferida precargar=precargar_datos vista=move || datos_en_archivo(paso_datos)
                    texto="Cargando el formulario de sus datos…" />
            </Show>

            <Acciones texto="Actualizar datos" pendiente=enviando listo visible=datos_a_la_vista />
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

/// What the data step's view works with: the forms, and the page's state and actions.
#[derive(Clone, Copy)]
struct PasoDatos {
    cuenta: TipoCuenta,
    persona: EstadoFormulario<ContactoPersona>,
    empresa: EstadoFormulario<DatosEmpresa>,
    nuevo_representante: EstadoFormulario<FormRepresentante>,
    flujo: Flujo,
    enviando: Signal<bool>,
    agregando: Signal<bool>,
    ocupado: Signal<bool>,
    al_agregar: Callback<()>,
    /// Set while the view is on the page: the form's final button waits for it.
    a_la_vista: RwSignal<bool>,
}

parte_diferida!(
    /// The data on file and the captcha: their code (a company's address and legal
    /// representatives above all) only a person past the secret question needs.
    actualizar_datos, precarga precargar_datos, fn datos_en_archivo(paso: PasoDatos) => view! { <DatosEnArchivo paso /> }
);

#[component]
fn DatosEnArchivo(paso: PasoDatos) -> impl IntoView {
    let PasoDatos {
        cuenta,
        persona,
        empresa,
        nuevo_representante,
        flujo,
        enviando,
        agregando,
        ocupado,
        al_agregar,
        a_la_vista,
    } = paso;
    let textos = textos::de(cuenta);
    // Shown once the server has sent the data on file: the person goes on from its first field.
    Effect::new(move |_| {
        a_la_vista.set(true);
        enfocar(Campo::Email.id());
    });
    on_cleanup(move || a_la_vista.set(false));
    let sin_celular = Signal::derive(move || persona.form.with(|c| c.sin_celular));
    let datos_persona = move || {
        view! {
            <fieldset class="seccion">
                <legend>"Datos de Contacto"</legend>
                <CampoTexto vinculo=persona.vinculo(Campo::Email) etiqueta=textos.email_actualizar obligatorio=true
                    tipo="email" autocomplete="email" solo_lectura=enviando />
                <CampoTexto vinculo=persona.vinculo(Campo::TelefonoParticular) etiqueta="Teléfono Particular" tipo="tel"
                    inputmode="tel" ayuda="9 dígitos, incluido el código de área." solo_lectura=enviando />
                <div class="celular">
                    <CampoTexto vinculo=persona.vinculo(Campo::Celular) etiqueta="Celular Nuevo" tipo="tel"
                        inputmode="numeric" autocomplete="tel-local" placeholder="(8 Carácteres)"
                        ayuda="+56 9 y luego los 8 dígitos de su celular." deshabilitado=sin_celular solo_lectura=enviando />
                    <Casilla id="sin_celular" etiqueta="Sin Celular" marcada=sin_celular
                        al_cambiar=move |marcada| {
                            persona.form.update(|c| c.sin_celular = marcada);
                            // A message about the mobile no longer applies.
                            persona.olvidar_servidor(Campo::Celular);
                        } />
                </div>
                <CampoTexto vinculo=persona.vinculo(Campo::TelefonoTrabajo) etiqueta="Teléfono Trabajo" tipo="tel"
                    inputmode="tel" ayuda="9 dígitos, incluido el código de área." solo_lectura=enviando />
            </fieldset>
        }
    };
    let lista_error = empresa.error(Campo::Representantes);
    let datos_empresa = move || {
        view! {
            <fieldset class="seccion">
                <legend>"Datos de Contacto"</legend>
                <CampoTexto vinculo=empresa.vinculo(Campo::Email) etiqueta=textos.email_actualizar obligatorio=true
                    tipo="email" autocomplete="email" solo_lectura=enviando />
                <CampoTexto vinculo=empresa.vinculo(Campo::Telefono) etiqueta="Teléfono" obligatorio=true tipo="tel"
                    inputmode="tel" ayuda="9 dígitos, incluido el código de área." solo_lectura=enviando />
                <CampoTexto vinculo=empresa.vinculo(Campo::Fax) etiqueta="Fax" tipo="tel" inputmode="tel"
                    ayuda="9 dígitos, incluido el código de área." solo_lectura=enviando />
            </fieldset>
            <CamposDomicilio estado=empresa cuenta solo_lectura=enviando />
            <fieldset class="seccion" aria-describedby="representantes-error">
                <legend>"Representantes Legales"</legend>
                <ul class="representantes" id="representantes" tabindex="-1">
                    <For each=move || empresa.form.with(|d| d.representantes.clone()) key=|r| r.rut.clone() let:r>
                        <li>
                            <span>{format!("{} · {} · +56 9 {} · {}", r.rut, r.nombre, r.celular, r.email)}</span>
                            <button type="button" class="boton enlace" aria-label=format!("Quitar a {}", r.nombre)
                                disabled=ocupado
                                on:click={
                                    let rut = r.rut.clone();
                                    move |_| empresa.form.update(|d| d.representantes.retain(|x| x.rut != rut))
                                }>
                                "Quitar"
                            </button>
                        </li>
                    </For>
                </ul>
                <p class="error" id="representantes-error" aria-live="polite">{move || lista_error.get()}</p>
                <fieldset class="seccion anidada">
                    <legend>"Agregar Representante Legal"</legend>
                    <CamposRepresentante estado=nuevo_representante solo_lectura=agregando />
                    <button type="button" class="boton" disabled=ocupado on:click=move |_| al_agregar.run(())>
                        {move || if agregando.get() { "Validando…" } else { "Agregar" }}
                    </button>
                </fieldset>
            </fieldset>
        }
    };
    view! {
        {match cuenta {
            TipoCuenta::Juridica => datos_empresa().into_any_sincrona(),
            TipoCuenta::Natural | TipoCuenta::Facilitador => datos_persona().into_any_sincrona(),
        }}
        <CajaCaptcha flujo />
    }
}
