//! A small element tree over quick-xml (already in the lock through calamine), enough to read the
//! parts of an `.xlsx`: names, attributes in document order, children and text. Namespace prefixes
//! are kept as written (`dc:title`), which is what the renderer matches on.

use quick_xml::events::Event;
use quick_xml::Reader;
use quick_xml::XmlVersion;

#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of this element and every descendant, in order (a shared string with rich-text runs).
    pub fn deep_text(&self) -> String {
        let mut s = self.text.clone();
        for c in &self.children {
            if c.name != "rPh" {
                s.push_str(&c.deep_text());
            }
        }
        s
    }
}

fn start(e: &quick_xml::events::BytesStart) -> Element {
    let name = e.name().0.to_string();
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.unwrap();
            (a.key.0.to_string(), a.normalized_value(XmlVersion::Implicit1_0).unwrap().into_owned())
        })
        .collect();
    Element { name, attrs, ..Element::default() }
}

/// Parses a whole document; returns its root element.
pub fn parse(text: &str) -> Element {
    let mut reader = Reader::from_str(text);
    // The stack's bottom is a synthetic document node whose one child is the root.
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => stack.push(start(&e)),
            Event::Empty(e) => {
                let el = start(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.into_inner()),
            Event::CData(t) => stack.last_mut().unwrap().text.push_str(&t.into_inner()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match r.into_inner().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity &{other};"),
                    },
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    assert_eq!(stack.len(), 1, "unbalanced XML");
    stack.pop().unwrap().children.pop().expect("an empty document")
}
