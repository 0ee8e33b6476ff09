//! `Información de Registro de Representante Legal` (guide J §2): Rut, Nombre, Celular, Email.
//! Registration asks one; Actualizar datos adds more with the same fields.

use crate::components::campo::CampoTexto;
use crate::components::formulario::EstadoFormulario;
use crate::formularios::{Campo, Formulario};
use leptos::prelude::*;

#[component]
pub fn CamposRepresentante<F: Formulario>(
    estado: EstadoFormulario<F>,
    #[prop(optional, into)] solo_lectura: Signal<bool>,
) -> impl IntoView {
    view! {
        <CampoTexto vinculo=estado.vinculo(Campo::RutRepresentante) etiqueta="Rut" obligatorio=true
            autocomplete="off" placeholder="12.345.678-5" maxlength=12 solo_lectura />
        <CampoTexto vinculo=estado.vinculo(Campo::NombreRepresentante) etiqueta="Nombre" autocomplete="off"
            ayuda="Se registra el nombre que informa el Registro Civil." solo_lectura />
        <CampoTexto vinculo=estado.vinculo(Campo::CelularRepresentante) etiqueta="Celular" obligatorio=true tipo="tel"
            inputmode="numeric" placeholder="(8 Carácteres)" ayuda="+56 9 y luego los 8 dígitos de su celular."
            solo_lectura />
        <CampoTexto vinculo=estado.vinculo(Campo::EmailRepresentante) etiqueta="Email" obligatorio=true tipo="email"
            autocomplete="off" solo_lectura />
    }
}
