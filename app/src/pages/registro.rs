//! `REGISTRAR PERSONA NATURAL` / `REGISTRAR PERSONA JURÍDICA` (guides §2). One form whose
//! sections come from the kind; each field shows the form's own rule as the person leaves it,
//! and the server checks everything again, plus the captcha, the registries (Registro Civil,
//! and for a company the SII) and that the RUT has no account yet.

use crate::api::{
    registro::{CuentaCreada, Registrar},
    ApiError,
};
use crate::components::hidratacion::IntoAnySincrona;
use crate::components::{
    avisos::{AlertaGeneral, AvisoPreparando, Recuadro},
    campo::{CampoClaveNueva, CampoTexto, Casilla, SelectorPregunta},
    captcha::CajaCaptcha,
    dialogo::Dialogo,
    domicilio::CamposDomicilio,
    flujo::usar_flujo,
    formulario::{enfocar, enfocar_error, Acciones, EstadoFormulario},
    representante::CamposRepresentante,
};
use crate::domain::{
    cuenta::TipoCuenta,
    flujo::{Procedimiento, TipoFlujo},
};
use crate::formularios::{registro::FormRegistro, Campo};
use crate::textos;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};

#[component]
pub fn Registro(cuenta: TipoCuenta) -> impl IntoView {
    let textos = textos::de(cuenta);
    let tipo = TipoFlujo::nuevo(Procedimiento::Registro, cuenta).expect("the route admits only kinds that register");
    let flujo = usar_flujo(tipo);
    let error = flujo.error;
    let estado = EstadoFormulario::new(FormRegistro::nuevo(cuenta), error);
    let campos = FormRegistro::campos(cuenta);
    let creada = RwSignal::new(None::<CuentaCreada>);
    let enviar = ServerAction::<Registrar>::new();
    let enviando = enviar.pending();

    Effect::new(move |_| match enviar.value().get() {
        Some(Ok(cuenta)) => creada.set(Some(cuenta)),
        Some(Err(e)) => {
            // The server spent the captcha on this try: show a fresh one.
            flujo.captcha.renovar();
            enfocar_error(&e, campos.iter().copied().chain([Campo::Captcha]));
            error.set(Some(e));
        }
        None => {}
    });

    let al_enviar = flujo.al_enviar(
        move || enviando.get(),
        move |id_flujo| {
            if !estado.revisar(campos) {
                return;
            }
            let Some((captcha_id, captcha)) = flujo.captcha.tomar() else { return };
            error.set(None);
            enviar.dispatch(Registrar { flujo: id_flujo, captcha_id, captcha, form: estado.form.get_untracked() });
        },
    );

    let sin_celular = Signal::derive(move || estado.form.with(|f| f.sin_celular));
    let navegar = use_navigate();

    view! {
        <Title text=format!("Registrar {}", textos.nombre) />
        <h1>{textos.titulo("REGISTRAR")}</h1>
        <p>"El Sistema Clave SENCE, le permite a usted crear una CS que sirve para iniciar sesión en nuestros sistemas."</p>
        <Recuadro>
            "Para obtener su CS es necesario que usted cuente con una cuenta de correo electrónico para que podamos enviarle su CS, si no posee una cuenta de correo electrónico favor presione "
            // The guide's link says only "aquí"; screen readers, which list links by their text,
            // also hear where it goes.
            <a href="https://accounts.google.com/signup" rel="noopener noreferrer" target="_blank">
                "aquí"<span class="solo-lector">" para crear una cuenta de correo electrónico"</span>
            </a>
            ". Le sugerimos crear una cuenta de correo electrónico por ejemplo: Gmail. Para cualquier consulta sobre este proceso, llame al 800 80 10 30."
        </Recuadro>

        <form method="post" novalidate on:submit=al_enviar aria-busy=move || enviando.get().to_string()>
            <AlertaGeneral error cuenta al_reiniciar=move |()| {
                flujo.reiniciar();
                enfocar(Campo::Rut.id());
            } />
            <AvisoPreparando listo=Signal::derive(move || flujo.abierto()) />

            <fieldset class="seccion">
                <legend>{textos.seccion_registro}</legend>
                <CampoTexto vinculo=estado.vinculo(Campo::Rut) etiqueta=textos.rut_registro obligatorio=true
                    autocomplete="username" placeholder="12.345.678-5" maxlength=12 />
                <Show when=move || error.with(|e| matches!(e, Some(ApiError::RutRegistrado)))>
                    <p class="sugerencia"><A href=textos::ruta(cuenta, "recuperar")>"Recuperar CS aquí"</A></p>
                </Show>
                {(cuenta == TipoCuenta::Juridica).then(|| view! {
                    <CampoTexto vinculo=estado.vinculo(Campo::RazonSocial) etiqueta="Razón Social" autocomplete="organization"
                        ayuda="Se registra la razón social que informa el Servicio de Impuestos Internos (SII)." />
                })}
                <SelectorPregunta vinculo=estado.vinculo(Campo::Pregunta) />
                <CampoTexto vinculo=estado.vinculo(Campo::Respuesta) etiqueta="Respuesta Secreta" obligatorio=true
                    autocomplete="off" />
            </fieldset>

            <CamposDomicilio estado cuenta />

            <fieldset class="seccion">
                <legend>"Datos de Contacto"</legend>
                <CampoTexto vinculo=estado.vinculo(Campo::Email) etiqueta=textos.email_registro obligatorio=true
                    tipo="email" autocomplete="email" />
                {match cuenta {
                    TipoCuenta::Juridica => view! {
                        <CampoTexto vinculo=estado.vinculo(Campo::Telefono) etiqueta="Teléfono" obligatorio=true tipo="tel"
                            inputmode="tel" autocomplete="tel" ayuda="9 dígitos, incluido el código de área." />
                        <CampoTexto vinculo=estado.vinculo(Campo::Fax) etiqueta="Fax" tipo="tel" inputmode="tel"
                            ayuda="9 dígitos, incluido el código de área." />
                    }.into_any_sincrona(),
                    TipoCuenta::Natural | TipoCuenta::Facilitador => view! {
                        <CampoTexto vinculo=estado.vinculo(Campo::TelefonoParticular) etiqueta="Teléfono Particular"
                            tipo="tel" inputmode="tel" ayuda="9 dígitos, incluido el código de área." />
                        <CampoTexto vinculo=estado.vinculo(Campo::TelefonoTrabajo) etiqueta="Teléfono Trabajo"
                            tipo="tel" inputmode="tel" ayuda="9 dígitos, incluido el código de área." />
                        <div class="celular">
                            <CampoTexto vinculo=estado.vinculo(Campo::Celular) etiqueta="Celular" obligatorio=true
                                tipo="tel" inputmode="numeric" autocomplete="tel-local" placeholder="(8 Carácteres)"
                                ayuda="+56 9 y luego los 8 dígitos de su celular." deshabilitado=sin_celular />
                            <Casilla id="sin_celular" etiqueta="Sin Celular" marcada=sin_celular
                                al_cambiar=move |marcada| {
                                    estado.form.update(|f| f.sin_celular = marcada);
                                    estado.olvidar_servidor(Campo::Celular);
                                } />
                        </div>
                    }.into_any_sincrona(),
                }}
            </fieldset>

            {(cuenta == TipoCuenta::Juridica).then(|| view! {
                <fieldset class="seccion">
                    <legend>"Información de Registro de Representante Legal"</legend>
                    <CamposRepresentante estado />
                </fieldset>
            })}

            <fieldset class="seccion">
                <legend>"Clave Sence"</legend>
                <CampoClaveNueva vinculo=estado.vinculo(Campo::Clave) etiqueta="Clave CS" />
                <CampoTexto vinculo=estado.vinculo(Campo::RepetirClave) etiqueta="Repetir Clave CS" obligatorio=true
                    tipo="password" autocomplete="new-password" />
            </fieldset>

            <CajaCaptcha flujo />

            <Acciones texto="Crear Cuenta" texto_pendiente="Creando cuenta…" pendiente=enviando
                listo=Signal::derive(move || flujo.abierto()) />
        </form>

        {move || creada.get().map(|cuenta| {
            let navegar = navegar.clone();
            view! {
                <Dialogo titulo="Éxito" al_aceptar=move |()| navegar("/", Default::default())>
                    <p>"Su cuenta en el Sistema Clave Sence fue creada correctamente."</p>
                    <p>{format!("Le enviaremos un correo de bienvenida a {} dentro de los próximos 10 minutos.", cuenta.email)}</p>
                </Dialogo>
            }
        })}
    }
}
