//! The wasm-bindgen API used by the extension and the demo page. No logic of its own: each
//! function converts arguments, calls the core and returns a plain JS object (via
//! serde-wasm-bindgen). Errors become JS exceptions with a message; nothing here panics.

use wasm_bindgen::prelude::*;

use serde::Deserialize;

use crate::{Document, Pack, PackBuilder, ReferenceDoc, check_document_in, compare, extract};

type JsResult<T> = Result<T, JsError>;

fn to_js<T: serde::Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("could not build the result: {e}")))
}

/// The bundled pack and, optionally, the user's own references.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Checker {
    pack: Pack,
    user: Option<Pack>,
    use_bundled: bool,
}

fn load(bytes: &[u8]) -> JsResult<Pack> {
    Pack::from_bytes(bytes.to_vec()).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
impl Checker {
    /// Loads a pack from its bytes; throws if the pack is damaged.
    #[wasm_bindgen(constructor)]
    pub fn new(pack_bytes: &[u8]) -> JsResult<Checker> {
        Ok(Checker {
            pack: load(pack_bytes)?,
            user: None,
            use_bundled: true,
        })
    }

    /// Sets (or with `undefined`, clears) the user's own pack; throws if it is damaged, and
    /// then keeps the previous one.
    #[wasm_bindgen(js_name = setUserPack)]
    pub fn set_user_pack(&mut self, pack_bytes: Option<Vec<u8>>) -> JsResult<()> {
        self.user = pack_bytes.as_deref().map(load).transpose()?;
        Ok(())
    }

    /// Whether pages are checked against the bundled pack too.
    #[wasm_bindgen(js_name = useBundled)]
    pub fn use_bundled(&mut self, on: bool) {
        self.use_bundled = on;
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
        let packs: Vec<&Pack> = [self.use_bundled.then_some(&self.pack), self.user.as_ref()]
            .into_iter()
            .flatten()
            .collect();
        to_js(&check_document_in(&packs, document))
    }
}

#[derive(Debug, Deserialize)]
struct JsReference {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: String,
    text: String,
}

/// Builds a pack from `[{id, title, url, text}]` (the user's own references, fingerprinted in
/// the browser). Returns the pack's bytes.
#[wasm_bindgen(js_name = buildPack)]
pub fn build_pack(references: JsValue) -> JsResult<Vec<u8>> {
    let references: Vec<JsReference> = serde_wasm_bindgen::from_value(references).map_err(|e| {
        JsError::new(&format!(
            "references must be [{{id, title, url, text}}]: {e}"
        ))
    })?;
    let mut builder = PackBuilder::new();
    for r in references {
        builder.add(ReferenceDoc {
            id: r.id,
            title: r.title,
            source: r.url,
            text: r.text,
        });
    }
    Ok(builder.build().0)
}

/// One pack holding the references of both (an id in both is kept once, from `first`);
/// throws if either is damaged.
#[wasm_bindgen(js_name = mergePacks)]
pub fn merge_packs(first: &[u8], second: &[u8]) -> JsResult<Vec<u8>> {
    let mut builder = PackBuilder::new();
    builder.add_pack(&load(first)?);
    builder.add_pack(&load(second)?);
    Ok(builder.build().0)
}

/// The references of a pack: `[{id, title, source, ...}]`; throws if it is damaged.
#[wasm_bindgen(js_name = packReferences)]
pub fn pack_references(pack_bytes: &[u8]) -> JsResult<JsValue> {
    let pack = load(pack_bytes)?;
    let references: Vec<_> = (0..pack.len() as u32)
        .filter_map(|i| pack.reference(i))
        .collect();
    to_js(&references)
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
