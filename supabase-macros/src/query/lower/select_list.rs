//! The select list: columns, wildcards, aliases, and the select text with its result shape
//! (each joined table an embed in its parent).

use sqlparser::ast::{Expr, Ident, SelectItem, Spanned};
use sqlparser::tokenizer::Span as SqlSpan;

use super::aggregate::aggregate;
use super::column_ref::{column_ref, pgrst_name};
use super::{unsupported, Item, Lower};
use crate::query::error::{unknown, SqlError, SqlResult};
use crate::query::plan::{Field, FieldTy, Shape, Wrap};
use crate::query::resolve::{parts, Embed, Source};

impl Lower<'_> {
    /// The select list's items.
    pub(crate) fn projection(
        &mut self,
        projection: &[SelectItem],
        sources: &[Source<'_>],
    ) -> SqlResult<Vec<Item>> {
        let mut items = Vec::new();
        for item in projection {
            match item {
                SelectItem::Wildcard(_) => {
                    for index in 0..sources.len() {
                        items.extend(star(sources, index, item.span()));
                    }
                }
                SelectItem::QualifiedWildcard(kind, _) => {
                    let name = match kind {
                        sqlparser::ast::SelectItemQualifiedWildcardKind::ObjectName(name) => name,
                        _ => return Err(unsupported("this wildcard", item.span())),
                    };
                    let idents = parts(name);
                    let Some(ident) = idents.last() else {
                        return Err(unsupported("this wildcard", item.span()));
                    };
                    let index = sources
                        .iter()
                        .position(|s| s.alias == ident.value)
                        .ok_or_else(|| {
                            SqlError::new(
                                unknown(
                                    "table or alias",
                                    &ident.value,
                                    " in this query",
                                    sources.iter().map(|s| s.alias.as_str()),
                                ),
                                ident.span,
                            )
                        })?;
                    items.extend(star(sources, index, item.span()));
                }
                SelectItem::UnnamedExpr(expr) => items.push(self.item(sources, expr, None)?),
                SelectItem::ExprWithAlias { expr, alias } => {
                    items.push(self.item(sources, expr, Some(alias))?)
                }
            }
        }
        Ok(items)
    }

    /// A RETURNING list: columns, casts, json paths (no aggregates).
    pub(crate) fn returning(
        &mut self,
        items: &[SelectItem],
        sources: &[Source<'_>],
    ) -> SqlResult<Vec<Item>> {
        let items = self.projection(items, sources)?;
        if let Some(item) = items.iter().find(|i| i.aggregate) {
            return Err(unsupported("aggregates in RETURNING", item.span));
        }
        Ok(items)
    }

    fn item(
        &mut self,
        sources: &[Source<'_>],
        expr: &Expr,
        alias: Option<&Ident>,
    ) -> SqlResult<Item> {
        let (source, text, key, ty, aggregate, column) =
            if let Some(col) = column_ref(sources, expr)? {
                let plain = col.plain.then(|| col.column.name.clone());
                (col.source, col.text, col.key, col.ty, false, plain)
            } else {
                let (source, text, key, ty) = aggregate(sources, expr)?;
                (source, text, key, ty, true, None)
            };
        let (text, key) = match alias {
            Some(alias) if alias.value != key => (
                format!("{}:{text}", pgrst_name(&alias.value)),
                alias.value.clone(),
            ),
            _ => (text, key),
        };
        Ok(Item {
            source,
            text,
            key,
            ty,
            aggregate,
            column,
            span: expr.span(),
        })
    }
}

fn star(sources: &[Source<'_>], index: usize, span: SqlSpan) -> Vec<Item> {
    sources[index]
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| Item {
            source: index,
            // One `*` stands for all the columns; the others are only fields.
            text: if i == 0 {
                "*".to_owned()
            } else {
                String::new()
            },
            key: c.name.clone(),
            ty: c.ty.clone(),
            aggregate: false,
            column: Some(c.name.clone()),
            span,
        })
        .collect()
}

/// How the select names a joined table, without alias or columns: `target[!hint][!inner]`.
pub(crate) fn embed_head(source: &Source<'_>, embed: &Embed) -> String {
    let mut text = pgrst_name(embed.target.as_ref().unwrap_or(&source.name));
    if let Some(hint) = &embed.hint {
        text.push('!');
        text.push_str(hint);
    }
    if embed.inner {
        text.push_str("!inner");
    }
    text
}

/// The select text and the result shape: each joined table becomes an embed in its parent at
/// the place of its first selected column.
pub(crate) fn assemble(sources: &[Source<'_>], items: &[Item]) -> SqlResult<(String, Shape)> {
    enum Entry<'i> {
        Item(&'i Item),
        Embed(usize),
    }
    let mut entries: Vec<Vec<Entry<'_>>> = (0..sources.len()).map(|_| Vec::new()).collect();
    let mut placed = vec![false; sources.len()];
    placed[0] = true;
    let mut place = |index: usize, entries: &mut Vec<Vec<Entry<'_>>>| {
        let mut chain = Vec::new();
        let mut at = index;
        while !placed[at] {
            placed[at] = true;
            chain.push(at);
            at = sources[at].embed.as_ref().map_or(0, |e| e.parent);
        }
        for child in chain.into_iter().rev() {
            let parent = sources[child].embed.as_ref().map_or(0, |e| e.parent);
            entries[parent].push(Entry::Embed(child));
        }
    };
    for item in items {
        place(item.source, &mut entries);
        entries[item.source].push(Entry::Item(item));
    }
    for index in 1..sources.len() {
        place(index, &mut entries);
    }
    fn render(
        index: usize,
        sources: &[Source<'_>],
        entries: &[Vec<Entry<'_>>],
    ) -> SqlResult<(String, Shape)> {
        let mut texts = Vec::new();
        let mut shape = Shape::default();
        let mut seen: Vec<(String, SqlSpan)> = Vec::new();
        for entry in &entries[index] {
            let (key, span) = match entry {
                Entry::Item(item) => {
                    if !item.text.is_empty() {
                        texts.push(item.text.clone());
                    }
                    shape.fields.push(Field {
                        name: item.key.clone(),
                        ty: FieldTy::Scalar(item.ty.clone()),
                    });
                    (item.key.clone(), item.span)
                }
                Entry::Embed(child) => {
                    let source = &sources[*child];
                    let Some(embed) = &source.embed else { continue };
                    let (inner_text, inner_shape) = render(*child, sources, entries)?;
                    let mut text = String::new();
                    let target = embed.target.as_ref().unwrap_or(&source.name);
                    if &embed.key != target {
                        text.push_str(&pgrst_name(&embed.key));
                        text.push(':');
                    }
                    text.push_str(&embed_head(source, embed));
                    text.push('(');
                    text.push_str(&inner_text);
                    text.push(')');
                    texts.push(text);
                    if !inner_shape.fields.is_empty() {
                        let wrap = if embed.many {
                            Wrap::Many
                        } else if embed.inner {
                            Wrap::One
                        } else {
                            Wrap::Maybe
                        };
                        shape.fields.push(Field {
                            name: embed.key.clone(),
                            ty: FieldTy::Embed(inner_shape, wrap),
                        });
                    }
                    (embed.key.clone(), SqlSpan::empty())
                }
            };
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let at = if span.start.line > 0 { span } else { *first };
                return Err(SqlError::new(
                    format!(
                        "two columns of the result are named `{key}`; give one an alias (`... as other_{key}`)"
                    ),
                    at,
                ));
            }
            seen.push((key, span));
        }
        Ok((texts.join(","), shape))
    }
    render(0, sources, &entries)
}
