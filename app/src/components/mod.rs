//! Reusable pieces of the pages.

pub mod campo;
pub mod captcha;
pub mod dialogo;
pub mod layout;
