//! Plan → formatted Rust files.

pub mod api_ext;
pub mod blocking;
pub mod client;
pub mod conversions;
pub mod crate_files;
pub mod docs;
pub mod env;
pub mod errors;
pub mod header;
pub mod model_builders;
pub mod models;
pub mod operations;
pub mod sensitive;
pub mod types;

use crate::plan::Plan;
use anyhow::{Context, Result};
use proc_macro2::TokenStream;
use quote::quote;

/// One generated file: its path relative to the output directory, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path with `/` separators, e.g. `models.rs`.
    pub path: String,
    /// Contents.
    pub contents: String,
}

fn format(tokens: TokenStream, name: &str) -> Result<String> {
    let file: syn::File = syn::parse2(tokens)
        .with_context(|| format!("internal error: generated {name} does not parse"))?;
    Ok(prettyplease::unparse(&file))
}

/// Separates top-level items with a blank line (prettyplease puts none).
fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let ends_item = (line.ends_with('}') || line.ends_with(';'))
            && !line.starts_with(' ')
            && !line.starts_with("//");
        if let Some(next) = lines.get(i + 1)
            && ends_item
            && !next.is_empty()
            && !next.starts_with(' ')
            && !next.starts_with('}')
        {
            out.push('\n');
        }
    }
    out
}

/// The files of `src/generated/`: `mod.rs`, `models.rs`, `api.rs`, `client.rs`, `blocking.rs`,
/// and `errors.rs` when an operation has an error model.
///
/// Rendering runs on two threads (tokens and formatting stay on the thread that makes them):
/// the `impl Client` half of `api.rs` on a second one, its traits and the other files on this
/// one. Formatting the two halves of `api.rs` separately gives the same text as formatting the
/// whole, since prettyplease lays out each top-level item on its own.
pub fn render(plan: &Plan, spec_file: &str, hash: &str) -> Result<Vec<File>> {
    let header = header::line(spec_file, hash);
    let (client_half, others) = std::thread::scope(|scope| {
        let client_half = scope.spawn(|| {
            if plan.operations.is_empty() {
                return Ok(String::new());
            }
            format(operations::client_impl(plan), "api.rs")
        });
        let others = other_files(plan);
        (client_half.join(), others)
    });
    let client_half = match client_half {
        Ok(text) => text?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let [mod_text, models_text, api_head, client_text] = others?;
    let api = api_head + &client_half;
    let mut files = vec![
        ("mod.rs", mod_text),
        ("models.rs", models_text),
        ("api.rs", api),
        ("client.rs", client_text),
        (
            "blocking.rs",
            format(blocking::blocking(plan), "blocking.rs")?,
        ),
    ];
    if errors::any(plan) {
        files.push(("errors.rs", errors_rs(plan)?));
    }
    Ok(files
        .into_iter()
        .map(|(path, body)| File {
            path: path.to_owned(),
            contents: format!("{header}{}", space_items(&body)),
        })
        .collect())
}

/// The formatted text of `mod.rs`, `models.rs`, the traits half of `api.rs` and `client.rs`.
fn other_files(plan: &Plan) -> Result<[String; 4]> {
    let skip = skip();
    let client_items = client::client(plan);
    let client_rs = quote! {
        //! The client and its builder.
        #skip
        #client_items
    };
    Ok([
        format(mod_rs(plan, &skip), "mod.rs")?,
        models_rs(plan, &skip)?,
        api_head(plan, &skip)?,
        format(client_rs, "client.rs")?,
    ])
}

/// The inner attribute that keeps `cargo fmt` off a generated file.
fn skip() -> TokenStream {
    quote!(#![cfg_attr(rustfmt, rustfmt_skip)])
}

/// The formatted text of the first half of `api.rs`: its docs, imports and traits.
fn api_head(plan: &Plan, skip: &TokenStream) -> Result<String> {
    let tokens = if plan.operations.is_empty() {
        quote! {
            //! Operations (none in this spec).
            #skip
        }
    } else {
        let items = operations::traits(plan);
        let ext = api_ext::ext_traits(plan);
        quote! {
            //! Operations: one trait per tag, implemented by `Client`, and the extension traits
            //! that page through them.
            #skip
            #items
            #ext
        }
    };
    format(tokens, "api.rs")
}

/// `mod.rs`: the module docs, the submodules and re-exports, and the `Error` alias.
fn mod_rs(plan: &Plan, skip: &TokenStream) -> TokenStream {
    let title_line = format!(
        "Generated from the spec of {}{}: models, API traits and the client.",
        plan.title,
        if plan.version.is_empty() {
            String::new()
        } else {
            format!(" {}", plan.version)
        }
    );
    let mod_docs = docs::inner_attrs(&[title_line]);
    let (errors_mod, errors_use) = if errors::any(plan) {
        (
            quote!(
                mod errors;
            ),
            quote!(
                pub use self::errors::*;
            ),
        )
    } else {
        (quote!(), quote!())
    };
    let models_use = if plan.models.is_empty() {
        quote!()
    } else {
        quote!(
            pub use self::models::*;
        )
    };
    let api_use = if plan.operations.is_empty() {
        quote!()
    } else {
        quote!(
            pub use self::api::*;
        )
    };
    quote! {
        #mod_docs
        #skip
        mod api;
        mod client;
        #errors_mod
        #[cfg(feature = "blocking")]
        pub mod blocking;
        pub mod models;
        #api_use
        pub use self::client::*;
        #models_use
        #errors_use
        /// The error of an operation: `Error<OpError>` for an operation with an error model
        /// (`OpError`, an enum over the error statuses it documents, decoded by status), the
        /// plain `Error` (the body as JSON) for the others.
        ///
        /// The error of every operation converts into the plain `Error` with `From` (so `?`
        /// does it), to handle the errors of several operations as one type.
        pub type Error<E = serde_json::Value> = apiclient_core::Error<E>;
    }
}

/// The formatted text of `errors.rs`.
fn errors_rs(plan: &Plan) -> Result<String> {
    let skip = skip();
    let items = errors::errors(plan);
    format(
        quote! {
            //! Error models: per operation, the body of each error status it documents.
            #skip
            #items
        },
        "errors.rs",
    )
}

/// The formatted text of `models.rs`, with the string enums spliced in.
fn models_rs(plan: &Plan, skip: &TokenStream) -> Result<String> {
    let (model_items, enums) = models::models(&plan.models);
    let models_rs = quote! {
        //! Models: the schemas of the API.
        #skip
        #model_items
    };
    let formatted = format(models_rs, "models.rs")?;
    Ok(splice_enums(&formatted, &enums))
}

/// Replaces the marker `const __STRING_ENUM_{i}: () = ();` of each string enum by its text, in
/// one pass (the markers are in index order).
fn splice_enums(formatted: &str, enums: &[String]) -> String {
    let extra: usize = enums.iter().map(String::len).sum();
    let mut out = String::with_capacity(formatted.len() + extra);
    let mut rest = formatted;
    for (i, text) in enums.iter().enumerate() {
        let marker = format!("const __STRING_ENUM_{i}: () = ();\n");
        if let Some(at) = rest.find(&marker) {
            out.push_str(&rest[..at]);
            out.push_str(text);
            rest = &rest[at + marker.len()..];
        }
    }
    out.push_str(rest);
    out
}
