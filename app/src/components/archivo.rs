//! A file field of the facilitator request (`Subir Solicitud`, `Documento de Identificación`):
//! the guide's limits under it, a check of name and size in the browser, and the upload itself
//! as soon as a file is chosen. The file goes as the body of its own request (never inside a
//! server function's small form), and the server judges its content.

use crate::api::ApiError;
use crate::components::campo::{describe, Etiqueta};
use crate::formularios::{facilitador::revisar_archivo, Campo, ErroresCampos};
use leptos::prelude::*;

/// Where the files go; the flow, the role and the name travel in headers, not in the URL.
pub const RUTA_SUBIDA: &str = "/api/facilitador/archivo";

#[component]
pub fn CampoArchivo(
    campo: Campo,
    etiqueta: &'static str,
    /// `declaracion` or `documento`, as the server names the file's role.
    rol: &'static str,
    #[prop(into)] flujo: Signal<Option<String>>,
    /// The page's error: the upload's refusal is shown at this field from it.
    error: RwSignal<Option<ApiError>>,
    /// Set to the file's name once the server accepted it.
    subido: RwSignal<Option<String>>,
    #[prop(optional, into)] deshabilitado: Signal<bool>,
) -> impl IntoView {
    let id = campo.id();
    let subiendo = RwSignal::new(false);
    let mensaje = Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.en_campo(campo))));
    let rechazar = move |texto: String| error.set(Some(ApiError::Campos(ErroresCampos::de_uno(campo, texto))));
    let al_elegir = move |ev: leptos::ev::Event| {
        let Some(archivo) = elegido(&ev) else { return };
        let (nombre, tamano) = nombre_y_tamano(&archivo);
        subido.set(None);
        if let Err(texto) = revisar_archivo(&nombre, tamano) {
            rechazar(texto.to_owned());
            return;
        }
        let Some(id_flujo) = flujo.get_untracked() else { return };
        error.set(None);
        subiendo.set(true);
        leptos::task::spawn_local(async move {
            let respuesta = enviar(id_flujo, rol, archivo).await;
            subiendo.set(false);
            match respuesta {
                Ok(()) => subido.set(Some(nombre)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="campo campo-archivo" class:con-error=move || mensaje.with(Option::is_some)>
            <Etiqueta id texto=etiqueta obligatorio=true />
            <input type="file" id=id name=id accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
                required disabled=move || deshabilitado.get() || subiendo.get()
                aria-invalid=move || mensaje.with(Option::is_some).to_string()
                aria-describedby=describe(id, true)
                on:change=al_elegir />
            <p class="ayuda" id=format!("{id}-ayuda")>
                "Tamaño máximo permitido: 1 MB"<br />"Formato de archivo permitidos .jpg|.png|.pdf"
            </p>
            <p class="estado-archivo" role="status">
                {move || if subiendo.get() {
                    Some("Subiendo archivo…".to_owned())
                } else {
                    subido.get().map(|nombre| format!("Archivo recibido: {nombre}"))
                }}
            </p>
            <p class="error" id=format!("{id}-error") aria-live="polite">{mensaje}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
type Archivo = web_sys::File;
/// On the server no file is ever chosen: the page's code is what uploads.
#[cfg(not(feature = "hydrate"))]
type Archivo = ();

#[cfg(feature = "hydrate")]
fn elegido(ev: &leptos::ev::Event) -> Option<Archivo> {
    use leptos::wasm_bindgen::JsCast;
    let entrada = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    entrada.files()?.get(0)
}

#[cfg(not(feature = "hydrate"))]
fn elegido(_: &leptos::ev::Event) -> Option<Archivo> {
    None
}

#[cfg(feature = "hydrate")]
fn nombre_y_tamano(archivo: &Archivo) -> (String, u64) {
    (archivo.name(), archivo.size() as u64)
}

#[cfg(not(feature = "hydrate"))]
fn nombre_y_tamano(_: &Archivo) -> (String, u64) {
    (String::new(), 0)
}

/// POSTs the file; the server's refusal comes back as the same `ApiError` a server function
/// answers.
#[cfg(feature = "hydrate")]
async fn enviar(flujo: String, rol: &'static str, archivo: Archivo) -> Result<(), ApiError> {
    use leptos::server_fn::error::FromServerFnError;
    use leptos::wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let sin_conexion = |_| ApiError::SinConexion;
    let cabeceras = web_sys::Headers::new().map_err(sin_conexion)?;
    let nombre = String::from(js_sys::encode_uri_component(&archivo.name()));
    for (clave, valor) in [("x-flujo", flujo.as_str()), ("x-rol", rol), ("x-nombre-archivo", nombre.as_str())] {
        cabeceras.set(clave, valor).map_err(sin_conexion)?;
    }
    let pedido = web_sys::RequestInit::new();
    pedido.set_method("POST");
    pedido.set_headers(&cabeceras);
    pedido.set_body(&archivo);
    let respuesta: web_sys::Response = JsFuture::from(window().fetch_with_str_and_init(RUTA_SUBIDA, &pedido))
        .await
        .map_err(sin_conexion)?
        .dyn_into()
        .map_err(sin_conexion)?;
    if respuesta.ok() {
        return Ok(());
    }
    let cuerpo = JsFuture::from(respuesta.array_buffer().map_err(sin_conexion)?).await.map_err(sin_conexion)?;
    Err(ApiError::de(js_sys::Uint8Array::new(&cuerpo).to_vec().into()))
}

#[cfg(not(feature = "hydrate"))]
async fn enviar(_: String, _: &'static str, _: Archivo) -> Result<(), ApiError> {
    Err(ApiError::Interno)
}
