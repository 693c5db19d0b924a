//! One document shape for every reader: JSON (strict, or as ARM templates are written, with
//! comments and trailing commas) and TOML read into a tree whose every node and key keeps its
//! byte offset, so an error can name the line and column of the value that caused it.
//!
//! The JSON reader is written here rather than taken from serde_json because serde_json keeps
//! no positions of values and reads no comments; it follows RFC 8259 and is tested against
//! serde_json on arbitrary text.

use std::fmt::Write as _;

/// A value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) at: usize,
    pub(crate) value: Value,
}

/// A JSON or TOML value. Numbers keep their text: no reader here needs their value, and the
/// text is what an error should quote.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in document order, duplicates kept so readers can refuse them.
    Object(Vec<Member>),
    /// A TOML date or time.
    DateTime(String),
}

/// A key of an object and its value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member {
    pub(crate) key: String,
    /// Where the key starts.
    pub(crate) at: usize,
    pub(crate) value: Node,
}

impl Value {
    /// What the value is, for "expected X, found Y" messages.
    pub(crate) const fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
            Self::DateTime(_) => "a date-time",
        }
    }

    /// A short text form of the value, for quoting it in an error: at most 40 characters
    /// of a number, string or date, as [`excerpt`] quotes text.
    pub(crate) fn quote(&self) -> String {
        match self {
            Self::Null => "null".to_owned(),
            Self::Bool(b) => b.to_string(),
            Self::Number(n) | Self::DateTime(n) => clip(n),
            Self::String(s) => match s.char_indices().nth(QUOTED) {
                Some((at, _)) => format!("{:?}...", s.get(..at).unwrap_or_default()),
                None => format!("{s:?}"),
            },
            Self::Array(items) => format!("[...] ({} items)", items.len()),
            Self::Object(members) => format!("{{...}} ({} keys)", members.len()),
        }
    }
}

/// Which JSON the reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    /// `//` line comments and `/* */` block comments.
    pub(crate) comments: bool,
    /// A comma after the last member of an object or array.
    pub(crate) trailing_commas: bool,
}

impl Dialect {
    /// RFC 8259 JSON.
    pub(crate) const STRICT: Self = Self { comments: false, trailing_commas: false };
    /// JSON as Azure Resource Manager reads templates: comments and trailing commas allowed.
    pub(crate) const TEMPLATE: Self = Self { comments: true, trailing_commas: true };
}

/// Text that is not a document of the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Syntax {
    /// The byte offset of the problem.
    pub(crate) at: usize,
    pub(crate) message: String,
}

/// Nesting deeper than this is refused, so hostile input cannot exhaust the stack (serde_json
/// has the same limit).
const MAX_DEPTH: usize = 128;

/// Reads one JSON document.
pub(crate) fn parse_json(text: &str, dialect: Dialect) -> Result<Node, Syntax> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, dialect };
    // A byte-order mark, as Windows editors write, is not part of the document.
    if text.starts_with('\u{FEFF}') {
        p.pos = '\u{FEFF}'.len_utf8();
    }
    p.skip_space()?;
    let node = p.value(0)?;
    p.skip_space()?;
    if p.pos < p.bytes.len() {
        return Err(p.error("trailing characters after the document"));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    dialect: Dialect,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn error(&self, message: &str) -> Syntax {
        Syntax { at: self.pos, message: message.to_owned() }
    }

    /// "expected X, found Y" at the current position.
    fn unexpected(&self, expected: &str) -> Syntax {
        let found = match self.text.get(self.pos..).and_then(|rest| rest.chars().next()) {
            Some(c) => format!("{c:?}"),
            None => "the end of the text".to_owned(),
        };
        Syntax { at: self.pos, message: format!("expected {expected}, found {found}") }
    }

    /// White space, and comments where the dialect allows them.
    fn skip_space(&mut self) -> Result<(), Syntax> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.dialect.comments => match self.bytes.get(self.pos + 1) {
                    Some(b'/') => {
                        // To the end of the line; the newline itself is white space.
                        while self.peek().is_some_and(|b| b != b'\n') {
                            self.pos += 1;
                        }
                    }
                    Some(b'*') => {
                        let start = self.pos;
                        let Some(end) = self.text.get(self.pos + 2..).and_then(|rest| rest.find("*/")) else {
                            self.pos = start;
                            return Err(self.error("unterminated /* comment"));
                        };
                        self.pos += 2 + end + 2;
                    }
                    _ => return Err(self.unexpected("a value, or a comment after /")),
                },
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Syntax> {
        let at = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Node { at, value })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, Syntax> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn enter(&self, depth: usize) -> Result<usize, Syntax> {
        if depth >= MAX_DEPTH {
            return Err(self.error("nested too deeply (128 levels at most)"));
        }
        Ok(depth + 1)
    }

    fn object(&mut self, depth: usize) -> Result<Value, Syntax> {
        let depth = self.enter(depth)?;
        self.pos += 1; // {
        let mut members = Vec::new();
        self.skip_space()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let at = self.pos;
            let key = self.string()?;
            self.skip_space()?;
            if self.peek() != Some(b':') {
                return Err(self.unexpected("':' after the key"));
            }
            self.pos += 1;
            self.skip_space()?;
            let value = self.value(depth)?;
            members.push(Member { key, at, value });
            self.skip_space()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space()?;
                    if self.peek() == Some(b'}') && self.dialect.trailing_commas {
                        self.pos += 1;
                        return Ok(Value::Object(members));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.unexpected("',' or '}' after an object member")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Syntax> {
        let depth = self.enter(depth)?;
        self.pos += 1; // [
        let mut items = Vec::new();
        self.skip_space()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_space()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space()?;
                    if self.peek() == Some(b']') && self.dialect.trailing_commas {
                        self.pos += 1;
                        return Ok(Value::Array(items));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.unexpected("',' or ']' after an array item")),
            }
        }
    }

    /// RFC 8259 §7; the position is on the opening quote.
    fn string(&mut self) -> Result<String, Syntax> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go; the text is UTF-8 already.
            let run = self.bytes.get(self.pos..).unwrap_or_default();
            let plain = run.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(run.len());
            out.push_str(self.text.get(self.pos..self.pos + plain).unwrap_or_default());
            self.pos += plain;
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.error("unterminated string"));
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.unexpected("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")),
                    };
                    out.push(c);
                    self.pos += 1;
                }
                Some(_) => return Err(self.error("control character in a string (escape it)")),
            }
        }
    }

    /// After `\u`: four hex digits, and a second escape for a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, Syntax> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.error("a \\u escape of a high surrogate must be followed by a low one"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("a \\u escape of a high surrogate must be followed by a low one"));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("a \\u escape of a low surrogate with no high one before it")),
            _ => u32::from(first),
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }

    fn hex4(&mut self) -> Result<u16, Syntax> {
        let digits = self.text.get(self.pos..self.pos + 4).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let value = digits
            .and_then(|d| u16::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.unexpected("four hex digits after \\u"))?;
        self.pos += 4;
        Ok(value)
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Result<Value, Syntax> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.unexpected("a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.unexpected("a digit in the exponent"));
            }
        }
        Ok(Value::Number(self.text.get(start..self.pos).unwrap_or_default().to_owned()))
    }
}

/// Reads one TOML document (TOML 1.1, as the `toml` crate does) into the same shape; members
/// are put in document order.
pub(crate) fn parse_toml(text: &str) -> Result<Node, Syntax> {
    let table = toml::de::DeTable::parse(text)
        .map_err(|e| Syntax { at: e.span().map_or(0, |s| s.start), message: e.message().trim_end().to_owned() })?;
    let at = table.span().start;
    Ok(Node { at, value: toml_table(table.get_ref()) })
}

fn toml_table(table: &toml::de::DeTable<'_>) -> Value {
    let mut members: Vec<Member> = table
        .iter()
        .map(|(key, value)| Member { key: key.get_ref().to_string(), at: key.span().start, value: toml_node(value) })
        .collect();
    members.sort_by_key(|m| m.at);
    Value::Object(members)
}

fn toml_node(value: &toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue as V;
    let node = match value.get_ref() {
        V::String(s) => Value::String(s.to_string()),
        V::Integer(i) => Value::Number(i.as_str().to_owned()),
        V::Float(f) => Value::Number(f.as_str().to_owned()),
        V::Boolean(b) => Value::Bool(*b),
        V::Datetime(d) => Value::DateTime(d.to_string()),
        V::Array(items) => Value::Array(items.iter().map(toml_node).collect()),
        V::Table(table) => toml_table(table),
    };
    Node { at: value.span().start, value: node }
}

/// The 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// How many characters of a value an error quotes.
const QUOTED: usize = 40;

/// At most [`QUOTED`] characters of `text`, then `...` when there was more: values in
/// errors are quoted so, however large the input.
pub(crate) fn clip(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((at, _)) => format!("{}...", text.get(..at).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// How many items of a list an error names before it says how many more there are.
const LISTED: usize = 5;

/// `a, b, c, d, e and 59995 more`, or `none`: a list in an error, however long.
pub(crate) fn few(items: &[String]) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    let shown: Vec<&str> = items.iter().take(LISTED).map(String::as_str).collect();
    match items.len().checked_sub(LISTED) {
        Some(more) if more > 0 => format!("{} and {more} more", shown.join(", ")),
        _ => shown.join(", "),
    }
}

/// A file's bytes as text. Windows tools often save UTF-16 (PowerShell's `>` before 7.0,
/// Notepad's "Unicode"), which no JSON or TOML reader here takes: say so and what to do,
/// rather than "stream did not contain valid UTF-8". A UTF-8 byte order mark is dropped
/// (RFC 8259 §8.1 lets a parser ignore it).
pub(crate) fn text(bytes: Vec<u8>) -> Result<String, std::io::Error> {
    let utf16 = |how: &str| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is UTF-16 text ({how}), which is not read here: save it as UTF-8"),
        )
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, ..] => return Err(utf16("little-endian byte order mark FF FE")),
        [0xFE, 0xFF, ..] => return Err(utf16("big-endian byte order mark FE FF")),
        // ASCII text in UTF-16 without a mark has a NUL beside every character.
        [a, b, ..] if (*a == 0) != (*b == 0) => return Err(utf16("NUL bytes between the characters")),
        _ => {}
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("byte {at} is not UTF-8: save the file as UTF-8 text"),
        )
    })
}

/// The text at a byte offset up to the end of its line (at most 40 characters), for quoting.
pub(crate) fn excerpt(text: &str, offset: usize) -> String {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let rest = text.get(offset..).unwrap_or_default();
    let line = rest.split(['\n', '\r']).next().unwrap_or_default();
    let mut out = String::new();
    for (i, c) in line.chars().enumerate() {
        if i == QUOTED {
            let _ = write!(out, "...");
            break;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_quote_at_most_40_characters_and_five_items() {
        assert_eq!(clip("1.2"), "1.2");
        assert_eq!(clip(&"9".repeat(20_000_000)), format!("{}...", "9".repeat(40)));
        assert_eq!(Value::String("é".repeat(50)).quote(), format!("{:?}...", "é".repeat(40)));
        let many: Vec<String> = (0..8).map(|i| format!("t{i}")).collect();
        assert_eq!(few(&many), "t0, t1, t2, t3, t4 and 3 more");
        assert_eq!(few(&many[..5]), "t0, t1, t2, t3, t4");
        assert_eq!(few(&[]), "none");
    }

    #[test]
    fn utf16_is_named_and_a_utf8_mark_dropped() {
        let utf16: Vec<u8> = "{}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        for bytes in [[&[0xFF, 0xFE][..], &utf16].concat(), utf16.clone()] {
            let err = text(bytes).unwrap_err().to_string();
            assert!(err.contains("UTF-16") && err.ends_with("save it as UTF-8"), "{err}");
        }
        assert_eq!(text(b"\xEF\xBB\xBF{}".to_vec()).unwrap(), "{}");
        assert!(text(b"{\"a\": \xFF}".to_vec()).unwrap_err().to_string().starts_with("byte 6 is not UTF-8"));
    }

    fn strict(text: &str) -> Result<Node, Syntax> {
        parse_json(text, Dialect::STRICT)
    }

    #[test]
    fn positions_are_kept() {
        let doc = strict("{\n  \"a\": [1, \"x\"]\n}").expect("valid");
        let Value::Object(members) = doc.value else { panic!("object") };
        assert_eq!(members[0].at, 4);
        let Value::Array(items) = &members[0].value.value else { panic!("array") };
        assert_eq!(items[1].at, 13);
        assert_eq!(line_column("{\n  \"a\": [1, \"x\"]\n}", 13), (2, 12));
        assert_eq!(line_column("é\né", 5), (2, 2));
    }

    #[test]
    fn template_dialect_reads_comments_and_trailing_commas() {
        let text = "{ // a comment\n \"a\": \"http://x/*y*/\", /* block\n */ \"b\": [1, 2,], }";
        let doc = parse_json(text, Dialect::TEMPLATE).expect("valid");
        let Value::Object(members) = doc.value else { panic!("object") };
        assert_eq!(members[0].value.value, Value::String("http://x/*y*/".into()));
        assert_eq!(members.len(), 2);
        assert!(strict(text).is_err());
        assert!(parse_json("{\"a\": 1 /* open", Dialect::TEMPLATE).is_err());
        assert!(parse_json("[1,,2]", Dialect::TEMPLATE).is_err());
        assert!(parse_json("[,]", Dialect::TEMPLATE).is_err());
    }

    #[test]
    fn strings_and_numbers() {
        let doc = strict(r#"["a\u00e9\ud83d\ude00\n", -0.5e+3, 0, true, null]"#).expect("valid");
        let Value::Array(items) = doc.value else { panic!("array") };
        assert_eq!(items[0].value, Value::String("aé😀\n".into()));
        assert_eq!(items[1].value, Value::Number("-0.5e+3".into()));
        for bad in ["01", "1.", "-", "1e", "\"\\ud800\"", "\"\\udc00\"", "\"\u{1}\"", "\"abc", "tru", "{\"a\" 1}"] {
            assert!(strict(bad).is_err(), "{bad}");
        }
        assert!(strict(&"[".repeat(200)).is_err());
        assert!(strict(&format!("{}{}", "[".repeat(128), "]".repeat(128))).is_ok());
    }

    /// The value with positions dropped and objects as serde_json keeps them: the last of
    /// duplicate keys, sorted.
    fn plain(node: &Node) -> serde_json::Value {
        use serde_json::Value as J;
        match &node.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => n.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(J::Null, J::Number),
            Value::String(s) | Value::DateTime(s) => J::String(s.clone()),
            Value::Array(items) => J::Array(items.iter().map(plain).collect()),
            Value::Object(members) => J::Object(members.iter().map(|m| (m.key.clone(), plain(&m.value))).collect()),
        }
    }

    /// Equal, numbers within a relative 1e-12: serde_json's default float parsing may differ
    /// from the standard library's in the last bit.
    fn close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value as J;
        match (a, b) {
            (J::Number(x), J::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
                x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
            }
            (J::Array(x), J::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| close(a, b)),
            (J::Object(x), J::Object(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && close(a, b))
            }
            _ => a == b,
        }
    }

    fn json_values() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value as J;
        let leaf = prop_oneof![
            Just(J::Null),
            any::<bool>().prop_map(J::Bool),
            any::<i64>().prop_map(J::from),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(J::from),
            any::<String>().prop_map(J::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
                prop::collection::vec((any::<String>(), inner), 0..6).prop_map(|m| J::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Agreement with serde_json: what one reads the other reads, to the same value (serde_json
    /// alone refuses numbers beyond f64, which this reader keeps as text).
    fn agrees_with_serde_json(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let ours = strict(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        match (&ours, theirs) {
            (Ok(node), Ok(value)) => proptest::prop_assert!(close(&plain(node), &value), "{text:?}"),
            (Err(_), Err(_)) => {}
            (Ok(_), Err(e)) => proptest::prop_assert!(e.to_string().contains("number out of range"), "{text:?}: {e}"),
            (Err(e), Ok(_)) => proptest::prop_assert!(false, "{text:?}: {e:?}"),
        }
        Ok(())
    }

    /// Characters that matter to JSON's grammar, to damage documents with.
    const SHARDS: [char; 26] = [
        '[', ']', '{', '}', ',', ':', '"', '\\', '0', '1', 'e', 'E', '.', '+', '-', 'a', 't', 'n', 'u', 'D', '8', ' ',
        '/', '*', '\n', '\u{1}',
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, failure_persistence: None, ..Default::default() })]

        #[test]
        fn reads_what_serde_json_writes(value in json_values(), pretty in proptest::prelude::any::<bool>()) {
            let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) };
            let text = text.unwrap_or_default();
            let node = strict(&text).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e:?}")))?;
            proptest::prop_assert!(close(&plain(&node), &value), "{text:?}");
        }

        #[test]
        fn agrees_on_damaged_json(
            value in json_values(),
            at in proptest::prelude::any::<proptest::sample::Index>(),
            cut in 0usize..4,
            put in proptest::collection::vec(proptest::sample::select(&SHARDS[..]), 0..4),
        ) {
            let text = serde_json::to_string(&value).unwrap_or_default();
            let mut chars: Vec<char> = text.chars().collect();
            let i = at.index(chars.len() + 1);
            chars.splice(i..(i + cut).min(chars.len()), put);
            agrees_with_serde_json(&chars.into_iter().collect::<String>())?;
        }

        #[test]
        fn agrees_on_any_text(text in "\\PC{0,40}") {
            agrees_with_serde_json(&text)?;
            let _ = parse_json(&text, Dialect::TEMPLATE);
            let _ = parse_toml(&text);
        }
    }
}
