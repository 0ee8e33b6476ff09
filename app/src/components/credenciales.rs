//! The first step of the procedures that start with the CS (Cambiar CS, Actualizar datos): the
//! account's RUT, for a company the RUN of one of its legal representatives, and the CS, with
//! the labels of the kind (guide J §4: `Rut Empresa`, `Rut Representante Legal`).

use crate::api::ApiError;
use crate::components::hidratacion::IntoAnySincrona;
use crate::components::{
    campo::{CampoLista, CampoTexto},
    formulario::EstadoCampo,
};
use crate::domain::{
    cuenta::TipoCuenta,
    facilitador::{NumeroDocumento, TipoDocumento},
};
use crate::formularios::{
    credenciales::{falta_clave, Credenciales, EntradaCredenciales, EntradaCuenta},
    Campo, ErroresCampos,
};
use crate::textos;
use leptos::prelude::*;

/// What identifies an account on a page: the RUT, or a facilitator's document.
#[derive(Clone, Copy)]
pub struct EstadoCuenta {
    cuenta: TipoCuenta,
    pub rut: EstadoCampo,
    pub tipo_documento: EstadoCampo,
    pub numero_documento: EstadoCampo,
}

impl EstadoCuenta {
    pub fn new(cuenta: TipoCuenta, servidor: RwSignal<Option<ApiError>>) -> Self {
        EstadoCuenta {
            cuenta,
            rut: EstadoCampo::rut(Campo::Rut, servidor),
            tipo_documento: EstadoCampo::new(Campo::TipoDocumento, servidor, |t| {
                TipoDocumento::parse(t).err().map(|e| e.to_string())
            }),
            numero_documento: EstadoCampo::new(Campo::NumeroDocumento, servidor, |t| {
                NumeroDocumento::parse(t).err().map(|e| e.to_string())
            }),
        }
    }

    /// The fields of the kind, in page order.
    pub fn campos(self) -> Vec<EstadoCampo> {
        if self.cuenta == TipoCuenta::Facilitador {
            vec![self.tipo_documento, self.numero_documento]
        } else {
            vec![self.rut]
        }
    }

    /// The first of them, to put the focus on.
    pub fn primero(self) -> EstadoCampo {
        self.campos()[0]
    }

    pub fn entrada(self) -> EntradaCuenta {
        EntradaCuenta {
            rut: self.rut.valor.get_untracked(),
            tipo_documento: self.tipo_documento.valor.get_untracked(),
            numero_documento: self.numero_documento.valor.get_untracked(),
        }
    }
}

/// The RUT field (labelled as the kind says), or a facilitator's document type and number.
#[component]
pub fn CamposCuenta(
    estado: EstadoCuenta,
    etiqueta_rut: &'static str,
    #[prop(into)] deshabilitado: Signal<bool>,
    #[prop(into)] solo_lectura: Signal<bool>,
) -> impl IntoView {
    let EstadoCuenta { cuenta, rut, tipo_documento, numero_documento } = estado;
    if cuenta == TipoCuenta::Facilitador {
        view! {
            <CampoLista vinculo=tipo_documento etiqueta="Tipo de Documento" deshabilitado
                opciones=TipoDocumento::TODOS.iter().map(|t| (t.codigo(), t.texto())).collect() />
            <CampoTexto vinculo=numero_documento etiqueta="Número de documento de Identificación" obligatorio=true
                autocomplete="username" maxlength=30 deshabilitado solo_lectura />
        }
        .into_any_sincrona()
    } else {
        view! {
            <CampoTexto vinculo=rut etiqueta=etiqueta_rut obligatorio=true autocomplete="username"
                placeholder="12.345.678-5" maxlength=12 deshabilitado solo_lectura />
        }
        .into_any_sincrona()
    }
}

#[derive(Clone, Copy)]
pub struct EstadoCredenciales {
    cuenta: TipoCuenta,
    pub identidad: EstadoCuenta,
    pub rut: EstadoCampo,
    pub representante: EstadoCampo,
    pub clave: EstadoCampo,
}

impl EstadoCredenciales {
    /// `campo_clave`: the CS field of the page (`CS Actual`, `Clave Sence`).
    pub fn new(cuenta: TipoCuenta, campo_clave: Campo, servidor: RwSignal<Option<ApiError>>) -> Self {
        let identidad = EstadoCuenta::new(cuenta, servidor);
        EstadoCredenciales {
            cuenta,
            identidad,
            rut: identidad.rut,
            representante: EstadoCampo::rut(Campo::RutRepresentanteLegal, servidor),
            clave: EstadoCampo::obligatorio(campo_clave, servidor, falta_clave(campo_clave)),
        }
    }

    /// The fields the kind shows, in page order.
    pub fn campos(self) -> Vec<EstadoCampo> {
        let mut campos = self.identidad.campos();
        if self.cuenta.actua_por_representante() {
            campos.push(self.representante);
        }
        campos.push(self.clave);
        campos
    }

    pub fn entrada(self) -> EntradaCredenciales {
        let EntradaCuenta { rut, tipo_documento, numero_documento } = self.identidad.entrada();
        EntradaCredenciales {
            rut,
            tipo_documento,
            numero_documento,
            rut_representante: self.representante.valor.get_untracked(),
            clave: self.clave.valor.get_untracked().into(),
        }
    }

    /// The step's parse, as the server runs it.
    pub fn validar(self, entrada: &EntradaCredenciales) -> Result<Credenciales, ErroresCampos> {
        entrada.validar(self.cuenta, self.clave.campo)
    }
}

/// The fields; `children` (the step's `Validar`) goes beside the CS, as in the guides.
#[component]
pub fn CamposCredenciales<C: IntoView + 'static>(
    estado: EstadoCredenciales,
    etiqueta_clave: &'static str,
    /// Once the step is passed the fields stay, disabled.
    #[prop(into)]
    cerrados: Signal<bool>,
    #[prop(into)] solo_lectura: Signal<bool>,
    children: TypedChildren<C>,
) -> impl IntoView {
    let children = children.into_inner();
    let EstadoCredenciales { cuenta, identidad, representante, clave, .. } = estado;
    view! {
        <CamposCuenta estado=identidad etiqueta_rut=textos::de(cuenta).rut deshabilitado=cerrados solo_lectura />
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
