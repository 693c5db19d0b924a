//! Duplicate checks in one pass: extension types and key-share groups (RFC 8446 §4.2).

/// Duplicate detection for the groups of `key_share` in linear time without a large set on
/// the common path: the first [`RareCodes::FEW`] inline; only when more appear is the whole
/// list checked once against a 65,536-bit set (8 KiB on the stack). (The extension types use
/// [`FewTypes`] and [`AllTypes`] in one pass instead.)
pub(super) struct RareCodes {
    pub(super) few: [u16; RareCodes::FEW],
    pub(super) len: usize,
    /// Set once the full pass has run: where the first repeated code starts, if any.
    pub(super) full: Option<Option<usize>>,
}

impl RareCodes {
    /// Real hellos carry at most a handful of extension types of 64 and above (GREASE,
    /// renegotiation_info, ECH, ALPS), and of key shares.
    pub(super) const FEW: usize = 8;

    pub(super) const fn new() -> Self {
        Self { few: [0; Self::FEW], len: 0, full: None }
    }

    /// Whether `code`, the item starting at `at`, repeats an earlier one; `all` gives every
    /// item as `(start, code)`, for the full pass.
    #[inline]
    pub(super) fn repeats(&mut self, code: u16, at: usize, all: impl FnOnce() -> Option<usize>) -> bool {
        if let Some(first) = self.full {
            return first == Some(at);
        }
        let few = self.few.get(..self.len).unwrap_or(&[]);
        if few.contains(&code) {
            return true;
        }
        if let Some(slot) = self.few.get_mut(self.len) {
            *slot = code;
            self.len += 1;
            return false;
        }
        let first = all();
        self.full = Some(first);
        first == Some(at)
    }
}

/// The start of the first item whose code repeats an earlier one, by a 65,536-bit set: one
/// pass, linear in the items.
#[cold]
#[inline(never)]
pub(super) fn first_repeat(items: impl Iterator<Item = (usize, u16)>) -> Option<usize> {
    let mut set = [0u64; 1024];
    for (start, code) in items {
        let (word, bit) = (usize::from(code >> 6), 1u64 << (code & 63));
        let Some(w) = set.get_mut(word) else { continue };
        if *w & bit != 0 {
            return Some(start);
        }
        *w |= bit;
    }
    None
}

/// The extension types of 64 and above seen so far, for the duplicate check.
pub(super) trait RareTypes {
    /// Records `ty`: `Some(true)` if it was seen before, `Some(false)` if not, `None` when
    /// there is no room to remember it.
    fn insert(&mut self, ty: u16) -> Option<bool>;

    /// Records the types of the empty extensions at the start of `rest` that need nothing
    /// but the duplicate check, while none repeats; returns what follows them.
    #[inline]
    fn skip_run<'a>(&mut self, rest: &'a [u8]) -> &'a [u8] {
        rest
    }
}

/// The first [`RareCodes::FEW`] rare types, inline: nothing to clear on the common path.
pub(super) struct FewTypes {
    pub(super) types: [u16; RareCodes::FEW],
    pub(super) len: usize,
}

impl RareTypes for FewTypes {
    #[inline]
    fn insert(&mut self, ty: u16) -> Option<bool> {
        if self.types.get(..self.len).unwrap_or(&[]).contains(&ty) {
            return Some(true);
        }
        let slot = self.types.get_mut(self.len)?;
        *slot = ty;
        self.len += 1;
        Some(false)
    }
}

/// Every type, as a 65,536-bit set (8 KiB): taken only when a hello lists more rare types
/// than [`FewTypes`] holds.
pub(super) struct AllTypes(pub(super) [u64; 1024]);

impl RareTypes for AllTypes {
    /// Thousands of types fit in a hello only as (mostly) empty extensions, so a hostile one
    /// is long runs of bare 4-byte headers. Through a run the next header is 4 bytes on, so
    /// the walk does not wait on each length it loads (the length is checked by a predicted
    /// branch instead), and the word of the set in use is held in a register, written back
    /// only when the type moves to another word: neighbouring types (one word holds 64) then
    /// make no chain of stores and reloads through memory. The types that get more than the
    /// check (below 64, and `ech_outer_extensions` 0xFD00 and up, RFC 5746's
    /// `renegotiation_info` 0xFF01 among them) end the run, as does a repeat; the general step
    /// then reads that one.
    #[inline]
    fn skip_run<'a>(&mut self, rest: &'a [u8]) -> &'a [u8] {
        let (mut at, mut word) = (0, self.0.first().copied().unwrap_or(0));
        // Records the type of `header` if it is a plain one; false when the run ends there.
        let mut plain = |header: u32| {
            // Type 64 up to 0xFD00 (excluded), length 0.
            if header.wrapping_sub(0x0040_0000) >= 0xFD00_0000 - 0x0040_0000 || header & 0xFFFF != 0 {
                return false;
            }
            let (index, bit) = (usize::try_from(header >> 22).unwrap_or(0), 1u64 << ((header >> 16) & 63));
            if index != at {
                if let Some(w) = self.0.get_mut(at) {
                    *w = word;
                }
                at = index;
                word = self.0.get(at).copied().unwrap_or(0);
            }
            let seen = word & bit != 0;
            word |= bit;
            !seen
        };
        let mut done = 0;
        // Two headers a step: one bounds check and one length test for both.
        while let Some(&pair) = rest.get(done..).and_then(|r| r.first_chunk::<8>()) {
            let pair = u64::from_be_bytes(pair);
            if pair & 0x0000_FFFF_0000_FFFF != 0 {
                break;
            }
            let (first, second) =
                (u32::try_from(pair >> 32).unwrap_or(0), u32::try_from(pair & 0xFFFF_FFFF).unwrap_or(0));
            if !plain(first) {
                break;
            }
            done += 4;
            if !plain(second) {
                break;
            }
            done += 4;
        }
        // The last header, or the one that ended the pairs (recording a type twice is harmless:
        // a repeat stays a repeat).
        while let Some(&header) = rest.get(done..).and_then(|r| r.first_chunk::<4>()) {
            if !plain(u32::from_be_bytes(header)) {
                break;
            }
            done += 4;
        }
        if let Some(w) = self.0.get_mut(at) {
            *w = word;
        }
        rest.get(done..).unwrap_or(&[])
    }

    #[inline]
    fn insert(&mut self, ty: u16) -> Option<bool> {
        let (word, bit) = (usize::from(ty >> 6), 1u64 << (ty & 63));
        let w = self.0.get_mut(word)?;
        let seen = *w & bit != 0;
        *w |= bit;
        Some(seen)
    }
}
