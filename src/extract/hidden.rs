//! What the page's own styles hide, removed before anything reads the page. A browser knows
//! what it renders; the command line does not, so it applies the hiding rules a page states:
//! `<style>` rules and `style` attributes that set `display: none`, `visibility: hidden`,
//! `opacity: 0`, a one-pixel box with its overflow hidden, a zero clip, a far-off-screen
//! position, or `font-size: 0` (the element's own text only), and the `hidden` attribute. Scrapers hide junk words this way to defeat
//! fingerprinting ("word <span class=x>junk</span> word"), and sites hide menus and
//! screen-reader text the same way.
//!
//! It is a cascade in miniature: a rule that hides is undone by a matching rule that shows
//! (`display: block`, `visibility: visible`) and comes later or is more specific, and by an
//! inline style that shows. Media queries are read for a desktop screen 1280 pixels wide;
//! rules that depend on state (`:hover`, `:focus`, `::before`) are not applied.
//!
//! ```text
//! <style>.x{display:none}</style><p>one <span class="x">junk</span> two</p>  →  "one  two"
//! ```

use cssparser::{Parser, Token};
use std::collections::HashMap;

use dom_query::{Document, Element, LocalName, Matcher, NodeRef, local_name};

use super::truncate;

/// The width media queries are read for: a common desktop window.
const SCREEN_WIDTH_PX: f64 = 1280.0;
/// Rules kept at most (those that hide or show), and bytes of style text read: a page's own
/// styles stay far below both, and a hostile page costs bounded time.
const MAX_RULES: usize = 4_096;
const MAX_CSS_BYTES: usize = 1024 * 1024;
/// Hiding selectors applied at most (each is a pass over the page).
const MAX_HIDING_SELECTORS: usize = 512;
/// A box positioned this far off the page's top or left edge is not seen.
const OFF_SCREEN_PX: f64 = -999.0;

/// Removes from `document` the elements its styles hide (see the module docs).
pub(super) fn remove_hidden(document: &Document) {
    // Each style element parsed on its own, as a browser does: one with an error (an unclosed
    // block, a stray `<![CDATA[`) must not swallow the next.
    let mut rules = Vec::new();
    let mut css_bytes = 0;
    for style in document.select("style").nodes() {
        if style
            .attr("media")
            .is_some_and(|media| !media_applies(&media))
        {
            continue;
        }
        let css = style.text();
        let css = truncate(&css, MAX_CSS_BYTES.saturating_sub(css_bytes));
        css_bytes += css.len();
        read_rules(&mut Parser::new(css), &mut rules);
    }
    let hiding: Vec<(&StyleRule, Matcher)> = rules
        .iter()
        .filter(|rule| rule.effect.hides != 0)
        .take(MAX_HIDING_SELECTORS)
        .filter_map(|rule| Some((rule, Matcher::new(&rule.selector).ok()?)))
        .collect();
    // Each element is matched only against the rules whose rightmost id, class or type it
    // has, as browsers' rule hashes do: every rule against every element was a fifth of
    // extraction on pages with large stylesheets.
    let index = RuleIndex::new(hiding.iter().map(|(rule, _)| rightmost_key(&rule.selector)));
    // The same walk finds the elements with a `style` or `hidden` attribute of their own.
    let mut candidates: Vec<(NodeRef, usize)> = Vec::new();
    let mut styled_inline: Vec<NodeRef> = Vec::new();
    let mut rules_here = Vec::new();
    for node in document.root().descendants_it() {
        rules_here.clear();
        let inline = node.query_or(false, |tree_node| {
            tree_node.as_element().is_some_and(|element| {
                index.rules_for(element, &mut rules_here);
                element.attrs.iter().any(|attr| {
                    attr.name.ns.is_empty()
                        && matches!(
                            attr.name.local,
                            local_name!("style") | local_name!("hidden")
                        )
                })
            })
        });
        if inline {
            styled_inline.push(node);
        }
        for &rule in &rules_here {
            if hiding[rule].1.match_element(&node) {
                candidates.push((node, rule));
            }
        }
    }
    let showing: Vec<(&StyleRule, Matcher)> = if candidates.is_empty() {
        Vec::new()
    } else {
        rules
            .iter()
            .filter(|rule| rule.effect.shows != 0)
            .filter_map(|rule| Some((rule, Matcher::new(&rule.selector).ok()?)))
            .collect()
    };
    let mut hidden: Vec<NodeRef> = Vec::new();
    let mut muted: Vec<NodeRef> = Vec::new();
    for (node, index) in &candidates {
        let (rule, _) = hiding[*index];
        {
            // Undone for each property it hides by, by a rule that wins the cascade.
            let inline = node
                .attr("style")
                .map_or(Effect::NONE, |style| effect(&style));
            let undone = |property: u8| {
                inline.shows & property != 0
                    || showing.iter().any(|(shows, matcher)| {
                        shows.effect.shows & property != 0
                            && (shows.order > rule.order || shows.specificity > rule.specificity)
                            && matcher.match_element(node)
                    })
            };
            let still_hides = (0..8)
                .map(|bit| 1u8 << bit)
                .filter(|property| rule.effect.hides & property != 0)
                .any(|property| !undone(property));
            match (still_hides, rule.effect.hides == FONT_SIZE) {
                (true, true) => muted.push(*node),
                (true, false) => hidden.push(*node),
                (false, _) => {}
            }
        }
    }
    for node in &styled_inline {
        let inline = node
            .attr("style")
            .map_or(Effect::NONE, |style| effect(&style));
        if inline.hides & !FONT_SIZE != 0
            || (node.has_attr("hidden") && inline.shows & DISPLAY == 0)
        {
            hidden.push(*node);
        } else if inline.hides == FONT_SIZE {
            muted.push(*node);
        }
    }
    for node in muted {
        let texts: Vec<NodeRef> = node.children_it(false).filter(NodeRef::is_text).collect();
        texts.iter().for_each(NodeRef::remove_from_parent);
    }
    for node in hidden {
        if !["html", "head", "body"]
            .iter()
            .any(|name| node.has_name(name))
        {
            node.remove_from_parent();
        }
    }
}

/// What an element must have for a selector to match it: its rightmost id, class or type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Id(String),
    Class(String),
    Type(String),
    Any,
}

/// Rules (by their index) under the key of their selector, to be found by an element's own
/// names without copying them.
#[derive(Debug, Default)]
struct RuleIndex {
    any: Vec<usize>,
    by_type: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, Vec<usize>>,
    by_class: HashMap<String, Vec<usize>>,
}

impl RuleIndex {
    fn new(keys: impl Iterator<Item = Key>) -> Self {
        let mut index = RuleIndex::default();
        for (rule, key) in keys.enumerate() {
            let list = match key {
                Key::Any => &mut index.any,
                Key::Type(name) => index.by_type.entry(name).or_default(),
                Key::Id(name) => index.by_id.entry(name).or_default(),
                Key::Class(name) => index.by_class.entry(name).or_default(),
            };
            list.push(rule);
        }
        index
    }

    /// Into `rules`, the rules `element` has the key of: those of any element, its type's,
    /// its id's, then each of its classes'.
    fn rules_for(&self, element: &Element, rules: &mut Vec<usize>) {
        rules.extend(&self.any);
        let name: &str = &element.name.local;
        // HTML names are lowercase already; a few SVG ones are not (`linearGradient`).
        let by_type = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            self.by_type.get(&name.to_ascii_lowercase())
        } else {
            self.by_type.get(name)
        };
        rules.extend(by_type.into_iter().flatten());
        let attr = |wanted: LocalName| element.attrs.iter().find(|attr| attr.name.local == wanted);
        if let Some(id) = attr(local_name!("id")) {
            rules.extend(self.by_id.get(&*id.value).into_iter().flatten());
        }
        if let Some(class) = attr(local_name!("class")) {
            for name in class.value.split_whitespace() {
                rules.extend(self.by_class.get(name).into_iter().flatten());
            }
        }
    }
}

/// The key of a selector's rightmost compound (`nav > ul li.item:not(.x)` → class `item`):
/// an id before a class before a type; `Any` when it has none of them.
fn rightmost_key(selector: &str) -> Key {
    let mut depth = 0i32;
    let mut compound_start = 0;
    for (at, c) in selector.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ' ' | '>' | '+' | '~' if depth == 0 => compound_start = at + 1,
            _ => {}
        }
    }
    let compound = &selector[compound_start..];
    let (mut id, mut class, mut depth) = (None, None, 0i32);
    let name_at = |at: usize| -> String {
        compound[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect()
    };
    for (at, c) in compound.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            // An escaped name (`.D\\(n\\)`) is not read: such a rule falls back to `Any`.
            '#' if depth == 0 && id.is_none() => id = Some(name_at(at + 1)),
            '.' if depth == 0 && class.is_none() => class = Some(name_at(at + 1)),
            _ => {}
        }
    }
    let plain = |name: &Option<String>, at: &str| {
        name.as_ref()
            .is_some_and(|name| !name.is_empty() && !compound.contains(&format!("{at}{name}\\")))
    };
    if plain(&id, "#") {
        return Key::Id(id.unwrap_or_default());
    }
    if plain(&class, ".") {
        return Key::Class(class.unwrap_or_default());
    }
    let type_name = name_at(0);
    if type_name.is_empty() {
        Key::Any
    } else {
        Key::Type(type_name.to_ascii_lowercase())
    }
}

/// The properties by which a rule hides or shows, as bits: a rule that hides by `display` is
/// undone only by one that shows by `display`, as each property cascades on its own.
const DISPLAY: u8 = 1;
const VISIBILITY: u8 = 2;
const OPACITY: u8 = 4;
/// A one-pixel box, a zero clip, a place off the page: not undone by any one property.
const BOX: u8 = 8;
/// `font-size: 0`: the element's own text goes, its children may set a size of their own.
const FONT_SIZE: u8 = 16;

/// What a rule's declarations do to whether its elements are seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Effect {
    /// The properties (bits) by which it hides.
    hides: u8,
    /// The properties by which it shows (`display: block`, `opacity: 1`).
    shows: u8,
}

impl Effect {
    const NONE: Effect = Effect { hides: 0, shows: 0 };
}

#[derive(Debug, Clone, PartialEq)]
struct StyleRule {
    /// One selector (a list is split), without state pseudo-classes.
    selector: String,
    effect: Effect,
    /// (ids, classes and attributes and pseudo-classes, type names), compared as a tuple.
    specificity: (u16, u16, u16),
    /// Position in the page's styles: a later rule wins a tie.
    order: usize,
}

/// Reads into `rules` the style rules until the end of `parser`'s block that apply on a
/// desktop screen and hide or show, one a selector; `@media` blocks that apply are read in
/// place, other at-rules (`@font-face`, `@keyframes`) skipped.
fn read_rules(parser: &mut Parser<'_>, rules: &mut Vec<StyleRule>) {
    loop {
        let mut start = parser.position();
        let mut at_rule: Option<String> = None;
        let mut first = true;
        let block = loop {
            match parser.next_including_whitespace_and_comments() {
                Err(_) => return,
                Ok(Token::CurlyBracketBlock) => break true,
                Ok(Token::Semicolon) if at_rule.is_some() => break false,
                Ok(Token::WhiteSpace(_) | Token::Comment(_)) => {
                    if first {
                        start = parser.position();
                    }
                    continue;
                }
                Ok(Token::AtKeyword(name)) if first => {
                    at_rule = Some(name.to_ascii_lowercase());
                }
                Ok(_) => {}
            }
            first = false;
        };
        if !block {
            continue; // `@import …;`, `@charset …;`
        }
        let prelude = parser
            .slice_from(start)
            .trim_end_matches('{')
            .trim()
            .to_owned();
        let _ = parser.parse_nested_block(|body| -> Result<(), cssparser::ParseError<()>> {
            match at_rule.as_deref() {
                Some("media") if media_applies(prelude.trim_start_matches("@media")) => {
                    read_rules(body, rules);
                }
                Some("supports") => read_rules(body, rules),
                Some(_) => skip_to_end(body),
                None => {
                    let declarations_start = body.position();
                    skip_to_end(body);
                    let effect = effect(body.slice_from(declarations_start));
                    if effect != Effect::NONE {
                        for selector in split_selector_list(&prelude) {
                            if rules.len() < MAX_RULES && !depends_on_state(selector) {
                                rules.push(StyleRule {
                                    selector: selector.to_owned(),
                                    effect,
                                    specificity: specificity(selector),
                                    order: rules.len(),
                                });
                            }
                        }
                    }
                }
            }
            Ok(())
        });
        if rules.len() >= MAX_RULES {
            return;
        }
    }
}

fn skip_to_end(parser: &mut Parser<'_>) {
    while parser.next_including_whitespace_and_comments().is_ok() {}
}

/// The properties [`effect`] reads.
const SEEN_BY: [&str; 17] = [
    "display",
    "visibility",
    "opacity",
    "font-size",
    "width",
    "max-width",
    "height",
    "max-height",
    "overflow",
    "overflow-x",
    "overflow-y",
    "position",
    "clip",
    "clip-path",
    "left",
    "top",
    "text-indent",
];

/// What declarations (`display: none; color: red`) do to whether what they apply to is seen.
/// Later declarations of a property win, as in CSS.
fn effect(declarations: &str) -> Effect {
    let (mut display, mut visibility, mut opacity, mut font_size) = (None, None, None, None);
    let (mut width, mut height, mut overflow_hidden) = (None, None, false);
    let mut absolute = false;
    let (mut clip_zero, mut off_screen) = (false, false);
    for declaration in declarations.split(';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        // Most declarations (colours, margins, fonts) are none of these: passed over before
        // anything is lowered.
        let property = property.trim();
        let Some(property) = SEEN_BY
            .iter()
            .find(|name| name.eq_ignore_ascii_case(property))
        else {
            continue;
        };
        let value = value
            .trim()
            .trim_end_matches("!important")
            .trim()
            .to_ascii_lowercase();
        match *property {
            "display" => display = Some(value == "none"),
            "visibility" => visibility = Some(value == "hidden" || value == "collapse"),
            "opacity" => opacity = value.parse::<f64>().ok().map(|o| o <= 0.0).or(opacity),
            "font-size" => font_size = Some(pixels(&value) == Some(0.0)),
            "width" | "max-width" => width = pixels(&value).or(width),
            "height" | "max-height" => height = pixels(&value).or(height),
            "overflow" | "overflow-x" | "overflow-y" => {
                overflow_hidden |= value == "hidden" || value == "clip";
            }
            "position" => absolute = value == "absolute" || value == "fixed",
            "clip" => clip_zero = zero_clip(&value),
            "clip-path" => clip_zero = value == "inset(50%)" || value == "inset(100%)",
            "left" | "top" | "text-indent" => {
                off_screen |= pixels(&value).is_some_and(|px| px <= OFF_SCREEN_PX);
            }
            _ => {}
        }
    }
    let tiny_box =
        overflow_hidden && (width.is_some_and(|w| w <= 1.0) || height.is_some_and(|h| h <= 1.0));
    let mut effect = Effect::NONE;
    for (set, property) in [
        (display, DISPLAY),
        (visibility, VISIBILITY),
        (opacity, OPACITY),
        (font_size, FONT_SIZE),
    ] {
        match set {
            Some(true) => effect.hides |= property,
            Some(false) => effect.shows |= property,
            None => {}
        }
    }
    if tiny_box || (absolute && clip_zero) || off_screen {
        effect.hides |= BOX;
    }
    effect
}

/// A length in CSS pixels (`0`, `-9999px`, `1em`), if it is one.
fn pixels(value: &str) -> Option<f64> {
    let (number, unit) = value
        .find(|c: char| c.is_ascii_alphabetic() || c == '%')
        .map_or((value, ""), |at| value.split_at(at));
    let number: f64 = number.trim().parse().ok()?;
    match unit {
        "" | "px" => Some(number),
        "em" | "rem" => Some(number * 16.0),
        _ => None,
    }
}

/// `rect(0 0 0 0)`, `rect(1px, 1px, 1px, 1px)`: a clip that leaves at most a pixel.
fn zero_clip(value: &str) -> bool {
    let Some(inner) = value
        .strip_prefix("rect(")
        .and_then(|rest| rest.strip_suffix(')'))
    else {
        return false;
    };
    let sides: Vec<Option<f64>> = inner
        .split([',', ' '])
        .filter(|side| !side.is_empty())
        .map(pixels)
        .collect();
    match sides.as_slice() {
        [Some(top), Some(right), Some(bottom), Some(left)] => {
            bottom - top <= 1.0 || right - left <= 1.0
        }
        _ => false,
    }
}

/// Whether a media query list (`screen and (max-width: 600px), print`) holds for a desktop
/// screen [`SCREEN_WIDTH_PX`] wide. A feature it cannot judge makes its query not hold, so
/// that only rules known to apply hide anything.
fn media_applies(list: &str) -> bool {
    let list = list.trim().to_ascii_lowercase();
    list.is_empty() || list.split(',').any(|query| query_applies(query.trim()))
}

fn query_applies(query: &str) -> bool {
    let (negated, query) = match query.strip_prefix("not ") {
        Some(rest) => (true, rest),
        None => (false, query.strip_prefix("only ").unwrap_or(query)),
    };
    let holds = query.split(" and ").all(|part| {
        let part = part.trim();
        match part {
            "all" | "screen" | "" => true,
            "print" | "speech" => false,
            _ => feature_applies(part.trim_start_matches('(').trim_end_matches(')')),
        }
    });
    holds != negated
}

fn feature_applies(feature: &str) -> bool {
    let Some((name, value)) = feature.split_once(':') else {
        return false;
    };
    let Some(px) = pixels(value.trim()) else {
        return false;
    };
    match name.trim() {
        "min-width" => SCREEN_WIDTH_PX >= px,
        "max-width" => SCREEN_WIDTH_PX <= px,
        _ => false,
    }
}

/// The selectors of a list, split at its top-level commas (`:is(a, b)` stays whole).
fn split_selector_list(list: &str) -> Vec<&str> {
    let mut selectors = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (at, c) in list.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                selectors.push(list[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    selectors.push(list[start..].trim());
    selectors.retain(|selector| !selector.is_empty());
    selectors
}

/// Selectors whose match depends on what the user does, or that style generated content
/// rather than the element.
fn depends_on_state(selector: &str) -> bool {
    const STATES: &[&str] = &[
        "::",
        ":hover",
        ":focus",
        ":active",
        ":checked",
        ":target",
        ":visited",
        ":before",
        ":after",
        ":placeholder",
        ":selection",
        ":open",
        ":popover-open",
        ":modal",
    ];
    STATES.iter().any(|state| selector.contains(state))
}

/// A selector's specificity, counted from its text: ids, then classes, attributes and
/// pseudo-classes, then type names.
fn specificity(selector: &str) -> (u16, u16, u16) {
    let (mut ids, mut classes, mut types) = (0u16, 0u16, 0u16);
    let mut previous = ' ';
    let mut in_attribute = false;
    for c in selector.chars() {
        match c {
            '[' => {
                in_attribute = true;
                classes += 1;
            }
            ']' => in_attribute = false,
            _ if in_attribute => {}
            '#' => ids += 1,
            '.' | ':' => classes += 1,
            c if c.is_ascii_alphabetic() && matches!(previous, ' ' | '>' | '+' | '~' | '(') => {
                types += 1;
            }
            _ => {}
        }
        previous = c;
    }
    (ids, classes, types)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible_text(html: &str) -> String {
        let document = Document::from(html);
        remove_hidden(&document);
        let text = document.select("body").text();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn stylesheet_rules_hide_what_they_select() {
        let html = r#"<style>.j { display: none } span.v{visibility:hidden}
            /* a comment { display:none } */ .o{opacity:0}</style>
            <p>one <span class="j">junk</span> two <span class="v">junk</span>
            three <b class="o">junk</b> four <i class="k">kept</i></p>"#;
        assert_eq!(visible_text(html), "one two three four kept");
    }

    #[test]
    fn screen_reader_and_off_screen_patterns_are_hidden() {
        let html = r#"<style>
            .sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
            .away{position:absolute;left:-9999px} .clipped{position:absolute;clip:rect(0 0 0 0)}
            </style><p>seen <span class="sr-only">a</span><span class="away">b</span>
            <span class="clipped">c</span><span style="display:none">d</span>
            <span hidden>e</span><b style="font-size:0">f<i style="font-size:12px">g</i></b> end</p>"#;
        assert_eq!(visible_text(html), "seen g end");
    }

    #[test]
    fn a_later_or_more_specific_rule_or_inline_style_shows_again() {
        let html = r#"<style>.tab{display:none} .tab.active{display:block}
            .menu{display:none} .menu{display:flex} .x{display:none}</style>
            <div class="tab">a</div> <div class="tab active">b</div>
            <div class="menu">c</div> <div class="x" style="display:block">d</div>"#;
        assert_eq!(visible_text(html), "b c d");
        // Each property cascades on its own: `opacity: 1` undoes `opacity: 0`, not `display`.
        let html = r#"<style>#a #m{opacity:0} #a.open #m{opacity:1} .n{display:none} .n.on{opacity:1}</style>
            <div id="a" class="open"><div id="m">shown</div> <div class="n on">hidden</div></div>"#;
        assert_eq!(visible_text(html), "shown");
    }

    #[test]
    fn media_queries_are_read_for_a_desktop_screen() {
        let html = r#"<style>@media print { .p { display:none } }
            @media (max-width: 600px) { .m { display:none } }
            @media screen and (min-width: 768px) { .d { display:none } }
            @supports (display:grid) { .s { display:none } }
            @font-face { font-family: x; src: url(x.woff) }</style>
            <p>p <i class="p">P</i> m <i class="m">M</i> d <i class="d">D</i> s <i class="s">S</i></p>"#;
        assert_eq!(visible_text(html), "p P m M d s");
    }

    #[test]
    fn state_dependent_and_broken_rules_are_not_applied() {
        let html = r#"<style>.a:hover{display:none} .b::before{display:none}
            .c{display:none} }}} {{{ .d{display:none</style>
            <p>a <i class="a">A</i> b <i class="b">B</i> c <i class="c">C</i></p>"#;
        assert_eq!(visible_text(html), "a A b B c");
        // A broken style element does not take the next one with it.
        let html = r#"<style><![CDATA[ .a { color: red } ]]></style><style>.j{display:none}</style>
            <p>a <i class="j">J</i> b</p>"#;
        assert_eq!(visible_text(html), "a b");
    }

    #[test]
    fn the_page_itself_is_never_removed() {
        let html = r#"<style>body, html { display: none }</style><p>text</p>"#;
        assert_eq!(visible_text(html), "text");
    }

    #[test]
    fn selector_lists_split_at_top_level_commas() {
        assert_eq!(
            split_selector_list("a, :is(b, c) > d ,[x=\",\"]"),
            ["a", ":is(b, c) > d", "[x=\",\"]"]
        );
        assert!(specificity("#a .b c") > specificity(".b.c d"));
        assert!(specificity(".tab.active") > specificity(".tab"));
        assert_eq!(
            rightmost_key("nav > ul li.item:not(.x)"),
            Key::Class("item".into())
        );
        assert_eq!(rightmost_key("div #main.wide"), Key::Id("main".into()));
        assert_eq!(rightmost_key(".a P[data-x=\"y z\"]"), Key::Type("p".into()));
        assert_eq!(rightmost_key(".D\\(n\\)"), Key::Any);
        assert_eq!(rightmost_key(":is(.a, .b)"), Key::Any);
    }

    #[test]
    fn hostile_style_text_never_panics() {
        let mut cases = vec![
            "{".repeat(10_000),
            format!("{}.a{{display:none}}", "@media screen {".repeat(5_000)),
            "}".repeat(10_000),
            ".a\\".to_owned(),
            "@media (min-width: 9e999px) { .a { display: none } }".to_owned(),
            ".a { clip: rect(1px,,); width: -px; font-size: 0e; opacity: NaN }".to_owned(),
            format!("{} {{ display: none }}", ".a ".repeat(20_000)),
            ":is(:is(:is(".repeat(1_000),
        ];
        // Pseudo-random bytes drawn from CSS's punctuation and names.
        let alphabet: Vec<char> = "{}()[];:,.#>+~*@\\\"' \nadisplaynone-0123456789%"
            .chars()
            .collect();
        let mut state = 0x2545_f491_u32;
        for _ in 0..200 {
            let text: String = (0..400)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    alphabet[state as usize % alphabet.len()]
                })
                .collect();
            cases.push(text);
        }
        for css in cases {
            let html = format!("<style>{css}</style><p class=a>kept text</p>");
            let document = Document::from(html.as_str());
            remove_hidden(&document);
        }
    }
}
