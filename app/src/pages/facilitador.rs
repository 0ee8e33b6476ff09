//! `RECUPERAR CS PARA FACILITADOR EXTRANJERO` (guide J §5): a company asks SENCE for a CS for a
//! foreign trainer. `Validar Datos` (the company, a current legal representative, the
//! company's CS and a captcha) → `Adjuntar Declaración Jurada` (the template to download, the
//! signed one to upload) → `Datos del Facilitador` with their ID document → `Realizar
//! solicitud`, which gives the request's number. A SENCE operator decides it later.

use crate::api::facilitador::{FacilitadorSolicitar, FacilitadorValidar};
use crate::api::ApiError;
use crate::components::{
    archivo::CampoArchivo,
    avisos::{AlertaGeneral, AvisoPreparando},
    campo::{CampoLista, CampoTexto, SelectorPregunta},
    captcha::CajaCaptcha,
    credenciales::{CamposCredenciales, EstadoCredenciales},
    dialogo::Dialogo,
    flujo::usar_flujo,
    formulario::{enfocar, enfocar_error, enfocar_tras_clave, validar_paso, Acciones, BotonValidar, EstadoFormulario},
};
use crate::domain::{
    cuenta::TipoCuenta,
    facilitador::{EstadoCivil, Pais, Sexo, TipoDocumento},
    flujo::{Procedimiento, TipoFlujo},
};
use crate::formularios::{facilitador::FormFacilitador, Campo, ErroresCampos};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

/// Where the template is downloaded from: a form post, so the flow's id stays out of the URL.
pub const RUTA_PLANTILLA: &str = "/api/facilitador/plantilla";

#[component]
pub fn Facilitador() -> impl IntoView {
    let cuenta = TipoCuenta::Juridica;
    let tipo = TipoFlujo::nuevo(Procedimiento::SolicitudFacilitador, cuenta).expect("companies request facilitators");
    let flujo = usar_flujo(tipo);
    let error = flujo.error;
    let credenciales = EstadoCredenciales::new(cuenta, Campo::Clave, error);
    let datos = EstadoFormulario::new(FormFacilitador::default(), error);
    let validada = RwSignal::new(false);
    let declaracion = RwSignal::new(None::<String>);
    let documento = RwSignal::new(None::<String>);
    let numero = RwSignal::new(None::<i64>);

    let validar = ServerAction::<FacilitadorValidar>::new();
    let solicitar = ServerAction::<FacilitadorSolicitar>::new();
    let (validando, enviando) = (validar.pending(), solicitar.pending());
    let ocupado = move || validando.get() || enviando.get();

    Effect::new(move |_| match validar.value().get() {
        Some(Ok(())) => {
            validada.set(true);
            enfocar(Campo::Declaracion.id());
        }
        Some(Err(e)) => {
            flujo.captcha.renovar();
            enfocar_tras_clave(&e, credenciales.rut, credenciales.clave);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match solicitar.value().get() {
        Some(Ok(n)) => numero.set(Some(n)),
        Some(Err(e)) => {
            enfocar_error(&e, FormFacilitador::CAMPOS.into_iter().chain([Campo::DocumentoIdentificacion]));
            error.set(Some(e));
        }
        None => {}
    });

    let al_enviar = flujo.al_enviar(ocupado, move |id_flujo| {
        if !validada.get_untracked() {
            let entrada = credenciales.entrada();
            if validar_paso(error, &credenciales.campos(), credenciales.validar(&entrada)).is_none() {
                return;
            }
            let Some((captcha_id, captcha)) = flujo.captcha.tomar() else { return };
            validar.dispatch(FacilitadorValidar { flujo: id_flujo, entrada, captcha_id, captcha });
            return;
        }
        if !datos.revisar(&FormFacilitador::CAMPOS) {
            return;
        }
        if documento.with_untracked(Option::is_none) {
            let mensaje = "Adjunte el documento de identificación del facilitador.";
            error.set(Some(ApiError::Campos(ErroresCampos::de_uno(Campo::DocumentoIdentificacion, mensaje))));
            enfocar(Campo::DocumentoIdentificacion.id());
            return;
        }
        error.set(None);
        solicitar.dispatch(FacilitadorSolicitar { flujo: id_flujo, datos: datos.form.get_untracked() });
    });

    let reiniciar = move |()| {
        credenciales.clave.limpiar();
        validada.set(false);
        declaracion.set(None);
        documento.set(None);
        datos.reiniciar(FormFacilitador::default());
        flujo.reiniciar();
        enfocar(credenciales.rut.id());
    };

    let listo = Signal::derive(move || flujo.abierto());
    let con_declaracion = Signal::derive(move || declaracion.with(Option::is_some));
    // Today in the browser, so the age is judged while typing (the server judges it again). Read
    // when the data step shows, not as the page loads: Chile's time zone costs the browser a
    // long task the first time (24 ms of a fast machine's main thread, four times that on a phone).
    Effect::new(move |_| {
        if con_declaracion.get() {
            datos.form.update(|f| f.hoy = hoy());
        }
    });
    let navegar = use_navigate();

    view! {
        <Title text="Solicitud de CS para Facilitador Extranjero" />
        <h1>"RECUPERAR CS PARA FACILITADOR EXTRANJERO"</h1>
        <p>"El Sistema Clave SENCE, le permite a usted crear una CS que sirve para iniciar sesión en nuestros sistemas."</p>

        <form method="post" novalidate on:submit=al_enviar aria-busy=move || ocupado().to_string()>
            <AlertaGeneral error al_reiniciar=reiniciar cuenta />
            <AvisoPreparando listo />

            <fieldset class="seccion">
                <legend>"Validar Datos"</legend>
                <CamposCredenciales estado=credenciales etiqueta_clave="CS Empresa" cerrados=validada solo_lectura=validando>
                    ""
                </CamposCredenciales>
            </fieldset>
            <Show when=move || !validada.get()>
                <CajaCaptcha flujo />
            </Show>
            <BotonValidar actual=Signal::derive(move || !validada.get()) pendiente=validando listo />

            <Show when=move || validada.get()>
                <fieldset class="seccion">
                    <legend>"Adjuntar Declaración Jurada"</legend>
                    <p>
                        "Descargue "
                        <button type="submit" form="form-plantilla" class="enlace">
                            "AQUÍ"<span class="solo-lector">" (descargar)"</span>
                        </button>
                        " la plantilla de declaración jurada (*.docx) relacionada al facilitador extranjero"
                    </p>
                    <CampoArchivo campo=Campo::Declaracion etiqueta="Subir Solicitud" rol="declaracion"
                        flujo=flujo.id() error subido=declaracion />
                </fieldset>
            </Show>

            <Show when=move || con_declaracion.get()>
                <fieldset class="seccion">
                    <legend>"Datos del Facilitador"</legend>
                    <CampoTexto vinculo=datos.vinculo(Campo::NumeroDocumento) etiqueta="Número de documento de Identificación"
                        obligatorio=true autocomplete="off" maxlength=30 />
                    <CampoLista vinculo=datos.vinculo(Campo::TipoDocumento) etiqueta="Tipo de Documento"
                        opciones=TipoDocumento::TODOS.iter().map(|t| (t.codigo(), t.texto())).collect() />
                    <CampoArchivo campo=Campo::DocumentoIdentificacion etiqueta="Documento de Identificación"
                        rol="documento" flujo=flujo.id() error subido=documento />
                    <CampoTexto vinculo=datos.vinculo(Campo::Nombres) etiqueta="Nombres" obligatorio=true
                        autocomplete="given-name" />
                    <CampoTexto vinculo=datos.vinculo(Campo::ApellidoPaterno) etiqueta="Apellido Paterno" obligatorio=true
                        autocomplete="family-name" />
                    <CampoTexto vinculo=datos.vinculo(Campo::ApellidoMaterno) etiqueta="Apellido Materno" autocomplete="off" />
                    <CampoLista vinculo=datos.vinculo(Campo::Sexo) etiqueta="Sexo"
                        opciones=Sexo::TODOS.iter().map(|s| (s.codigo(), s.texto())).collect() />
                    <CampoTexto vinculo=datos.vinculo(Campo::FechaNacimiento) etiqueta="Fecha de Nacimiento" obligatorio=true
                        placeholder="01-12-1992" ayuda="Formato: 01-12-1992" autocomplete="bday" />
                    <CampoLista vinculo=datos.vinculo(Campo::EstadoCivil) etiqueta="Estado Civil"
                        opciones=EstadoCivil::TODOS.iter().map(|e| (e.codigo(), e.texto())).collect() />
                    <CampoTexto vinculo=datos.vinculo(Campo::Hijos) etiqueta="Cantidad de Hijos" obligatorio=true
                        inputmode="numeric" maxlength=2 />
                    <CampoLista vinculo=datos.vinculo(Campo::Pais) etiqueta="Pais de Origen"
                        opciones=Pais::TODOS.iter().map(|p| (p.codigo(), p.nombre())).collect() />
                    <CampoTexto vinculo=datos.vinculo(Campo::Email) etiqueta="Email" obligatorio=true tipo="email"
                        autocomplete="email" />
                    <SelectorPregunta vinculo=datos.vinculo(Campo::Pregunta) />
                    <CampoTexto vinculo=datos.vinculo(Campo::Respuesta) etiqueta="Respuesta Secreta" obligatorio=true
                        autocomplete="off" />
                </fieldset>
            </Show>

            <Acciones texto="Realizar solicitud" texto_pendiente="Enviando solicitud…" pendiente=enviando listo
                visible=con_declaracion />
        </form>
        // Outside the main form (forms cannot nest); its button is the `AQUÍ` above.
        <form id="form-plantilla" method="post" action=RUTA_PLANTILLA hidden>
            <input type="hidden" name="flujo" prop:value=move || flujo.id().get().unwrap_or_default() />
        </form>

        {move || numero.get().map(|n| {
            let navegar = navegar.clone();
            view! {
                <Dialogo titulo="Solicitud recibida" al_aceptar=move |()| navegar("/", Default::default())>
                    <p>{format!("Su solicitud fue recibida con el número {n}.")}</p>
                    <p>"SENCE revisará la solicitud y la declaración jurada. La empresa y el facilitador recibirán por e-mail el número de la solicitud y, luego, su resultado."</p>
                </Dialogo>
            }
        })}
    }
}

/// Chile's date by the browser's clock: ages are counted on it, as the server does, wherever
/// the facilitator is. None (the browser then checks only the date's form) if the browser
/// cannot tell Chile's time.
#[cfg(feature = "hydrate")]
fn hoy() -> Option<crate::domain::facilitador::Fecha> {
    let opciones = js_sys::Object::new();
    js_sys::Reflect::set(&opciones, &"timeZone".into(), &"America/Santiago".into()).ok()?;
    // Canadian English writes dates year first, `2026-12-05`, which `Fecha::parse` reads.
    let iso = js_sys::Date::new_0().to_locale_date_string("en-CA", &opciones);
    crate::domain::facilitador::Fecha::parse(&String::from(iso)).ok()
}

#[cfg(not(feature = "hydrate"))]
fn hoy() -> Option<crate::domain::facilitador::Fecha> {
    None
}
