//! The incremental reader: records, the handshake stream across them, and the outcome.
//!
//! Why incremental rather than `parse(bytes) -> Result<_, Truncated>`: a scanner reads a socket
//! and must know when to stop reading. With [`ServerAnswer::feed`] every byte is looked at
//! once (records are reassembled as they complete, handshake messages as their last fragment
//! arrives), so a server that dribbles its answer a byte at a time costs linear time, and the
//! caller learns the outcome the moment it is decided, without a second pass or a guess
//! at how much more to read. [`ServerAnswer::parse`] is the one-shot form over it.

use crate::hello::reader::Reader;

use super::messages::{self, Message, State};
use super::outcome::{AlertAnswer, Answer, AnswerError};
use super::{MAX_ANSWER, MAX_MESSAGE, MAX_RECORD};

/// Record content types (RFC 8446 §5.1; 23 is application_data; heartbeat, RFC 6520).
const CHANGE_CIPHER_SPEC: u8 = 20;
const ALERT: u8 = 21;
const HANDSHAKE: u8 = 22;
const HEARTBEAT: u8 = 24;

/// Reads a server's answer, fed in pieces as they arrive.
///
/// ```
/// use tls_policy::scan::{Answer, ServerAnswer};
///
/// let mut answer = ServerAnswer::new();
/// assert_eq!(answer.feed(&[22, 3, 3, 0, 40, 2])?, None);
/// // The peer closed: what was read is all there is.
/// assert_eq!(answer.finish(), Ok(Answer::Closed { read: 6, hello: None }));
/// # Ok::<(), tls_policy::scan::AnswerError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ServerAnswer {
    limit: usize,
    /// Bytes taken.
    read: usize,
    /// The record being read: its header and what has come of its payload.
    pending: Vec<u8>,
    /// The offset of that record.
    record_at: usize,
    /// The handshake stream.
    stream: Stream,
    /// What the handshake has said so far.
    state: State,
    done: Option<Result<Answer, AnswerError>>,
}

/// The handshake messages' bytes, joined across records, and where each fragment came from.
#[derive(Debug, Clone, Default)]
struct Stream {
    bytes: Vec<u8>,
    /// `(stream offset, input offset)` of each fragment, in order.
    pieces: Vec<(usize, usize)>,
    /// Stream bytes already read as whole messages.
    consumed: usize,
}

impl Stream {
    /// The input offset of a stream offset.
    fn input_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|(start, _)| *start <= at);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some((start, input)) => input + (at - start),
            None => at,
        }
    }
}

impl Default for ServerAnswer {
    fn default() -> Self {
        Self::new()
    }
}

impl ServerAnswer {
    /// A reader taking at most [`MAX_ANSWER`] bytes.
    ///
    /// ```
    /// assert_eq!(tls_policy::scan::ServerAnswer::new().read(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_limit(MAX_ANSWER)
    }

    /// A reader taking at most `limit` bytes.
    ///
    /// ```
    /// use tls_policy::scan::{AnswerError, ServerAnswer};
    ///
    /// let mut answer = ServerAnswer::with_limit(4);
    /// assert_eq!(answer.feed(&[22, 3, 3, 0, 9]), Err(AnswerError::TooLong { limit: 4 }));
    /// ```
    pub fn with_limit(limit: usize) -> Self {
        Self {
            limit,
            read: 0,
            pending: Vec::new(),
            record_at: 0,
            stream: Stream::default(),
            state: State::default(),
            done: None,
        }
    }

    /// Reads all of `bytes` as a server's whole answer: [`feed`](Self::feed), then
    /// [`finish`](Self::finish).
    ///
    /// ```
    /// use tls_policy::scan::{Answer, ServerAnswer};
    ///
    /// assert_eq!(ServerAnswer::parse(&[])?, Answer::Closed { read: 0, hello: None });
    /// # Ok::<(), tls_policy::scan::AnswerError>(())
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<Answer, AnswerError> {
        let mut answer = Self::new();
        answer.feed(bytes)?;
        answer.finish()
    }

    /// Takes the next bytes the server sent: `Ok(None)` while more are needed, the answer
    /// once it is complete, or why these are not an answer. Once decided, the outcome stays:
    /// further calls return it again and take nothing.
    ///
    /// ```
    /// use tls_policy::scan::{AnswerError, ServerAnswer};
    ///
    /// let mut answer = ServerAnswer::new();
    /// let error = answer.feed(&[23, 3, 3, 0, 1, 0]).unwrap_err();
    /// assert_eq!(error, AnswerError::Unexpected { offset: 0, content_type: 23 });
    /// assert_eq!(answer.feed(&[21, 3, 3, 0, 2, 2, 40]), Err(error));
    /// ```
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Option<Answer>, AnswerError> {
        if self.done.is_none() {
            let room = self.limit.saturating_sub(self.read);
            let (taken, over) = bytes.split_at(room.min(bytes.len()));
            if let Err(error) = self.take(taken) {
                self.done = Some(Err(error));
            } else if self.done.is_none() && !over.is_empty() {
                self.done = Some(Err(AnswerError::TooLong { limit: self.limit }));
            }
        }
        self.done.clone().transpose()
    }

    /// The peer closed or reset: the answer if it was complete, else [`Answer::Closed`] with
    /// what had been read.
    ///
    /// ```
    /// use tls_policy::scan::{Answer, ServerAnswer};
    ///
    /// let mut answer = ServerAnswer::new();
    /// answer.feed(&[21, 3, 3, 0, 2])?;
    /// assert_eq!(answer.finish(), Ok(Answer::Closed { read: 5, hello: None }));
    /// # Ok::<(), tls_policy::scan::AnswerError>(())
    /// ```
    pub fn finish(&self) -> Result<Answer, AnswerError> {
        match &self.done {
            Some(outcome) => outcome.clone(),
            None => Ok(Answer::Closed { read: self.read, hello: self.state.hello.clone() }),
        }
    }

    /// How many bytes have been taken.
    ///
    /// ```
    /// let mut answer = tls_policy::scan::ServerAnswer::new();
    /// answer.feed(&[22, 3])?;
    /// assert_eq!(answer.read(), 2);
    /// # Ok::<(), tls_policy::scan::AnswerError>(())
    /// ```
    pub const fn read(&self) -> usize {
        self.read
    }

    fn take(&mut self, mut input: &[u8]) -> Result<(), AnswerError> {
        while !input.is_empty() && self.done.is_none() {
            if self.pending.is_empty() {
                self.record_at = self.read;
            }
            let header = self.pending.len() < 5;
            let want = if header { 5 } else { 5 + self.record_length() };
            let (now, rest) = input.split_at(want.saturating_sub(self.pending.len()).min(input.len()));
            self.pending.extend_from_slice(now);
            self.read += now.len();
            input = rest;
            if header && self.pending.len() == 5 {
                self.header()?;
            }
            if self.done.is_none() && self.pending.len() == 5 + self.record_length() {
                self.record()?;
                self.pending.clear();
            }
        }
        Ok(())
    }

    fn record_length(&self) -> usize {
        match self.pending.get(3..5) {
            Some(&[high, low]) => usize::from(u16::from_be_bytes([high, low])),
            _ => 0,
        }
    }

    /// Checks a record header as soon as its five bytes are in.
    fn header(&mut self) -> Result<(), AnswerError> {
        let at = self.record_at;
        let &[content_type, major, minor, ..] = self.pending.as_slice() else { return Ok(()) };
        if at == 0 && self.pending.starts_with(b"HTTP/") {
            return Err(AnswerError::Http);
        }
        if !(CHANGE_CIPHER_SPEC..=HEARTBEAT).contains(&content_type) {
            return Err(AnswerError::NotTls { offset: at, byte: content_type });
        }
        if major != 3 {
            return Err(AnswerError::BadRecordVersion { offset: at + 1, version: u16::from_be_bytes([major, minor]) });
        }
        let length = self.record_length();
        let needs_payload = matches!(content_type, ALERT | HANDSHAKE);
        if length > MAX_RECORD || (length == 0 && needs_payload) {
            return Err(AnswerError::BadRecordLength { offset: at + 3, length });
        }
        if !needs_payload {
            // ChangeCipherSpec, ApplicationData or Heartbeat: after a TLS 1.2 ServerHello the
            // clear part is over (an abbreviated handshake, or a server in a hurry).
            match self.state.hello.take() {
                Some(hello) => self.done = Some(Ok(Answer::Hello(hello))),
                None => return Err(AnswerError::Unexpected { offset: at, content_type }),
            }
        }
        Ok(())
    }

    /// Reads a whole alert or handshake record.
    fn record(&mut self) -> Result<(), AnswerError> {
        let at = self.record_at;
        let payload = self.pending.get(5..).unwrap_or_default();
        if self.pending.first() == Some(&ALERT) {
            let &[level, description, ..] = payload else {
                return Err(AnswerError::BadAlert { offset: at, length: payload.len() });
            };
            let hello = self.state.hello.take();
            self.done = Some(Ok(Answer::Alert(AlertAnswer { level, description, hello })));
            return Ok(());
        }
        self.stream.pieces.push((self.stream.bytes.len(), at + 5));
        self.stream.bytes.extend_from_slice(payload);
        self.messages()
    }

    /// Reads every whole handshake message the stream holds.
    fn messages(&mut self) -> Result<(), AnswerError> {
        let stream = &self.stream;
        let mut consumed = stream.consumed;
        let map = |at: usize| stream.input_offset(at);
        while self.done.is_none() {
            let rest = stream.bytes.get(consumed..).unwrap_or_default();
            let &[msg_type, a, b, c, ..] = rest else { break };
            let length = usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c);
            if length > MAX_MESSAGE {
                let offset = map(consumed);
                return Err(AnswerError::MessageTooLong { offset, msg_type, length, limit: MAX_MESSAGE });
            }
            let Some(body) = rest.get(4..4 + length) else { break };
            let r = Reader { bytes: body, at: 0, base: consumed + 4, map: &map };
            let message = Message { msg_type, offset: map(consumed), reader: r };
            self.done = messages::read(message, &mut self.state)?.map(Ok);
            consumed += 4 + length;
        }
        self.stream.consumed = consumed;
        Ok(())
    }
}

#[cfg(test)]
#[path = "answer_tests.rs"]
mod tests;
