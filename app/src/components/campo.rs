//! A labelled input with its help and error text, wired for screen readers: the label names
//! the input, the help and the error describe it, and the error is announced when it appears.

use crate::components::{formulario::Vinculo, hidratacion::Aparte};
use crate::domain::clave::REGLA_CLAVE;
use leptos::prelude::*;

#[component]
pub fn Etiqueta(id: &'static str, texto: &'static str, #[prop(optional)] obligatorio: bool) -> impl IntoView {
    view! {
        <label for=id>
            {texto}
            {obligatorio.then_some(" *")}
        </label>
    }
}

/// The help and error lines under a field; their ids are `{id}-ayuda` and `{id}-error`.
#[component]
pub fn Mensajes(
    id: &'static str,
    #[prop(optional_no_strip)] ayuda: Option<&'static str>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        {ayuda.map(|texto| view! { <p class="ayuda" id=format!("{id}-ayuda")>{texto}</p> })}
        <p class="error" id=format!("{id}-error") aria-live="polite">
            {move || error.get()}
        </p>
    }
}

pub fn describe(id: &'static str, con_ayuda: bool) -> String {
    if con_ayuda {
        format!("{id}-ayuda {id}-error")
    } else {
        format!("{id}-error")
    }
}

/// A text input bound to its state (an [`crate::components::formulario::EstadoCampo`], or one
/// field of an [`crate::components::formulario::EstadoFormulario`]).
#[component]
pub fn CampoTexto(
    #[prop(into)] vinculo: Vinculo,
    etiqueta: &'static str,
    #[prop(optional)] obligatorio: bool,
    #[prop(default = "text")] tipo: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] ayuda: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional, into)] deshabilitado: Signal<bool>,
    /// While its step is being validated: the text cannot change, the focus stays.
    #[prop(optional, into)]
    solo_lectura: Signal<bool>,
) -> impl IntoView {
    let Vinculo { id, valor, al_escribir, al_salir, error } = vinculo;
    Aparte::new(view! {
        <div class="campo" class:con-error=move || error.with(Option::is_some)>
            <Etiqueta id texto=etiqueta obligatorio />
            <input
                id=id
                name=id
                type=tipo
                autocomplete=autocomplete
                inputmode=inputmode
                placeholder=placeholder
                maxlength=maxlength
                required=obligatorio
                disabled=deshabilitado
                readonly=solo_lectura
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=describe(id, ayuda.is_some())
                prop:value=valor
                on:input=move |ev| al_escribir.run(event_target_value(&ev))
                on:blur=move |_| al_salir.run(())
            />
            <Mensajes id ayuda error />
        </div>
    })
}

/// A new Clave CS with the guide's ⓘ: a button by the label shows the rule under the field.
#[component]
pub fn CampoClaveNueva(#[prop(into)] vinculo: Vinculo, etiqueta: &'static str) -> impl IntoView {
    let Vinculo { id, valor, al_escribir, al_salir, error } = vinculo;
    let ver_regla = RwSignal::new(false);
    let ayuda = format!("{id}-ayuda");
    Aparte::new(view! {
        <div class="campo" class:con-error=move || error.with(Option::is_some)>
            <div class="etiqueta-con-info">
                <Etiqueta id texto=etiqueta obligatorio=true />
                <button type="button" class="info" aria-label="Reglas de la Clave CS" aria-controls=ayuda.clone()
                    aria-expanded=move || ver_regla.get().to_string() on:click=move |_| ver_regla.update(|v| *v = !*v)>
                    "i"
                </button>
            </div>
            <input id=id name=id type="password" autocomplete="new-password" required
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=describe(id, true)
                prop:value=valor
                on:input=move |ev| al_escribir.run(event_target_value(&ev))
                on:blur=move |_| al_salir.run(()) />
            <p class="ayuda" id=ayuda class:oculta=move || !ver_regla.get()>{REGLA_CLAVE}</p>
            <p class="error" id=format!("{id}-error") aria-live="polite">{move || error.get()}</p>
        </div>
    })
}

/// A checkbox with its label after it (`Sin Celular`, `No recuerdo la respuesta…`).
#[component]
pub fn Casilla(
    id: &'static str,
    etiqueta: &'static str,
    #[prop(into)] marcada: Signal<bool>,
    #[prop(into)] al_cambiar: Callback<bool>,
    #[prop(optional, into)] deshabilitada: Signal<bool>,
) -> impl IntoView {
    Aparte::new(view! {
        <div class="casilla">
            <input type="checkbox" id=id name=id disabled=deshabilitada
                prop:checked=marcada
                on:change=move |ev| al_cambiar.run(event_target_checked(&ev)) />
            <label for=id>{etiqueta}</label>
        </div>
    })
}

/// `Pregunta Secreta *`: the list of questions, with the chosen one's code as value.
#[component]
pub fn SelectorPregunta(
    #[prop(into)] vinculo: Vinculo,
    #[prop(optional, into)] deshabilitado: Signal<bool>,
) -> impl IntoView {
    use crate::domain::pregunta::PreguntaSecreta;
    let Vinculo { valor, al_escribir, al_salir, error, .. } = vinculo;
    Aparte::new(view! {
        <div class="campo" class:con-error=move || error.with(Option::is_some)>
            <Etiqueta id="pregunta" texto="Pregunta Secreta" obligatorio=true />
            <select id="pregunta" name="pregunta" required aria-describedby=describe("pregunta", false)
                aria-invalid=move || error.with(Option::is_some).to_string()
                disabled=deshabilitado
                on:change=move |ev| {
                    al_escribir.run(event_target_value(&ev));
                    al_salir.run(());
                }>
                <option value="">"Seleccione..."</option>
                {PreguntaSecreta::TODAS.iter().map(|p| {
                    let codigo = p.codigo();
                    view! { <option value=codigo prop:selected=move || valor.with(|v| v == codigo)>{p.texto()}</option> }
                }).collect_view()}
            </select>
            <Mensajes id="pregunta" error />
        </div>
    })
}

/// A required choice from a fixed list (`Tipo de Documento`, `Sexo`, `Pais de Origen`): each
/// option's code is its value.
#[component]
pub fn CampoLista(
    #[prop(into)] vinculo: Vinculo,
    etiqueta: &'static str,
    /// `(código, texto)` in the order shown.
    opciones: Vec<(&'static str, &'static str)>,
    #[prop(optional, into)] deshabilitado: Signal<bool>,
) -> impl IntoView {
    let Vinculo { id, valor, al_escribir, al_salir, error } = vinculo;
    Aparte::new(view! {
        <div class="campo" class:con-error=move || error.with(Option::is_some)>
            <Etiqueta id texto=etiqueta obligatorio=true />
            <select id=id name=id required aria-describedby=describe(id, false)
                aria-invalid=move || error.with(Option::is_some).to_string()
                disabled=deshabilitado
                on:change=move |ev| {
                    al_escribir.run(event_target_value(&ev));
                    al_salir.run(());
                }>
                <option value="">"Seleccione..."</option>
                {opciones.into_iter().map(|(codigo, texto)| view! {
                    <option value=codigo prop:selected=move || valor.with(|v| v == codigo)>{texto}</option>
                }).collect_view()}
            </select>
            <Mensajes id error />
        </div>
    })
}
