//! The path template of an operation and its placeholders.

use crate::plan::{Location, Param};
use anyhow::{Result, bail};

/// Fails unless every `{name}` of the template `path` is a declared path parameter.
pub(super) fn check_placeholders(path: &str, params: &[Param], ptr: &str) -> Result<()> {
    for segment in path.split('{').skip(1) {
        let name = segment.split('}').next().unwrap_or_default();
        if !params
            .iter()
            .any(|p| p.location == Location::Path && p.wire == name)
        {
            bail!("{ptr}: path parameter `{name}` of `{path}` is not declared");
        }
    }
    Ok(())
}
