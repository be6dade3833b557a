//! Just enough XML for the parts of an XLSX workbook: start and end tags with their attributes,
//! text with the five predefined entities and character references, CDATA; declarations,
//! processing instructions and comments skipped. A DOCTYPE is refused (an XLSX part never has
//! one, and it is how entity-expansion attacks start). Names are given without their prefix.

use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<'a> {
    /// `<name attrs>` or `<name attrs/>` (`empty`).
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    End {
        name: &'a str,
    },
    Text(Cow<'a, str>),
}

/// The XML is not well-formed enough to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// Moves past `end`, which must come.
    fn skip_past(&mut self, end: &str) -> Result<&'a str, Malformed> {
        let rest = self.rest();
        let at = rest.find(end).ok_or(Malformed)?;
        self.pos += at + end.len();
        Ok(&rest[..at])
    }
}

/// The name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

impl<'a> Iterator for Reader<'a> {
    type Item = Result<Event<'a>, Malformed>;

    /// After a malformed piece, nothing more.
    fn next(&mut self) -> Option<Self::Item> {
        let event = self.step();
        if let Some(Err(_)) = event {
            self.pos = self.text.len();
        }
        event
    }
}

impl<'a> Reader<'a> {
    fn step(&mut self) -> Option<Result<Event<'a>, Malformed>> {
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                self.pos += end;
                return Some(Ok(Event::Text(unescape(&rest[..end]))));
            }
            if rest.starts_with("<?") {
                if let Err(e) = self.skip_past("?>") {
                    return Some(Err(e));
                }
                continue;
            }
            if rest.starts_with("<!--") {
                if let Err(e) = self.skip_past("-->") {
                    return Some(Err(e));
                }
                continue;
            }
            if rest.starts_with("<![CDATA[") {
                self.pos += "<![CDATA[".len();
                return Some(self.skip_past("]]>").map(|t| Event::Text(Cow::Borrowed(t))));
            }
            if rest.starts_with("<!") {
                return Some(Err(Malformed));
            }
            if let Some(end_tag) = rest.strip_prefix("</") {
                let Some(close) = end_tag.find('>') else {
                    return Some(Err(Malformed));
                };
                self.pos += 2 + close + 1;
                return Some(Ok(Event::End {
                    name: local(end_tag[..close].trim()),
                }));
            }
            // A start tag: up to the `>` that is outside any quoted attribute value.
            let mut quote = None;
            let mut close = None;
            for (i, c) in rest.char_indices().skip(1) {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '"' | '\'') => quote = Some(c),
                    (None, '>') => {
                        close = Some(i);
                        break;
                    }
                    (None, '<') => return Some(Err(Malformed)),
                    _ => {}
                }
            }
            let Some(close) = close else {
                return Some(Err(Malformed));
            };
            let inside = &rest[1..close];
            let (inside, empty) = match inside.strip_suffix('/') {
                Some(i) => (i, true),
                None => (inside, false),
            };
            let name_end = inside
                .find(|c: char| c.is_whitespace())
                .unwrap_or(inside.len());
            self.pos += close + 1;
            let name = &inside[..name_end];
            if name.is_empty() {
                return Some(Err(Malformed));
            }
            return Some(Ok(Event::Start {
                name: local(name),
                attrs: &inside[name_end..],
                empty,
            }));
        }
    }
}

/// The value of the attribute `name` (matched without its prefix; namespace declarations are
/// never matched), unescaped.
pub fn attr<'a>(attrs: &'a str, name: &str) -> Option<Cow<'a, str>> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        let eq = rest.find('=')?;
        let key = rest[..eq].trim();
        rest = rest[eq + 1..].trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value_end = rest[1..].find(quote)? + 1;
        let value = &rest[1..value_end];
        rest = &rest[value_end + 1..];
        let is_namespace = key == "xmlns" || key.starts_with("xmlns:");
        if !is_namespace && local(key) == name {
            return Some(unescape(value));
        }
    }
}

/// The longest reference read, `;` excluded (`&#x10FFFF` is 9 bytes).
const MAX_REFERENCE_LEN: usize = 12;

/// Text with `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&#N;` and `&#xH;` replaced. An unknown
/// or broken reference is kept as written.
pub fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // The `;` is looked for in the next few bytes only: searching the whole rest for each `&`
        // would make text of many `&` without a `;` take quadratic time.
        let reference = rest
            .bytes()
            .take(MAX_REFERENCE_LEN + 1)
            .position(|b| b == b';')
            .map(|end| (&rest[1..end], end));
        let decoded = reference.and_then(|(name, end)| {
            let c = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Escapes text for an element or an attribute value.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['<', '>', '&', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events() {
        let xml = r#"<?xml version="1.0"?><!-- c --><x:a b="1>2" c='q'><d/>t &amp; &#65;&#x42;<![CDATA[<raw>]]></x:a>"#;
        let events: Vec<Event> = Reader::new(xml).collect::<Result<_, _>>().unwrap();
        assert_eq!(
            events,
            vec![
                Event::Start {
                    name: "a",
                    attrs: r#" b="1>2" c='q'"#,
                    empty: false
                },
                Event::Start {
                    name: "d",
                    attrs: "",
                    empty: true
                },
                Event::Text(Cow::Owned("t & AB".into())),
                Event::Text(Cow::Borrowed("<raw>")),
                Event::End { name: "a" },
            ]
        );
    }

    #[test]
    fn attributes() {
        let attrs = r#" xmlns:r="ns" name="A &amp; B" r:id='rId1' "#;
        assert_eq!(attr(attrs, "name").as_deref(), Some("A & B"));
        assert_eq!(attr(attrs, "id").as_deref(), Some("rId1"));
        assert_eq!(attr(attrs, "r"), None);
        assert_eq!(attr(" a=b", "a"), None);
    }

    #[test]
    fn malformed() {
        for xml in [
            "<a",
            "<!DOCTYPE x [<!ENTITY e 'x'>]><a/>",
            "<a <b>",
            "<!-- open",
            "<>",
        ] {
            assert!(Reader::new(xml).any(|e| e.is_err()), "{xml}");
        }
        assert_eq!(unescape("a &bogus; &#xZZ; &"), "a &bogus; &#xZZ; &");
        assert_eq!(escape("<a & 'b'>"), "&lt;a &amp; &apos;b&apos;&gt;");
    }

    #[test]
    fn many_ampersands_without_a_semicolon_take_linear_time() {
        // Before: every `&` searched the whole rest of the text for a `;` (quadratic: minutes
        // for a few MB, the size a shared string or a cell can have in a 50 MB workbook).
        let text = "&".repeat(4 * 1024 * 1024) + ";";
        let started = std::time::Instant::now();
        let out = unescape(&text);
        println!("unescape of 4 MB of '&': {:?}", started.elapsed());
        assert_eq!(out.len(), text.len());
        assert_eq!(
            unescape("&amp;&#x10FFFF;&#1114111;"),
            "&\u{10FFFF}\u{10FFFF}"
        );
        assert_eq!(unescape("&#0000000000065;"), "&#0000000000065;");
    }
}
