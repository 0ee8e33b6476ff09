//! The back office of SENCE operators. `/operador`: the login (RUT, password and the
//! authenticator's code), the replacement of the initial password, then the queue of
//! facilitator requests and account support. `/operador/solicitudes/:numero`: a request with
//! every field and its files, and its decision.
//! The login, the password's replacement and `Salir` are forms the browser can post itself
//! before the page's code has loaded (never a GET: no password or code in an address); the
//! other forms need that code and wait for it.
//! The queue, account support and a request's detail are the bulk of the back office's code,
//! and only an operator who is in needs them: they come in chunks of their own once the page's
//! code runs (`Diferida`), so the login's first visit does not download them.

use crate::api::{
    operador::{
        operador_actual, operador_cola, operador_solicitud, OperadorAprobar, OperadorCambiarClave, OperadorCuenta,
        OperadorDesbloquear, OperadorIngresar, OperadorRechazar, OperadorSalir,
    },
    ApiError,
};
use crate::components::hidratacion::IntoAnySincrona;
use crate::components::{
    avisos::{AlertaGeneral, AvisoPreparando},
    campo::{describe, CampoTexto, Etiqueta, Mensajes},
    diferida::Diferida,
    formulario::{enfocar, enfocar_error, validar_paso, Acciones, EstadoCampo, Vinculo},
};
use crate::domain::rut::Rut;
use crate::formularios::{
    opcional,
    operador::{
        revisar_clave_operador, CuentaSoporte, DetalleSolicitud, FilaCola, OperadorVisible, CLAVES_NO_COINCIDEN,
        FALTA_MOTIVO,
    },
    Campo,
};
use crate::parte_diferida;
use leptos::{ev::SubmitEvent, html, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};

/// The answers after which only a new login helps: the session ended, or it may still only
/// replace the initial password.
fn fuera_de_sesion(e: &ApiError) -> bool {
    matches!(e, ApiError::SinSesionOperador | ApiError::DebeCambiarClaveOperador)
}

/// True once the page's code runs: the forms that only it can send are enabled then.
fn listo() -> RwSignal<bool> {
    let listo = RwSignal::new(false);
    Effect::new(move |_| listo.set(true));
    listo
}

#[component]
pub fn Operador() -> impl IntoView {
    let sesion = crate::api::recurso(|| (), |()| operador_actual());
    // Any change of session (login, replaced password, `Salir`, a call that found it over)
    // shows whatever the session now allows.
    let releer = Callback::new(move |()| sesion.refetch());
    view! {
        <Title text="Operador SENCE" />
        <Transition fallback=|| view! { <p class="cargando" role="status">"Cargando…"</p> }>
            {move || sesion.get().map(|leida| match leida {
                Err(e) => view! {
                    <h1>"OPERADOR SENCE"</h1>
                    <AlertaGeneral error=Signal::stored(Some(e)) />
                }.into_any_sincrona(),
                Ok(None) => view! { <Ingreso al_ingresar=releer /> }.into_any_sincrona(),
                Ok(Some(o)) if o.debe_cambiar_clave => view! { <ClaveInicial al_cambiar=releer /> }.into_any_sincrona(),
                Ok(Some(o)) => view! { <Oficina operador=o releer /> }.into_any_sincrona(),
            })}
        </Transition>
    }
}

#[component]
fn Ingreso(al_ingresar: Callback<()>) -> impl IntoView {
    // After a form sent without the page's code, the error comes back in the page's address.
    let ingresar = ServerAction::<OperadorIngresar>::new();
    let error = RwSignal::new(ingresar.value().get_untracked().and_then(Result::err));
    let rut = EstadoCampo::rut(Campo::Rut, error);
    let clave = EstadoCampo::obligatorio(Campo::Clave, error, "Ingrese su contraseña.");
    let codigo = EstadoCampo::new(Campo::Codigo, error, |t| {
        (t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| "Ingrese los 6 dígitos del código de verificación.".to_owned())
    });
    let ingresando = ingresar.pending();

    Effect::new(move |_| match ingresar.value().get() {
        Some(Ok(_)) => al_ingresar.run(()),
        Some(Err(e)) => {
            // Which part was wrong is not said, and a code works once: both are typed again.
            if e == ApiError::CredencialesOperador {
                clave.limpiar();
                codigo.limpiar();
                enfocar(clave.id());
            } else {
                enfocar_error(&e, [Campo::Rut, Campo::Clave, Campo::Codigo]);
            }
            error.set(Some(e));
        }
        None => {}
    });

    let al_enviar = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !ingresando.get_untracked() && validar_paso(error, &[rut, clave, codigo], Ok(())).is_some() {
            ingresar.dispatch(OperadorIngresar {
                rut: rut.valor.get_untracked(),
                clave: clave.valor.get_untracked().into(),
                codigo: codigo.valor.get_untracked(),
            });
        }
    };

    view! {
        <h1>"INGRESO OPERADOR SENCE"</h1>
        <p>"Ingrese con su RUT, su contraseña y el código de verificación de su aplicación de autenticación."</p>
        <form method="post" action=OperadorIngresar::url() novalidate on:submit=al_enviar
            aria-busy=move || ingresando.get().to_string()>
            <AlertaGeneral error />
            <fieldset class="seccion">
                <legend>"Operador SENCE"</legend>
                <CampoTexto vinculo=rut etiqueta="RUT" obligatorio=true autocomplete="username" placeholder="12.345.678-5"
                    maxlength=12 solo_lectura=ingresando />
                <CampoTexto vinculo=clave etiqueta="Contraseña" obligatorio=true tipo="password"
                    autocomplete="current-password" solo_lectura=ingresando />
                <CampoTexto vinculo=codigo etiqueta="Código de verificación" obligatorio=true inputmode="numeric"
                    autocomplete="one-time-code" maxlength=6 ayuda="Los 6 dígitos que muestra su aplicación de autenticación."
                    solo_lectura=ingresando />
            </fieldset>
            <Acciones texto="Ingresar" texto_pendiente="Ingresando…" pendiente=ingresando volver=false />
        </form>
    }
}

#[component]
fn ClaveInicial(al_cambiar: Callback<()>) -> impl IntoView {
    let cambiar = ServerAction::<OperadorCambiarClave>::new();
    let error = RwSignal::new(cambiar.value().get_untracked().and_then(Result::err));
    let nueva = EstadoCampo::new(Campo::ClaveNueva, error, |t| revisar_clave_operador(t).map(str::to_owned));
    let repetir = EstadoCampo::new(Campo::RepetirClaveNueva, error, move |t| {
        nueva.valor.with(|n| n != t).then(|| CLAVES_NO_COINCIDEN.to_owned())
    });
    let cambiando = cambiar.pending();

    Effect::new(move |_| match cambiar.value().get() {
        Some(Ok(())) => al_cambiar.run(()),
        Some(Err(e)) if fuera_de_sesion(&e) => al_cambiar.run(()),
        Some(Err(e)) => {
            enfocar_error(&e, [Campo::ClaveNueva, Campo::RepetirClaveNueva]);
            error.set(Some(e));
        }
        None => {}
    });

    let al_enviar = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !cambiando.get_untracked() && validar_paso(error, &[nueva, repetir], Ok(())).is_some() {
            cambiar.dispatch(OperadorCambiarClave {
                clave_nueva: nueva.valor.get_untracked().into(),
                repetir_clave_nueva: repetir.valor.get_untracked().into(),
            });
        }
    };

    view! {
        <h1>"OPERADOR SENCE"</h1>
        <form method="post" action=OperadorCambiarClave::url() novalidate on:submit=al_enviar
            aria-busy=move || cambiando.get().to_string()>
            <p class="importante">"Está usando su contraseña inicial. Debe reemplazarla antes de continuar."</p>
            <AlertaGeneral error />
            <fieldset class="seccion">
                <legend>"Reemplazar contraseña inicial"</legend>
                <CampoTexto vinculo=nueva etiqueta="Contraseña nueva" obligatorio=true tipo="password"
                    autocomplete="new-password" ayuda="Al menos 12 caracteres; puede ser una frase." solo_lectura=cambiando />
                <CampoTexto vinculo=repetir etiqueta="Repetir contraseña nueva" obligatorio=true tipo="password"
                    autocomplete="new-password" solo_lectura=cambiando />
            </fieldset>
            <Acciones texto="Cambiar contraseña" pendiente=cambiando volver=false />
        </form>
        <Salir al_salir=al_cambiar />
    }
}

/// Posted by the browser itself before the page's code has loaded (the server then sends it
/// back to the page, now without a session).
#[component]
fn Salir(al_salir: Callback<()>) -> impl IntoView {
    let salir = ServerAction::<OperadorSalir>::new();
    let saliendo = salir.pending();
    Effect::new(move |_| {
        if salir.value().with(Option::is_some) {
            al_salir.run(());
        }
    });
    view! {
        <form method="post" action=OperadorSalir::url() class="acciones" on:submit=move |ev| {
            ev.prevent_default();
            salir.dispatch(OperadorSalir {});
        }>
            <button type="submit" class="boton" disabled=saliendo>
                {move || if saliendo.get() { "Saliendo…" } else { "Salir" }}
            </button>
        </form>
    }
}

#[component]
fn Oficina(operador: OperadorVisible, releer: Callback<()>) -> impl IntoView {
    view! {
        <h1>"OPERADOR SENCE"</h1>
        <div class="operador-sesion">
            <p>"Operador: " <strong>{operador.nombre}</strong> {format!(" ({})", operador.rut)}</p>
            <Salir al_salir=releer />
        </div>
        <Diferida precargar=precargar_oficina vista=move || cola_y_soporte(releer)
            texto="Cargando la cola de solicitudes…" />
    }
}

parte_diferida!(
    /// The back office proper, whose code only an operator who is in needs.
    operador_oficina, precarga precargar_oficina, fn cola_y_soporte(releer: Callback<()>) => view! {
        <Cola releer />
        <Soporte releer />
    }
);

/// A field whose server errors come under `campo` but whose element needs another id (two
/// RUT inputs share the page).
fn con_id(id: &'static str, estado: EstadoCampo) -> Vinculo {
    Vinculo { id, ..Vinculo::from(estado) }
}

#[component]
fn Cola(releer: Callback<()>) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let estado = RwSignal::new(String::new());
    let empresa = EstadoCampo::new(Campo::Rut, error, |t| opcional(t, Rut::parse).err().map(|e| e.to_string()));
    let filtro = RwSignal::new((String::new(), String::new()));
    let cola = crate::api::recurso(move || filtro.get(), |(estado, empresa)| operador_cola(estado, empresa));
    let listo = listo();

    Effect::new(move |_| match cola.get() {
        Some(Err(e)) if fuera_de_sesion(&e) => releer.run(()),
        Some(Err(e)) => {
            enfocar_error(&e, [Campo::Rut]);
            error.set(Some(e));
        }
        _ => {}
    });

    let al_filtrar = move |ev: SubmitEvent| {
        ev.prevent_default();
        if validar_paso(error, &[empresa], Ok(())).is_some() {
            filtro.set((estado.get_untracked(), empresa.valor.get_untracked()));
        }
    };

    view! {
        <section aria-labelledby="titulo-cola">
            <h2 id="titulo-cola">"Solicitudes de Facilitador Extranjero"</h2>
            <form class="filtros" novalidate on:submit=al_filtrar>
                <AlertaGeneral error />
                <div class="campo">
                    <label for="estado">"Estado"</label>
                    <select id="estado" name="estado" on:change=move |ev| estado.set(event_target_value(&ev))>
                        <option value="">"Todas"</option>
                        <option value="pendiente">"Pendientes"</option>
                        <option value="aprobada">"Aprobadas"</option>
                        <option value="rechazada">"Rechazadas"</option>
                    </select>
                </div>
                <CampoTexto vinculo=con_id("empresa", empresa) etiqueta="Rut Empresa" placeholder="76.086.428-5" maxlength=12 />
                <button type="submit" class="boton" disabled=move || !listo.get()>"Filtrar"</button>
            </form>
            <Transition fallback=|| view! { <p class="cargando" role="status">"Cargando…"</p> }>
                {move || cola.get().and_then(Result::ok).map(tabla_cola)}
            </Transition>
        </section>
    }
}

fn tabla_cola(filas: Vec<FilaCola>) -> AnyView {
    if filas.is_empty() {
        return view! { <p>"No hay solicitudes con estos filtros."</p> }.into_any_sincrona();
    }
    view! {
        <div class="tabla-contenedor">
            <table class="tabla" aria-labelledby="titulo-cola">
                <thead>
                    <tr>
                        <th scope="col">"N°"</th>
                        <th scope="col">"Empresa"</th>
                        <th scope="col">"Facilitador"</th>
                        <th scope="col">"Documento"</th>
                        <th scope="col">"País"</th>
                        <th scope="col">"Estado"</th>
                        <th scope="col">"Recibida"</th>
                    </tr>
                </thead>
                <tbody>
                    {filas.into_iter().map(|f| view! {
                        <tr>
                            <td><A href=format!("/operador/solicitudes/{}", f.numero)>{f.numero}</A></td>
                            <td>{f.empresa_rut}</td>
                            <td>{f.facilitador}</td>
                            <td>{f.documento}</td>
                            <td>{f.pais}</td>
                            <td>{f.estado}</td>
                            <td>{f.creada_en}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any_sincrona()
}

#[component]
fn Soporte(releer: Callback<()>) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let consulta = EstadoCampo::obligatorio(Campo::Rut, error, "Ingrese un RUT o un documento.");
    let buscar = ServerAction::<OperadorCuenta>::new();
    let desbloquear = ServerAction::<OperadorDesbloquear>::new();
    // What the account shown was found by, to read it again after unlocking it.
    let buscada = RwSignal::new(String::new());
    let desbloqueada = RwSignal::new(false);
    let ocupado = move || buscar.pending().get() || desbloquear.pending().get();
    let listo = listo();

    let fallo = move |e: ApiError| {
        if fuera_de_sesion(&e) {
            releer.run(());
        } else {
            enfocar_error(&e, [Campo::Rut]);
            error.set(Some(e));
        }
    };
    Effect::new(move |_| {
        if let Some(Err(e)) = buscar.value().get() {
            fallo(e);
        }
    });
    Effect::new(move |_| match desbloquear.value().get() {
        Some(Ok(())) => {
            desbloqueada.set(true);
            buscar.dispatch(OperadorCuenta { consulta: buscada.get_untracked() });
        }
        Some(Err(e)) => fallo(e),
        None => {}
    });

    let al_buscar = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !ocupado() && validar_paso(error, &[consulta], Ok(())).is_some() {
            desbloqueada.set(false);
            buscada.set(consulta.valor.get_untracked());
            buscar.dispatch(OperadorCuenta { consulta: consulta.valor.get_untracked() });
        }
    };

    let ficha = move |c: CuentaSoporte| {
        let bloqueada = c.bloqueada_hasta.is_some();
        let clave = c.clave;
        view! {
            <h3>{c.identificador}</h3>
            <dl class="datos-cuenta">
                <dt>"Nombre"</dt><dd>{c.nombre}</dd>
                <dt>"Tipo"</dt><dd>{c.tipo}</dd>
                <dt>"Email"</dt><dd>{c.email}</dd>
                <dt>"Bloqueada hasta"</dt><dd>{c.bloqueada_hasta.unwrap_or_else(|| "No está bloqueada".to_owned())}</dd>
                <dt>"Intentos fallidos"</dt><dd>{c.fallos_login}</dd>
                <dt>"CS provisoria vigente hasta"</dt>
                <dd>{c.provisoria_hasta.unwrap_or_else(|| "Sin CS provisoria pendiente".to_owned())}</dd>
                <dt>"Creada"</dt><dd>{c.creada_en}</dd>
            </dl>
            {bloqueada.then(|| view! {
                <button type="button" class="boton primario" disabled=ocupado
                    on:click=move |_| { desbloquear.dispatch(OperadorDesbloquear { clave: clave.clone() }); }>
                    "Desbloquear"
                </button>
            })}
            <h4 id="titulo-registro">"Registro de auditoría"</h4>
            <div class="tabla-contenedor">
                <table class="tabla" aria-labelledby="titulo-registro">
                    <thead>
                        <tr>
                            <th scope="col">"Fecha"</th>
                            <th scope="col">"Evento"</th>
                            <th scope="col">"Resultado"</th>
                            <th scope="col">"Detalle"</th>
                            <th scope="col">"IP"</th>
                            <th scope="col">"Operador"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {c.eventos.into_iter().map(|e| view! {
                            <tr>
                                <td>{e.en}</td>
                                <td>{e.evento}</td>
                                <td>{e.resultado}</td>
                                <td>{e.detalle}</td>
                                <td>{e.ip}</td>
                                <td>{e.operador}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };

    view! {
        <section aria-labelledby="titulo-soporte">
            <h2 id="titulo-soporte">"Soporte de cuentas"</h2>
            <form class="filtros" novalidate on:submit=al_buscar aria-busy=move || ocupado().to_string()>
                <AlertaGeneral error />
                <CampoTexto vinculo=con_id("consulta", consulta) etiqueta="RUT o documento" obligatorio=true
                    placeholder="12.345.678-5" ayuda="Un RUT, o el documento de un facilitador como pasaporte:AB1234567." />
                <button type="submit" class="boton" disabled=move || ocupado() || !listo.get()>"Buscar"</button>
            </form>
            <Show when=move || desbloqueada.get()>
                <p class="aviso" role="status">"La cuenta fue desbloqueada."</p>
            </Show>
            {move || buscar.value().get().and_then(Result::ok).map(|cuenta| match cuenta {
                Some(c) => ficha(c).into_any_sincrona(),
                None => view! { <p class="aviso" role="status">"No hay una cuenta con ese RUT o documento."</p> }.into_any_sincrona(),
            })}
        </section>
    }
}

/// A request for its decision.
#[component]
pub fn Solicitud() -> impl IntoView {
    view! {
        <Title text="Solicitud de Facilitador Extranjero" />
        <h1>"SOLICITUD DE FACILITADOR EXTRANJERO"</h1>
        <p><A href="/operador">"Volver a la cola de solicitudes"</A></p>
        <Diferida precargar=precargar_solicitud vista=detalle_y_decision texto="Cargando la solicitud…" />
    }
}

parte_diferida!(
    /// The request and its decision, in the back office's module (operators go from the queue
    /// to a request and back, and one module fewer takes 1–2 KB off every page).
    operador_oficina, precarga precargar_solicitud, fn detalle_y_decision() => view! { <DetalleYDecision /> }
);

#[component]
fn DetalleYDecision() -> impl IntoView {
    let params = use_params_map();
    let numero = Memo::new(move |_| params.with(|p| p.get("numero")).and_then(|n| n.parse::<i64>().ok()));
    let detalle = crate::api::recurso(
        move || numero.get(),
        |numero| async move {
            match numero {
                Some(n) => operador_solicitud(n).await,
                None => Err(ApiError::NoEncontrado),
            }
        },
    );
    let error = RwSignal::new(None::<ApiError>);
    let motivo = EstadoCampo::obligatorio(Campo::Motivo, error, FALTA_MOTIVO);
    let aprobar = ServerAction::<OperadorAprobar>::new();
    let rechazar = ServerAction::<OperadorRechazar>::new();
    let ocupado = move || aprobar.pending().get() || rechazar.pending().get();
    let confirmar = RwSignal::new(false);
    let al_ingreso = RwSignal::new(false);
    let listo = listo();

    let navegar = use_navigate();
    Effect::new(move |_| {
        if al_ingreso.get() {
            navegar("/operador", Default::default());
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = detalle.get() {
            if fuera_de_sesion(&e) {
                al_ingreso.set(true);
            }
        }
    });
    let tras_decidir = move |r: Option<Result<(), ApiError>>| match r {
        Some(Ok(())) => {
            motivo.limpiar();
            error.set(None);
            detalle.refetch();
        }
        Some(Err(e)) if fuera_de_sesion(&e) => al_ingreso.set(true),
        Some(Err(e)) => {
            // Another operator decided first: what they decided is shown.
            if e == ApiError::YaDecidida {
                detalle.refetch();
            }
            enfocar_error(&e, [Campo::Motivo]);
            error.set(Some(e));
        }
        None => {}
    };
    Effect::new(move |_| tras_decidir(aprobar.value().get()));
    Effect::new(move |_| tras_decidir(rechazar.value().get()));

    let al_rechazar = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let (false, Some(n)) = (ocupado(), numero.get_untracked()) {
            if validar_paso(error, &[motivo], Ok(())).is_some() {
                rechazar.dispatch(OperadorRechazar { numero: n, motivo: motivo.valor.get_untracked() });
            }
        }
    };
    let al_aprobar = move |_| {
        confirmar.set(false);
        if let Some(n) = numero.get_untracked() {
            aprobar.dispatch(OperadorAprobar { numero: n });
        }
    };
    let cancelar = move || {
        confirmar.set(false);
        enfocar("aprobar");
    };

    let motivo_error = motivo.error();
    let decidir = move || {
        view! {
            <section aria-labelledby="titulo-decision">
                <h2 id="titulo-decision">"Decisión"</h2>
                <p>"La decisión es definitiva y queda registrada con su RUT y la hora."</p>
                <div class="acciones">
                    <button type="button" id="aprobar" class="boton primario" disabled=move || ocupado() || !listo.get()
                        on:click=move |_| confirmar.set(true)>
                        {move || if aprobar.pending().get() { "Aprobando…" } else { "Aprobar" }}
                    </button>
                </div>
                <form novalidate on:submit=al_rechazar>
                    <div class="campo" class:con-error=move || motivo_error.with(Option::is_some)>
                        <Etiqueta id="motivo" texto="Motivo del rechazo" obligatorio=true />
                        <textarea id="motivo" name="motivo" rows="4" maxlength="500" required
                            aria-invalid=move || motivo_error.with(Option::is_some).to_string()
                            aria-describedby=describe("motivo", false)
                            prop:value=motivo.valor
                            on:input=move |ev| motivo.poner(event_target_value(&ev))></textarea>
                        <Mensajes id="motivo" error=motivo_error />
                    </div>
                    <div class="acciones">
                        <button type="submit" class="boton" disabled=move || ocupado() || !listo.get()>
                            {move || if rechazar.pending().get() { "Rechazando…" } else { "Rechazar" }}
                        </button>
                    </div>
                </form>
            </section>
        }
    };

    view! {
        <AvisoPreparando listo />
        <AlertaGeneral error />
        <Transition fallback=|| view! { <p class="cargando" role="status">"Cargando…"</p> }>
            {move || detalle.get().map(|leido| match leido {
                Ok(d) => {
                    let pendiente = d.estado == "pendiente";
                    view! {
                        {ficha_solicitud(d)}
                        {pendiente.then(decidir)}
                    }.into_any_sincrona()
                }
                Err(e) => view! { <AlertaGeneral error=Signal::stored(Some(e)) /> }.into_any_sincrona(),
            })}
        </Transition>
        <Show when=move || confirmar.get()>
            <Confirmacion al_aprobar=Callback::new(al_aprobar) al_cancelar=Callback::new(move |()| cancelar()) />
        </Show>
    }
}

fn ficha_solicitud(d: DetalleSolicitud) -> impl IntoView {
    view! {
        <h2>{format!("Solicitud N° {}", d.numero)}</h2>
        {d.decision.map(|texto| view! { <p class="aviso" role="status" id="decision">{texto}</p> })}
        <dl class="datos-cuenta">
            <dt>"Estado"</dt><dd>{d.estado}</dd>
            <dt>"Recibida"</dt><dd>{d.creada_en}</dd>
            <dt>"Empresa"</dt><dd>{d.empresa}</dd>
            <dt>"Rut Representante Legal"</dt><dd>{d.representante_rut}</dd>
        </dl>
        <h2>"Datos del Facilitador"</h2>
        <dl class="datos-cuenta">
            {d.datos.into_iter().map(|(etiqueta, valor)| view! { <dt>{etiqueta}</dt><dd>{valor}</dd> }).collect_view()}
        </dl>
        <h2>"Archivos"</h2>
        <ul class="archivos">
            {d.archivos.into_iter().map(|a| view! {
                <li>
                    // Served only to operators, inline; the browser's viewer shows it.
                    <a href=format!("/operador/archivo/{}", a.id) target="_blank" rel="noopener">
                        {format!("{}: {} ({}, {} KB)", a.rol, a.nombre, a.formato, (a.tamano + 1023) / 1024)}
                        <span class="solo-lector">" (se abre en una pestaña nueva)"</span>
                    </a>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// `Aprobar` asks once more: the account and its provisional CS cannot be taken back.
#[component]
fn Confirmacion(al_aprobar: Callback<()>, al_cancelar: Callback<()>) -> impl IntoView {
    let cancelar = NodeRef::<html::Button>::new();
    // The safe choice gets the focus, so that Enter does not approve by accident.
    Effect::new(move |_| {
        if let Some(b) = cancelar.get() {
            let _ = b.focus();
        }
    });
    view! {
        <div class="velo">
            <div class="dialogo confirmacion" role="alertdialog" aria-modal="true" aria-labelledby="confirmar-titulo"
                aria-describedby="confirmar-texto"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        al_cancelar.run(());
                    }
                }>
                <h2 id="confirmar-titulo">"Aprobar solicitud"</h2>
                <p id="confirmar-texto">
                    "Se creará la cuenta del facilitador y se le enviará una Clave Sence provisoria por email. "
                    "La decisión es definitiva."
                </p>
                <div class="acciones">
                    <button type="button" class="boton primario" on:click=move |_| al_aprobar.run(())>"Sí, aprobar"</button>
                    <button type="button" class="boton" node_ref=cancelar on:click=move |_| al_cancelar.run(())>"Cancelar"</button>
                </div>
            </div>
        </div>
    }
}
