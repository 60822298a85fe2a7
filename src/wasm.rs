//! The wasm-bindgen API used by the extension and the demo page. No logic of its own: each
//! function converts arguments, calls the core and returns a plain JS object (via
//! serde-wasm-bindgen). Errors become JS exceptions with a message; nothing here panics.

use wasm_bindgen::prelude::*;

use crate::{Document, Pack, check_document, compare, extract};

type JsResult<T> = Result<T, JsError>;

fn to_js<T: serde::Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("could not build the result: {e}")))
}

/// A loaded reference pack.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Checker {
    pack: Pack,
}

#[wasm_bindgen]
impl Checker {
    /// Loads a pack from its bytes; throws if the pack is damaged.
    #[wasm_bindgen(constructor)]
    pub fn new(pack_bytes: &[u8]) -> JsResult<Checker> {
        let pack =
            Pack::from_bytes(pack_bytes.to_vec()).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Checker { pack })
    }

    /// Pack counts: references, fingerprints, bytes…
    pub fn info(&self) -> JsResult<JsValue> {
        to_js(&self.pack.info())
    }

    /// Checks a page (HTML is extracted first; `isHtml` undefined means guess from content).
    /// Returns `{ article, report }`.
    pub fn check(&self, input: &str, is_html: Option<bool>) -> JsResult<JsValue> {
        let document = match is_html {
            Some(true) => Document::Html(input),
            Some(false) => Document::Text(input),
            None => Document::sniff(input),
        };
        to_js(&check_document(&self.pack, document))
    }
}

/// Aligns a suspect text with a source text.
#[wasm_bindgen(js_name = compareTexts)]
pub fn compare_texts(suspect: &str, source: &str) -> JsResult<JsValue> {
    to_js(&compare(suspect, source))
}

/// Extracts the article (title, text, paragraphs) from an HTML page.
#[wasm_bindgen(js_name = extractArticle)]
pub fn extract_article(html: &str) -> JsResult<JsValue> {
    to_js(&extract::extract(Document::Html(html)))
}
