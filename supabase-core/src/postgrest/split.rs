//! An incremental splitter of a JSON array into the text of its elements, fed with the body's
//! chunks as they arrive: the basis of [`RowStream`](crate::RowStream).
//!
//! It only finds where each element starts and ends (strings, escapes and nesting are tracked;
//! nothing is parsed), so each element's bytes can go to serde as they are, and memory stays at
//! about one element plus one network chunk whatever the array's size. Whether an element is
//! valid JSON is left to serde; the splitter checks the array around the elements (`[`, commas,
//! `]`, nothing but whitespace after it).

/// Where the splitter is in the array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the opening `[`.
    Start,
    /// After `[`: an element or `]`.
    FirstElement,
    /// After a comma: an element.
    NextElement,
    /// Inside an element.
    Element,
    /// After an element: a comma or `]`.
    AfterElement,
    /// After the closing `]`.
    Done,
}

/// Splits a JSON array fed in chunks into the bytes of its elements.
///
/// `push` a chunk, then call `next_element` until it answers `Ok(None)`; at the end of the body,
/// `finish` says whether the array was complete.
#[derive(Debug)]
pub(crate) struct ArraySplitter {
    buf: Vec<u8>,
    /// Bytes of `buf` before this are consumed.
    start: usize,
    /// Bytes of `buf` before this are scanned.
    pos: usize,
    state: State,
    /// Where the current element starts in `buf`.
    element_start: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl ArraySplitter {
    pub(crate) fn new() -> Self {
        ArraySplitter {
            buf: Vec::new(),
            start: 0,
            pos: 0,
            state: State::Start,
            element_start: 0,
            depth: 0,
            in_string: false,
            escaped: false,
        }
    }

    /// Adds the next chunk of the body.
    pub(crate) fn push(&mut self, chunk: &[u8]) {
        // Drop consumed bytes before growing, so the buffer holds one element and one chunk.
        if self.start > 0 && (self.start == self.buf.len() || self.start >= self.buf.len() / 2) {
            self.buf.drain(..self.start);
            self.pos -= self.start;
            self.element_start = self.element_start.saturating_sub(self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(chunk);
    }

    /// The next complete element's bytes, `Ok(None)` when more input is needed (or the array
    /// ended), or what is wrong with the array.
    pub(crate) fn next_element(&mut self) -> Result<Option<&[u8]>, String> {
        while self.pos < self.buf.len() {
            let byte = self.buf[self.pos];
            match self.state {
                State::Start
                | State::FirstElement
                | State::NextElement
                | State::AfterElement
                | State::Done
                    if byte.is_ascii_whitespace() =>
                {
                    self.pos += 1;
                    self.start = self.pos;
                }
                State::Start if byte == b'[' => {
                    self.pos += 1;
                    self.start = self.pos;
                    self.state = State::FirstElement;
                }
                State::Start => return Err(unexpected(byte, "a JSON array of rows")),
                State::FirstElement if byte == b']' => {
                    self.pos += 1;
                    self.start = self.pos;
                    self.state = State::Done;
                }
                State::FirstElement | State::NextElement => {
                    if byte == b']' || byte == b',' {
                        return Err(unexpected(byte, "an array element"));
                    }
                    self.state = State::Element;
                    self.element_start = self.pos;
                    self.depth = 0;
                    self.in_string = false;
                    self.escaped = false;
                }
                State::Element => {
                    if let Some(end) = self.scan_element() {
                        self.state = State::AfterElement;
                        self.start = end;
                        return Ok(Some(&self.buf[self.element_start..end]));
                    }
                }
                State::AfterElement if byte == b',' => {
                    self.pos += 1;
                    self.start = self.pos;
                    self.state = State::NextElement;
                }
                State::AfterElement if byte == b']' => {
                    self.pos += 1;
                    self.start = self.pos;
                    self.state = State::Done;
                }
                State::AfterElement => return Err(unexpected(byte, "`,` or `]`")),
                State::Done => return Err(unexpected(byte, "nothing after the array")),
            }
        }
        Ok(None)
    }

    /// Scans the current element from `pos`; its end (exclusive) once it is complete.
    fn scan_element(&mut self) -> Option<usize> {
        while self.pos < self.buf.len() {
            let byte = self.buf[self.pos];
            if self.in_string {
                self.pos += 1;
                if self.escaped {
                    self.escaped = false;
                } else if byte == b'\\' {
                    self.escaped = true;
                } else if byte == b'"' {
                    self.in_string = false;
                    if self.depth == 0 {
                        return Some(self.pos);
                    }
                }
                continue;
            }
            match byte {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' if self.depth > 0 => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        self.pos += 1;
                        return Some(self.pos);
                    }
                }
                // A scalar (number, true, false, null) ends at the first delimiter.
                b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r' if self.depth == 0 => {
                    return Some(self.pos);
                }
                _ => {}
            }
            self.pos += 1;
        }
        None
    }

    /// At the end of the body: `Ok` when the array was complete, or when the body was empty
    /// (a write without `select`, a 204): no rows.
    pub(crate) fn finish(&self) -> Result<(), String> {
        match self.state {
            State::Done | State::Start => Ok(()),
            _ => Err("the body ended inside the JSON array".to_owned()),
        }
    }
}

fn unexpected(byte: u8, expected: &str) -> String {
    let shown = if byte.is_ascii_graphic() {
        format!("`{}`", byte as char)
    } else {
        format!("byte 0x{byte:02x}")
    };
    format!("expected {expected}, found {shown}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `body` in chunks of `size` bytes; the elements found, or the first error.
    fn split(body: &str, size: usize) -> Result<Vec<String>, String> {
        let mut splitter = ArraySplitter::new();
        let mut out = Vec::new();
        for chunk in body.as_bytes().chunks(size.max(1)) {
            splitter.push(chunk);
            while let Some(element) = splitter.next_element()? {
                out.push(String::from_utf8_lossy(element).into_owned());
            }
        }
        splitter.finish()?;
        Ok(out)
    }

    #[test]
    fn splits_rows_at_every_chunk_size() {
        let body = r#" [ {"a":"x,]}\"{","b":[1,{"c":[]}]} , 12.5e3,"s\\",true,null,[],{} ] "#;
        let expected = [
            r#"{"a":"x,]}\"{","b":[1,{"c":[]}]}"#,
            "12.5e3",
            r#""s\\""#,
            "true",
            "null",
            "[]",
            "{}",
        ];
        for size in 1..=body.len() {
            assert_eq!(
                split(body, size),
                Ok(expected.iter().map(|e| e.to_string()).collect()),
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn empty_array_and_bad_arrays() {
        assert_eq!(split("[]", 1), Ok(vec![]));
        assert_eq!(split(" [\n] \n", 2), Ok(vec![]));
        assert_eq!(split("", 4), Ok(vec![]));
        assert_eq!(split(" \n", 1), Ok(vec![]));
        assert!(split(r#"{"a":1}"#, 4)
            .expect_err("a bad array")
            .contains("JSON array"));
        assert!(split(r#"[{"a":1}"#, 4)
            .expect_err("a bad array")
            .contains("ended inside"));
        assert!(split(r#"[{"a":1},]"#, 4)
            .expect_err("a bad array")
            .contains("array element"));
        assert!(split(r#"[1 2]"#, 4)
            .expect_err("a bad array")
            .contains("`,` or `]`"));
        assert!(split(r#"[1] x"#, 4)
            .expect_err("a bad array")
            .contains("nothing after"));
    }

    #[test]
    fn buffer_stays_small_over_many_rows() {
        let mut splitter = ArraySplitter::new();
        splitter.push(b"[");
        for i in 0..100_000 {
            splitter.push(format!("{{\"id\":{i}}},").as_bytes());
            while splitter.next_element().expect("valid").is_some() {}
            assert!(splitter.buf.len() < 64, "{}", splitter.buf.len());
        }
    }
}
