//! The back office of SENCE operators (`/operador`): login with a second factor, the queue of
//! facilitator requests and their decision, and account support. Every call but the login
//! needs an operator's session; the backend's services take the [`Operador`] it proves.
//!
//! [`Operador`]: crate::backend::operadores::Operador

use super::ApiError;
use crate::domain::secreto::TextoSecreto;
use crate::formularios::operador::{CuentaSoporte, DetalleSolicitud, FilaCola, OperadorVisible};
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[cfg(feature = "ssr")]
mod servidor {
    use super::ApiError;
    pub use crate::backend::calendario::hora;
    use crate::backend::{entidades::solicitud_facilitador, operadores, Servicios};
    use crate::domain::{
        facilitador::{EstadoCivil, Fecha, Pais, Sexo, TipoDocumento},
        pregunta::PreguntaSecreta,
        rut::Rut,
    };
    use crate::formularios::operador::FilaCola;

    pub fn token(svc: &Servicios) -> Option<String> {
        let partes = leptos::prelude::use_context::<axum::http::request::Parts>()?;
        super::super::cookie_de_nombre(&partes.headers, operadores::nombre_cookie(svc))
    }

    pub async fn operador(svc: &Servicios) -> Result<operadores::Operador, ApiError> {
        Ok(operadores::autorizar(svc, token(svc).as_deref()).await?)
    }

    pub fn rut_visible(guardado: &str) -> String {
        Rut::parse(guardado).map(|r| r.to_string()).unwrap_or_else(|_| guardado.to_owned())
    }

    pub fn texto_de<T: Copy, E>(
        codigo: &str,
        parse: impl Fn(&str) -> Result<T, E>,
        texto: impl Fn(T) -> String,
    ) -> String {
        parse(codigo).map(texto).unwrap_or_else(|_| codigo.to_owned())
    }

    pub fn documento(s: &solicitud_facilitador::Model) -> String {
        let tipo = texto_de(&s.tipo_documento, TipoDocumento::parse, |t| t.texto().to_owned());
        format!("{tipo} {}", s.numero_documento)
    }

    pub fn pais(codigo: &str) -> String {
        texto_de(codigo, Pais::parse, |p| p.nombre().to_owned())
    }

    pub fn fila(s: &solicitud_facilitador::Model) -> FilaCola {
        FilaCola {
            numero: s.id,
            empresa_rut: rut_visible(&s.empresa_rut),
            facilitador: s.nombre_completo(),
            documento: documento(s),
            pais: pais(&s.pais),
            estado: s.estado.clone(),
            creada_en: hora(s.creada_en),
        }
    }

    pub fn datos(s: &solicitud_facilitador::Model) -> Vec<(String, String)> {
        let fecha =
            Fecha::parse(&s.fecha_nacimiento).map(Fecha::formato).unwrap_or_else(|_| s.fecha_nacimiento.clone());
        [
            ("Número de documento de Identificación", s.numero_documento.clone()),
            ("Tipo de Documento", texto_de(&s.tipo_documento, TipoDocumento::parse, |t| t.texto().to_owned())),
            ("Nombres", s.nombres.clone()),
            ("Apellido Paterno", s.apellido_paterno.clone()),
            ("Apellido Materno", s.apellido_materno.clone().unwrap_or_default()),
            ("Sexo", texto_de(&s.sexo, Sexo::parse, |t| t.texto().to_owned())),
            ("Fecha de Nacimiento", fecha),
            ("Estado Civil", texto_de(&s.estado_civil, EstadoCivil::parse, |t| t.texto().to_owned())),
            ("Cantidad de Hijos", s.hijos.to_string()),
            ("Pais de Origen", pais(&s.pais)),
            ("Email", s.email.clone()),
            ("Pregunta Secreta", texto_de(&s.pregunta, PreguntaSecreta::parse, |p| p.texto().to_owned())),
        ]
        .into_iter()
        .map(|(etiqueta, valor)| (etiqueta.to_owned(), valor))
        .collect()
    }
}

/// `Ingresar` of the back office: RUT, password and the authenticator's code. Returns whether
/// the initial password must be replaced first.
#[server(prefix = "/api", endpoint = "operador_ingresar", output = Postcard)]
pub async fn operador_ingresar(rut: String, clave: TextoSecreto, codigo: String) -> Result<bool, ApiError> {
    super::con_estado(
        async {
            use crate::formularios::{leer, Campo, ErroresCampos};
            let rut = leer(Campo::Rut, crate::domain::rut::Rut::parse(&rut)).map_err(ApiError::Campos)?;
            if clave.is_empty() {
                return Err(ApiError::Campos(ErroresCampos::de_uno(Campo::Clave, "Ingrese su contraseña.")));
            }
            let svc = super::servicios()?;
            let ingreso =
                crate::backend::operadores::ingresar(&svc, &rut, clave.expose(), &codigo, &super::origen()).await?;
            super::poner_cookie(&ingreso.cookie);
            Ok(ingreso.debe_cambiar_clave)
        }
        .await,
    )
}

/// The operator of this browser's session, if any.
#[server(prefix = "/api", endpoint = "operador_actual", output = Postcard)]
pub async fn operador_actual() -> Result<Option<OperadorVisible>, ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let quien = crate::backend::operadores::quien(&svc, servidor::token(&svc).as_deref()).await?;
            Ok(quien.map(|(o, debe_cambiar_clave)| OperadorVisible {
                rut: o.rut().to_string(),
                nombre: o.nombre().to_owned(),
                debe_cambiar_clave,
            }))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "operador_cambiar_clave", output = Postcard)]
pub async fn operador_cambiar_clave(
    clave_nueva: TextoSecreto,
    repetir_clave_nueva: TextoSecreto,
) -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            Ok(crate::backend::operadores::cambiar_clave(
                &svc,
                servidor::token(&svc).as_deref(),
                clave_nueva.expose(),
                repetir_clave_nueva.expose(),
                &super::origen(),
            )
            .await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "operador_salir", output = Postcard)]
pub async fn operador_salir() -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            if let Some(token) = servidor::token(&svc) {
                crate::backend::operadores::salir(&svc, &token).await?;
            }
            super::poner_cookie(&crate::backend::operadores::cookie_vencida(&svc));
            Ok(())
        }
        .await,
    )
}

/// The queue: `estado` one of `pendiente`, `aprobada`, `rechazada` (empty: all, pending
/// first); `empresa` a company's RUT (empty: every company).
#[server(prefix = "/api", endpoint = "operador_cola", output = Postcard)]
pub async fn operador_cola(estado: String, empresa: String) -> Result<Vec<FilaCola>, ApiError> {
    super::con_estado(
        async {
            use crate::backend::revision::{self, EstadoSolicitud, FiltroCola};
            use crate::formularios::{leer, opcional, Campo};
            let svc = super::servicios()?;
            let operador = servidor::operador(&svc).await?;
            let empresa =
                leer(Campo::Rut, opcional(&empresa, crate::domain::rut::Rut::parse)).map_err(ApiError::Campos)?;
            let filtro = FiltroCola { estado: EstadoSolicitud::desde_codigo(estado.trim()), empresa };
            Ok(revision::cola(&svc, &operador, &filtro).await?.iter().map(servidor::fila).collect())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "operador_solicitud", output = Postcard)]
pub async fn operador_solicitud(numero: i64) -> Result<DetalleSolicitud, ApiError> {
    super::con_estado(
        async {
            use crate::formularios::operador::ArchivoVisible;
            let svc = super::servicios()?;
            let operador = servidor::operador(&svc).await?;
            let (s, archivos) = crate::backend::revision::detalle(&svc, &operador, numero, &super::origen()).await?;
            let empresa = match crate::domain::rut::Rut::parse(&s.empresa_rut) {
                Ok(rut) => match crate::backend::cuentas::buscar(&svc.db, &rut).await? {
                    Some(t) => format!("{} ({rut})", t.nombre()),
                    None => rut.to_string(),
                },
                Err(_) => s.empresa_rut.clone(),
            };
            let decision = s.decidida_en.map(|en| {
                let quien = s.operador.as_deref().map(servidor::rut_visible).unwrap_or_default();
                let motivo = s.motivo.as_deref().map(|m| format!(" Motivo: {m}")).unwrap_or_default();
                format!("Solicitud {} por el operador {quien} el {}.{motivo}", s.estado, servidor::hora(en))
            });
            Ok(DetalleSolicitud {
                numero: s.id,
                estado: s.estado.clone(),
                creada_en: servidor::hora(s.creada_en),
                empresa,
                representante_rut: servidor::rut_visible(&s.representante_rut),
                datos: servidor::datos(&s),
                archivos: archivos
                    .into_iter()
                    .map(|a| ArchivoVisible {
                        id: a.id,
                        rol: if a.rol == "declaracion" {
                            "Declaración jurada"
                        } else {
                            "Documento de identificación"
                        }
                        .to_owned(),
                        nombre: a.nombre,
                        formato: a.formato.to_uppercase(),
                        tamano: a.tamano,
                    })
                    .collect(),
                decision,
            })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "operador_aprobar", output = Postcard)]
pub async fn operador_aprobar(numero: i64) -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let operador = servidor::operador(&svc).await?;
            Ok(crate::backend::revision::aprobar(&svc, &operador, numero, &super::origen()).await?)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "operador_rechazar", output = Postcard)]
pub async fn operador_rechazar(numero: i64, motivo: String) -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let operador = servidor::operador(&svc).await?;
            Ok(crate::backend::revision::rechazar(&svc, &operador, numero, &motivo, &super::origen()).await?)
        }
        .await,
    )
}

/// Account support: `consulta` is a RUT, or a facilitator's document as `tipo:número`
/// (`pasaporte:AB1234567`, the key the queue shows).
#[server(prefix = "/api", endpoint = "operador_cuenta", output = Postcard)]
pub async fn operador_cuenta(consulta: String) -> Result<Option<CuentaSoporte>, ApiError> {
    super::con_estado(
        async {
            use crate::formularios::{operador::EventoVisible, Campo, ErroresCampos};
            let svc = super::servicios()?;
            let operador = servidor::operador(&svc).await?;
            let id = leer_consulta(&consulta).ok_or_else(|| {
                ApiError::Campos(ErroresCampos::de_uno(
                    Campo::Rut,
                    "Ingrese un RUT (12.345.678-5) o un documento como pasaporte:AB1234567.",
                ))
            })?;
            let Some(c) = crate::backend::soporte::consultar(&svc, &operador, &id, &super::origen()).await? else {
                return Ok(None);
            };
            Ok(Some(CuentaSoporte {
                clave: c.id.clave(),
                identificador: c.id.to_string(),
                tipo: c.tipo.codigo().to_owned(),
                nombre: c.nombre,
                email: c.email,
                bloqueada_hasta: c.bloqueada_hasta.map(servidor::hora),
                fallos_login: c.fallos_login,
                provisoria_hasta: c.provisoria_hasta.map(servidor::hora),
                creada_en: servidor::hora(c.creada_en),
                eventos: c
                    .eventos
                    .into_iter()
                    .map(|e| EventoVisible {
                        en: servidor::hora(e.en),
                        evento: e.evento,
                        resultado: e.resultado,
                        detalle: e.detalle.unwrap_or_default(),
                        ip: e.ip,
                        operador: e.operador.as_deref().map(servidor::rut_visible).unwrap_or_default(),
                    })
                    .collect(),
            }))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "operador_desbloquear", output = Postcard)]
pub async fn operador_desbloquear(clave: String) -> Result<(), ApiError> {
    super::con_estado(
        async {
            let svc = super::servicios()?;
            let operador = servidor::operador(&svc).await?;
            let id = crate::domain::cuenta::IdCuenta::desde_clave(&clave).ok_or(ApiError::NoEncontrado)?;
            Ok(crate::backend::soporte::desbloquear(&svc, &operador, &id, &super::origen()).await?)
        }
        .await,
    )
}

/// A RUT in any accepted form, or a stored account key.
pub fn leer_consulta(consulta: &str) -> Option<crate::domain::cuenta::IdCuenta> {
    use crate::domain::{cuenta::IdCuenta, rut::Rut};
    let consulta = consulta.trim();
    if consulta.contains(':') {
        let (tipo, numero) = consulta.split_once(':')?;
        IdCuenta::desde_clave(&format!("{}:{}", tipo.trim().to_lowercase(), numero.trim()))
    } else {
        Rut::parse(consulta).ok().map(IdCuenta::Rut)
    }
}
