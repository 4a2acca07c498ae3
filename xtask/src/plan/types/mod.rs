//! The plan: everything emission needs, decided from the spec.
//!
//! Planning ([`crate::plan`]) builds a [`Plan`]; emission ([`crate::emit`]) turns it into token
//! streams. Nothing here knows the spec format, and nothing in `emit` looks at the spec.

mod client;
mod model;
mod operation;

pub use client::*;
pub use model::*;
pub use operation::*;

/// Everything to generate for one spec.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Spec title, version.
    pub title: String,
    /// Spec version.
    pub version: String,
    /// Models in emission order.
    pub models: Vec<Model>,
    /// Traits (tags).
    pub traits: Vec<ApiTrait>,
    /// Operations.
    pub operations: Vec<Operation>,
    /// The client.
    pub client: ClientPlan,
}

/// Marks a doc line written by the generator (see [`raw_doc`]); other doc lines are spec text,
/// made safe for rustdoc when emitted.
pub const RAW_DOC: char = '\u{1}';

/// A generator-written doc line: emitted as written (it may hold intra-doc links such as
/// ``[`Client`]``).
pub fn raw_doc(line: impl Into<String>) -> String {
    format!("{RAW_DOC}{}", line.into())
}
