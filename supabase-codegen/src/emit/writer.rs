//! A small indenting writer for the generated text.

#[derive(Default)]
pub(crate) struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    pub(crate) fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    pub(crate) fn blank(&mut self) {
        if !self.out.ends_with("{\n") && !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    pub(crate) fn open(&mut self, text: &str) {
        self.line(text);
        self.depth += 1;
    }

    pub(crate) fn close(&mut self, text: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(text);
    }

    /// A doc comment: the Postgres comment when there is one, else `fallback`.
    pub(crate) fn doc(&mut self, comment: Option<&str>, fallback: &str) {
        let text = comment.filter(|c| !c.trim().is_empty()).unwrap_or(fallback);
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                self.line("///");
            } else {
                self.line(&format!("/// {line}"));
            }
        }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}
