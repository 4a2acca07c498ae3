//! The `*_stream` methods of paginated operations (`x-pagination`): cursor or offset paging
//! over the `*_with_response` method.

use super::super::docs;
use super::super::errors::error_ty;
use super::super::types::{arg_is_ref, ident, ty};
use super::{allow_many, arg_names, example_call, signature};
use crate::plan::{Operation, Pagination, Path, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// Borrowing expression for a cursor or total: `(expr, is_option_of_ref)`.
fn ref_chain(path: &Path) -> (TokenStream, bool) {
    let mut expr = quote!(page);
    let mut opt = false;
    for s in &path.steps {
        let f = ident(&s.rust);
        expr = match (opt, s.optional, s.three_state, s.boxed) {
            (false, true, _, true) => quote!(#expr.#f.as_deref()),
            (false, true, _, false) => quote!(#expr.#f.as_ref()),
            (false, _, true, true) => quote!(#expr.#f.as_value().map(|v| &**v)),
            (false, _, true, false) => quote!(#expr.#f.as_value()),
            (false, _, _, _) => quote!(#expr.#f),
            (true, true, _, true) => quote!(#expr.and_then(|v| v.#f.as_deref())),
            (true, true, _, false) => quote!(#expr.and_then(|v| v.#f.as_ref())),
            (true, _, true, true) => quote!(#expr.and_then(|v| v.#f.as_value()).map(|v| &**v)),
            (true, _, true, false) => quote!(#expr.and_then(|v| v.#f.as_value())),
            (true, _, _, _) => quote!(#expr.map(|v| &v.#f)),
        };
        opt |= s.optional || s.three_state;
    }
    (expr, opt)
}

/// Moving expression for the items: a `Vec<T>`.
fn items_expr(path: &Path) -> TokenStream {
    let mut expr = quote!(page);
    let mut opt = false;
    for s in &path.steps {
        let f = ident(&s.rust);
        expr = match (opt, s.optional, s.three_state, s.boxed) {
            (false, true, _, true) => quote!(#expr.#f.map(|v| *v)),
            (false, true, _, false) => quote!(#expr.#f),
            (false, _, true, true) => quote!(#expr.#f.into_option().flatten().map(|v| *v)),
            (false, _, true, false) => quote!(#expr.#f.into_option().flatten()),
            (false, _, _, true) => quote!((*#expr.#f)),
            (false, _, _, false) => quote!(#expr.#f),
            (true, true, _, true) => quote!(#expr.and_then(|v| v.#f).map(|v| *v)),
            (true, true, _, false) => quote!(#expr.and_then(|v| v.#f)),
            (true, _, true, true) => {
                quote!(#expr.and_then(|v| v.#f.into_option().flatten()).map(|v| *v))
            }
            (true, _, true, false) => quote!(#expr.and_then(|v| v.#f.into_option().flatten())),
            (true, _, _, true) => quote!(#expr.map(|v| *v.#f)),
            (true, _, _, false) => quote!(#expr.map(|v| v.#f)),
        };
        opt |= s.optional || s.three_state;
    }
    if opt {
        quote!(#expr.unwrap_or_default())
    } else {
        expr
    }
}

fn unsigned_small(t: &Ty) -> bool {
    matches!(t, Ty::Prim("u8" | "u16" | "u32"))
}

/// The `*_stream` method of `o`, paginated as `p` says.
/// `paging` is the expression giving the `apiclient_core::Paging` (the client's, or the trait's
/// `paging()` for the extension traits).
pub(in crate::emit) fn stream(
    o: &Operation,
    p: &Pagination,
    trait_name: &str,
    paging: &TokenStream,
) -> TokenStream {
    let f = ident(&format!("{}_stream", o.fn_name));
    let wr = ident(&format!("{}_with_response", o.fn_name));
    let borrowed = o.params.iter().any(|p| p.required && arg_is_ref(&p.ty));
    let lt = quote!('a);
    let (generics, lifetime, bound) = if borrowed {
        (quote!(<'a>), Some(&lt), quote!('a))
    } else {
        (quote!(), None, quote!('_))
    };
    let self_ref = if borrowed {
        quote!(&'a self)
    } else {
        quote!(&self)
    };
    let args = signature(o, lifetime);
    let names = arg_names(o);
    let allow = allow_many(o);
    let (item, doc, body) = match p {
        Pagination::Cursor {
            param,
            next,
            items,
            item,
        } => {
            let param = ident(param);
            let (next_expr, opt) = ref_chain(next);
            // `page.a.b.as_ref().cloned()` reads better as `page.a.b.clone()`.
            let simple_option = next.steps.last().is_some_and(|s| s.optional && !s.boxed)
                && next.steps[..next.steps.len() - 1]
                    .iter()
                    .all(|s| !s.optional && !s.three_state);
            let next_cursor = match (&next.leaf, opt) {
                (Ty::String, true) if simple_option => {
                    let fields = next.steps.iter().map(|s| ident(&s.rust));
                    quote!(page #(.#fields)*.clone())
                }
                (Ty::String, false) => quote!(Some(#next_expr.clone())),
                (Ty::String, true) => quote!(#next_expr.cloned()),
                (_, false) => quote!(Some(#next_expr.to_string())),
                (_, true) => quote!(#next_expr.map(ToString::to_string)),
            };
            let items = items_expr(items);
            let doc = docs::attrs(&[
                docs::raw(format!(
                    "Every item of [`{0}`](Self::{0}), fetched page by page (following the cursor `{1}`) as the stream is read.",
                    o.fn_name, param
                )),
                String::new(),
                docs::raw(
                    "The cursor set in `params` is ignored: the stream starts at the first page. An error ends the stream; so does a cursor already followed, or more pages than the client's `max_pages` (`Error::Pagination`).",
                ),
            ]);
            let body = quote! {
                #paging.cursor(move |cursor: Option<String>| {
                    let mut params = params.clone();
                    params.#param = cursor;
                    async move {
                        let page = self.#wr(#(#names),*).await?.body;
                        let next_cursor = #next_cursor;
                        let items = #items;
                        Ok(apiclient_core::paginate::CursorPage { items, next_cursor })
                    }
                })
            };
            (item, doc, body)
        }
        Pagination::Offset {
            limit,
            offset,
            default_limit,
            items,
            total,
            item,
        } => {
            let (limit_f, limit_ty) = (ident(&limit.0), &limit.1);
            let (offset_f, offset_ty) = (ident(&offset.0), &offset.1);
            let to_u64 = |t: &Ty| -> TokenStream {
                match t {
                    Ty::Prim("u64") => quote!(v.max(1)),
                    t if unsigned_small(t) => quote!(u64::from(v.max(1))),
                    _ => quote!(v.max(1) as u64),
                }
            };
            let conv = to_u64(limit_ty);
            let from_u64 = |t: &Ty, name: TokenStream| -> TokenStream {
                match t {
                    Ty::Prim("u64") => name,
                    Ty::Prim(p) => {
                        let p = ident(p);
                        quote!(#p::try_from(#name).unwrap_or(#p::MAX))
                    }
                    _ => name,
                }
            };
            let set_offset = from_u64(offset_ty, quote!(offset));
            let set_limit = from_u64(limit_ty, quote!(limit));
            let total_expr = match total {
                Some(t) => {
                    let (expr, opt) = ref_chain(t);
                    match (&t.leaf, opt) {
                        (Ty::Prim("u64"), false) => quote!(Some(#expr)),
                        (Ty::Prim("u64"), true) => quote!(#expr.copied()),
                        (l, false) if unsigned_small(l) => quote!(Some(u64::from(#expr))),
                        (l, true) if unsigned_small(l) => quote!(#expr.map(|v| u64::from(*v))),
                        (_, false) => quote!(u64::try_from(#expr).ok()),
                        (_, true) => quote!(#expr.and_then(|v| u64::try_from(*v).ok())),
                    }
                }
                None => quote!(None),
            };
            let items = items_expr(items);
            let doc = docs::attrs(&[
                docs::raw(format!(
                    "Every item of [`{0}`](Self::{0}), fetched page by page (`{1}`/`{2}`) as the stream is read.",
                    o.fn_name, limit.0, offset.0
                )),
                String::new(),
                docs::raw(format!(
                    "Pages hold the `{}` set in `params`, else {default_limit} items; the offset set in `params` is ignored. The stream ends on a short page or at the total. An error ends the stream; so does a full page identical to the previous one, or more pages than the client's `max_pages` (`Error::Pagination`).",
                    limit.0
                )),
            ]);
            let body = quote! {
                let page_size = params.#limit_f.map_or(#default_limit, |v| #conv);
                #paging.offset(page_size, move |offset, limit| {
                    let mut params = params.clone();
                    params.#offset_f = Some(#set_offset);
                    params.#limit_f = Some(#set_limit);
                    async move {
                        let page = self.#wr(#(#names),*).await?.body;
                        let total = #total_expr;
                        let items = #items;
                        Ok(apiclient_core::paginate::OffsetPage { items, total })
                    }
                })
            };
            (item, doc, body)
        }
    };
    let item = ty(item);
    let err = error_ty(o);
    let example = example_call(o, trait_name, |c| c.stream());
    quote! {
        #doc
        #example
        #allow
        pub fn #f #generics(#self_ref, #(#args),*) -> impl futures::Stream<Item = Result<#item, #err>> + Send + #bound {
            #body
        }
    }
}
