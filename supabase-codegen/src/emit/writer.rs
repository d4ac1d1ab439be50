//! A small writer that prints the generated Rust already formatted, the way prettyplease prints
//! it (four-space indentation, lines of at most 89 columns where they can be broken, no blank
//! lines between items), without parsing and re-printing the text: on a large schema that round
//! trip was most of the time spent. `tests/emit.rs` checks that the output is byte for byte what
//! prettyplease prints for the same code.
//!
//! What can break, breaks like prettyplease: an attribute's arguments one per line, a list of
//! string literals one per line with a trailing comma, and a generic type at its outermost `<`
//! first, then inward.

/// The widest line prettyplease fills, in bytes (as it counts).
const MARGIN: usize = 89;

#[derive(Default)]
pub(crate) struct Writer {
    out: String,
    depth: usize,
    /// The last line was opened with [`Writer::open`] and nothing followed it.
    just_opened: bool,
}

impl Writer {
    fn indent(&self) -> usize {
        self.depth * 4
    }

    fn push_indent(&mut self, extra: usize) {
        for _ in 0..self.indent() + extra {
            self.out.push(' ');
        }
    }

    pub(crate) fn line(&mut self, text: &str) {
        self.just_opened = false;
        self.push_indent(0);
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A line that opens a block (`pub mod x {`, `= &[`); the next lines are indented.
    pub(crate) fn open(&mut self, text: &str) {
        self.line(text);
        self.just_opened = true;
        self.depth += 1;
    }

    /// Closes a block; an empty one stays on its opening line (`pub struct Args {}`).
    pub(crate) fn close(&mut self, text: &str) {
        self.depth = self.depth.saturating_sub(1);
        if std::mem::take(&mut self.just_opened) {
            // Nothing since the opening line: close it on that line.
            self.out.pop();
            self.out.push_str(text);
            self.out.push('\n');
            return;
        }
        self.line(text);
    }

    /// `#[name(args…)]`, on one line when it fits, else one argument per line.
    pub(crate) fn attr(&mut self, name: &str, args: &[&str]) {
        let one = format!("#[{name}({})]", args.join(", "));
        if self.indent() + one.len() <= MARGIN {
            return self.line(&one);
        }
        self.line(&format!("#[{name}("));
        for (i, arg) in args.iter().enumerate() {
            self.push_indent(4);
            self.out.push_str(arg);
            if i + 1 < args.len() {
                self.out.push(',');
            }
            self.out.push('\n');
        }
        self.line(")]");
    }

    /// `{prefix}&[items…]{suffix}` (string literals), on one line when it fits, else one item
    /// per line with a trailing comma.
    pub(crate) fn list(&mut self, prefix: &str, items: &[String], suffix: &str) {
        let one = format!("{prefix}&[{}]{suffix}", items.join(", "));
        if items.is_empty() || self.indent() + one.len() <= MARGIN {
            return self.line(&one);
        }
        self.open(&format!("{prefix}&["));
        for item in items {
            self.line(&format!("{item},"));
        }
        self.close(&format!("]{suffix}"));
    }

    /// `{prefix}{ty}{suffix}`, breaking the generic type `ty` at its `<…>` from the outside in
    /// while the line does not fit.
    pub(crate) fn typed(&mut self, prefix: &str, ty: &str, suffix: &str) {
        let width = self.indent() + prefix.len() + ty.len() + suffix.len();
        let split = ty
            .find('<')
            .filter(|_| ty.ends_with('>'))
            .map(|i| (&ty[..=i], &ty[i + 1..ty.len() - 1]));
        match split {
            Some((head, inner)) if width > MARGIN => {
                self.open(&format!("{prefix}{head}"));
                for arg in split_args(inner) {
                    self.typed("", arg, ",");
                }
                self.close(&format!(">{suffix}"));
            }
            _ => self.line(&format!("{prefix}{ty}{suffix}")),
        }
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

/// The top-level, comma-separated arguments of a generic argument list.
fn split_args(inner: &str) -> Vec<&str> {
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                args.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    args.push(inner[start..].trim());
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_things_break_like_prettyplease() {
        let mut w = Writer::default();
        w.open("pub mod m {");
        w.attr("derive", &["Debug", "Clone"]);
        w.attr(
            "serde",
            &[
                "rename = \"population_of_the_place\"",
                "default",
                "skip_serializing_if = \"Option::is_none\"",
            ],
        );
        w.typed("pub x: ", "Option<Vec<Option<::supabase_core::types::PgRange<::supabase_core::types::chrono::NaiveDate>>>>", ",");
        w.list("pub const PK: &[&str] = ", &["\"id\"".to_owned()], ";");
        w.open("pub struct Empty {");
        w.close("}");
        w.open("pub const R: &[R] = &[");
        w.close("];");
        w.close("}");
        assert_eq!(
            w.finish(),
            "pub mod m {
    #[derive(Debug, Clone)]
    #[serde(
        rename = \"population_of_the_place\",
        default,
        skip_serializing_if = \"Option::is_none\"
    )]
    pub x: Option<
        Vec<
            Option<
                ::supabase_core::types::PgRange<
                    ::supabase_core::types::chrono::NaiveDate,
                >,
            >,
        >,
    >,
    pub const PK: &[&str] = &[\"id\"];
    pub struct Empty {}
    pub const R: &[R] = &[];
}
"
        );
    }
}
