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

use leptos::prelude::{AnyView, IntoAny};
use leptos::tachys::{
    html::attribute::{any_attribute::AnyAttribute, Attribute},
    hydration::Cursor,
    ssr::StreamBuilder,
    view::{add_attr::AddAnyAttr, Position, PositionState, Render, RenderHtml},
};

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
