//! JOINs as embeds: the FROM table and its joined tables, each join matched to the foreign key
//! its ON clause names (or the only one between the two tables).

use sqlparser::ast::{
    BinaryOperator, Expr, Ident, JoinConstraint, JoinOperator, Spanned, TableFactor, TableWithJoins,
};
use sqlparser::tokenizer::Span as SqlSpan;

use super::column_ref::idents;
use super::foreign_keys::{foreign_keys, referenced_in};
use super::{inexpressible, unsupported, Lower};
use crate::query::error::{unknown, SqlError, SqlResult};
use crate::query::resolve::{column, parts, relation_columns, Catalog, Embed, Source};

impl<'a> Lower<'a> {
    /// The FROM table and its joins.
    pub(crate) fn sources(&self, from: &TableWithJoins) -> SqlResult<Vec<Source<'a>>> {
        let mut sources = vec![self.table_source(&from.relation)?];
        for join in &from.joins {
            let (inner, constraint) =
                match &join.join_operator {
                    JoinOperator::Join(c) | JoinOperator::Inner(c) => (true, c),
                    JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => (false, c),
                    _ => return Err(inexpressible(
                        "a RIGHT, FULL or CROSS join (PostgREST embeds with inner and left joins)",
                        join.relation.span(),
                    )),
                };
            self.same_schema(&sources[0], &join.relation)?;
            let mut source = self.table_source(&join.relation)?;
            if sources.iter().any(|s| s.alias == source.alias) {
                return Err(SqlError::new(
                    format!(
                        "`{}` is already a table of this query; give the join an alias",
                        source.alias
                    ),
                    join.relation.span(),
                ));
            }
            let embed = match constraint {
                JoinConstraint::On(on) => self.join_on(&sources, &source, on, inner)?,
                JoinConstraint::None => {
                    self.join_inferred(&sources, &source, &join.relation, inner)?
                }
                JoinConstraint::Using(names) => {
                    let names: Vec<Ident> = names
                        .iter()
                        .filter_map(|n| parts(n).last().map(|i| (*i).clone()))
                        .collect();
                    let on = using_on(&sources, &source, &names, join.relation.span())?;
                    self.join_on(&sources, &source, &on, inner)?
                }
                JoinConstraint::Natural => {
                    // NATURAL: USING every column name the two sides share.
                    let names: Vec<Ident> = source
                        .columns
                        .iter()
                        .filter(|c| sources.iter().any(|s| s.column(&c.name).is_some()))
                        .map(|c| Ident::with_quote('"', c.name.clone()))
                        .collect();
                    let on = using_on(&sources, &source, &names, join.relation.span())?;
                    self.join_on(&sources, &source, &on, inner)?
                }
            };
            source.embed = Some(embed);
            sources.push(source);
        }
        Ok(sources)
    }

    /// PostgREST embeds only tables of the schema of the request.
    pub(super) fn same_schema(&self, root: &Source<'a>, factor: &TableFactor) -> SqlResult<()> {
        let TableFactor::Table { name, .. } = factor else {
            return Ok(());
        };
        let parts = parts(name);
        let schema = match parts.as_slice() {
            [schema, _] => schema.value.as_str(),
            _ => "public",
        };
        if schema == root.schema {
            return Ok(());
        }
        Err(inexpressible(
            &format!(
                "a join across schemas (`{}` is in schema `{}`, `{name}` in `{schema}`; PostgREST embeds only tables of one schema)",
                root.name, root.schema
            ),
            factor.span(),
        ))
    }

    pub(super) fn table_source(&self, factor: &TableFactor) -> SqlResult<Source<'a>> {
        match factor {
            TableFactor::Table {
                name,
                alias,
                args: None,
                ..
            } => {
                let (schema, relation) = self.catalog.relation(name)?;
                let alias = match alias {
                    Some(alias) => alias.name.value.clone(),
                    None => relation.name.clone(),
                };
                Ok(Source {
                    alias,
                    name: relation.name.clone(),
                    schema: schema.name.clone(),
                    columns: relation_columns(relation),
                    relation: Some(relation),
                    embed: None,
                })
            }
            TableFactor::Derived { lateral: true, .. } => {
                Err(inexpressible("LATERAL", factor.span()))
            }
            TableFactor::Derived { .. } => Err(inexpressible("a subquery", factor.span())),
            TableFactor::UNNEST { .. } | TableFactor::Function { .. } => Err(inexpressible(
                "a set-returning expression in FROM (PostgREST reads tables, views and database functions)",
                factor.span(),
            )),
            TableFactor::NestedJoin { .. } => Err(inexpressible(
                "a parenthesized join (PostgREST embeds each joined table under the one it references)",
                factor.span(),
            )),
            other => Err(unsupported("this kind of table in FROM", other.span())),
        }
    }

    /// `JOIN t ON t.fk = parent.pk [AND ...]`: the foreign key whose columns the ON pairs name.
    pub(super) fn join_on(
        &self,
        sources: &[Source<'a>],
        new: &Source<'a>,
        on: &Expr,
        inner: bool,
    ) -> SqlResult<Embed> {
        let mut pairs = Vec::new();
        collect_pairs(on, &mut pairs)?;
        let mut all = sources.to_vec();
        all.push(new.clone());
        let new_index = all.len() - 1;
        let mut parent = None;
        let mut matched = Vec::new();
        for (left, right, span) in &pairs {
            let (li, lc) = column(&all, left)?;
            let (ri, rc) = column(&all, right)?;
            let (pi, pc, nc) = match (li == new_index, ri == new_index) {
                (true, false) => (ri, rc, lc),
                (false, true) => (li, lc, rc),
                _ => {
                    return Err(SqlError::new(
                        format!(
                            "each ON condition compares a column of `{}` with a column of a table joined before",
                            new.alias
                        ),
                        *span,
                    ))
                }
            };
            if parent.is_some_and(|p| p != pi) {
                return Err(SqlError::new(
                    "the ON conditions of one join name columns of a single other table",
                    *span,
                ));
            }
            parent = Some(pi);
            matched.push((pc.name.clone(), nc.name.clone()));
        }
        let Some(parent) = parent else {
            return Err(SqlError::new("the ON clause names no columns", on.span()));
        };
        let candidates = links(&self.catalog, &all[parent], new);
        let found = candidates.iter().find(|link| {
            link.pairs.len() == matched.len()
                && matched
                    .iter()
                    .all(|(p, n)| link.pairs.contains(&(p.clone(), n.clone())))
        });
        match found {
            Some(link) if is_self_join(&all[parent], new) => {
                self_embed(parent, new, link, inner, on.span())
            }
            Some(link) => {
                let hint = candidates.len() > 1 || many_to_many(&self.catalog, &all[parent], new);
                Ok(embed(parent, new, link, hint, inner))
            }
            None => {
                let mut error = inexpressible(
                    if candidates.is_empty() {
                        "a join without a foreign key"
                    } else {
                        "a join condition beyond the foreign key's columns"
                    },
                    on.span(),
                );
                error.message.push_str(&format!(
                    " (PostgREST joins tables only along a foreign key, on exactly its columns): {}",
                    no_fk_message(&all[parent], new, &candidates)
                ));
                Err(error)
            }
        }
    }

    /// `JOIN t` without ON: the only foreign key between `t` and a table of the query.
    fn join_inferred(
        &self,
        sources: &[Source<'a>],
        new: &Source<'a>,
        factor: &TableFactor,
        inner: bool,
    ) -> SqlResult<Embed> {
        let mut found = Vec::new();
        for (index, source) in sources.iter().enumerate() {
            let links = links(&self.catalog, source, new);
            let count = links.len();
            for link in links {
                found.push((index, link, count));
            }
        }
        match found.len() {
            1 => {
                let (parent, link, count) = found.remove(0);
                if is_self_join(&sources[parent], new) {
                    return self_embed(parent, new, &link, inner, factor.span());
                }
                let hint = count > 1 || many_to_many(&self.catalog, &sources[parent], new);
                Ok(embed(parent, new, &link, hint, inner))
            }
            0 => {
                let related: Vec<&str> = sources
                    .iter()
                    .flat_map(|s| related_tables(&self.catalog, s))
                    .collect();
                Err(SqlError::new(
                    unknown(
                        "relationship: no foreign key joins",
                        &new.name,
                        &format!(" to `{}`", sources[0].name),
                        related,
                    ),
                    factor.span(),
                ))
            }
            _ => {
                let options: Vec<String> = found
                    .iter()
                    .map(|(parent, link, _)| {
                        format!(
                            "`{}` ({})",
                            link.constraint,
                            link.pairs
                                .iter()
                                .map(|(p, n)| format!(
                                    "{}.{p} = {}.{n}",
                                    sources[*parent].alias, new.alias
                                ))
                                .collect::<Vec<_>>()
                                .join(" and ")
                        )
                    })
                    .collect();
                let example = found
                    .first()
                    .map(|(parent, link, _)| {
                        link.pairs
                            .iter()
                            .map(|(p, n)| {
                                format!("{}.{n} = {}.{p}", new.alias, sources[*parent].alias)
                            })
                            .collect::<Vec<_>>()
                            .join(" and ")
                    })
                    .unwrap_or_default();
                Err(SqlError::new(
                    format!(
                        "ambiguous join: `{}` is related to this query by {}; add an ON clause naming the foreign key's columns, e.g. `on {example}`",
                        new.name,
                        options.join(" and by ")
                    ),
                    factor.span(),
                ))
            }
        }
    }
}

/// A foreign key between two sources, as (parent column, new column) pairs.
pub(crate) struct Link {
    constraint: String,
    pairs: Vec<(String, String)>,
    /// The new table is the "many" side.
    many: bool,
    /// The foreign key is the parent's (it points to the new table).
    outgoing: bool,
}

fn links(catalog: &Catalog<'_>, parent: &Source<'_>, new: &Source<'_>) -> Vec<Link> {
    let mut out = Vec::new();
    for fk in foreign_keys(catalog, parent) {
        if let Some(referenced) = referenced_in(new, &fk) {
            out.push(Link {
                constraint: fk.name,
                pairs: fk.columns.into_iter().zip(referenced).collect(),
                many: false,
                outgoing: true,
            });
        }
    }
    for fk in foreign_keys(catalog, new) {
        if let Some(referenced) = referenced_in(parent, &fk) {
            out.push(Link {
                constraint: fk.name,
                pairs: referenced.into_iter().zip(fk.columns).collect(),
                many: !fk.one_to_one,
                outgoing: false,
            });
        }
    }
    out
}

fn related_tables<'a>(catalog: &Catalog<'a>, source: &Source<'a>) -> Vec<&'a str> {
    let mut out = Vec::new();
    let Some(schema) = catalog.model.schema(&source.schema) else {
        return out;
    };
    for relation in &schema.relations {
        let to = source.relation.is_some_and(|r| {
            r.foreign_keys
                .iter()
                .any(|fk| fk.referenced_relation == relation.name)
        });
        let from = relation
            .foreign_keys
            .iter()
            .any(|fk| fk.referenced_relation == source.name);
        if to || from {
            out.push(relation.name.as_str());
        }
    }
    out
}

fn no_fk_message(parent: &Source<'_>, new: &Source<'_>, links: &[Link]) -> String {
    if links.is_empty() {
        format!(
            "unknown relationship: no foreign key joins `{}` to `{}`",
            new.place(),
            parent.place()
        )
    } else {
        format!(
            "unknown relationship: no foreign key joins `{}` to `{}` on these columns; the foreign keys are {}",
            new.name,
            parent.name,
            links
                .iter()
                .map(|l| format!(
                    "`{}` ({})",
                    l.constraint,
                    l.pairs
                        .iter()
                        .map(|(p, n)| format!("{}.{n} = {}.{p}", new.alias, parent.alias))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn embed(parent: usize, new: &Source<'_>, link: &Link, hint: bool, inner: bool) -> Embed {
    Embed {
        parent,
        key: new.alias.clone(),
        hint: hint.then(|| link.constraint.clone()),
        target: None,
        inner,
        many: link.many,
    }
}

/// `a.x = b.y [AND ...]` as identifier pairs.
type Pair = (Vec<Ident>, Vec<Ident>, SqlSpan);

fn collect_pairs(on: &Expr, out: &mut Vec<Pair>) -> SqlResult<()> {
    match on {
        Expr::Nested(inner) => collect_pairs(inner, out),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            collect_pairs(left, out)?;
            collect_pairs(right, out)
        }
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => match (idents(left), idents(right)) {
            (Some(l), Some(r)) => {
                out.push((l, r, on.span()));
                Ok(())
            }
            _ => Err(inexpressible(
                "a join condition beyond the foreign key's columns (PostgREST joins ON equal columns of a foreign key, `cities.country_id = countries.id`)",
                on.span(),
            )),
        },
        other => Err(inexpressible(
            "a join condition beyond the foreign key's columns (PostgREST joins ON equal columns of a foreign key, `cities.country_id = countries.id`)",
            other.span(),
        )),
    }
}

/// A table joined with itself (`messages m join messages p on p.id = m.reply_to`).
fn is_self_join(parent: &Source<'_>, new: &Source<'_>) -> bool {
    parent.name == new.name && parent.schema == new.schema
}

/// A table joined with itself along a one-column foreign key. PostgREST 12.0.2 finds no
/// relationship from a table to itself by the constraint's name; it embeds the row a foreign key
/// points to when the select names the key's column (`parent:reply_to(...)`), and the rows
/// pointing here with the column as hint (`replies:messages!reply_to(...)`).
fn self_embed(
    parent: usize,
    new: &Source<'_>,
    link: &Link,
    inner: bool,
    at: SqlSpan,
) -> SqlResult<Embed> {
    let [(parent_column, new_column)] = link.pairs.as_slice() else {
        return Err(inexpressible(
            "a join of a table with itself along a foreign key of several columns (PostgREST \
             12 names a table's relationship to itself by one column)",
            at,
        ));
    };
    Ok(if !link.outgoing {
        Embed {
            parent,
            key: new.alias.clone(),
            hint: Some(new_column.clone()),
            target: None,
            inner,
            many: link.many,
        }
    } else {
        Embed {
            parent,
            key: new.alias.clone(),
            hint: None,
            target: Some(parent_column.clone()),
            inner,
            many: false,
        }
    })
}

/// True when a third table of the schema has foreign keys to both tables: PostgREST then also
/// sees a many-to-many relationship through it, and an embed without the constraint's name is
/// ambiguous (PGRST201).
fn many_to_many(catalog: &Catalog<'_>, a: &Source<'_>, b: &Source<'_>) -> bool {
    let Some(schema) = catalog.model.schema(&a.schema) else {
        return false;
    };
    let points_to = |relation: &supabase_codegen::Relation, to: &Source<'_>| {
        relation
            .foreign_keys
            .iter()
            .any(|fk| fk.referenced_relation == to.name && fk.referenced_schema == to.schema)
    };
    schema
        .relations
        .iter()
        .any(|j| j.name != a.name && j.name != b.name && points_to(j, a) && points_to(j, b))
}

/// `JOIN t USING (a, b)` as the ON condition it stands for: each column of `t` equal to the
/// column of that name in the one table joined before that has it (PostgreSQL refuses a name
/// that several of them have, or none).
fn using_on(
    sources: &[Source<'_>],
    new: &Source<'_>,
    names: &[Ident],
    at: SqlSpan,
) -> SqlResult<Expr> {
    let mut on: Option<Expr> = None;
    for name in names {
        let left: Vec<&Source<'_>> = sources
            .iter()
            .filter(|s| s.column(&name.value).is_some())
            .collect();
        let left = match left.as_slice() {
            [one] => *one,
            [] => {
                return Err(SqlError::new(
                    format!(
                        "USING ({}): no table joined before `{}` has that column",
                        name.value, new.alias
                    ),
                    name.span,
                ))
            }
            _ => {
                return Err(SqlError::new(
                    format!(
                    "USING ({}): several tables joined before `{}` have that column; join ON it",
                    name.value, new.alias
                ),
                    name.span,
                ))
            }
        };
        if new.column(&name.value).is_none() {
            return Err(SqlError::new(
                format!("USING ({}): `{}` has no such column", name.value, new.alias),
                name.span,
            ));
        }
        let side = |alias: &str| {
            Expr::CompoundIdentifier(vec![
                Ident::with_quote('"', alias),
                Ident::with_quote('"', name.value.clone()),
            ])
        };
        let pair = Expr::BinaryOp {
            left: Box::new(side(&left.alias)),
            op: BinaryOperator::Eq,
            right: Box::new(side(&new.alias)),
        };
        on = Some(match on {
            None => pair,
            Some(prev) => Expr::BinaryOp {
                left: Box::new(prev),
                op: BinaryOperator::And,
                right: Box::new(pair),
            },
        });
    }
    on.ok_or_else(|| inexpressible("a NATURAL JOIN of tables sharing no column name", at))
}
