//! The state behind the inputs of the step-by-step pages: what was typed, whether the person
//! has left the field (only then is its rule shown, so nobody is scolded while typing), and
//! the server's last answer for it. Rules are the domain's `parse` functions, the same ones
//! the server runs.

use crate::api::ApiError;
use crate::domain::{
    clave::{ClaveCs, ClaveError},
    rut::Rut,
};
use crate::formularios::{mensajes::MISMA_CLAVE, Campo, ErroresCampos, Formulario};
use leptos::prelude::*;
use leptos_router::components::A;

/// Moves the keyboard focus to the element with this id, which the same change may have just
/// revealed or re-enabled. The views that change wait, as tasks, in the browser's executor
/// (frontend/src/planificador.rs), which may leave some for a later task of the browser's than
/// the next frame: so this waits in the same queue, behind them, and then for the next frame.
pub fn enfocar(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    let id = id.to_owned();
    leptos::task::spawn_local(async move {
        request_animation_frame(move || {
            if let Some(el) =
                document().get_element_by_id(&id).and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    });
}

/// After a server answer: focuses the first of `campos` (in page order) the error is about.
pub fn enfocar_error(error: &ApiError, campos: impl IntoIterator<Item = Campo>) {
    if let Some(campo) = campos.into_iter().find(|campo| error.en_campo(*campo).is_some()) {
        enfocar(campo.id());
    }
}

/// After checking a RUT and a CS failed: a refused CS is of no use retyped, so it is cleared
/// and gets the focus; otherwise the first field in error does.
pub fn enfocar_tras_clave(error: &ApiError, rut: EstadoCampo, clave: EstadoCampo) {
    if *error == ApiError::CredencialesInvalidas {
        clave.limpiar();
        enfocar(clave.id());
    } else {
        enfocar_error(error, [rut.campo, Campo::RutRepresentanteLegal, clave.campo]);
    }
}

/// One input: which field it is (its element id and the server's error key), its text and its
/// rule.
#[derive(Clone, Copy)]
pub struct EstadoCampo {
    pub campo: Campo,
    pub valor: RwSignal<String>,
    tocado: RwSignal<bool>,
    regla: Signal<Option<String>>,
    servidor: RwSignal<Option<ApiError>>,
    /// Rewrites an acceptable text the way it is shown (a RUT with dots and dash).
    formato: Option<fn(&str) -> Option<String>>,
}

impl EstadoCampo {
    /// `regla` returns the message for a text that breaks the field's rule; it may read other
    /// fields (a repetition, the RUT a CS must not contain).
    pub fn new(
        campo: Campo,
        servidor: RwSignal<Option<ApiError>>,
        regla: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        let valor = RwSignal::new(String::new());
        EstadoCampo {
            campo,
            valor,
            tocado: RwSignal::new(false),
            regla: Signal::derive(move || valor.with(|v| regla(v))),
            servidor,
            formato: None,
        }
    }

    /// A RUT field: shown the way documents write it once it is valid.
    pub fn rut(campo: Campo, servidor: RwSignal<Option<ApiError>>) -> Self {
        EstadoCampo {
            formato: Some(|texto| Rut::parse(texto).ok().map(|rut| rut.to_string())),
            ..Self::new(campo, servidor, |texto| Rut::parse(texto).err().map(|e| e.to_string()))
        }
    }

    /// A field that only has to be filled in (a current CS: older ones may predate the rules).
    pub fn obligatorio(campo: Campo, servidor: RwSignal<Option<ApiError>>, mensaje: &'static str) -> Self {
        Self::new(campo, servidor, move |texto| texto.is_empty().then(|| mensaje.to_owned()))
    }

    /// The element id.
    pub fn id(self) -> &'static str {
        self.campo.id()
    }

    /// The server's message for this field, else the rule's once the field was left.
    pub fn error(self) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.servidor
                .with(|e| e.as_ref().and_then(|e| e.en_campo(self.campo)))
                .or_else(|| self.tocado.get().then(|| self.regla.get()).flatten())
        })
    }

    /// New text replaces the server's verdict on this field: it was about the old text.
    pub fn poner(self, texto: String) {
        self.valor.set(texto);
        self.olvidar_servidor();
    }

    /// Drops the server's message for this field (its text, or what it depends on, changed).
    pub fn olvidar_servidor(self) {
        if self.servidor.with_untracked(|e| e.as_ref().is_some_and(|e| e.en_campo(self.campo).is_some())) {
            self.servidor.update(|e| match e {
                Some(ApiError::Campos(campos)) => {
                    campos.0.remove(&self.campo);
                }
                _ => *e = None,
            });
        }
    }

    pub fn escribir(self) -> Callback<String> {
        Callback::new(move |texto| self.poner(texto))
    }

    /// Leaving a field still empty is not a mistake yet (the step's button says so): a message
    /// appearing then would push the page down under the pointer on its way elsewhere.
    pub fn salir(self) -> Callback<()> {
        Callback::new(move |()| {
            if !self.valor.with_untracked(String::is_empty) {
                self.revisar();
            }
        })
    }

    /// Shows the rule's verdict (and the formatted text); true when the text is acceptable.
    pub fn revisar(self) -> bool {
        self.tocado.set(true);
        if let Some(formateado) = self.formato.and_then(|f| self.valor.with_untracked(|v| f(v))) {
            self.valor.set(formateado);
        }
        self.regla.get_untracked().is_none()
    }

    /// Back to empty and untouched (starting over).
    pub fn limpiar(self) {
        self.valor.set(String::new());
        self.tocado.set(false);
    }
}

/// What an input needs of its state: its id, its text, what typing and leaving do, and its
/// message. Made from an [`EstadoCampo`] or from one field of an [`EstadoFormulario`].
#[derive(Clone, Copy)]
pub struct Vinculo {
    pub id: &'static str,
    pub valor: Signal<String>,
    pub al_escribir: Callback<String>,
    pub al_salir: Callback<()>,
    pub error: Signal<Option<String>>,
}

impl From<EstadoCampo> for Vinculo {
    fn from(e: EstadoCampo) -> Self {
        Vinculo { id: e.id(), valor: e.valor.into(), al_escribir: e.escribir(), al_salir: e.salir(), error: e.error() }
    }
}

/// The state of a form whose fields are parsed together ([`Formulario`]): the form, which
/// fields the person has left (only then is their message shown), and the server's last answer.
pub struct EstadoFormulario<F: Formulario> {
    pub form: RwSignal<F>,
    tocados: RwSignal<Vec<Campo>>,
    servidor: RwSignal<Option<ApiError>>,
}

impl<F: Formulario> Clone for EstadoFormulario<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Formulario> Copy for EstadoFormulario<F> {}

impl<F: Formulario> EstadoFormulario<F> {
    pub fn new(inicial: F, servidor: RwSignal<Option<ApiError>>) -> Self {
        EstadoFormulario { form: RwSignal::new(inicial), tocados: RwSignal::new(Vec::new()), servidor }
    }

    /// The input of `campo`.
    pub fn vinculo(self, campo: Campo) -> Vinculo {
        Vinculo {
            id: campo.id(),
            valor: Signal::derive(move || self.form.with(|f| f.texto(campo).to_owned())),
            al_escribir: Callback::new(move |texto| self.escribir(campo, texto)),
            al_salir: Callback::new(move |()| self.salir(campo)),
            error: self.error(campo),
        }
    }

    /// New text replaces the server's verdict on this field: it was about the old text.
    pub fn escribir(self, campo: Campo, texto: String) {
        self.form.update(|f| f.escribir(campo, texto));
        self.olvidar_servidor(campo);
    }

    /// Drops the server's message for `campo` (its text, or what it depends on, changed).
    pub fn olvidar_servidor(self, campo: Campo) {
        self.servidor.update(|e| match e {
            Some(ApiError::Campos(campos)) => {
                campos.0.remove(&campo);
            }
            Some(otro) if otro.en_campo(campo).is_some() => *e = None,
            _ => {}
        });
    }

    /// Leaving a field still empty is not a mistake yet (the submit says so): a message
    /// appearing then would push the page down under the pointer on its way elsewhere.
    pub fn salir(self, campo: Campo) {
        if self.form.with_untracked(|f| f.texto(campo).is_empty()) {
            return;
        }
        self.tocar(&[campo]);
        // A RUT is shown the way documents write it once it is valid.
        if matches!(campo, Campo::Rut | Campo::RutRepresentanteLegal | Campo::RutRepresentante) {
            if let Ok(rut) = Rut::parse(self.form.with_untracked(|f| f.texto(campo).to_owned()).as_str()) {
                self.form.update(|f| f.escribir(campo, rut.to_string()));
            }
        }
    }

    fn tocar(self, campos: &[Campo]) {
        self.tocados.update(|t| t.extend(campos.iter().filter(|c| !t.contains(c)).copied().collect::<Vec<_>>()));
    }

    /// The server's message for this field, else the form's once the field was left.
    pub fn error(self, campo: Campo) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.servidor.with(|e| e.as_ref().and_then(|e| e.en_campo(campo))).or_else(|| {
                let tocado = self.tocados.with(|t| t.contains(&campo));
                tocado.then(|| self.form.with(|f| f.errores().de(campo).map(str::to_owned))).flatten()
            })
        })
    }

    /// Before a call: every field in `campos` (page order) shows its message, and the first one
    /// in error gets the focus. True when the form parses.
    pub fn revisar(self, campos: &[Campo]) -> bool {
        self.tocar(campos);
        let errores = self.form.with_untracked(F::errores);
        match campos.iter().find(|c| errores.de(**c).is_some()) {
            Some(campo) => {
                enfocar(campo.id());
                false
            }
            None => errores.is_empty(),
        }
    }

    /// Back to `inicial`, untouched (starting over).
    pub fn reiniciar(self, inicial: F) {
        self.form.set(inicial);
        self.tocados.set(Vec::new());
    }
}

/// Before a call: runs the step's own parse (the one the server runs on arrival) over what the
/// page holds. On success the step can be sent; otherwise every message shows at its field and
/// the first field in error (in page order, `campos`) gets the focus.
pub fn validar_paso<T>(
    servidor: RwSignal<Option<ApiError>>,
    campos: &[EstadoCampo],
    resultado: Result<T, ErroresCampos>,
) -> Option<T> {
    // Every field shows its verdict. A field's own rule may know more than the step's parse
    // (that the new CS differs from the current one typed above it).
    let mut primero_mal = None;
    for campo in campos {
        if !campo.revisar() && primero_mal.is_none() {
            primero_mal = Some(*campo);
        }
    }
    match (resultado, primero_mal) {
        (Ok(valor), None) => {
            servidor.set(None);
            Some(valor)
        }
        (Ok(_), Some(campo)) => {
            servidor.set(None);
            enfocar(campo.id());
            None
        }
        (Err(errores), _) => {
            if let Some(campo) = campos.iter().find(|c| errores.de(c.campo).is_some()) {
                enfocar(campo.id());
            }
            servidor.set(Some(ApiError::Campos(errores)));
            None
        }
    }
}

/// `CS Nueva` and `Repetir CS Nueva`: the registration's CS rules with the account's RUT, and,
/// when the current CS was typed on the page, that the new one differs from it.
pub fn claves_nuevas(
    servidor: RwSignal<Option<ApiError>>,
    rut: Signal<Option<Rut>>,
    actual: Option<RwSignal<String>>,
) -> (EstadoCampo, EstadoCampo) {
    let nueva =
        EstadoCampo::new(Campo::ClaveNueva, servidor, move |texto| match ClaveCs::parse(texto, rut.get().as_ref()) {
            Err(e) => Some(e.to_string()),
            Ok(_) if actual.is_some_and(|a| a.with(|a| a == texto)) => Some(MISMA_CLAVE.to_owned()),
            Ok(_) => None,
        });
    let repetir = EstadoCampo::new(Campo::RepetirClaveNueva, servidor, move |texto| {
        // A mismatch is only worth saying once the new CS itself is acceptable.
        let resultado = nueva.valor.with(|n| ClaveCs::parse_con_repeticion(n, texto, rut.get().as_ref()));
        matches!(resultado, Err(ClaveError::NoCoinciden)).then(|| ClaveError::NoCoinciden.to_string())
    });
    (nueva, repetir)
}

/// A step's `Validar`. While its step is the current one it is the form's submit button, so
/// Enter in any field runs it; once the step is passed it stays, inert, as in the guide.
#[component]
pub fn BotonValidar(
    #[prop(into)] actual: Signal<bool>,
    #[prop(into)] pendiente: Signal<bool>,
    /// False while the flow is being opened.
    #[prop(into)]
    listo: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            type=move || if actual.get() { "submit" } else { "button" }
            class="boton"
            disabled=move || !actual.get() || pendiente.get() || !listo.get()
        >
            {move || if pendiente.get() { "Validando…" } else { "Validar" }}
        </button>
    }
}

/// The foot of a form: the required-fields note, the final button (shown once its step is
/// reached, disabled and relabelled while its call runs, so it cannot be sent twice) and
/// `Volver`.
#[component]
pub fn Acciones(
    texto: &'static str,
    #[prop(default = "Enviando…")] texto_pendiente: &'static str,
    #[prop(into)] pendiente: Signal<bool>,
    /// False while the flow is being opened.
    #[prop(optional, into)]
    listo: Option<Signal<bool>>,
    /// False until the final step is reached.
    #[prop(optional, into)]
    visible: Option<Signal<bool>>,
    #[prop(default = true)] volver: bool,
) -> impl IntoView {
    let listo = move || listo.is_none_or(|l| l.get());
    let visible = move || visible.is_none_or(|v| v.get());
    view! {
        <p class="obligatorios">"(*) Campos obligatorios."</p>
        <div class="acciones">
            <Show when=visible>
                <button type="submit" class="boton primario" disabled=move || pendiente.get() || !listo()>
                    {move || if pendiente.get() { texto_pendiente } else { texto }}
                </button>
            </Show>
            {volver.then(|| view! { <A href="/" attr:class="boton">"Volver"</A> })}
        </div>
    }
}
