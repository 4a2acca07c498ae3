//! Media types of request and response bodies.

use crate::load::node::{Map, Node};

/// True for JSON media types (`application/json`, `*/*+json`, `*/json`).
pub(super) fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m.ends_with("/json")
}

/// Picks the media type to use from a `content` map.
pub(super) fn pick_media(content: &Map) -> Option<(&String, &Node)> {
    content
        .iter()
        .find(|(k, _)| k.split(';').next().unwrap_or("").trim() == "application/json")
        .or_else(|| content.iter().find(|(k, _)| is_json(k)))
        .or_else(|| {
            content
                .iter()
                .find(|(k, _)| k.starts_with("application/x-www-form-urlencoded"))
        })
        .or_else(|| content.iter().find(|(k, _)| k.starts_with("text/")))
        .or_else(|| content.iter().find(|(k, _)| !k.starts_with("multipart/")))
        .or_else(|| content.iter().next())
}

/// The media type without parameters (`application/json; charset=utf-8` → `application/json`).
pub(super) fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_owned()
}
