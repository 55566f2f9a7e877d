//! LSP base-protocol framing (`Content-Length: N\r\n\r\n` + N bytes) over an untrusted byte
//! stream, with bounded memory and resynchronisation after any malformed header.
//!
//! Contract:
//! - A header block is CRLF-terminated lines ending with an empty line; it must hold exactly
//!   one `Content-Length` (case-insensitive name, decimal digits) and may hold other headers
//!   (`Content-Type` included), which are ignored. A header block longer than
//!   [`MAX_HEADER`] bytes, a line ending in a bare LF, a line that is not `name: value`, or a
//!   missing or unreadable length is [`FrameError::BadHeader`].
//! - A length above the reader's `max_body` is [`FrameError::TooLarge`]: its body is never
//!   buffered. The declared length of such a header is not trusted (a corrupt or hostile
//!   header is far likelier than a genuine message of that size), so the reader treats the
//!   stream as out of sync.
//! - Out of sync (after either error), bytes are discarded, in place, until the next
//!   `Content-Length` text, where header parsing starts again. A well-formed JSON body cannot
//!   contain a header line (JSON strings cannot hold a raw CR or LF), so resynchronising never
//!   mistakes a valid message's content for a header.
//! - A body is handed over whole, as bytes; what it contains is not judged here.
//!
//! Memory: the buffer holds at most one header block ([`MAX_HEADER`]) or one body
//! (`max_body`), plus the last chunk pushed.

use memchr::memmem;

/// The longest header block accepted, in bytes. Real clients send one or two short lines.
pub const MAX_HEADER: usize = 8 * 1024;

const CONTENT_LENGTH: &[u8] = b"Content-Length";

/// One result of reading the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A complete body, exactly as many bytes as its header declared.
    Frame(Vec<u8>),
    /// A header that could not be used; the reader is resynchronising.
    Malformed(FrameError),
}

#[derive(Debug, PartialEq, Eq)]
pub enum FrameError {
    /// The header block is malformed; the text says how.
    BadHeader(String),
    /// The declared body length (saturated at `u64::MAX`) is above the reader's limit.
    TooLarge { length: u64, max: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Header,
    Body(usize),
    Resync,
}

/// Incremental frame reader: [`push`](Self::push) bytes as they arrive, then take
/// [`next`](Self::next) events until it returns `None`.
pub struct FrameReader {
    buf: Vec<u8>,
    /// Bytes of `buf` before `pos` are consumed.
    pos: usize,
    state: State,
    max_body: usize,
}

impl FrameReader {
    /// A reader that refuses bodies longer than `max_body` bytes.
    pub fn new(max_body: usize) -> Self {
        Self {
            buf: Vec::new(),
            pos: 0,
            state: State::Header,
            max_body,
        }
    }

    /// Appends bytes read from the stream.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        self.buf.extend_from_slice(bytes);
        // Discarding while out of sync keeps the buffer bounded however long the garbage.
        if self.state == State::Resync {
            self.resync();
        }
    }

    /// The next complete event, or `None` when more bytes are needed.
    pub fn next(&mut self) -> Option<Event> {
        loop {
            let pending = &self.buf[self.pos..];
            match self.state {
                State::Resync => {
                    if !self.resync() {
                        return None;
                    }
                }
                State::Body(length) => {
                    if pending.len() < length {
                        return None;
                    }
                    let body = pending[..length].to_vec();
                    self.pos += length;
                    self.state = State::Header;
                    return Some(Event::Frame(body));
                }
                State::Header => match parse_header(pending) {
                    Header::Incomplete => return None,
                    Header::Complete { len, length } => {
                        self.pos += len;
                        match usize::try_from(length) {
                            Ok(length) if length <= self.max_body => {
                                self.state = State::Body(length);
                            }
                            _ => {
                                self.state = State::Resync;
                                return Some(Event::Malformed(FrameError::TooLarge {
                                    length,
                                    max: self.max_body,
                                }));
                            }
                        }
                    }
                    Header::Bad(message) => {
                        // Step past this header's first byte so the search cannot find the
                        // same `Content-Length` again.
                        self.pos += 1;
                        self.state = State::Resync;
                        return Some(Event::Malformed(FrameError::BadHeader(message)));
                    }
                },
            }
        }
    }

    /// Discards bytes up to the next `Content-Length`; true once found (state is then
    /// `Header`). Keeps only a possible prefix of it when not found.
    fn resync(&mut self) -> bool {
        let pending = &self.buf[self.pos..];
        if let Some(at) = memmem::find(pending, CONTENT_LENGTH) {
            self.pos += at;
            self.state = State::Header;
            return true;
        }
        let keep = pending.len().min(CONTENT_LENGTH.len() - 1);
        self.pos += pending.len() - keep;
        false
    }
}

enum Header {
    Incomplete,
    Complete { len: usize, length: u64 },
    Bad(String),
}

/// Parses a header block at the start of `bytes`. The verdict is the first problem in byte
/// order, so it does not depend on how many bytes have arrived (only whether the problem's
/// byte has): a byte that cannot belong to a header name, a line not ended by CRLF, then
/// the block passing [`MAX_HEADER`] bytes.
fn parse_header(bytes: &[u8]) -> Header {
    let within = &bytes[..bytes.len().min(MAX_HEADER)];
    let mut length = None;
    let mut start = 0;
    loop {
        let rest = &within[start..];
        let Some(newline) = memchr::memchr(b'\n', rest) else {
            if let Err(message) = check_partial_name(rest) {
                return Header::Bad(message);
            }
            return if bytes.len() > MAX_HEADER {
                Header::Bad(format!("header longer than {MAX_HEADER} bytes"))
            } else {
                Header::Incomplete
            };
        };
        let end = start + newline + 1;
        if let Err(message) = check_partial_name(&rest[..newline]) {
            return Header::Bad(message);
        }
        let Some(line) = rest[..newline].strip_suffix(b"\r") else {
            return Header::Bad("header line not terminated by CRLF".into());
        };
        start = end;
        if line.is_empty() {
            return match length {
                Some(length) => Header::Complete { len: end, length },
                None => Header::Bad("missing Content-Length header".into()),
            };
        }
        let Some(colon) = memchr::memchr(b':', line) else {
            return Header::Bad("header line is not `name: value`".into());
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if let Err(message) = check_name(name) {
            return Header::Bad(message);
        }
        if name.eq_ignore_ascii_case(CONTENT_LENGTH) {
            if length.is_some() {
                return Header::Bad("duplicate Content-Length header".into());
            }
            match parse_length(value) {
                Some(value) => length = Some(value),
                None => {
                    return Header::Bad(format!(
                        "Content-Length is not a decimal number: {:?}",
                        String::from_utf8_lossy(value.trim_ascii())
                    ));
                }
            }
        }
    }
}

/// A length in decimal digits, saturated at `u64::MAX` (which is above any limit).
fn parse_length(value: &[u8]) -> Option<u64> {
    let digits = value.trim_ascii();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// A header name is an HTTP token.
fn check_name(name: &[u8]) -> Result<(), String> {
    if name.is_empty() {
        return Err("header line has an empty name".into());
    }
    check_partial_name(name)
}

/// Checks the name part of a possibly unfinished line (up to its `:`, if any).
fn check_partial_name(line: &[u8]) -> Result<(), String> {
    // A CR may be the first half of the line's CRLF.
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let name = memchr::memchr(b':', line).map_or(line, |colon| &line[..colon]);
    let is_token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    match name.iter().find(|b| !is_token(b)) {
        None => Ok(()),
        Some(b) => Err(format!(
            "expected a header, found byte {:?}",
            char::from(*b).escape_default().to_string()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(input: &[u8], max_body: usize) -> Vec<Event> {
        let mut reader = FrameReader::new(max_body);
        reader.push(input);
        std::iter::from_fn(|| reader.next()).collect()
    }

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    fn bad(events: &[Event]) -> usize {
        events
            .iter()
            .filter(|e| matches!(e, Event::Malformed(_)))
            .count()
    }

    #[test]
    fn reads_frames_with_other_headers_and_any_name_case() {
        let mut input = frame("{}");
        input.extend(b"content-length: 3\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1]");
        assert_eq!(
            events(&input, 100),
            [Event::Frame(b"{}".to_vec()), Event::Frame(b"[1]".to_vec())]
        );
    }

    #[test]
    fn bad_headers_are_reported_once_and_the_next_frame_is_read() {
        let cases: &[&[u8]] = &[
            b"Content-Length: abc\r\n\r\n{}",
            b"Content-Type: x\r\n\r\n{}",
            b"Content-Length: 2\n\n{}",
            b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
            b"{\"jsonrpc\":\"2.0\"}",
            b"\r\n",
            b"Content-Length 2\r\n\r\n{}",
            b"Content-Length: -1\r\n\r\n{}",
        ];
        for case in cases {
            let mut input = case.to_vec();
            input.extend(frame("{\"ok\":1}"));
            let got = events(&input, 100);
            assert_eq!(bad(&got), 1, "{}: {got:?}", String::from_utf8_lossy(case));
            assert_eq!(
                got.last(),
                Some(&Event::Frame(b"{\"ok\":1}".to_vec())),
                "{}",
                String::from_utf8_lossy(case)
            );
        }
    }

    #[test]
    fn a_body_without_header_is_rejected_before_more_bytes_arrive() {
        let mut reader = FrameReader::new(100);
        reader.push(b"{\"jsonrpc\"");
        assert!(matches!(
            reader.next(),
            Some(Event::Malformed(FrameError::BadHeader(_)))
        ));
        assert_eq!(reader.next(), None);
    }

    #[test]
    fn a_huge_length_is_refused_without_buffering_and_the_stream_resyncs() {
        let mut reader = FrameReader::new(1 << 20);
        reader.push(b"Content-Length: 1000000000000\r\n\r\n");
        assert_eq!(
            reader.next(),
            Some(Event::Malformed(FrameError::TooLarge {
                length: 1_000_000_000_000,
                max: 1 << 20
            }))
        );
        for _ in 0..1000 {
            reader.push(&[b'x'; 64 * 1024]);
            assert_eq!(reader.next(), None);
            assert!(reader.buf.len() <= 64 * 1024 + CONTENT_LENGTH.len());
        }
        reader.push(&frame("{}"));
        assert_eq!(reader.next(), Some(Event::Frame(b"{}".to_vec())));
        let overflow = events(b"Content-Length: 99999999999999999999999\r\n\r\n", 10);
        assert_eq!(
            overflow,
            [Event::Malformed(FrameError::TooLarge {
                length: u64::MAX,
                max: 10
            })]
        );
    }

    #[test]
    fn an_endless_header_is_cut_at_the_limit() {
        let mut reader = FrameReader::new(100);
        reader.push(b"X-Long: ");
        for _ in 0..MAX_HEADER {
            reader.push(b"a");
            if let Some(event) = reader.next() {
                assert!(matches!(event, Event::Malformed(FrameError::BadHeader(_))));
                assert_eq!(reader.next(), None);
                assert!(reader.buf.len() - reader.pos < CONTENT_LENGTH.len());
                return;
            }
        }
        panic!("an over-long header was still buffered");
    }

    #[test]
    fn chunking_does_not_change_the_events() {
        let mut input = b"junk Content-Length: x\r\n\r\n".to_vec();
        input.extend(frame("{\"a\":\"\u{e9}\"}"));
        input.extend(b"Content-Length: 99\r\n\r\n");
        input.extend(frame("[]"));
        let whole = events(&input, 50);
        let mut reader = FrameReader::new(50);
        let mut split = Vec::new();
        for byte in &input {
            reader.push(std::slice::from_ref(byte));
            split.extend(std::iter::from_fn(|| reader.next()));
        }
        assert_eq!(whole, split);
        // "junk …" and the unreadable length after it, then the refused length.
        assert_eq!(bad(&whole), 3);
        assert_eq!(whole.last(), Some(&Event::Frame(b"[]".to_vec())));
    }

    fn token() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        prop_oneof![
            Just(b"Content-Length: ".to_vec()),
            Just(b"content-length:".to_vec()),
            (0u64..40).prop_map(|n| n.to_string().into_bytes()),
            Just(b"99999999999999".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\r\n\r\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"{\"id\":1}".to_vec()),
            Just(b"X-A: b".to_vec()),
            proptest::collection::vec(any::<u8>(), 1..4),
        ]
    }

    proptest::proptest! {
        /// However the input is cut into reads, the events are the same, and the buffer
        /// never holds more than one header block or body plus the last read.
        #[test]
        fn reads_are_chunking_independent_and_bounded(
            tokens in proptest::collection::vec(token(), 0..40),
            cuts in proptest::collection::vec(0usize..64, 1..20),
        ) {
            const MAX_BODY: usize = 30;
            let input = tokens.concat();
            let whole = events(&input, MAX_BODY);
            let mut reader = FrameReader::new(MAX_BODY);
            let mut chunked = Vec::new();
            let mut rest = &input[..];
            for cut in cuts.iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let (chunk, tail) = rest.split_at((*cut).clamp(1, rest.len()));
                rest = tail;
                reader.push(chunk);
                chunked.extend(std::iter::from_fn(|| reader.next()));
                proptest::prop_assert!(
                    reader.buf.len() - reader.pos <= MAX_HEADER.max(MAX_BODY) + chunk.len()
                );
            }
            proptest::prop_assert_eq!(whole, chunked);
        }
    }
}
