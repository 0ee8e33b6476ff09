//! Messages around the forms: the general error at the top of a form, and the guide's
//! highlighted boxes (`INFORMACIÓN:`, `IMPORTANTE:`).

use crate::api::ApiError;
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
                    {recuperar.then(|| view! { <p><A href="/natural/recuperar">"Recuperar CS aquí"</A></p> })}
                    {ingresar.then(|| view! { <p><A href="/ingresar">"Ingresar"</A></p> })}
                </div>
            }
        })
    }
}

/// A highlighted paragraph of the guide: `INFORMACIÓN:` (registration) or `IMPORTANTE:` (the
/// warning box of recovery and change).
#[component]
pub fn Recuadro(#[prop(optional)] importante: bool, children: Children) -> impl IntoView {
    let (clase, titulo) = if importante { ("importante", "IMPORTANTE: ") } else { ("informacion", "INFORMACIÓN: ") };
    view! {
        <p class=clase>
            <strong>{titulo}</strong>
            {children()}
        </p>
    }
}

/// The `IMPORTANTE:` box of recovery and change (guide §3 and §4), which differ only in the
/// procedure they name.
#[component]
pub fn AvisoDatosContacto(
    /// "recuperar la CS" or "cambiar su CS".
    antes_de: &'static str,
    /// "recuperar la CS" or "cambio de CS".
    consulta_sobre: &'static str,
) -> impl IntoView {
    view! {
        <Recuadro importante=true>
            {format!(
                "Asegúrese de tener sus datos de contacto actualizados antes de {antes_de}, pues podría enviarse la clave a un e-mail que ya no tenga o no utilice. Para actualizar sus datos de contacto vaya a Actualizar Datos y seleccione la opción Actualizar Datos Persona Natural o bien presione "
            )}
            <A href="/natural/actualizar">"aquí"</A>
            {format!(". Para cualquier consulta sobre {consulta_sobre}, llame al 800 80 10 30.")}
        </Recuadro>
    }
}
