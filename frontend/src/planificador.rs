//! The executor that runs the app's asynchronous work in the browser: hydration, effects,
//! server calls.
//!
//! Leptos' default (wasm-bindgen-futures) polls every ready task in microtasks, so all the work
//! one event sets off is one task of the browser's: on a page's first visit, hydrating the page
//! and then every effect it starts (opening the flow, asking for the captcha…) held the main
//! thread 25–35 ms on a fast machine, ten times that on a slow phone, with no input handled and
//! no frame drawn in between. This one also starts in a microtask, so what fits in its slice
//! still runs as before, in the same task; once a slice has taken [`PRESUPUESTO_MS`], the tasks
//! still ready wait for a new task of the browser's (a `MessageChannel` message, which unlike
//! `setTimeout` is not delayed), and the browser gets the thread back in between. One poll of a
//! task is never cut: a page's hydration is one.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Wake, Waker};

/// How long one slice runs tasks before it gives the thread back. Tasks of 50 ms or more are
/// "long" to a browser; a phone is 4–10 times slower than the machines this was measured on.
const PRESUPUESTO_MS: f64 = 4.0;

type Tarea = Pin<Box<dyn Future<Output = ()>>>;

enum Ranura {
    Libre,
    Esperando(Tarea),
    /// Being polled: a wake now queues it again, to poll once this poll ends.
    EnCurso,
}

/// The tasks and the queue of those ready to be polled. Pure logic: the clock, the wakers and
/// the running of slices are the caller's (the browser's, or a test's).
#[derive(Default)]
struct Cola {
    ranuras: Vec<Ranura>,
    libres: Vec<usize>,
    listas: VecDeque<usize>,
    /// A slice is already due (as a microtask or a new task): no need to ask for another.
    programada: bool,
}

/// What the queue asks of its caller after a change.
#[derive(Debug, PartialEq, Eq)]
enum Pedido {
    Nada,
    /// Run a slice soon, in this task (a microtask).
    Microtarea,
    /// Run a slice in a new task of the browser's.
    NuevaTarea,
}

impl Cola {
    /// Adds a task, ready to be polled.
    fn agregar(&mut self, tarea: Tarea) -> (usize, Pedido) {
        let id = match self.libres.pop() {
            Some(id) => {
                self.ranuras[id] = Ranura::Esperando(tarea);
                id
            }
            None => {
                self.ranuras.push(Ranura::Esperando(tarea));
                self.ranuras.len() - 1
            }
        };
        (id, self.despertar(id))
    }

    /// Queues task `id` to be polled (once, however many times it is woken before that).
    fn despertar(&mut self, id: usize) -> Pedido {
        if matches!(self.ranuras.get(id), None | Some(Ranura::Libre)) || self.listas.contains(&id) {
            return Pedido::Nada;
        }
        self.listas.push_back(id);
        if self.programada {
            Pedido::Nada
        } else {
            self.programada = true;
            Pedido::Microtarea
        }
    }

    /// The next ready task, taken out to be polled; `None` ends the slice.
    fn siguiente(&mut self) -> Option<(usize, Tarea)> {
        while let Some(id) = self.listas.pop_front() {
            // A task can finish after it was woken: its slot is then free (or another's).
            match std::mem::replace(&mut self.ranuras[id], Ranura::EnCurso) {
                Ranura::Esperando(tarea) => return Some((id, tarea)),
                otra => self.ranuras[id] = otra,
            }
        }
        self.programada = false;
        None
    }

    /// Puts a polled task back, or frees its slot when it finished.
    fn devolver(&mut self, id: usize, tarea: Option<Tarea>) {
        match tarea {
            Some(tarea) => self.ranuras[id] = Ranura::Esperando(tarea),
            None => {
                self.ranuras[id] = Ranura::Libre;
                self.libres.push(id);
            }
        }
    }
}

/// Runs one slice: polls ready tasks until none is left (`Pedido::Nada`) or the slice has run
/// [`PRESUPUESTO_MS`] with some still ready (`Pedido::NuevaTarea`). The queue is borrowed only
/// between polls: a task spawns and wakes others. `despertador` makes task `id`'s waker.
fn rebanada(cola: &RefCell<Cola>, ahora_ms: impl Fn() -> f64, despertador: impl Fn(usize) -> Waker) -> Pedido {
    let inicio = ahora_ms();
    loop {
        let Some((id, mut tarea)) = cola.borrow_mut().siguiente() else { return Pedido::Nada };
        let lista = tarea.as_mut().poll(&mut Context::from_waker(&despertador(id))).is_ready();
        // A finished task is dropped here, outside the borrow (its drop may wake others).
        let pendiente = (!lista).then_some(tarea);
        let mut cola = cola.borrow_mut();
        cola.devolver(id, pendiente);
        if !cola.listas.is_empty() && ahora_ms() - inicio >= PRESUPUESTO_MS {
            return Pedido::NuevaTarea;
        }
    }
}

/// A task's waker: its id, and what queues it.
struct Despertador {
    id: usize,
    al_despertar: fn(usize),
}

impl Wake for Despertador {
    fn wake(self: Arc<Self>) {
        (self.al_despertar)(self.id)
    }
}

pub use navegador::instalar;

mod navegador {
    use super::{rebanada, Cola, Despertador, Pedido, Tarea};
    use leptos::prelude::window;
    use std::cell::RefCell;
    use std::sync::Arc;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    struct Navegador {
        cola: RefCell<Cola>,
        /// Runs a slice (as a microtask, or on a message to `puerto`).
        vaciar: js_sys::Function,
        /// Posting to it runs a slice in a new task of the browser's.
        puerto: web_sys::MessagePort,
        rendimiento: web_sys::Performance,
    }

    thread_local! {
        static NAVEGADOR: Navegador = Navegador::new();
    }

    impl Navegador {
        fn new() -> Self {
            let vaciar: js_sys::Function =
                Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| vaciar()).into_js_value().unchecked_into();
            let canal = web_sys::MessageChannel::new().expect("MessageChannel");
            canal.port2().set_onmessage(Some(&vaciar));
            Navegador {
                cola: RefCell::default(),
                vaciar,
                puerto: canal.port1(),
                rendimiento: window().performance().expect("performance"),
            }
        }

        fn pedir(&self, pedido: Pedido) {
            match pedido {
                Pedido::Nada => {}
                Pedido::Microtarea => window().queue_microtask(&self.vaciar),
                Pedido::NuevaTarea => {
                    // Cannot fail: the message is null and the port ours.
                    let _ = self.puerto.post_message(&JsValue::NULL);
                }
            }
        }
    }

    fn despertar(id: usize) {
        NAVEGADOR.with(|n| {
            let pedido = n.cola.borrow_mut().despertar(id);
            n.pedir(pedido)
        })
    }

    fn vaciar() {
        NAVEGADOR.with(|n| {
            let pedido = rebanada(
                &n.cola,
                || n.rendimiento.now(),
                |id| Arc::new(Despertador { id, al_despertar: despertar }).into(),
            );
            n.pedir(pedido)
        })
    }

    fn agregar(tarea: Tarea) {
        NAVEGADOR.with(|n| {
            let (_, pedido) = n.cola.borrow_mut().agregar(tarea);
            n.pedir(pedido)
        })
    }

    struct Ejecutor;

    impl any_spawner::CustomExecutor for Ejecutor {
        fn spawn(&self, tarea: any_spawner::PinnedFuture<()>) {
            agregar(tarea)
        }

        fn spawn_local(&self, tarea: any_spawner::PinnedLocalFuture<()>) {
            agregar(tarea)
        }

        fn poll_local(&self) {}
    }

    /// Makes this the executor of every task Leptos and the app spawn: call before hydrating.
    pub fn instalar() {
        let _ = any_spawner::Executor::init_custom_executor(Ejecutor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::task::Poll;

    thread_local! {
        // Each test runs on its own thread, so each has its own queue and clock.
        static COLA: RefCell<Cola> = RefCell::default();
        static RELOJ: Cell<f64> = const { Cell::new(0.0) };
        static REGISTRO: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    }

    fn despertar(id: usize) {
        COLA.with(|c| c.borrow_mut().despertar(id));
    }

    fn agregar(tarea: Tarea) -> (usize, Pedido) {
        COLA.with(|c| c.borrow_mut().agregar(tarea))
    }

    fn rebanada_de_prueba() -> Pedido {
        COLA.with(|c| rebanada(c, || RELOJ.get(), |id| Arc::new(Despertador { id, al_despertar: despertar }).into()))
    }

    /// A task that takes `ms` of the clock and notes its name.
    fn tarea(nombre: &'static str, ms: f64) -> Tarea {
        Box::pin(async move {
            RELOJ.set(RELOJ.get() + ms);
            REGISTRO.with_borrow_mut(|r| r.push(nombre));
        })
    }

    fn registro() -> Vec<&'static str> {
        REGISTRO.with_borrow(Vec::clone)
    }

    #[test]
    fn tasks_that_fit_in_the_budget_run_in_one_slice_started_as_a_microtask() {
        assert_eq!(agregar(tarea("a", 1.0)).1, Pedido::Microtarea);
        assert_eq!(agregar(tarea("b", 1.0)).1, Pedido::Nada, "one slice is due already");
        assert_eq!(rebanada_de_prueba(), Pedido::Nada);
        assert_eq!(registro(), ["a", "b"]);
        // That slice is over: the next task asks for another.
        assert_eq!(agregar(tarea("c", 1.0)).1, Pedido::Microtarea);
    }

    #[test]
    fn once_the_budget_is_spent_the_rest_waits_for_a_new_task_of_the_browser() {
        for (nombre, ms) in [("hidratar", 20.0), ("flujo", 3.0), ("captcha", 2.0), ("titulo", 1.0)] {
            agregar(tarea(nombre, ms));
        }
        // A poll is never cut: the hydration runs whole, then the slice ends.
        assert_eq!(rebanada_de_prueba(), Pedido::NuevaTarea);
        assert_eq!(registro(), ["hidratar"]);
        // Until that new task runs, more work joins the queue without asking for another.
        assert_eq!(agregar(tarea("efecto", 0.5)).1, Pedido::Nada);
        // 3 + 2 ms reach the budget of 4.
        assert_eq!(rebanada_de_prueba(), Pedido::NuevaTarea);
        assert_eq!(registro(), ["hidratar", "flujo", "captcha"]);
        assert_eq!(rebanada_de_prueba(), Pedido::Nada);
        assert_eq!(registro(), ["hidratar", "flujo", "captcha", "titulo", "efecto"]);
    }

    /// Pending until `lista` is set.
    fn espera(lista: Rc<Cell<bool>>) -> impl Future<Output = ()> {
        std::future::poll_fn(move |_| if lista.get() { Poll::Ready(()) } else { Poll::Pending })
    }

    #[test]
    fn a_pending_task_is_polled_again_only_when_woken_and_once_however_often_woken() {
        let (lista, sondeos) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(0)));
        let (l, s) = (lista.clone(), sondeos.clone());
        let (id, _) = agregar(Box::pin(async move {
            s.set(s.get() + 1);
            espera(l).await;
            s.set(s.get() + 1);
        }));
        assert_eq!(rebanada_de_prueba(), Pedido::Nada);
        assert_eq!(sondeos.get(), 1);
        assert_eq!(rebanada_de_prueba(), Pedido::Nada);
        assert_eq!(sondeos.get(), 1, "nothing woke it, nothing polled it");
        lista.set(true);
        assert_eq!(COLA.with(|c| c.borrow_mut().despertar(id)), Pedido::Microtarea);
        assert_eq!(COLA.with(|c| c.borrow_mut().despertar(id)), Pedido::Nada);
        assert_eq!(rebanada_de_prueba(), Pedido::Nada);
        assert_eq!(sondeos.get(), 2);
        // Finished: its slot is free, and waking it queues nothing.
        assert_eq!(COLA.with(|c| c.borrow_mut().despertar(id)), Pedido::Nada);
        assert!(COLA.with(|c| c.borrow().listas.is_empty()));
    }

    #[test]
    fn a_task_that_wakes_itself_or_spawns_another_while_polled_runs_again_in_the_same_slice() {
        let vueltas = Rc::new(Cell::new(0));
        let v = vueltas.clone();
        agregar(Box::pin(std::future::poll_fn(move |cx| {
            v.set(v.get() + 1);
            match v.get() {
                1 => {
                    agregar(tarea("hija", 0.0));
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
                _ => Poll::Ready(()),
            }
        })));
        assert_eq!(rebanada_de_prueba(), Pedido::Nada);
        assert_eq!(vueltas.get(), 2);
        assert_eq!(registro(), ["hija"]);
    }

    #[test]
    fn a_finished_tasks_slot_serves_the_next_task() {
        let (primera, _) = agregar(tarea("a", 0.0));
        rebanada_de_prueba();
        let (segunda, _) = agregar(tarea("b", 0.0));
        assert_eq!(primera, segunda);
        rebanada_de_prueba();
        assert_eq!(registro(), ["a", "b"]);
    }
}
