//! The wasm-bindgen API used by the extension and the demo page. No logic of its own: each
//! function converts arguments, calls the core and returns a plain JS object (via
//! serde-wasm-bindgen). Errors become JS exceptions with a message; nothing here panics.

use js_sys::JsString;
use wasm_bindgen::prelude::*;

use serde::Deserialize;

use crate::extract::Article;
use crate::fingerprint::Channel;
use crate::matching::{check_article, check_packs};
use crate::{Document, Pack, PackBuilder, ReferenceDoc, check_document_in, compare, extract};

type JsResult<T> = Result<T, JsError>;

fn to_js<T: serde::Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("could not build the result: {e}")))
}

#[wasm_bindgen(inline_js = "const encoder = new TextEncoder();
export function encode_into(text, memory, at, capacity) {
  return encoder.encodeInto(text, new Uint8Array(memory.buffer, at, capacity)).written;
}
export function slice_passages(report, text) {
  for (const match of report.matches) {
    for (const passage of match.passages) passage.text = text.slice(passage.span.start, passage.span.end);
  }
  return report;
}")]
extern "C" {
    fn encode_into(text: &JsString, memory: &JsValue, at: *mut u8, capacity: usize) -> usize;
    /// Sets each passage's `text` to its span of `text` (UTF-16 offsets).
    fn slice_passages(report: JsValue, text: &JsString) -> JsValue;
}

/// A JS string as UTF-8, written straight into wasm memory by the engine's TextEncoder. What
/// wasm-bindgen generates for a `&str` argument copies ASCII one character at a time in
/// JavaScript first: for the long texts and pages passed here that loop costs about 10 µs per
/// 6,000 ASCII characters, `encodeInto` 0.4 µs (node 20).
fn utf8_of(text: &JsString) -> String {
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
    let mut bytes = vec![0; text.length() as usize * 3];
    let written = encode_into(
        text,
        &wasm_bindgen::memory(),
        bytes.as_mut_ptr(),
        bytes.len(),
    );
    bytes.truncate(written);
    // encodeInto writes well-formed UTF-8 (a lone surrogate becomes U+FFFD).
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The bundled pack and, optionally, the user's own references and the packs they subscribed
/// to.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Checker {
    pack: Pack,
    user: Option<Pack>,
    /// By subscription URL, in the order they were set.
    subscribed: Vec<(String, Pack)>,
    use_bundled: bool,
}

/// Packs arrive as `Vec<u8>`, which wasm-bindgen copies into wasm memory once and the pack
/// keeps: a `&[u8]` copied again would double the memory a pack takes while it loads (wasm
/// memory never shrinks, so for good).
fn load(bytes: Vec<u8>) -> JsResult<Pack> {
    Pack::from_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
impl Checker {
    /// Loads a pack from its bytes; throws if the pack is damaged.
    #[wasm_bindgen(constructor)]
    pub fn new(pack_bytes: Vec<u8>) -> JsResult<Checker> {
        Ok(Checker {
            pack: load(pack_bytes)?,
            user: None,
            subscribed: Vec::new(),
            use_bundled: true,
        })
    }

    /// Sets (or with `undefined`, clears) the user's own pack; throws if it is damaged, and
    /// then keeps the previous one.
    #[wasm_bindgen(js_name = setUserPack)]
    pub fn set_user_pack(&mut self, pack_bytes: Option<Vec<u8>>) -> JsResult<()> {
        self.user = pack_bytes.map(load).transpose()?;
        Ok(())
    }

    /// Sets the pack subscribed to at `url` and returns its counts, name and description
    /// (`packInfo`); with `undefined`, stops checking against it. Throws if the pack is
    /// damaged, and then keeps the previous one.
    #[wasm_bindgen(js_name = setSubscription)]
    pub fn set_subscription(
        &mut self,
        url: String,
        pack_bytes: Option<Vec<u8>>,
    ) -> JsResult<JsValue> {
        let Some(bytes) = pack_bytes else {
            self.subscribed.retain(|(key, _)| *key != url);
            return Ok(JsValue::UNDEFINED);
        };
        let pack = load(bytes)?;
        let info = to_js(&pack.info())?;
        match self.subscribed.iter_mut().find(|(key, _)| *key == url) {
            Some((_, slot)) => *slot = pack,
            None => self.subscribed.push((url, pack)),
        }
        Ok(info)
    }

    /// Whether pages are checked against the bundled pack too.
    #[wasm_bindgen(js_name = useBundled)]
    pub fn use_bundled(&mut self, on: bool) {
        self.use_bundled = on;
    }

    /// How many references a check searches: the bundled pack's if it is on, the user's and
    /// the subscribed packs'.
    #[wasm_bindgen(getter, js_name = referenceCount)]
    pub fn reference_count(&self) -> usize {
        self.packs().iter().map(|pack| pack.len()).sum()
    }

    /// Whether the bundled pack is searched.
    #[wasm_bindgen(getter, js_name = usesBundled)]
    pub fn uses_bundled(&self) -> bool {
        self.use_bundled
    }

    /// The bundled pack's counts: references, fingerprints, bytes…
    pub fn info(&self) -> JsResult<JsValue> {
        to_js(&self.pack.info())
    }

    /// Checks a page (HTML is extracted first; `isHtml` undefined means guess from content).
    /// Returns `{ article, report }`.
    pub fn check(&self, input: &JsString, is_html: Option<bool>) -> JsResult<JsValue> {
        let input = utf8_of(input);
        let document = match is_html {
            Some(true) => Document::Html(&input),
            Some(false) => Document::Text(&input),
            None => Document::sniff(&input),
        };
        to_js(&check_document_in(&self.packs(), document))
    }

    /// Checks an article's text (what `extractArticle` gave); returns the report alone, so that
    /// the text does not travel back to JavaScript: the passages' texts are slices of `text`.
    #[wasm_bindgen(js_name = checkText)]
    pub fn check_text(&self, text: &JsString) -> JsResult<JsValue> {
        let utf8 = utf8_of(text);
        let mut report = check_packs(&self.packs(), &utf8, &Channel::ALL);
        // Character spans are UTF-16 offsets when no character lies beyond U+FFFF. A slice of
        // the caller's string is not a copy (V8 points into it): decoding the passages instead
        // made a matching check's garbage 12 KB, a young-generation collection every ~150 checks.
        if report.matches.is_empty() || text.length() as usize != utf8.chars().count() {
            return to_js(&report);
        }
        report
            .matches
            .iter_mut()
            .flat_map(|m| &mut m.passages)
            .for_each(|passage| passage.text.clear());
        Ok(slice_passages(to_js(&report)?, text))
    }

    /// Checks an extracted page: its article, and when that stays below the alarm, the whole
    /// page too; the higher report is returned (its `scope` says which).
    #[wasm_bindgen(js_name = checkPage)]
    pub fn check_page(&self, page: &ExtractedPage) -> JsResult<JsValue> {
        to_js(&check_article(&self.packs(), &page.0, &Channel::ALL))
    }

    fn packs(&self) -> Vec<&Pack> {
        [self.use_bundled.then_some(&self.pack), self.user.as_ref()]
            .into_iter()
            .flatten()
            .chain(self.subscribed.iter().map(|(_, pack)| pack))
            .collect()
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

/// Builds a pack in steps, so that the extension can fingerprint thousands of references a
/// slice at a time and answer other messages in between:
///
/// ```js
/// const builder = new PackBuilder();
/// builder.addReferences([{ id, title, url, text }]);
/// builder.addPack(importedBytes);
/// const bytes = builder.finish();
/// ```
#[wasm_bindgen(js_name = PackBuilder)]
#[derive(Debug, Default)]
pub struct JsPackBuilder(PackBuilder);

#[wasm_bindgen(js_class = PackBuilder)]
impl JsPackBuilder {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Self {
        Self::default()
    }

    /// Fingerprints `[{id, title, url, text}]`; throws (adding none) if one is malformed.
    #[wasm_bindgen(js_name = addReferences)]
    pub fn add_references(&mut self, references: JsValue) -> JsResult<()> {
        let references: Vec<JsReference> =
            serde_wasm_bindgen::from_value(references).map_err(|e| {
                JsError::new(&format!(
                    "references must be [{{id, title, url, text}}]: {e}"
                ))
            })?;
        for r in references {
            self.0.add(ReferenceDoc {
                id: r.id,
                title: r.title,
                source: r.url,
                text: r.text,
            });
        }
        Ok(())
    }

    /// Adds a pack's references (an id already added is kept from the earlier one); throws if
    /// the pack is damaged.
    #[wasm_bindgen(js_name = addPack)]
    pub fn add_pack(&mut self, pack_bytes: Vec<u8>) -> JsResult<()> {
        self.0.add_pack(&load(pack_bytes)?);
        Ok(())
    }

    /// References added so far (duplicates excluded).
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.0.len()
    }

    /// The pack's bytes; the builder is used up.
    pub fn finish(self) -> Vec<u8> {
        self.0.build().0
    }
}

/// The references of a pack: `[{id, title, source, ...}]`; throws if it is damaged.
#[wasm_bindgen(js_name = packReferences)]
pub fn pack_references(pack_bytes: Vec<u8>) -> JsResult<JsValue> {
    let pack = load(pack_bytes)?;
    let references: Vec<_> = (0..pack.len() as u32)
        .filter_map(|i| pack.reference(i))
        .collect();
    to_js(&references)
}

/// The page-only stages of a check, for benchmarks: normalizes and tokenizes `text`; returns
/// the number of words.
#[wasm_bindgen(js_name = countWords)]
pub fn count_words(text: &JsString) -> usize {
    crate::text::tokenize(&utf8_of(text)).len()
}

/// The page-only stages of a check, for benchmarks: tokenizes and fingerprints `text` on every
/// channel; returns the number of fingerprints.
#[wasm_bindgen(js_name = countFingerprints)]
pub fn count_fingerprints(text: &JsString) -> usize {
    crate::fingerprint::text_fingerprints(&utf8_of(text))
        .iter()
        .map(Vec::len)
        .sum()
}

/// Aligns a suspect text with a source text.
#[wasm_bindgen(js_name = compareTexts)]
pub fn compare_texts(suspect: &JsString, source: &JsString) -> JsResult<JsValue> {
    to_js(&compare(&utf8_of(suspect), &utf8_of(source)))
}

/// A page extracted by `extractPage`, kept in wasm memory so that its text does not travel to
/// JavaScript and back before `Checker.checkPage`. Call `free()` when done.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ExtractedPage(Article);

#[wasm_bindgen]
impl ExtractedPage {
    /// The article's title ("" when the page has none).
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.0.title.clone()
    }

    /// The article's text, paragraphs separated by blank lines.
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.0.text.clone()
    }
}

/// Extracts an HTML page for `Checker.checkPage`. `rendered`: the HTML was serialized from
/// what the browser renders (hidden elements left out), so the page's styles are not applied
/// again; otherwise its hiding rules are applied as the command line does.
#[wasm_bindgen(js_name = extractPage)]
pub fn extract_page(html: &JsString, rendered: Option<bool>) -> ExtractedPage {
    let html = utf8_of(html);
    ExtractedPage(extract::extract(if rendered == Some(true) {
        Document::Rendered(&html)
    } else {
        Document::Html(&html)
    }))
}

/// Extracts the article (title, text, paragraphs) from an HTML page.
#[wasm_bindgen(js_name = extractArticle)]
pub fn extract_article(html: &JsString) -> JsResult<JsValue> {
    to_js(&extract::extract(Document::Html(&utf8_of(html))))
}
