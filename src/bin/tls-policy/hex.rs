//! Hex dumps in the forms people copy out of tools: bare hex digits (Wireshark's "Copy as a
//! Hex Stream", `xxd -p`, white space ignored), `xxd` output (`00000000: 1603 0100 ...  ....`)
//! and offset-column dumps with an ASCII column (Wireshark's "Copy as Hex Dump",
//! `tshark -x`, `hexdump -C`). Errors name the line and column and the forms expected.

use std::fmt;

/// What a `.hex` file may hold, for error messages.
pub(crate) const FORMS: &str =
    "expected hex digits (white space ignored), `xxd` output, or Wireshark's \"hex stream\" or \"hex dump\"";

/// Why a hex dump could not be read, and where.
#[derive(Debug)]
pub(crate) struct HexError {
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column, in characters.
    pub(crate) column: usize,
    /// What is wrong there.
    pub(crate) message: String,
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}; {FORMS}", self.line, self.column, self.message)
    }
}

/// How the dump is laid out, judged by its first line that holds anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Hex digits and white space only.
    Bare,
    /// `OFFSET: HEX HEX ...  ASCII` (`xxd`, any `-g` grouping).
    Xxd,
    /// `OFFSET  HH HH ...   ASCII` (Wireshark "hex dump", `tshark -x`, `hexdump -C`,
    /// `od -Ax -tx1`, the form Wireshark's "Import from Hex Dump" reads).
    Columns,
}

/// Decodes `text` into `out` (cleared first).
pub(crate) fn decode(text: &str, out: &mut Vec<u8>) -> Result<(), HexError> {
    out.clear();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(line) = text.lines().position(|l| l.contains('\0')) {
        return Err(HexError {
            line: line + 1,
            column: 1,
            message: "the file holds NUL characters, so it is UTF-16 or binary: save a hex dump as UTF-8 \
                      text, or name a raw capture .bin"
                .to_owned(),
        });
    }
    let layout = text.lines().find(|l| !l.trim().is_empty()).map_or(Layout::Bare, layout);
    let mut decoder = Decoder { out, half: None, base: None, last: (1, 1) };
    for (i, line) in text.lines().enumerate() {
        let result = match layout {
            Layout::Bare => decoder.bare(line, i),
            Layout::Xxd | Layout::Columns if line.trim().is_empty() => Ok(()),
            Layout::Xxd => decoder.xxd(line),
            Layout::Columns => decoder.columns(line),
        };
        result.map_err(|(column, message)| HexError { line: i + 1, column: column + 1, message })?;
    }
    if decoder.half.is_some() {
        let (line, column) = decoder.last;
        let count = text.chars().filter(char::is_ascii_hexdigit).count();
        return Err(HexError {
            line,
            column,
            message: format!("odd number of hex digits ({count}): the last byte lacks its second digit"),
        });
    }
    Ok(())
}

fn layout(line: &str) -> Layout {
    let trimmed = line.trim_start();
    let offset_len = trimmed.chars().take_while(char::is_ascii_hexdigit).count();
    let rest = trimmed.get(offset_len..).unwrap_or_default();
    if offset_len > 0 && rest.starts_with(':') {
        return Layout::Xxd;
    }
    // An offset of 4 to 8 digits (Wireshark writes 4, `od -Ax` 6, `hexdump` 8), a blank, then
    // a two-digit byte: bare hex is all pairs, or runs longer than 8 digits.
    let gap = rest.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    let first = rest.get(gap..).unwrap_or_default().split_whitespace().next().unwrap_or_default();
    if (4..=8).contains(&offset_len) && gap >= 1 && first.len() == 2 && first.chars().all(|c| c.is_ascii_hexdigit()) {
        return Layout::Columns;
    }
    Layout::Bare
}

/// A column and what is wrong there.
type Problem = (usize, String);

struct Decoder<'o> {
    out: &'o mut Vec<u8>,
    /// The high nibble of a byte whose second digit has not come yet: in bare dumps a pair
    /// may be split by white space or a line break.
    half: Option<u8>,
    /// The first line's offset: Wireshark numbers a copied field from its place in the frame.
    base: Option<usize>,
    /// Line and column (1-based) of the last digit, for the odd-count error.
    last: (usize, usize),
}

impl Decoder<'_> {
    fn digit(&mut self, c: char, column: usize) -> Result<(), Problem> {
        let Some(v) = c.to_digit(16).and_then(|v| u8::try_from(v).ok()) else {
            return Err((column, format!("{c:?} is not a hex digit")));
        };
        match self.half.take() {
            Some(high) => self.out.push(high << 4 | v),
            None => self.half = Some(v),
        }
        Ok(())
    }

    /// Bare hex digits and white space.
    fn bare(&mut self, line: &str, index: usize) -> Result<(), Problem> {
        for (column, c) in line.chars().enumerate() {
            if !c.is_whitespace() {
                self.digit(c, column)?;
                self.last = (index + 1, column + 1);
            }
        }
        Ok(())
    }

    /// The offset column, checked against the bytes read so far so that a dropped or
    /// repeated line is caught. Returns the column after it.
    fn offset(&mut self, line: &str) -> Result<usize, Problem> {
        let lead = line.chars().take_while(|c| c.is_whitespace()).count();
        let digits: String = line.chars().skip(lead).take_while(char::is_ascii_hexdigit).collect();
        let value = usize::from_str_radix(&digits, 16).map_err(|_| (lead, "expected an offset in hex".to_owned()))?;
        let base = *self.base.get_or_insert(value);
        let expected = base.saturating_add(self.out.len());
        if value != expected {
            return Err((
                lead,
                format!("the offset is 0x{value:x} but 0x{expected:x} was expected (a line is missing or repeated)"),
            ));
        }
        Ok(lead + digits.chars().count())
    }

    /// `00000010: 0a0b 0c0d ...  ....`: groups of hex digits after the colon, up to the two
    /// blanks before the ASCII column.
    fn xxd(&mut self, line: &str) -> Result<(), Problem> {
        let after = self.offset(line)?;
        let chars: Vec<char> = line.chars().collect();
        if chars.get(after) != Some(&':') {
            return Err((after, "expected \":\" after the offset, as xxd writes".to_owned()));
        }
        let mut blanks = 0;
        for (column, &c) in chars.iter().enumerate().skip(after + 1) {
            if c == ' ' {
                blanks += 1;
                if blanks >= 2 && column > after + 2 {
                    break; // the ASCII column follows
                }
            } else {
                blanks = 0;
                self.digit(c, column)?;
            }
        }
        if self.half.take().is_some() {
            return Err((after + 1, "a group with an odd number of hex digits".to_owned()));
        }
        Ok(())
    }

    /// `0010   0a 0b 0c ...   ....` or `00000010  0a 0b ...  |....|`: two-digit bytes after
    /// the offset, up to three blanks (before the ASCII column), a token that is not a byte,
    /// or the end; any number a line (`od -w32`).
    fn columns(&mut self, line: &str) -> Result<(), Problem> {
        if line.trim() == "*" {
            let column = line.chars().position(|c| c == '*').unwrap_or(0);
            return Err((
                column,
                "\"*\" stands for repeated lines: write the dump with -v (`hexdump -v -C`, `od -v`)".to_owned(),
            ));
        }
        let mut column = self.offset(line)?;
        let chars: Vec<char> = line.chars().collect();
        let mut bytes = 0;
        while column < chars.len() {
            let rest = chars.get(column..).unwrap_or_default();
            let gap = rest.iter().take_while(|c| **c == ' ' || **c == '\t').count();
            if gap == 0 {
                return Err((column, "expected a blank between bytes".to_owned()));
            }
            if gap >= 3 && bytes > 0 {
                break; // the ASCII column
            }
            column += gap;
            let token = chars.get(column..).unwrap_or_default();
            let pair = match token {
                [h, l, rest @ ..] if rest.first().is_none_or(|c| c.is_whitespace()) => (*h, *l),
                _ => break,
            };
            let (Some(high), Some(low)) = (pair.0.to_digit(16), pair.1.to_digit(16)) else { break };
            self.out.push(u8::try_from(high << 4 | low).unwrap_or(0));
            bytes += 1;
            column += 2;
        }
        if bytes == 0 && chars.get(column..).is_some_and(|r| r.iter().any(|c| !c.is_whitespace())) {
            let at = column + chars.get(column..).map_or(0, |r| r.iter().take_while(|c| c.is_whitespace()).count());
            return Err((at, "expected two-digit hex bytes after the offset".to_owned()));
        }
        Ok(())
    }
}
