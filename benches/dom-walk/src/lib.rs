//! `serializeRendered(root)`: the page under `root` as HTML, what the browser does not render
//! left out — the same walk and the same checks as `serializePage` in extension/content.js,
//! in one synchronous pass, for the measurement in benches/dom-walk.mjs.

use wasm_bindgen::prelude::*;
use web_sys::{Element, Node};

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
const SKIPPED: &[&str] = &["script", "template", "object", "embed"];

#[derive(Clone, Copy, PartialEq)]
enum Seen {
    Shown,
    Textless,
    Unseen,
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

fn rendering(element: &Element) -> Seen {
    let Some(window) = element.owner_document().and_then(|d| d.default_view()) else {
        return Seen::Shown;
    };
    let Ok(Some(style)) = window.get_computed_style(element) else {
        return Seen::Shown;
    };
    let get = |name: &str| style.get_property_value(name).unwrap_or_default();
    let display = get("display");
    if display == "contents" {
        return if get("visibility") != "visible" { Seen::Textless } else { Seen::Shown };
    }
    // web-sys has no checkVisibility: display and opacity are read from the computed style
    // (an ancestor's are, too, since a hidden ancestor's subtree is never entered).
    if display == "none" {
        return Seen::Unseen;
    }
    if get("opacity").parse::<f64>().is_ok_and(|o| o == 0.0) {
        return Seen::Unseen;
    }
    let clip_path = get("clip-path");
    let indent = get("text-indent").trim_end_matches("px").parse::<f64>().unwrap_or(0.0);
    if clip_path == "inset(50%)" || clip_path == "inset(100%)" || indent <= -999.0 {
        return Seen::Unseen;
    }
    let clips = |v: String| v == "hidden" || v == "clip";
    let clipped = clips(get("overflow-x")) || clips(get("overflow-y"));
    let position = get("position");
    let placed = position != "static";
    if clipped || placed {
        let rect = element.get_bounding_client_rect();
        if clipped && (rect.width() <= 1.0 || rect.height() <= 1.0) {
            return Seen::Unseen;
        }
        let (x, y) = (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0));
        if placed && rect.width() > 0.0 && (rect.right() + x <= 0.0 || rect.bottom() + y <= 0.0) {
            return Seen::Unseen;
        }
    }
    let font_size = get("font-size").trim_end_matches("px").parse::<f64>().unwrap_or(16.0);
    if get("visibility") != "visible" || font_size == 0.0 {
        return Seen::Textless;
    }
    Seen::Shown
}

enum Step {
    Open(Node, bool, bool),
    Close(String),
}

/// The rendered page under `root` as HTML (open shadow roots inlined).
#[wasm_bindgen(js_name = serializeRendered)]
pub fn serialize_rendered(root: &Element) -> String {
    let document_element = root.owner_document().and_then(|d| d.document_element());
    let mut out = String::new();
    let mut stack = vec![Step::Open(root.clone().into(), true, false)];
    while let Some(step) = stack.pop() {
        let (node, text_seen, in_head) = match step {
            Step::Close(name) => {
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
                continue;
            }
            Step::Open(node, text_seen, in_head) => (node, text_seen, in_head),
        };
        match node.node_type() {
            Node::TEXT_NODE => {
                if text_seen || in_head {
                    escape_text(&node.node_value().unwrap_or_default(), &mut out);
                }
            }
            Node::ELEMENT_NODE => {
                let element: Element = node.unchecked_into();
                let name = element.local_name();
                if SKIPPED.contains(&name.as_str()) {
                    continue;
                }
                let head = in_head || name == "head";
                let always = head
                    || name == "style"
                    || name == "body"
                    || document_element.as_ref() == Some(&element);
                let seen = if always { Seen::Shown } else { rendering(&element) };
                if seen == Seen::Unseen {
                    continue;
                }
                out.push('<');
                out.push_str(&name);
                let attributes = element.attributes();
                for i in 0..attributes.length() {
                    if let Some(attribute) = attributes.item(i) {
                        out.push(' ');
                        out.push_str(&attribute.name());
                        out.push_str("=\"");
                        out.push_str(&attribute.value().replace('&', "&amp;").replace('"', "&quot;"));
                        out.push('"');
                    }
                }
                out.push('>');
                if VOID.contains(&name.as_str()) {
                    continue;
                }
                let children = match element.shadow_root() {
                    Some(shadow) => shadow.child_nodes(),
                    None => element.child_nodes(),
                };
                stack.push(Step::Close(name));
                for i in (0..children.length()).rev() {
                    if let Some(child) = children.item(i) {
                        stack.push(Step::Open(child, seen == Seen::Shown, head));
                    }
                }
            }
            _ => {}
        }
    }
    out
}
