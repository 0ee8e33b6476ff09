//! The first step of the procedures that start with the CS (Cambiar CS, Actualizar datos): the
//! account's RUT, for a company the RUN of one of its legal representatives, and the CS, with
//! the labels of the kind (guide J §4: `Rut Empresa`, `Rut Representante Legal`).

use crate::api::ApiError;
use crate::components::{campo::CampoTexto, formulario::EstadoCampo};
use crate::domain::cuenta::TipoCuenta;
use crate::formularios::{
    credenciales::{falta_clave, Credenciales, EntradaCredenciales},
    Campo, ErroresCampos,
};
use crate::textos;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct EstadoCredenciales {
    cuenta: TipoCuenta,
    pub rut: EstadoCampo,
    pub representante: EstadoCampo,
    pub clave: EstadoCampo,
}

impl EstadoCredenciales {
    /// `campo_clave`: the CS field of the page (`CS Actual`, `Clave Sence`).
    pub fn new(cuenta: TipoCuenta, campo_clave: Campo, servidor: RwSignal<Option<ApiError>>) -> Self {
        EstadoCredenciales {
            cuenta,
            rut: EstadoCampo::rut(Campo::Rut, servidor),
            representante: EstadoCampo::rut(Campo::RutRepresentanteLegal, servidor),
            clave: EstadoCampo::obligatorio(campo_clave, servidor, falta_clave(campo_clave)),
        }
    }

    /// The fields the kind shows, in page order.
    pub fn campos(self) -> Vec<EstadoCampo> {
        let mut campos = vec![self.rut];
        if self.cuenta.actua_por_representante() {
            campos.push(self.representante);
        }
        campos.push(self.clave);
        campos
    }

    pub fn entrada(self) -> EntradaCredenciales {
        EntradaCredenciales {
            rut: self.rut.valor.get_untracked(),
            rut_representante: self.representante.valor.get_untracked(),
            clave: self.clave.valor.get_untracked().into(),
        }
    }

    /// The step's parse, as the server runs it.
    pub fn validar(self, entrada: &EntradaCredenciales) -> Result<Credenciales, ErroresCampos> {
        entrada.validar(self.cuenta.actua_por_representante(), self.clave.campo)
    }
}

/// The fields; `children` (the step's `Validar`) goes beside the CS, as in the guides.
#[component]
pub fn CamposCredenciales(
    estado: EstadoCredenciales,
    etiqueta_clave: &'static str,
    /// Once the step is passed the fields stay, disabled.
    #[prop(into)]
    cerrados: Signal<bool>,
    #[prop(into)] solo_lectura: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let EstadoCredenciales { cuenta, rut, representante, clave } = estado;
    view! {
        <CampoTexto vinculo=rut etiqueta=textos::de(cuenta).rut obligatorio=true autocomplete="username"
            placeholder="12.345.678-5" maxlength=12 deshabilitado=cerrados solo_lectura />
        {cuenta.actua_por_representante().then(|| view! {
            <CampoTexto vinculo=representante etiqueta="Rut Representante Legal" obligatorio=true autocomplete="off" placeholder="12.345.678-5" maxlength=12
                deshabilitado=cerrados solo_lectura />
        })}
        <div class="paso">
            <CampoTexto vinculo=clave etiqueta=etiqueta_clave obligatorio=true tipo="password"
                autocomplete="current-password" deshabilitado=cerrados solo_lectura />
            {children()}
        </div>
    }
}
