//! The server-side flow a procedure page works in: opened when the page starts in the
//! browser, named by every call, and replaced by a new one on "Comenzar nuevamente".

use crate::api::{flujos::iniciar_flujo, ApiError};
use crate::components::captcha::EstadoCaptcha;
use crate::domain::flujo::TipoFlujo;
use leptos::{prelude::*, task::spawn_local};

#[derive(Clone, Copy)]
pub struct Flujo {
    id: RwSignal<Option<String>>,
    reinicios: RwSignal<u32>,
    /// The page's last server error: shown at its field, or at the top of the form.
    pub error: RwSignal<Option<ApiError>>,
    /// The flow's captcha, for the final step.
    pub captcha: EstadoCaptcha,
}

/// Opens a flow of `tipo` as soon as the page runs in the browser (never during server
/// rendering: a flow is only worth its database row once someone can use it).
pub fn usar_flujo(tipo: TipoFlujo) -> Flujo {
    let flujo = Flujo {
        id: RwSignal::new(None),
        reinicios: RwSignal::new(0),
        error: RwSignal::new(None),
        captcha: EstadoCaptcha::new(),
    };
    Effect::new(move |_| {
        flujo.reinicios.track();
        flujo.id.set(None);
        spawn_local(async move {
            match iniciar_flujo(tipo).await {
                Ok(id) => {
                    flujo.error.set(None);
                    flujo.id.set(Some(id));
                }
                Err(e) => flujo.error.set(Some(e)),
            }
        });
    });
    flujo
}

impl Flujo {
    pub fn id(self) -> Signal<Option<String>> {
        self.id.into()
    }

    /// The id to name in a call; `None` while the flow is being opened.
    pub fn actual(self) -> Option<String> {
        self.id.get_untracked()
    }

    /// Whether the flow is open (reactive: buttons wait for it).
    pub fn abierto(self) -> bool {
        self.id.with(Option::is_some)
    }

    /// The form's submit handler: the page, not the browser, sends the form. `paso` runs the
    /// current step with the flow's id, unless a call is under way or the flow is still opening.
    pub fn al_enviar(
        self,
        ocupado: impl Fn() -> bool + 'static,
        paso: impl Fn(String) + 'static,
    ) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
        move |ev| {
            ev.prevent_default();
            if untrack(&ocupado) {
                return;
            }
            if let Some(id) = self.actual() {
                paso(id);
            }
        }
    }

    /// Drops this flow and opens a new one; the page resets its own steps.
    pub fn reiniciar(self) {
        self.captcha.olvidar();
        self.reinicios.update(|r| *r += 1);
    }
}
