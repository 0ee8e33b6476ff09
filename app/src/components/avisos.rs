//! Messages around the forms: the general error at the top of a form, and the guide's
//! highlighted boxes (`INFORMACIÓN:`, `IMPORTANTE:`).

use crate::api::ApiError;
use crate::domain::cuenta::TipoCuenta;
use crate::textos;
use leptos::prelude::*;
use leptos_router::components::A;

/// The error of a call that is not about one field, with the way out it suggests: a dead flow
/// can be started over, a refused CS recovered, an ended session opened again.
#[component]
pub fn AlertaGeneral(
    #[prop(into)] error: Signal<Option<ApiError>>,
    /// Restarts the page's flow; without it a flow error only shows its message.
    #[prop(optional, into)]
    al_reiniciar: Option<Callback<()>>,
    /// Whose recovery a refused CS is pointed to; without it (Ingresar, where either kind may
    /// be logging in), both.
    #[prop(optional)]
    cuenta: Option<TipoCuenta>,
) -> impl IntoView {
    move || {
        error.get().filter(ApiError::es_general).map(|e| {
            let reiniciar = al_reiniciar.filter(|_| matches!(e, ApiError::Flujo(_)));
            let recuperar = matches!(e, ApiError::CredencialesInvalidas | ApiError::Bloqueada(_));
            let ingresar = e == ApiError::SinSesion;
            view! {
                <div class="alerta" role="alert">
                    <p>{e.to_string()}</p>
                    {reiniciar.map(|al_reiniciar| view! {
                        <button type="button" class="boton" on:click=move |_| al_reiniciar.run(())>
                            "Comenzar nuevamente"
                        </button>
                    })}
                    {recuperar.then(|| view! {
                        <p>
                            <A href=textos::ruta(cuenta.unwrap_or(TipoCuenta::Natural), "recuperar")>"Recuperar CS aquí"</A>
                        </p>
                        {cuenta.is_none().then(|| view! {
                            <p>
                                <A href=textos::ruta(TipoCuenta::Juridica, "recuperar")>
                                    "Recuperar CS de Persona Jurídica aquí"
                                </A>
                            </p>
                        })}
                    })}
                    {ingresar.then(|| view! { <p><A href="/ingresar">"Ingresar"</A></p> })}
                </div>
            }
        })
    }
}

/// Until the page's code has loaded and its flow is open, the form's buttons cannot work: says
/// so, rather than show a form that does nothing (a slow phone may take seconds).
#[component]
pub fn AvisoPreparando(#[prop(into)] listo: Signal<bool>) -> impl IntoView {
    view! {
        <Show when=move || !listo.get()>
            <p class="preparando" role="status">"Preparando el formulario, espere un momento…"</p>
        </Show>
    }
}

/// A highlighted paragraph of the guide: `INFORMACIÓN:` (registration) or `IMPORTANTE:` (the
/// warning box of recovery and change).
#[component]
pub fn Recuadro<C: IntoView + 'static>(
    #[prop(optional)] importante: bool,
    children: TypedChildren<C>,
) -> impl IntoView {
    let children = children.into_inner();
    let (clase, titulo) = if importante { ("importante", "IMPORTANTE: ") } else { ("informacion", "INFORMACIÓN: ") };
    view! {
        <p class=clase>
            <strong>{titulo}</strong>
            {children()}
        </p>
    }
}

/// The `IMPORTANTE:` box of recovery and change (guides §3 and §4), which differ in the
/// procedure they name and, by kind, in whether they point to Actualizar Datos.
#[component]
pub fn AvisoDatosContacto(
    cuenta: TipoCuenta,
    /// "recuperar la CS" or "cambiar su CS".
    antes_de: &'static str,
    /// "recuperar la CS", "cambio de CS"…
    consulta_sobre: &'static str,
) -> impl IntoView {
    let textos = textos::de(cuenta);
    view! {
        <Recuadro importante=true>
            {format!(
                "Asegúrese de tener sus datos de contacto actualizados antes de {antes_de}, pues podría enviarse la clave a un e-mail que ya no tenga o no utilice. "
            )}
            {textos.importante_enlaza_actualizar.then(|| view! {
                {format!(
                    "Para actualizar sus datos de contacto vaya a Actualizar Datos y seleccione la opción Actualizar Datos {} o bien presione ",
                    textos.nombre
                )}
                <A href=textos::ruta(cuenta, "actualizar")>"aquí"<span class="solo-lector">" para actualizar sus datos"</span></A>
                ". "
            })}
            {format!("Para cualquier consulta sobre {consulta_sobre}, llame al 800 80 10 30.")}
        </Recuadro>
    }
}
