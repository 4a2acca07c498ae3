//! `# Example` sections of the generated methods and of the client: doctests that rustdoc
//! compiles. They name the crate through `env!("CARGO_CRATE_NAME")` (a `#[doc = concat!(..)]`
//! line), so the generator needs no crate name; the arguments a method takes are the
//! parameters of a hidden function, typed as in the method's signature, so an example compiles
//! for every construct a spec can hold.

use crate::emit::types::ident;
use crate::plan::{ClientPlan, Credential};
use proc_macro2::TokenStream;
use quote::quote;

/// One line of an example: plain text, or a hidden `use` of paths of this crate.
enum Line {
    Text(String),
    Use(String),
}

/// The `#[doc]` attributes of an example: a `# Example` heading and a code block.
fn render(fence: &str, lines: Vec<Line>) -> TokenStream {
    let mut attrs = vec![
        quote!(#[doc = ""]),
        quote!(#[doc = " # Example"]),
        quote!(#[doc = ""]),
    ];
    let open = format!(" ```{fence}");
    attrs.push(quote!(#[doc = #open]));
    for line in lines {
        attrs.push(match line {
            Line::Text(t) => {
                let t = format!(" {t}");
                quote!(#[doc = #t])
            }
            Line::Use(paths) => {
                let tail = format!("::{paths};");
                quote!(#[doc = concat!(" # use ", env!("CARGO_CRATE_NAME"), #tail)])
            }
        });
    }
    attrs.push(quote!(#[doc = " ```"]));
    quote!(#(#attrs)*)
}

/// What an operation's examples need to know of it.
pub struct Call<'a> {
    /// The trait holding the operation.
    pub trait_name: &'a str,
    /// The method name, e.g. `get_token`.
    pub method: &'a str,
    /// The arguments after `&self`, as in the signature (`id: &str`, `params: FooParams`).
    pub args: &'a [TokenStream],
    /// The argument names, in order.
    pub names: &'a [TokenStream],
    /// The params struct of optional parameters, the last argument when present.
    pub params_struct: Option<&'a str>,
    /// The struct of a multipart body, when the body is one.
    pub body_struct: Option<&'a str>,
    /// True when the operation answers with no body.
    pub empty: bool,
}

impl Call<'_> {
    /// The receiver's name: `client`, unless an argument has that name.
    fn receiver(&self) -> String {
        let taken = |n: &str| self.names.iter().any(|a| a.to_string() == n);
        ["client", "api_client", "sdk_client"]
            .into_iter()
            .find(|n| !taken(n))
            .unwrap_or("sdk_client_")
            .to_owned()
    }

    /// The hidden imports, the hidden function head and, for a params struct, its visible
    /// `Default` line.
    fn head(&self, receiver: &str) -> Vec<Line> {
        let mut uses = format!("{{Client, Error, {}", self.trait_name);
        for s in [self.body_struct, self.params_struct].into_iter().flatten() {
            uses.push_str(&format!(", {s}"));
        }
        uses.push('}');
        let hidden: Vec<String> = match self.params_struct {
            Some(_) => self.args[..self.args.len() - 1].iter(),
            None => self.args.iter(),
        }
        .map(|a| {
            a.to_string()
                .replace(" : ", ": ")
                .replace(" :: ", "::")
                .replace("& ", "&")
                .replace(" < ", "<")
                .replace(" >", ">")
        })
        .collect();
        let mut params = format!("{receiver}: &Client");
        for a in hidden {
            params.push_str(", ");
            params.push_str(&a);
        }
        let mut lines = vec![
            Line::Use("models::*".to_owned()),
            Line::Use(uses),
            Line::Text(format!(
                "# async fn example({params}) -> ::core::result::Result<(), Error> {{"
            )),
        ];
        if let Some(s) = self.params_struct {
            lines.push(Line::Text(format!("let params = {s}::default();")));
        }
        lines
    }

    fn call(&self, receiver: &str, suffix: &str) -> String {
        let names: Vec<String> = self.names.iter().map(ToString::to_string).collect();
        let method = ident(&format!("{}{suffix}", self.method));
        format!("{receiver}.{method}({})", names.join(", "))
    }

    fn tail(lines: &mut Vec<Line>) {
        lines.push(Line::Text("# Ok(())".to_owned()));
        lines.push(Line::Text("# }".to_owned()));
    }

    /// The example of the trait method: the call, with a not-found answer told apart.
    pub fn trait_method(&self) -> TokenStream {
        let r = self.receiver();
        let mut lines = self.head(&r);
        lines.push(Line::Text(format!("match {}.await {{", self.call(&r, ""))));
        lines.push(Line::Text(if self.empty {
            "    Ok(()) => println!(\"done\"),".to_owned()
        } else {
            "    Ok(value) => println!(\"{value:?}\"),".to_owned()
        }));
        lines.push(Line::Text(
            "    Err(e) if e.is_not_found() => eprintln!(\"not found: {e}\"),".to_owned(),
        ));
        lines.push(Line::Text("    Err(e) => return Err(e.into()),".to_owned()));
        lines.push(Line::Text("}".to_owned()));
        Self::tail(&mut lines);
        render("no_run", lines)
    }

    /// The example of the `*_with_response` method: status and rate limit, then the body.
    pub fn with_response(&self) -> TokenStream {
        let r = self.receiver();
        let mut lines = self.head(&r);
        lines.push(Line::Text(format!(
            "let response = {}.await?;",
            self.call(&r, "_with_response")
        )));
        lines.push(Line::Text(
            "println!(\"{} (rate limit {:?})\", response.status, response.rate_limit);".to_owned(),
        ));
        lines.push(Line::Text("let body = response.into_body();".to_owned()));
        if !self.empty {
            lines.push(Line::Text("println!(\"{body:?}\");".to_owned()));
        }
        Self::tail(&mut lines);
        render("no_run", lines)
    }

    /// The example of the `*_stream` method: every item collected.
    pub fn stream(&self) -> TokenStream {
        let r = self.receiver();
        let mut lines = self.head(&r);
        lines.insert(
            0,
            Line::Text("# use futures::TryStreamExt as _;".to_owned()),
        );
        lines.push(Line::Text(format!(
            "let items: Vec<_> = {}.try_collect().await?;",
            self.call(&r, "_stream")
        )));
        lines.push(Line::Text(
            "println!(\"{} items\", items.len());".to_owned(),
        ));
        Self::tail(&mut lines);
        render("no_run", lines)
    }
}

/// The example of `Client`: a client built with the first credential of the spec (a doctest
/// that runs: building opens no connection). The chain stands on one line when it is short.
pub fn client(c: &ClientPlan) -> TokenStream {
    let mut calls = Vec::new();
    if c.server_template.is_none() {
        calls.push(".base_url(\"https://api.example.com\")".to_owned());
    }
    for v in &c.vars {
        calls.push(format!(".{}({:?})", ident(&v.rust), v.default));
    }
    if let Some(s) = c.schemes.first() {
        let args = match &s.credential {
            Credential::Bearer => "\"my-token\"",
            Credential::ApiKeyHeader(_) | Credential::ApiKeyQuery(_) => "\"my-api-key\"",
            Credential::ClientCredentials(_) => "\"my-client-id\", \"my-client-secret\"",
        };
        calls.push(format!(".{}({args})", ident(&s.method)));
    }
    calls.push(".build()?;".to_owned());
    let one_line = format!("let client = Client::builder(){}", calls.concat());
    let mut lines = vec![Line::Use("Client".to_owned())];
    if one_line.len() <= ONE_LINE {
        lines.push(Line::Text(one_line));
    } else {
        lines.push(Line::Text("let client = Client::builder()".to_owned()));
        lines.extend(
            calls
                .into_iter()
                .map(|call| Line::Text(format!("    {call}"))),
        );
    }
    lines.push(Line::Text(
        "# Ok::<(), apiclient_core::ConfigError>(())".to_owned(),
    ));
    render("", lines)
}

/// The longest example line written on one line (as rustfmt's default width, less `/// `).
const ONE_LINE: usize = 96;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_call_avoids_argument_names_and_keywords() {
        let args = [quote!(client: &str), quote!(params: MatchParams)];
        let names = [quote!(client), quote!(params)];
        let call = Call {
            trait_name: "ThingsApi",
            method: "match",
            args: &args,
            names: &names,
            params_struct: Some("MatchParams"),
            body_struct: None,
            empty: false,
        };
        let text = call.trait_method().to_string();
        assert!(
            text.contains("# async fn example(api_client: &Client, client: &str)"),
            "{text}"
        );
        assert!(
            text.contains("let params = MatchParams::default();"),
            "{text}"
        );
        assert!(
            text.contains("match api_client.r#match(client, params).await {"),
            "{text}"
        );
        let text = call.with_response().to_string();
        assert!(
            text.contains("api_client.match_with_response(client, params).await?"),
            "{text}"
        );
    }
}
