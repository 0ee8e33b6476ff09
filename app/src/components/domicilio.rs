//! An address: a person's `Domicilio` (guide N §2) or a company's `Dirección de Empresa` (guide
//! J §2), with the comunas of the chosen región.

use crate::components::campo::{describe, CampoTexto, Etiqueta, Mensajes};
use crate::components::formulario::EstadoFormulario;
use crate::components::hidratacion::IntoAnySincrona;
use crate::domain::{cuenta::TipoCuenta, territorio};
use crate::formularios::{Campo, Formulario};
use crate::textos;
use leptos::prelude::*;

#[component]
pub fn CamposDomicilio<F: Formulario>(
    estado: EstadoFormulario<F>,
    cuenta: TipoCuenta,
    #[prop(optional, into)] solo_lectura: Signal<bool>,
) -> impl IntoView {
    let textos = textos::de(cuenta);
    let region = estado.vinculo(Campo::Region);
    let comuna = estado.vinculo(Campo::Comuna);
    let region_elegida = move || region.valor.with(|r| territorio::region(r));
    let lugar = view! {
        <div class="campo" class:con-error=move || region.error.with(Option::is_some)>
            <Etiqueta id=region.id texto="Región" obligatorio=true />
            <select id=region.id name=region.id required aria-describedby=describe(region.id, false)
                aria-invalid=move || region.error.with(Option::is_some).to_string()
                on:change=move |ev| {
                    estado.escribir(Campo::Region, event_target_value(&ev));
                    estado.escribir(Campo::Comuna, String::new());
                    estado.salir(Campo::Region);
                }>
                <option value="">"Seleccione..."</option>
                {territorio::REGIONES.iter().map(|r| {
                    let codigo = r.codigo;
                    view! { <option value=codigo prop:selected=move || region.valor.with(|v| v == codigo)>{r.nombre}</option> }
                }).collect_view()}
            </select>
            <Mensajes id=region.id error=region.error />
        </div>
        <div class="campo" class:con-error=move || comuna.error.with(Option::is_some)>
            <Etiqueta id=comuna.id texto="Comuna" obligatorio=true />
            <select id=comuna.id name=comuna.id required aria-describedby=describe(comuna.id, false)
                aria-invalid=move || comuna.error.with(Option::is_some).to_string()
                disabled=move || region_elegida().is_none()
                on:change=move |ev| {
                    comuna.al_escribir.run(event_target_value(&ev));
                    comuna.al_salir.run(());
                }>
                <option value="">"Seleccione..."</option>
                {move || region_elegida().map(|r| r.comunas.iter().map(|c| {
                    let codigo = c.codigo;
                    view! { <option value=codigo prop:selected=move || comuna.valor.with(|v| v == codigo)>{c.nombre}</option> }
                }).collect_view())}
            </select>
            <Mensajes id=comuna.id error=comuna.error />
        </div>
    };
    let calle = view! {
        <CampoTexto vinculo=estado.vinculo(Campo::Direccion) etiqueta=textos.direccion obligatorio=true
            autocomplete="address-line1" placeholder="Pasaje o Calle" solo_lectura />
        <CampoTexto vinculo=estado.vinculo(Campo::Numero) etiqueta=textos.numero obligatorio=true solo_lectura />
        <CampoTexto vinculo=estado.vinculo(Campo::Block) etiqueta="Block" solo_lectura />
        <CampoTexto vinculo=estado.vinculo(Campo::Departamento) etiqueta="N° de Departamento" solo_lectura />
    };
    // The guides list a person's street first and a company's comuna first.
    view! {
        <fieldset class="seccion">
            <legend>{textos.seccion_domicilio}</legend>
            {match cuenta {
                TipoCuenta::Juridica => view! { {lugar} {calle} }.into_any_sincrona(),
                TipoCuenta::Natural | TipoCuenta::Facilitador => view! { {calle} {lugar} }.into_any_sincrona(),
            }}
        </fieldset>
    }
}
