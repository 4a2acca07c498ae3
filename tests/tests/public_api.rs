//! The published crates' public API names no type of the HTTP library underneath (`reqwest`),
//! so that moving to its next major version is not a breaking change for callers. The one
//! exception is the escape hatch behind the `unstable-reqwest` feature, which says it is exempt
//! from semver.
//!
//! Every source file of the published crates is parsed and each `pub` item's signature is
//! checked: function signatures (free, inherent and trait methods), public fields and variant
//! fields, type aliases, constants, re-exports, the traits and types of every `impl`, and the
//! bodies of `macro_rules!` (they expand in the provider crates).

use quote::ToTokens;
use std::path::{Path, PathBuf};

/// The crates published to crates.io (their `src/` trees, generated code included).
const PUBLISHED: &[&str] = &[
    "apiclient-core",
    "gmodstore-pat",
    "xms-tokens",
    "sailpoint-common",
    "sailpoint-pat-v3",
    "sailpoint-pat-v2024",
];

#[test]
fn no_public_signature_names_a_reqwest_type() {
    let mut found = Vec::new();
    let mut files = 0;
    for krate in PUBLISHED {
        for file in rust_files(&workspace_root().join("crates").join(krate).join("src")) {
            let source = std::fs::read_to_string(&file).expect("readable source");
            let parsed = syn::parse_file(&source)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
            files += 1;
            let mut check = Check {
                file: &file,
                found: &mut found,
            };
            check.items(&parsed.items);
        }
    }
    assert!(
        files > 50,
        "only {files} files read: is the source tree there?"
    );
    assert!(
        found.is_empty(),
        "public items naming reqwest:\n{}",
        found.join("\n")
    );
}

/// The checker rejects what it is meant to find (so the test above cannot pass by reading
/// nothing).
#[test]
fn the_check_finds_reqwest_in_each_kind_of_public_item() {
    let cases = [
        "pub fn f(r: reqwest::Request) {}",
        "pub struct S { pub source: reqwest::Error }",
        "pub enum E { A(reqwest::Error) }",
        "pub trait T { fn f(&self, r: &mut reqwest::Request); }",
        "impl S { pub fn client(&self) -> &reqwest::Client { todo!() } }",
        "impl From<reqwest::Error> for S { fn from(_: reqwest::Error) -> Self { todo!() } }",
        "pub type Client = reqwest::Client;",
        "pub use reqwest;",
        "macro_rules! m { () => { pub fn f(_: reqwest::Client) {} }; }",
        "pub mod inner { pub fn f() -> reqwest::Response { todo!() } }",
    ];
    for case in cases {
        let found = findings(case);
        assert_eq!(found.len(), 1, "{case}: {found:?}");
    }
    let allowed = [
        "#[cfg(feature = \"unstable-reqwest\")] pub use reqwest;",
        "impl S { #[cfg(feature = \"unstable-reqwest\")] pub fn r(&self) -> &reqwest::Client { todo!() } }",
        "fn private(_: reqwest::Request) {}",
        "pub(crate) fn internal(_: reqwest::Request) {}",
        "impl S { fn private(&self, _: reqwest::Request) {} }",
        "#[cfg(test)] mod tests { pub fn f(_: reqwest::Client) {} }",
        "/// Unlike `reqwest::Client`, ...\npub fn documented() {}",
    ];
    for case in allowed {
        let found = findings(case);
        assert!(found.is_empty(), "{case}: {found:?}");
    }
}

/// What the check reports for the source `case`.
fn findings(case: &str) -> Vec<String> {
    let mut found = Vec::new();
    let parsed = syn::parse_file(case).expect("case parses");
    Check {
        file: Path::new("case.rs"),
        found: &mut found,
    }
    .items(&parsed.items);
    found
}

struct Check<'a> {
    file: &'a Path,
    found: &'a mut Vec<String>,
}

impl Check<'_> {
    fn items(&mut self, items: &[syn::Item]) {
        for item in items {
            self.item(item);
        }
    }

    fn item(&mut self, item: &syn::Item) {
        use syn::Item;
        match item {
            Item::Fn(f) if public(&f.vis) && !exempt(&f.attrs) => self.tokens(&f.sig, &f.sig.ident),
            Item::Struct(s) if public(&s.vis) && !exempt(&s.attrs) => {
                self.fields(&s.fields, &s.ident)
            }
            Item::Enum(e) if public(&e.vis) && !exempt(&e.attrs) => {
                for variant in &e.variants {
                    self.fields(&variant.fields, &variant.ident);
                }
            }
            Item::Trait(t) if public(&t.vis) && !exempt(&t.attrs) => {
                for item in &t.items {
                    if let syn::TraitItem::Fn(f) = item {
                        self.tokens(&f.sig, &f.sig.ident);
                    }
                }
            }
            Item::Impl(i) if !exempt(&i.attrs) => self.impl_block(i),
            Item::Type(t) if public(&t.vis) && !exempt(&t.attrs) => self.tokens(&t.ty, &t.ident),
            Item::Const(c) if public(&c.vis) && !exempt(&c.attrs) => self.tokens(&c.ty, &c.ident),
            Item::Static(s) if public(&s.vis) && !exempt(&s.attrs) => self.tokens(&s.ty, &s.ident),
            Item::Use(u) if public(&u.vis) && !exempt(&u.attrs) => self.tokens(&u.tree, &"pub use"),
            Item::Macro(m) if !exempt(&m.attrs) => self.tokens(&m.mac.tokens, &"macro_rules!"),
            Item::Mod(m) if !exempt(&m.attrs) => {
                if let Some((_, items)) = &m.content {
                    self.items(items);
                }
            }
            _ => {}
        }
    }

    fn impl_block(&mut self, block: &syn::ItemImpl) {
        let name = block.self_ty.to_token_stream().to_string();
        self.tokens(&block.self_ty, &name);
        if let Some((path, _)) = &block.trait_ {
            // A trait implementation is public whatever its methods' visibility.
            self.tokens(path, &name);
            return;
        }
        for item in &block.items {
            if let syn::ImplItem::Fn(f) = item
                && public(&f.vis)
                && !exempt(&f.attrs)
            {
                self.tokens(&f.sig, &f.sig.ident);
            }
        }
    }

    fn fields(&mut self, fields: &syn::Fields, owner: &syn::Ident) {
        for field in fields {
            // Tuple-variant fields inherit the enum's visibility.
            let variant_field = matches!(field.vis, syn::Visibility::Inherited)
                && field.ident.is_none()
                && matches!(fields, syn::Fields::Unnamed(_));
            if (public(&field.vis) || variant_field) && !exempt(&field.attrs) {
                self.tokens(&field.ty, owner);
            }
        }
    }

    fn tokens(&mut self, node: &dyn ToTokens, name: &dyn std::fmt::Display) {
        let text = node.to_token_stream().to_string();
        if text
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|w| w == "reqwest")
        {
            self.found
                .push(format!("{}: {name}: {text}", self.file.display()));
        }
    }
}

fn public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Items behind `cfg(test)` or the `unstable-reqwest` feature are not part of the stable API.
fn exempt(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && {
            let text = a.meta.to_token_stream().to_string();
            text.contains("unstable-reqwest") || text.contains("cfg (test)")
        }
    })
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}
