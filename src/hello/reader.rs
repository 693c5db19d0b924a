//! A bounds-checked reader over the message that keeps input offsets for errors.

use super::*;

/// A cursor over part of the handshake message. `base` is where `bytes` starts in the
/// message; `map` turns a message offset into an input offset, and runs only on errors.
pub(crate) struct Reader<'a, 'm> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
    pub(crate) base: usize,
    pub(crate) map: &'m dyn Fn(usize) -> usize,
}

impl<'a, 'm> Reader<'a, 'm> {
    /// A reader over `bytes`, which start at message offset `base`.
    pub(crate) fn sub(&self, bytes: &'a [u8], base: usize) -> Reader<'a, 'm> {
        Reader { bytes, at: 0, base, map: self.map }
    }

    /// The input offset of a position in this reader.
    pub(crate) fn offset(&self, at: usize) -> usize {
        (self.map)(self.base + at)
    }

    #[inline]
    pub(crate) fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], HelloError> {
        match self.bytes.get(self.at..self.at + n) {
            Some(slice) => {
                self.at += n;
                Ok(slice)
            }
            None => Err(self.truncated(n, what)),
        }
    }

    #[cold]
    pub(crate) fn truncated(&self, n: usize, what: &'static str) -> HelloError {
        HelloError::Truncated { offset: self.offset(self.bytes.len()), what, needed: self.at + n - self.bytes.len() }
    }

    /// `needed` bytes wanted at position `at`, beyond the end.
    #[cold]
    pub(crate) fn truncated_at(&self, at: usize, needed: usize, what: &'static str) -> HelloError {
        HelloError::Truncated {
            offset: self.offset(self.bytes.len()),
            what,
            needed: (at + needed).saturating_sub(self.bytes.len()),
        }
    }

    #[cold]
    pub(crate) fn bad_length(
        &self,
        start: usize,
        field: &'static str,
        length: usize,
        rule: &'static str,
    ) -> HelloError {
        HelloError::BadLength { offset: self.offset(start), field, length, rule }
    }

    #[cold]
    pub(crate) fn bad_value(
        &self,
        start: usize,
        field: &'static str,
        rule: &'static str,
        reason: Reason,
    ) -> HelloError {
        HelloError::BadValue { offset: self.offset(start), field, rule, reason }
    }

    #[inline]
    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, HelloError> {
        Ok(self.take(1, what)?[0])
    }

    #[inline]
    pub(crate) fn u16(&mut self, what: &'static str) -> Result<u16, HelloError> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// A vector with a 1- or 2-byte length prefix, checked against `<min..max>` and, for
    /// lists of 16-bit values, evenness.
    #[inline]
    pub(crate) fn vector(
        &mut self,
        prefix: u8,
        what: &'static str,
        min: usize,
        max: usize,
        pairs: bool,
    ) -> Result<&'a [u8], HelloError> {
        let start = self.at;
        let length = if prefix == 1 { usize::from(self.u8(what)?) } else { usize::from(self.u16(what)?) };
        if length < min || length > max {
            let rule = if min > 0 { "the grammar's minimum or maximum length" } else { "the grammar's maximum length" };
            return Err(self.bad_length(start, what, length, rule));
        }
        if pairs && length % 2 != 0 {
            return Err(self.bad_length(start, what, length, "a list of 16-bit values"));
        }
        self.take(length, what)
    }

    pub(crate) fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }
}
