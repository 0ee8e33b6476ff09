//! N1 "REGISTRAR PERSONA NATURAL" (guide §2). Each field is checked with the shared rule as
//! the person leaves it; the server checks everything again, plus the captcha, the Registro
//! Civil and that the RUT has no account yet.

use crate::api::{
    registro::{CuentaCreada, RegistrarPersonaNatural},
    ApiError,
};
use crate::components::{
    avisos::{AlertaGeneral, Recuadro},
    campo::{describe, CampoClaveNueva, CampoTexto, Casilla, Etiqueta, Mensajes, SelectorPregunta},
    captcha::CajaCaptcha,
    dialogo::Dialogo,
    flujo::usar_flujo,
    formulario::{enfocar, enfocar_error, Acciones},
};
use crate::domain::{flujo::TipoFlujo, rut::Rut, territorio};
use crate::formularios::registro_natural::{Campo, FormRegistroNatural};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};

#[component]
pub fn RegistroNatural() -> impl IntoView {
    let form = RwSignal::new(FormRegistroNatural::default());
    let tocados = RwSignal::new(Vec::<Campo>::new());
    let flujo = usar_flujo(TipoFlujo::RegistroNatural);
    let error_servidor = flujo.error;
    let creada = RwSignal::new(None::<CuentaCreada>);
    let enviar = ServerAction::<RegistrarPersonaNatural>::new();
    let enviando = enviar.pending();

    Effect::new(move |_| match enviar.value().get() {
        Some(Ok(cuenta)) => creada.set(Some(cuenta)),
        Some(Err(e)) => {
            // The server spent the captcha on this try: show a fresh one.
            flujo.captcha.renovar();
            enfocar_error(&e, Campo::TODOS.iter().map(|c| c.id()).chain(["captcha"]));
            error_servidor.set(Some(e));
        }
        None => {}
    });

    let error_en = move |campo: Campo| {
        Signal::derive(move || {
            error_servidor
                .with(|e| e.as_ref().and_then(|e| e.en_campo(campo.id())))
                .or_else(|| tocados.with(|t| t.contains(&campo)).then(|| form.with(|f| f.error_en(campo))).flatten())
        })
    };
    let olvidar_error_servidor = move |campo: Campo| {
        error_servidor.update(|e| match e {
            Some(ApiError::Campos(campos)) => {
                campos.0.remove(campo.id());
            }
            Some(ApiError::RutRegistrado) if campo == Campo::Rut => *e = None,
            _ => {}
        })
    };
    let valor = move |campo: Campo| Signal::derive(move || form.with(|f| f.texto(campo).to_owned()));
    let escribir = move |campo: Campo| {
        Callback::new(move |texto: String| {
            form.update(|f| *f.texto_mut(campo) = texto);
            olvidar_error_servidor(campo);
        })
    };
    let tocar = move |campo: Campo| {
        Callback::new(move |()| {
            // Leaving a field still empty is not a mistake yet (the submit says so): a message
            // appearing then would push the page down under the pointer on its way elsewhere.
            if form.with_untracked(|f| f.texto(campo).is_empty()) {
                return;
            }
            tocados.update(|t| {
                if !t.contains(&campo) {
                    t.push(campo)
                }
            });
            // Show the RUT the way it is written on documents once it is valid.
            if campo == Campo::Rut {
                if let Ok(rut) = Rut::parse(&form.with_untracked(|f| f.rut.clone())) {
                    form.update(|f| f.rut = rut.to_string());
                }
            }
        })
    };
    let al_enviar = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if enviando.get_untracked() {
            return;
        }
        tocados.set(Campo::TODOS.to_vec());
        let datos = form.get_untracked();
        if let Err(errores) = datos.validar() {
            if let Some(campo) = Campo::TODOS.iter().find(|c| errores.de(c.id()).is_some()) {
                enfocar(campo.id());
            }
            return;
        }
        let Some((captcha_id, captcha)) = flujo.captcha.tomar() else { return };
        let Some(id_flujo) = flujo.actual() else { return };
        error_servidor.set(None);
        enviar.dispatch(RegistrarPersonaNatural { flujo: id_flujo, captcha_id, captcha, form: datos });
    };

    let region_elegida = move || form.with(|f| territorio::region(&f.region));
    let navegar = use_navigate();

    view! {
        <Title text="Registrar Persona Natural" />
        <h1>"REGISTRAR PERSONA NATURAL"</h1>
        <p>"El Sistema Clave SENCE, le permite a usted crear una CS que sirve para iniciar sesión en nuestros sistemas."</p>
        <Recuadro>
            "Para obtener su CS es necesario que usted cuente con una cuenta de correo electrónico para que podamos enviarle su CS, si no posee una cuenta de correo electrónico favor presione "
            <a href="https://accounts.google.com/signup" rel="noopener noreferrer" target="_blank">"aquí"</a>
            ". Le sugerimos crear una cuenta de correo electrónico por ejemplo: Gmail. Para cualquier consulta sobre este proceso, llame al 800 80 10 30."
        </Recuadro>

        <form novalidate on:submit=al_enviar aria-busy=move || enviando.get().to_string()>
            <AlertaGeneral error=error_servidor al_reiniciar=move |()| {
                flujo.reiniciar();
                enfocar(Campo::Rut.id());
            } />

            <fieldset class="seccion">
                <legend>"Información de Registro"</legend>
                <CampoTexto id="rut" etiqueta="Rut" obligatorio=true valor=valor(Campo::Rut)
                    al_escribir=escribir(Campo::Rut) al_salir=tocar(Campo::Rut) error=error_en(Campo::Rut)
                    autocomplete="username" placeholder="12.345.678-5" maxlength=12 />
                <Show when=move || error_servidor.with(|e| matches!(e, Some(ApiError::RutRegistrado)))>
                    <p class="sugerencia"><A href="/natural/recuperar">"Recuperar CS aquí"</A></p>
                </Show>
                <SelectorPregunta valor=valor(Campo::Pregunta) error=error_en(Campo::Pregunta)
                    al_elegir=move |codigo| { escribir(Campo::Pregunta).run(codigo); tocar(Campo::Pregunta).run(()); } />
                <CampoTexto id="respuesta" etiqueta="Respuesta Secreta" obligatorio=true valor=valor(Campo::Respuesta)
                    al_escribir=escribir(Campo::Respuesta) al_salir=tocar(Campo::Respuesta) error=error_en(Campo::Respuesta)
                    autocomplete="off" />
            </fieldset>

            <fieldset class="seccion">
                <legend>"Domicilio"</legend>
                <CampoTexto id="direccion" etiqueta="Dirección Particular" obligatorio=true valor=valor(Campo::Direccion)
                    al_escribir=escribir(Campo::Direccion) al_salir=tocar(Campo::Direccion) error=error_en(Campo::Direccion)
                    autocomplete="address-line1" placeholder="Pasaje o Calle" />
                <CampoTexto id="numero" etiqueta="N° de Dirección Particular" obligatorio=true valor=valor(Campo::Numero)
                    al_escribir=escribir(Campo::Numero) al_salir=tocar(Campo::Numero) error=error_en(Campo::Numero) />
                <CampoTexto id="block" etiqueta="Block" valor=valor(Campo::Block)
                    al_escribir=escribir(Campo::Block) al_salir=tocar(Campo::Block) error=error_en(Campo::Block) />
                <CampoTexto id="departamento" etiqueta="N° de Departamento" valor=valor(Campo::Departamento)
                    al_escribir=escribir(Campo::Departamento) al_salir=tocar(Campo::Departamento) error=error_en(Campo::Departamento) />
                <div class="campo" class:con-error=move || error_en(Campo::Region).with(Option::is_some)>
                    <Etiqueta id="region" texto="Región" obligatorio=true />
                    <select id="region" name="region" required aria-describedby=describe("region", false)
                        on:change=move |ev| {
                            form.update(|f| { f.region = event_target_value(&ev); f.comuna.clear(); });
                            olvidar_error_servidor(Campo::Region);
                            tocar(Campo::Region).run(());
                        }>
                        <option value="">"Seleccione..."</option>
                        {territorio::REGIONES.iter().map(|r| {
                            let codigo = r.codigo;
                            view! { <option value=codigo prop:selected=move || form.with(|f| f.region == codigo)>{r.nombre}</option> }
                        }).collect_view()}
                    </select>
                    <Mensajes id="region" error=error_en(Campo::Region) />
                </div>
                <div class="campo" class:con-error=move || error_en(Campo::Comuna).with(Option::is_some)>
                    <Etiqueta id="comuna" texto="Comuna" obligatorio=true />
                    <select id="comuna" name="comuna" required aria-describedby=describe("comuna", false)
                        disabled=move || region_elegida().is_none()
                        on:change=move |ev| { escribir(Campo::Comuna).run(event_target_value(&ev)); tocar(Campo::Comuna).run(()); }>
                        <option value="">"Seleccione..."</option>
                        {move || region_elegida().map(|r| r.comunas.iter().map(|c| {
                            let codigo = c.codigo;
                            view! { <option value=codigo prop:selected=move || form.with(|f| f.comuna == codigo)>{c.nombre}</option> }
                        }).collect_view())}
                    </select>
                    <Mensajes id="comuna" error=error_en(Campo::Comuna) />
                </div>
            </fieldset>

            <fieldset class="seccion">
                <legend>"Datos de Contacto"</legend>
                <CampoTexto id="email" etiqueta="Email" obligatorio=true tipo="email" valor=valor(Campo::Email)
                    al_escribir=escribir(Campo::Email) al_salir=tocar(Campo::Email) error=error_en(Campo::Email)
                    autocomplete="email" />
                <CampoTexto id="telefono_particular" etiqueta="Teléfono Particular" tipo="tel" valor=valor(Campo::TelefonoParticular)
                    al_escribir=escribir(Campo::TelefonoParticular) al_salir=tocar(Campo::TelefonoParticular)
                    error=error_en(Campo::TelefonoParticular) inputmode="tel" ayuda="9 dígitos, incluido el código de área." />
                <CampoTexto id="telefono_trabajo" etiqueta="Teléfono Trabajo" tipo="tel" valor=valor(Campo::TelefonoTrabajo)
                    al_escribir=escribir(Campo::TelefonoTrabajo) al_salir=tocar(Campo::TelefonoTrabajo)
                    error=error_en(Campo::TelefonoTrabajo) inputmode="tel" ayuda="9 dígitos, incluido el código de área." />
                <div class="celular">
                    <CampoTexto id="celular" etiqueta="Celular" obligatorio=true tipo="tel" valor=valor(Campo::Celular)
                        al_escribir=escribir(Campo::Celular) al_salir=tocar(Campo::Celular) error=error_en(Campo::Celular)
                        inputmode="numeric" autocomplete="tel-local" placeholder="(8 Carácteres)"
                        ayuda="+56 9 y luego los 8 dígitos de su celular."
                        deshabilitado=Signal::derive(move || form.with(|f| f.sin_celular)) />
                    <Casilla id="sin_celular" etiqueta="Sin Celular"
                        marcada=Signal::derive(move || form.with(|f| f.sin_celular))
                        al_cambiar=move |marcada| {
                            form.update(|f| f.sin_celular = marcada);
                            olvidar_error_servidor(Campo::Celular);
                        } />
                </div>
            </fieldset>

            <fieldset class="seccion">
                <legend>"Clave Sence"</legend>
                <CampoClaveNueva id="clave" etiqueta="Clave CS" valor=valor(Campo::Clave)
                    al_escribir=escribir(Campo::Clave) al_salir=tocar(Campo::Clave) error=error_en(Campo::Clave) />
                <CampoTexto id="repetir_clave" etiqueta="Repetir Clave CS" obligatorio=true tipo="password"
                    valor=valor(Campo::RepetirClave) al_escribir=escribir(Campo::RepetirClave)
                    al_salir=tocar(Campo::RepetirClave) error=error_en(Campo::RepetirClave) autocomplete="new-password" />
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
