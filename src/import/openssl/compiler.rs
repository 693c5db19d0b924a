//! The cipher-string compiler (`ssl_create_cipher_list`) and the suites it works on.

use std::sync::OnceLock;

use super::aliases::{ALIASES, ANY, OBSOLETE_WORDS, Pattern};
use super::model::SslCipher;
use super::table::OPENSSL_SUITES;
use super::{CipherList, CipherStringError, DEFAULT_CIPHER_LIST, IgnoredWord, TLS13_SUITES};
use crate::model::suite::CipherSuite;

/// The suites the build offers, in OpenSSL's initial order.
pub(super) struct Universe {
    pub(super) suites: Vec<SslCipher>,
}

impl Universe {
    pub(super) fn get(&self, suite: CipherSuite) -> Option<&SslCipher> {
        self.suites.iter().find(|c| c.suite == suite)
    }
}

pub(super) fn universe() -> &'static Universe {
    static UNIVERSE: OnceLock<Universe> = OnceLock::new();
    UNIVERSE.get_or_init(|| {
        let mut suites: Vec<SslCipher> =
            OPENSSL_SUITES.iter().filter_map(|&(code, min)| SslCipher::derive(code, min)).collect();
        // A stable sort: ties keep the table's order.
        suites.sort_by_cached_key(|c| c.initial_rank());
        Universe { suites }
    })
}

/// What a word of the string names.
pub(super) enum Word {
    Pattern(Pattern),
    /// Known to old OpenSSL or naming a suite the build lacks: selects nothing.
    Obsolete,
    Unknown,
}

pub(super) fn lookup(word: &str, universe: &Universe) -> Word {
    if let Some(c) = universe.suites.iter().find(|c| c.suite.info().and_then(|i| i.openssl()) == Some(word)) {
        return Word::Pattern(c.pattern());
    }
    if let Some((_, p)) = ALIASES.iter().find(|(name, _)| *name == word) {
        return Word::Pattern(*p);
    }
    if OBSOLETE_WORDS.contains(&word) {
        return Word::Obsolete;
    }
    // The name an older OpenSSL (1.1.1, 1.0.2) gave a suite this build lacks: OpenSSL 3.0
    // does not know it and ignores it, and it is no typo. Names are case-sensitive here, as in
    // OpenSSL.
    if CipherSuite::all().any(|i| i.openssl() == Some(word) || i.openssl_aliases().contains(&word)) {
        return Word::Obsolete;
    }
    Word::Unknown
}

fn known_words(universe: &Universe) -> impl Iterator<Item = &'static str> + '_ {
    ALIASES
        .iter()
        .map(|(name, _)| *name)
        .chain(universe.suites.iter().filter_map(|c| c.suite.info().and_then(|i| i.openssl())))
        .chain(["DEFAULT", "STRENGTH", "SECLEVEL="])
}

/// The RFC 6460 (Suite B) profiles a string can start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SuiteB {
    Bits128,
    Bits192,
}

/// `SUITEB...` keywords: the whole string becomes the profile's suites.
const SUITE_B: [(&str, SuiteB, &str); 4] = [
    ("SUITEB128ONLY", SuiteB::Bits128, "ECDHE-ECDSA-AES128-GCM-SHA256"),
    ("SUITEB128C2", SuiteB::Bits128, "ECDHE-ECDSA-AES256-GCM-SHA384"),
    ("SUITEB128", SuiteB::Bits128, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"),
    ("SUITEB192", SuiteB::Bits192, "ECDHE-ECDSA-AES256-GCM-SHA384"),
];

/// What a rule does with the suites its pattern selects (OpenSSL's `CIPHER_ADD`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// (no prefix) Append those not yet listed, in order.
    Add,
    /// `-`: unlist, keeping them in front, in order, for a later add.
    Remove,
    /// `!`: unlist for good.
    Kill,
    /// `+`: move the listed ones to the end.
    MoveLast,
    /// `@`: a command.
    Command,
}

/// Word characters: what OpenSSL 3.0 reads as part of an alias or suite name.
const fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'=')
}

const fn is_separator(b: u8) -> bool {
    matches!(b, b':' | b' ' | b';' | b',')
}

/// The list being built: every suite of the build, in its current place, listed (active) or
/// not; killed suites are gone.
pub(super) struct Compiler<'a> {
    input: &'a str,
    lenient: bool,
    universe: &'static Universe,
    order: Vec<usize>,
    active: Vec<bool>,
    security_level: Option<u8>,
    ignored: Vec<IgnoredWord>,
}

impl<'a> Compiler<'a> {
    pub(super) fn new(input: &'a str, lenient: bool) -> Self {
        let universe = universe();
        let n = universe.suites.len();
        Self {
            input,
            lenient,
            universe,
            order: (0..n).collect(),
            active: vec![false; n],
            security_level: None,
            ignored: Vec::new(),
        }
    }

    pub(super) fn run(mut self) -> Result<CipherList, CipherStringError> {
        let input = self.input;
        let suite_b = SUITE_B.iter().find(|(keyword, ..)| input.starts_with(keyword));
        if let Some((keyword, _, rules)) = suite_b {
            // OpenSSL replaces the whole string; whatever follows the keyword is lost.
            if input.len() > keyword.len() {
                self.ignored.push(IgnoredWord { offset: keyword.len(), word: input[keyword.len()..].to_owned() });
            }
            self.rules(rules, 0)?;
        } else if let Some(rest) = input.strip_prefix("DEFAULT") {
            self.rules(DEFAULT_CIPHER_LIST, 0)?;
            let skip = if rest.starts_with(':') { 8 } else { 7 };
            self.rules(input, skip)?;
        } else {
            self.rules(input, 0)?;
        }
        let suites: Vec<CipherSuite> =
            self.order.iter().filter(|&&i| self.active[i]).map(|&i| self.universe.suites[i].suite).collect();
        if suites.is_empty() {
            return Err(CipherStringError::SelectsNothing { input: input.to_owned() });
        }
        Ok(CipherList {
            suites,
            security_level: self.security_level,
            suite_b: suite_b.map(|(_, b, _)| *b),
            ignored: self.ignored,
        })
    }

    /// Reads the rules of `text` from byte `start` (`ssl_cipher_process_rulestr`). Errors
    /// quote `self.input`; the built-in strings (`DEFAULT`, Suite B) cannot fail.
    fn rules(&mut self, text: &str, start: usize) -> Result<(), CipherStringError> {
        let bytes = text.as_bytes();
        let mut i = start;
        while let Some(&first) = bytes.get(i) {
            let action = match first {
                b'-' => Action::Remove,
                b'+' => Action::MoveLast,
                b'!' => Action::Kill,
                b'@' => Action::Command,
                _ => Action::Add,
            };
            if is_separator(first) {
                i += 1;
                continue;
            }
            if action != Action::Add {
                i += 1;
            }
            // One word, or several joined by '+', met into one pattern.
            let mut pattern = Some(ANY);
            let mut selects = true;
            loop {
                let word_start = i;
                while bytes.get(i).is_some_and(|&b| is_word_byte(b)) {
                    i += 1;
                }
                if i == word_start {
                    return Err(self.no_word(text, i));
                }
                let word = &text[word_start..i];
                if action == Action::Command {
                    self.command(word, word_start)?;
                    // OpenSSL drops whatever follows a command up to the next separator.
                    while bytes.get(i).is_some_and(|&b| !is_separator(b)) {
                        i += 1;
                    }
                    break;
                }
                let joined = bytes.get(i) == Some(&b'+');
                if joined {
                    i += 1;
                }
                match lookup(word, self.universe) {
                    Word::Pattern(p) => pattern = pattern.and_then(|acc| acc.meet(&p)),
                    Word::Obsolete => {
                        self.ignored.push(IgnoredWord { offset: word_start, word: word.to_owned() });
                        selects = false;
                    }
                    Word::Unknown => {
                        self.unknown(text, word, word_start)?;
                        selects = false;
                    }
                }
                if !selects || pattern.is_none() || !joined {
                    break;
                }
            }
            if action == Action::Command {
                continue;
            }
            match pattern.filter(|_| selects) {
                Some(p) => self.apply(action, &p),
                // A word that selects nothing: OpenSSL skips to the next separator.
                None => {
                    while bytes.get(i).is_some_and(|&b| !is_separator(b)) {
                        i += 1;
                    }
                }
            }
        }
        Ok(())
    }

    fn command(&mut self, word: &str, offset: usize) -> Result<(), CipherStringError> {
        if word == "STRENGTH" {
            self.strength_sort();
            return Ok(());
        }
        if word.starts_with("SECLEVEL") {
            return match word.strip_prefix("SECLEVEL=").map(str::as_bytes) {
                Some(&[digit @ b'0'..=b'5']) => {
                    self.security_level = Some(digit - b'0');
                    Ok(())
                }
                _ => Err(CipherStringError::BadSecurityLevel {
                    input: self.input.to_owned(),
                    offset,
                    command: word.to_owned(),
                }),
            };
        }
        Err(CipherStringError::UnknownCommand { input: self.input.to_owned(), offset, command: word.to_owned() })
    }

    /// An unknown word: an error naming what was meant, or (lenient) ignored as OpenSSL
    /// ignores it. An IANA name reads as an unknown word (`TLS`) followed by characters
    /// OpenSSL skips, up to the next separator.
    fn unknown(&mut self, text: &str, word: &str, offset: usize) -> Result<(), CipherStringError> {
        if self.lenient {
            self.ignored.push(IgnoredWord { offset, word: word.to_owned() });
            return Ok(());
        }
        let input = self.input.to_owned();
        let element_end = text[offset..].find([':', ' ', ';', ',']).map_or(text.len(), |e| offset + e);
        let element = &text[offset..element_end];
        if element.contains('_') {
            if let Ok(suite) = element.parse::<CipherSuite>() {
                let name = element.to_owned();
                if TLS13_SUITES.iter().any(|(_, s)| *s == suite) {
                    return Err(CipherStringError::Tls13Suite { input, offset, name });
                }
                if let Some(openssl) = self.universe.get(suite).and_then(|c| c.suite.info()).and_then(|i| i.openssl()) {
                    return Err(CipherStringError::IanaName { input, offset, name, openssl });
                }
            }
        }
        if word == "DEFAULT" {
            return Err(CipherStringError::DefaultNotFirst { input, offset });
        }
        Err(CipherStringError::UnknownWord {
            input,
            offset,
            word: word.to_owned(),
            suggestion: crate::model::error::nearest(
                word,
                known_words(self.universe).chain(OBSOLETE_WORDS.iter().copied()),
            ),
        })
    }

    fn no_word(&self, text: &str, at: usize) -> CipherStringError {
        let input = self.input.to_owned();
        match text.get(at..).and_then(|rest| rest.chars().next()) {
            Some(found) if !is_separator(text.as_bytes()[at]) => {
                CipherStringError::InvalidCharacter { input, offset: at, found }
            }
            _ => CipherStringError::MissingWord { input, offset: at },
        }
    }

    /// Applies one rule (`ssl_cipher_apply_rule`); every action keeps the order of the
    /// suites it moves.
    fn apply(&mut self, action: Action, p: &Pattern) {
        let suites = &self.universe.suites;
        let active = &mut self.active;
        let hit = |i: usize| suites[i].matches(p);
        match action {
            Action::Add => {
                let (mut moved, kept): (Vec<usize>, Vec<usize>) =
                    self.order.iter().partition(|&&i| !active[i] && hit(i));
                moved.iter().for_each(|&i| active[i] = true);
                self.order = kept;
                self.order.append(&mut moved);
            }
            Action::MoveLast => {
                let (mut moved, kept): (Vec<usize>, Vec<usize>) =
                    self.order.iter().partition(|&&i| active[i] && hit(i));
                self.order = kept;
                self.order.append(&mut moved);
            }
            Action::Remove => {
                let (mut moved, mut kept): (Vec<usize>, Vec<usize>) =
                    self.order.iter().partition(|&&i| active[i] && hit(i));
                moved.iter().for_each(|&i| active[i] = false);
                moved.append(&mut kept);
                self.order = moved;
            }
            Action::Kill => {
                self.order.retain(|&i| {
                    let killed = hit(i);
                    if killed {
                        active[i] = false;
                    }
                    !killed
                });
            }
            Action::Command => {}
        }
    }

    /// `@STRENGTH`: listed suites move to the end by key bits, most first, keeping their order
    /// within equal bits; unlisted ones stay where they are.
    fn strength_sort(&mut self) {
        let suites = &self.universe.suites;
        let (mut listed, unlisted): (Vec<usize>, Vec<usize>) = self.order.iter().partition(|&&i| self.active[i]);
        listed.sort_by_key(|&i| core::cmp::Reverse(suites[i].bits));
        self.order = unlisted;
        self.order.append(&mut listed);
    }
}
