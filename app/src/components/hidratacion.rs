//! A lazy route's page hydrates in one go once its code has arrived.
//!
//! `hydrate_lazy` hydrates the app asynchronously, so that a route can wait for its chunk, and
//! tachys' asynchronous hydration goes down the whole view: every element, text and closure of
//! a page got an `async` copy of its hydration beside the synchronous one, and those state
//! machines were the largest part of each page's chunks (docs/rendimiento.md). Inside a page
//! nothing waits for code, so [`Sincrona`] stops the asynchronous descent at the page's root:
//! the rest hydrates synchronously, as a page of an app without lazy routes does.
//!
//! An `AnyView` keeps both hydrations of its view, whichever its parent uses, so a type-erased
//! view inside a page is made with [`IntoAnySincrona::into_any_sincrona`] rather than `into_any`.
//!
//! One go is one task of the browser's, though, and on a slow phone a page's hydration is long
//! enough to hold back a tap or a frame (Lighthouse's blocking time). [`Aparte`] takes a part of
//! the page (a field, the captcha, the header) out of that task: its element is passed over, and
//! hydrated a moment later in a task of its own, which the executor (frontend/src/planificador.rs)
//! runs in the same slice or, once the slice has had its share, after the browser's turn.

use leptos::prelude::{AnyView, IntoAny, View};
use leptos::reactive::owner::Owner;
use leptos::tachys::{
    html::{
        attribute::{any_attribute::AnyAttribute, Attribute},
        element::HtmlElement,
    },
    hydration::Cursor,
    renderer::types::{Element, Node},
    ssr::StreamBuilder,
    view::{add_attr::AddAnyAttr, Mountable, Position, PositionState, Render, RenderHtml},
};
use leptos::wasm_bindgen::JsCast;
use std::{
    cell::RefCell,
    future::Future,
    pin::Pin,
    rc::{Rc, Weak},
    task::{Context, Poll},
};

/// The server's side of a wrapper around a view (`self.0`): its HTML is its view's.
macro_rules! html_de_la_vista {
    () => {
        fn html_len(&self) -> usize {
            self.0.html_len()
        }

        fn to_html_with_buf(
            self,
            buf: &mut String,
            position: &mut Position,
            escape: bool,
            mark_branches: bool,
            extra_attrs: Vec<AnyAttribute>,
        ) {
            self.0.to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
        }

        fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
            self,
            buf: &mut StreamBuilder,
            position: &mut Position,
            escape: bool,
            mark_branches: bool,
            extra_attrs: Vec<AnyAttribute>,
        ) {
            self.0.to_html_async_with_buf::<OUT_OF_ORDER>(buf, position, escape, mark_branches, extra_attrs)
        }
    };
}

/// A view whose asynchronous hydration is its synchronous one (the trait's default); every
/// other step is the inner view's own.
pub struct Sincrona<V>(pub V);

impl<V: Render> Render for Sincrona<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: AddAnyAttr> AddAnyAttr for Sincrona<V> {
    type Output<A: Attribute> = Sincrona<V::Output<A>>;

    fn add_any_attr<A: Attribute>(self, attr: A) -> Self::Output<A>
    where
        Self::Output<A>: RenderHtml,
    {
        Sincrona(self.0.add_any_attr(attr))
    }
}

impl<V: RenderHtml> RenderHtml for Sincrona<V> {
    type AsyncOutput = Sincrona<V::AsyncOutput>;
    type Owned = Sincrona<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve()
    }

    async fn resolve(self) -> Self::AsyncOutput {
        Sincrona(self.0.resolve().await)
    }

    html_de_la_vista!();

    fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    fn into_owned(self) -> Self::Owned {
        Sincrona(self.0.into_owned())
    }
}

/// `into_any` for the views inside a page: the same type erasure, without an asynchronous
/// hydration nothing there calls.
pub trait IntoAnySincrona: RenderHtml + 'static {
    fn into_any_sincrona(self) -> AnyView {
        Sincrona(self).into_any()
    }
}

impl<V: RenderHtml + 'static> IntoAnySincrona for V {}

/// A view of one element whose hydration, in the browser, waits for a task of its own (see the
/// module's comment). Anything that touches the part before then (a parent's rebuild, moving
/// or removing it) hydrates it first, so it is never seen half-done. On the server, and when
/// built in the browser rather than hydrated, it is its view.
pub struct Aparte<V>(V);

impl<V: UnElemento> Aparte<V> {
    pub fn new(vista: V) -> Self {
        Self(vista)
    }
}

/// The views [`Aparte`] can hold: one element, so that passing over it is one step of the cursor.
pub trait UnElemento {}

impl<E, At, Ch> UnElemento for HtmlElement<E, At, Ch> {}

/// What `view!` makes of one element.
impl<V: UnElemento> UnElemento for View<V> {}

/// An [`Aparte`]'s state: its view's, once hydrated.
pub struct EstadoAparte<S>(Rc<RefCell<Parte<S>>>);

enum Parte<S> {
    Hidratada(S),
    Pendiente(Box<dyn FnOnce() -> S>),
    /// Only while its hydration runs.
    Hidratandose,
}

/// What the deferred task sees of a part: not its type, so that task is one function for all.
trait Pendiente {
    fn hidratar(&self);
}

impl<S> Pendiente for RefCell<Parte<S>> {
    fn hidratar(&self) {
        if !matches!(*self.borrow(), Parte::Pendiente(_)) {
            return;
        }
        if let Parte::Pendiente(hidratar) = self.replace(Parte::Hidratandose) {
            let estado = hidratar();
            self.replace(Parte::Hidratada(estado));
        }
    }
}

impl<S> EstadoAparte<S> {
    /// The part's state, hydrating it now if it still waits.
    fn con<T>(&self, f: impl FnOnce(&mut S) -> T) -> Option<T> {
        self.0.hidratar();
        match &mut *self.0.borrow_mut() {
            Parte::Hidratada(estado) => Some(f(estado)),
            _ => None,
        }
    }
}

/// Hydrates `parte` after every task already waiting in the executor, unless something has
/// hydrated or dropped it by then.
fn diferir(parte: Weak<dyn Pendiente>) {
    leptos::task::spawn_local(async move {
        CederTurno(false).await;
        if let Some(parte) = parte.upgrade() {
            parte.hidratar();
        }
    });
}

/// Pending once: the task goes back to the end of the executor's queue.
struct CederTurno(bool);

impl Future for CederTurno {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl<S: Mountable> Mountable for EstadoAparte<S> {
    fn unmount(&mut self) {
        self.con(S::unmount);
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        self.con(|estado| estado.mount(parent, marker));
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.con(|estado| estado.insert_before_this(child)).unwrap_or(false)
    }

    fn elements(&self) -> Vec<Element> {
        self.con(|estado| estado.elements()).unwrap_or_default()
    }
}

impl<V: Render> Render for Aparte<V> {
    type State = EstadoAparte<V::State>;

    fn build(self) -> Self::State {
        EstadoAparte(Rc::new(RefCell::new(Parte::Hidratada(self.0.build()))))
    }

    fn rebuild(self, state: &mut Self::State) {
        state.con(|estado| self.0.rebuild(estado));
    }
}

/// An attribute added from outside is its element's, hydrated with the rest of the page.
impl<V: AddAnyAttr> AddAnyAttr for Aparte<V> {
    type Output<A: Attribute> = V::Output<A>;

    fn add_any_attr<A: Attribute>(self, attr: A) -> Self::Output<A>
    where
        Self::Output<A>: RenderHtml,
    {
        self.0.add_any_attr(attr)
    }
}

impl<V: RenderHtml + 'static> RenderHtml for Aparte<V> {
    /// Only the server waits for a view's data, and renders it as its view.
    type AsyncOutput = V::AsyncOutput;
    type Owned = Aparte<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve()
    }

    async fn resolve(self) -> Self::AsyncOutput {
        self.0.resolve().await
    }

    html_de_la_vista!();

    fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        if !FROM_SERVER {
            return EstadoAparte(Rc::new(RefCell::new(Parte::Hidratada(self.0.hydrate::<false>(cursor, position)))));
        }
        // The cursor's step onto the element, as the element's own hydration would take it.
        match position.get() {
            Position::FirstChild => cursor.child(),
            Position::Current => {}
            _ => cursor.sibling(),
        }
        let elemento: Element = cursor.current().unchecked_into();
        position.set(Position::NextChild);
        // Hydrated under the owner it would have had now, so its effects are disposed with it.
        let owner = Owner::current();
        let vista = self.0;
        let hidratar = move || {
            let hidratar = || vista.hydrate::<true>(&Cursor::new(elemento), &PositionState::new(Position::Current));
            match owner {
                Some(owner) => owner.with(hidratar),
                None => hidratar(),
            }
        };
        let parte: Rc<RefCell<Parte<V::State>>> = Rc::new(RefCell::new(Parte::Pendiente(Box::new(hidratar))));
        diferir(Rc::downgrade(&parte) as Weak<dyn Pendiente>);
        EstadoAparte(parte)
    }

    fn into_owned(self) -> Self::Owned {
        Aparte(self.0.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{
        cell::Cell,
        sync::{
            atomic::{AtomicUsize, Ordering},
            Arc,
        },
        task::{Wake, Waker},
    };

    fn pendiente(hidrataciones: &Rc<Cell<u32>>) -> EstadoAparte<u32> {
        let hidrataciones = hidrataciones.clone();
        EstadoAparte(Rc::new(RefCell::new(Parte::Pendiente(Box::new(move || {
            hidrataciones.set(hidrataciones.get() + 1);
            7
        })))))
    }

    #[test]
    fn a_waiting_part_is_hydrated_by_the_first_touch_and_only_once() {
        let hidrataciones = Rc::new(Cell::new(0));
        let parte = pendiente(&hidrataciones);
        assert_eq!(hidrataciones.get(), 0, "nothing runs before the part is touched");
        assert_eq!(parte.con(|estado| *estado), Some(7));
        assert_eq!(parte.con(|estado| *estado), Some(7));
        assert_eq!(hidrataciones.get(), 1);
    }

    #[test]
    fn a_part_built_rather_than_hydrated_keeps_its_state() {
        let parte = EstadoAparte(Rc::new(RefCell::new(Parte::Hidratada(3))));
        parte.0.hidratar();
        assert_eq!(parte.con(|estado| *estado), Some(3));
        assert_eq!(parte.con(|estado| *estado), Some(3));
    }

    #[test]
    fn the_deferred_hydration_does_nothing_to_a_part_already_hydrated() {
        let hidrataciones = Rc::new(Cell::new(0));
        let parte = pendiente(&hidrataciones);
        parte.con(|estado| *estado += 1);
        parte.0.hidratar();
        assert_eq!(hidrataciones.get(), 1);
        assert_eq!(parte.con(|estado| *estado), Some(8), "the state the touch changed is kept");
    }

    #[test]
    fn giving_up_the_turn_is_pending_once_and_asks_to_be_polled_again() {
        struct Contador(AtomicUsize);
        impl Wake for Contador {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let contador = Arc::new(Contador(AtomicUsize::new(0)));
        let waker = Waker::from(contador.clone());
        let mut cx = Context::from_waker(&waker);
        let mut ceder = CederTurno(false);
        assert!(Pin::new(&mut ceder).poll(&mut cx).is_pending());
        assert_eq!(contador.0.load(Ordering::SeqCst), 1, "woken, so the executor queues it again");
        assert!(Pin::new(&mut ceder).poll(&mut cx).is_ready());
    }
}
