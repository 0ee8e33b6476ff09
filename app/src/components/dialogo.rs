//! The modal dialog the guides show at the end of a flow (`Éxito`).

use leptos::{html, prelude::*};

#[component]
pub fn Dialogo<C: IntoView + 'static>(
    titulo: &'static str,
    #[prop(into)] al_aceptar: Callback<()>,
    children: TypedChildren<C>,
) -> impl IntoView {
    let children = children.into_inner();
    let boton = NodeRef::<html::Button>::new();
    // Move focus into the dialog so keyboard and screen-reader users land on it.
    Effect::new(move |_| {
        if let Some(b) = boton.get() {
            let _ = b.focus();
        }
    });
    view! {
        <div class="velo">
            <div class="dialogo" role="dialog" aria-modal="true" aria-labelledby="dialogo-titulo">
                <h2 id="dialogo-titulo">{titulo}</h2>
                <div class="dialogo-cuerpo">{children()}</div>
                <button type="button" class="boton primario" node_ref=boton on:click=move |_| al_aceptar.run(())>
                    "Aceptar"
                </button>
            </div>
        </div>
    }
}
