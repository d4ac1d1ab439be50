//! Lowering a parsed statement to a [`Plan`]: SELECT (columns, aliases, casts, json paths,
//! aggregates, joins as embeds), WHERE, ORDER BY, LIMIT/OFFSET. Writes are in `write.rs`, function
//! calls in `rpc.rs`.

use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr,
    Ident, JoinConstraint, JoinOperator, LimitClause, OrderByKind, Query, Select, SelectItem,
    SetExpr, Spanned, Statement, TableFactor, TableWithJoins, UnaryOperator, Value,
};
use sqlparser::tokenizer::Span as SqlSpan;

use super::error::{unknown, SqlError, SqlResult};
use super::plan::{Cond, FVal, Field, FieldTy, Output, Plan, Shape, Start, Step, Wrap};
use super::resolve::{column, one_to_one, parts, relation_columns, Catalog, Col, Embed, Source};
use super::types::{cast_target, Ty};

pub(crate) const SUPPORTED: &str = "query! supports SELECT of columns, casts, json paths and \
count/sum/avg/min/max from one table with JOINs on foreign keys, WHERE, ORDER BY, LIMIT/OFFSET; \
INSERT/UPDATE/DELETE with RETURNING; and `select ... from function(arg => ...)`";

/// Lowering state: the catalog, and which of the macro's arguments the SQL uses.
pub(crate) struct Lower<'a> {
    pub(crate) catalog: Catalog<'a>,
    pub(crate) used: Vec<bool>,
}

pub(crate) fn unsupported(what: &str, at: SqlSpan) -> SqlError {
    SqlError::new(format!("unsupported SQL: {what}\n  ({SUPPORTED})"), at)
}

/// One item of a select list, before it is placed in its source's embed.
pub(crate) struct Item {
    pub(crate) source: usize,
    /// The PostgREST select element, alias included.
    pub(crate) text: String,
    pub(crate) key: String,
    pub(crate) ty: Ty,
    pub(crate) aggregate: bool,
    /// A plain column (implicit GROUP BY).
    pub(crate) column: Option<String>,
    pub(crate) span: SqlSpan,
}

impl<'a> Lower<'a> {
    /// The statement as a plan.
    pub(crate) fn statement(&mut self, statement: &Statement) -> SqlResult<Plan> {
        match statement {
            Statement::Query(query) => self.query(query),
            Statement::Insert(insert) => self.insert(insert),
            Statement::Update {
                table,
                assignments,
                from,
                selection,
                returning,
                ..
            } => self.update(table, assignments, from.is_some(), selection, returning),
            Statement::Delete(delete) => self.delete(delete),
            other => Err(unsupported("this kind of statement", other.span())),
        }
    }

    /// A `$n` placeholder: its index, checked against the arguments given.
    pub(crate) fn param(&mut self, text: &str, at: SqlSpan) -> SqlResult<usize> {
        let n: usize = text
            .strip_prefix('$')
            .and_then(|n| n.parse().ok())
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                SqlError::new(
                    format!("`{text}` is not a parameter: write `$1`, `$2`, ... or `{{name}}`"),
                    at,
                )
            })?;
        if n > self.used.len() {
            return Err(SqlError::new(
                format!(
                    "missing parameter: the SQL uses `${n}` but {} argument{} given after the SQL",
                    self.used.len(),
                    if self.used.len() == 1 { " is" } else { "s are" }
                ),
                at,
            ));
        }
        self.used[n - 1] = true;
        Ok(n - 1)
    }

    fn query(&mut self, query: &Query) -> SqlResult<Plan> {
        if let Some(with) = &query.with {
            return Err(unsupported("WITH (common table expressions)", with.span()));
        }
        let select = match query.body.as_ref() {
            SetExpr::Select(select) => select,
            SetExpr::SetOperation { op, .. } => {
                return Err(unsupported(
                    &format!("{op} (set operations)"),
                    query.body.span(),
                ))
            }
            other => return Err(unsupported("this query form", other.span())),
        };
        if let Some(fetch) = &query.fetch {
            return Err(unsupported("FETCH (use LIMIT)", fetch.span()));
        }
        self.unsupported_select_parts(select)?;
        let from = match select.from.as_slice() {
            [from] => from,
            [] => return self.call_without_from(select, query),
            [_, second, ..] => {
                return Err(unsupported(
                    "several tables in FROM; join them with JOIN ... ON a foreign key",
                    second.span(),
                ))
            }
        };
        if let TableFactor::Table {
            name,
            args: Some(args),
            ..
        } = &from.relation
        {
            return self.rpc(name, args, from, select, query);
        }
        let sources = self.sources(from)?;
        let items = self.projection(&select.projection, &sources)?;
        check_group_by(&select.group_by, &items, &sources)?;
        let (text, shape) = assemble(&sources, &items)?;
        let mut steps = Vec::new();
        if let Some(selection) = &select.selection {
            self.where_clause(selection, &sources, &mut steps)?;
        }
        self.order_and_limit(query, &sources, &mut steps)?;
        let root = &sources[0];
        Ok(Plan {
            target: root.name.clone(),
            schema: root.schema.clone(),
            start: Start::Select,
            select: Some(text),
            steps,
            output: Some(Output::Rows(shape)),
            params: self.used.len(),
        })
    }

    fn unsupported_select_parts(&self, select: &Select) -> SqlResult<()> {
        if let Some(distinct) = &select.distinct {
            let _ = distinct;
            return Err(unsupported(
                "DISTINCT",
                select
                    .projection
                    .first()
                    .map_or(select.span(), Spanned::span),
            ));
        }
        if let Some(having) = &select.having {
            return Err(unsupported("HAVING", having.span()));
        }
        if let Some(window) = select.named_window.first() {
            return Err(unsupported("WINDOW", window.span()));
        }
        if let Some(into) = &select.into {
            return Err(unsupported("SELECT INTO", into.span()));
        }
        Ok(())
    }

    /// The FROM table and its joins.
    pub(crate) fn sources(&self, from: &TableWithJoins) -> SqlResult<Vec<Source<'a>>> {
        let mut sources = vec![self.table_source(&from.relation)?];
        for join in &from.joins {
            let (inner, constraint) = match &join.join_operator {
                JoinOperator::Join(c) | JoinOperator::Inner(c) => (true, c),
                JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => (false, c),
                _ => {
                    return Err(unsupported(
                        "this kind of join; use [INNER] JOIN or LEFT JOIN on a foreign key",
                        join.relation.span(),
                    ))
                }
            };
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
                _ => {
                    return Err(unsupported(
                        "JOIN ... USING / NATURAL JOIN; join ON the foreign key's columns",
                        join.relation.span(),
                    ))
                }
            };
            source.embed = Some(embed);
            sources.push(source);
        }
        Ok(sources)
    }

    fn table_source(&self, factor: &TableFactor) -> SqlResult<Source<'a>> {
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
            TableFactor::Derived { .. } => Err(unsupported("subqueries in FROM", factor.span())),
            other => Err(unsupported("this kind of table in FROM", other.span())),
        }
    }

    /// `JOIN t ON t.fk = parent.pk [AND ...]`: the foreign key whose columns the ON pairs name.
    fn join_on(
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
        let candidates = links(&all[parent], new);
        let found = candidates.iter().find(|link| {
            link.pairs.len() == matched.len()
                && matched
                    .iter()
                    .all(|(p, n)| link.pairs.contains(&(p.clone(), n.clone())))
        });
        match found {
            Some(link) => Ok(embed(parent, new, link, candidates.len() > 1, inner)),
            None => Err(SqlError::new(
                no_fk_message(&all[parent], new, &candidates),
                on.span(),
            )),
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
            let links = links(source, new);
            let count = links.len();
            for link in links {
                found.push((index, link, count));
            }
        }
        match found.len() {
            1 => {
                let (parent, link, count) = found.remove(0);
                Ok(embed(parent, new, &link, count > 1, inner))
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
}

fn links(parent: &Source<'_>, new: &Source<'_>) -> Vec<Link> {
    let mut out = Vec::new();
    if let Some(relation) = parent.relation {
        for fk in &relation.foreign_keys {
            if fk.referenced_relation == new.name && fk.referenced_schema == new.schema {
                out.push(Link {
                    constraint: fk.name.clone(),
                    pairs: fk
                        .column_pairs()
                        .map(|(a, b)| (a.to_owned(), b.to_owned()))
                        .collect(),
                    many: false,
                });
            }
        }
    }
    if let Some(relation) = new.relation {
        for fk in &relation.foreign_keys {
            if fk.referenced_relation == parent.name && fk.referenced_schema == parent.schema {
                out.push(Link {
                    constraint: fk.name.clone(),
                    pairs: fk
                        .column_pairs()
                        .map(|(a, b)| (b.to_owned(), a.to_owned()))
                        .collect(),
                    many: !one_to_one(fk),
                });
            }
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
            _ => Err(unsupported(
                "this join condition; join ON equal columns of a foreign key (`cities.country_id = countries.id`)",
                on.span(),
            )),
        },
        other => Err(unsupported(
            "this join condition; join ON equal columns of a foreign key (`cities.country_id = countries.id`)",
            other.span(),
        )),
    }
}

pub(crate) fn idents(expr: &Expr) -> Option<Vec<Ident>> {
    match expr {
        Expr::Identifier(ident) => Some(vec![ident.clone()]),
        Expr::CompoundIdentifier(idents) => Some(idents.clone()),
        Expr::Nested(inner) => idents(inner),
        _ => None,
    }
}

/// A column reference with optional json path and cast, as PostgREST writes it.
pub(crate) struct ColumnRef {
    pub(crate) source: usize,
    /// `meta->capital`, `id::text`.
    pub(crate) text: String,
    /// The key PostgREST gives it in a row.
    pub(crate) key: String,
    pub(crate) ty: Ty,
    pub(crate) column: Col,
    pub(crate) plain: bool,
}

/// `col`, `t.col`, `col->'a'->>'b'`, `col::text`.
pub(crate) fn column_ref(sources: &[Source<'_>], expr: &Expr) -> SqlResult<Option<ColumnRef>> {
    if let Some(path) = idents(expr) {
        let (source, col) = column(sources, &path)?;
        return Ok(Some(ColumnRef {
            source,
            text: col.name.clone(),
            key: col.name.clone(),
            ty: col.ty.clone(),
            column: col.clone(),
            plain: true,
        }));
    }
    match expr {
        Expr::BinaryOp { left, op, right }
            if matches!(op, BinaryOperator::Arrow | BinaryOperator::LongArrow) =>
        {
            let Some(base) = column_ref(sources, left)? else {
                return Ok(None);
            };
            if !matches!(base.column.ty.inner(), Ty::Json) || base.text.contains("::") {
                return Err(SqlError::new(
                    format!("`{}` is not a json or jsonb column", base.text),
                    left.span(),
                ));
            }
            let key = match right.as_ref() {
                Expr::Value(v) => match &v.value {
                    Value::SingleQuotedString(s) => s.clone(),
                    Value::Number(n, _) => n.clone(),
                    _ => return Err(unsupported("this json path key", right.span())),
                },
                _ => return Err(unsupported("this json path key", right.span())),
            };
            let arrow = if *op == BinaryOperator::Arrow {
                "->"
            } else {
                "->>"
            };
            let ty = if *op == BinaryOperator::Arrow {
                Ty::Json
            } else {
                Ty::Text.nullable(true)
            };
            Ok(Some(ColumnRef {
                source: base.source,
                text: format!("{}{arrow}{key}", base.text),
                key,
                ty,
                column: base.column,
                plain: false,
            }))
        }
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr: inner,
            data_type,
            format: None,
        } => {
            let Some(base) = column_ref(sources, inner)? else {
                return Ok(None);
            };
            let (name, base_name) = cast(data_type, expr.span())?;
            let nullable = matches!(base.ty, Ty::Option(_));
            Ok(Some(ColumnRef {
                source: base.source,
                text: format!("{}::{name}", base.text),
                key: base.key,
                ty: Ty::base(base_name).nullable(nullable),
                column: base.column,
                plain: false,
            }))
        }
        _ => Ok(None),
    }
}

fn cast(data_type: &sqlparser::ast::DataType, at: SqlSpan) -> SqlResult<(String, &'static str)> {
    let written = data_type.to_string().to_ascii_lowercase();
    match cast_target(&written) {
        Some(base) => Ok((written, base)),
        None => Err(unsupported(
            &format!("a cast to `{written}` (query! knows casts to text, integer types, floats, boolean, numeric, json and jsonb)"),
            at,
        )),
    }
}

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
            Some(alias) if alias.value != key => {
                (format!("{}:{text}", alias.value), alias.value.clone())
            }
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

/// `count(*)`, `count(col)`, `sum(col)`, `avg`, `min`, `max`, optionally cast.
fn aggregate(sources: &[Source<'_>], expr: &Expr) -> SqlResult<(usize, String, String, Ty)> {
    let hint = "this expression; a select item is a column, a cast (`col::text`), a json path (`col->>'key'`) or count/sum/avg/min/max of a column";
    match expr {
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr: inner,
            data_type,
            format: None,
        } => {
            let (source, text, key, ty) = aggregate(sources, inner)?;
            let (name, base) = cast(data_type, expr.span())?;
            let nullable = matches!(ty, Ty::Option(_));
            Ok((
                source,
                format!("{text}::{name}"),
                key,
                Ty::base(base).nullable(nullable),
            ))
        }
        Expr::Function(function) => {
            let name = function.name.to_string().to_ascii_lowercase();
            if function.over.is_some() {
                return Err(unsupported("window functions (OVER)", expr.span()));
            }
            if function.filter.is_some() {
                return Err(unsupported("aggregate FILTER", expr.span()));
            }
            if !matches!(name.as_str(), "count" | "sum" | "avg" | "min" | "max") {
                return Err(unsupported(
                    &format!("the function `{name}` in a select list (aggregates: count, sum, avg, min, max)"),
                    function.name.span(),
                ));
            }
            let args = match &function.args {
                FunctionArguments::List(list) => {
                    if list.duplicate_treatment.is_some() {
                        return Err(unsupported("DISTINCT in an aggregate", expr.span()));
                    }
                    list.args.as_slice()
                }
                FunctionArguments::None => &[],
                FunctionArguments::Subquery(_) => {
                    return Err(unsupported("subqueries", expr.span()))
                }
            };
            match args {
                [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)] | [] if name == "count" => {
                    Ok((0, "count()".to_owned(), "count".to_owned(), Ty::I64))
                }
                [FunctionArg::Unnamed(FunctionArgExpr::Expr(arg))] => {
                    let Some(col) = column_ref(sources, arg)? else {
                        return Err(unsupported(hint, arg.span()));
                    };
                    let ty = match name.as_str() {
                        "count" => Ty::I64,
                        "sum" => match col.ty.inner() {
                            Ty::I16 | Ty::I32 => Ty::I64.nullable(true),
                            Ty::F32 => Ty::F32.nullable(true),
                            Ty::F64 => Ty::F64.nullable(true),
                            Ty::I64 | Ty::Json => Ty::Json,
                            _ => {
                                return Err(SqlError::new(
                                    format!("sum() of the non-numeric column `{}`", col.text),
                                    arg.span(),
                                ))
                            }
                        },
                        "avg" => match col.ty.inner() {
                            Ty::F32 | Ty::F64 => Ty::F64.nullable(true),
                            t if t.is_numeric() => Ty::Json,
                            _ => {
                                return Err(SqlError::new(
                                    format!("avg() of the non-numeric column `{}`", col.text),
                                    arg.span(),
                                ))
                            }
                        },
                        _ => col.ty.inner().clone().nullable(true),
                    };
                    Ok((col.source, format!("{}.{name}()", col.text), name, ty))
                }
                _ => Err(unsupported(
                    &format!("these arguments of `{name}`; aggregate one column"),
                    expr.span(),
                )),
            }
        }
        Expr::Subquery(_) | Expr::Exists { .. } => Err(unsupported("subqueries", expr.span())),
        other => Err(unsupported(hint, other.span())),
    }
}

/// PostgREST groups by the plain columns selected next to aggregates; a GROUP BY must list
/// exactly those.
fn check_group_by(group_by: &GroupByExpr, items: &[Item], sources: &[Source<'_>]) -> SqlResult<()> {
    let exprs = match group_by {
        GroupByExpr::All(_) => return Err(unsupported("GROUP BY ALL", group_by.span())),
        GroupByExpr::Expressions(exprs, modifiers) => {
            if !modifiers.is_empty() {
                return Err(unsupported("GROUP BY modifiers", group_by.span()));
            }
            exprs
        }
    };
    let has_aggregate = items.iter().any(|i| i.aggregate);
    if exprs.is_empty() {
        return Ok(());
    }
    if !has_aggregate {
        return Err(unsupported(
            "GROUP BY without an aggregate in the select list",
            group_by.span(),
        ));
    }
    let grouped: Vec<(usize, String)> = items
        .iter()
        .filter(|i| !i.aggregate)
        .filter_map(|i| i.column.clone().map(|c| (i.source, c)))
        .collect();
    let mut named = Vec::new();
    for expr in exprs {
        let Some(path) = idents(expr) else {
            return Err(unsupported(
                "GROUP BY of an expression; PostgREST groups by the plain columns selected next to the aggregates",
                expr.span(),
            ));
        };
        let (source, col) = column(sources, &path)?;
        if !grouped.contains(&(source, col.name.clone())) {
            return Err(unsupported(
                &format!(
                    "GROUP BY `{}`, which is not selected; PostgREST groups by exactly the plain columns selected next to the aggregates",
                    col.name
                ),
                expr.span(),
            ));
        }
        named.push((source, col.name.clone()));
    }
    if let Some(item) = items.iter().find(|i| {
        !i.aggregate
            && i.column
                .as_ref()
                .is_some_and(|c| !named.contains(&(i.source, c.clone())))
    }) {
        return Err(SqlError::new(
            format!(
                "`{}` is selected but not in GROUP BY; PostgREST groups by every plain column selected next to the aggregates",
                item.key
            ),
            item.span,
        ));
    }
    Ok(())
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
                    if embed.key != source.name {
                        text.push_str(&embed.key);
                        text.push(':');
                    }
                    text.push_str(&source.name);
                    if let Some(hint) = &embed.hint {
                        text.push('!');
                        text.push_str(hint);
                    }
                    if embed.inner {
                        text.push_str("!inner");
                    }
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

impl Lower<'_> {
    /// The WHERE clause: AND-ed conditions become one builder filter each.
    pub(crate) fn where_clause(
        &mut self,
        expr: &Expr,
        sources: &[Source<'_>],
        steps: &mut Vec<Step>,
    ) -> SqlResult<()> {
        match expr {
            Expr::BinaryOp {
                left,
                op: BinaryOperator::And,
                right,
            } => {
                self.where_clause(left, sources, steps)?;
                self.where_clause(right, sources, steps)
            }
            Expr::Nested(inner) => self.where_clause(inner, sources, steps),
            _ => self.step(expr, sources, false, steps),
        }
    }

    fn step(
        &mut self,
        expr: &Expr,
        sources: &[Source<'_>],
        negated: bool,
        steps: &mut Vec<Step>,
    ) -> SqlResult<()> {
        let not = |steps: &mut Vec<Step>| {
            if negated {
                steps.push(Step::Not);
            }
        };
        match expr {
            Expr::Nested(inner) => self.step(inner, sources, negated, steps),
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr: inner,
            } => self.step(inner, sources, !negated, steps),
            Expr::BinaryOp {
                op: BinaryOperator::Or,
                ..
            } => {
                let cond = self.cond(expr, sources)?;
                not(steps);
                steps.push(Step::AnyOf(flatten_any(cond)));
                Ok(())
            }
            Expr::BinaryOp {
                op: BinaryOperator::And,
                ..
            } => {
                // Only reached under NOT: `not.and=(...)`.
                let cond = self.cond(expr, sources)?;
                not(steps);
                steps.push(Step::AllOf(flatten_all(cond)));
                Ok(())
            }
            Expr::BinaryOp {
                left,
                op: BinaryOperator::AtAt,
                right,
            } => {
                let (key, col) = self.filter_column(sources, left, true)?;
                if !matches!(col.pg.as_str(), "tsvector" | "text" | "varchar") {
                    return Err(SqlError::new(
                        format!(
                            "`{key}` is not a tsvector or text column; full-text search needs one"
                        ),
                        left.span(),
                    ));
                }
                let (query, kind, config) = self.tsquery(right)?;
                not(steps);
                steps.push(Step::Fts(key, query, kind, config));
                Ok(())
            }
            Expr::InList {
                expr: left,
                list,
                negated: not_in,
            } => {
                let (key, col) = self.filter_column(sources, left, true)?;
                let values = list
                    .iter()
                    .map(|v| self.value(v, &col, &key))
                    .collect::<SqlResult<Vec<_>>>()?;
                match (*not_in, negated) {
                    (false, false) | (true, true) => steps.push(Step::In(key, values)),
                    _ => steps.push(Step::NotIn(key, values)),
                }
                Ok(())
            }
            Expr::Between {
                expr: left,
                negated: not_between,
                low,
                high,
            } => {
                let (key, col) = self.filter_column(sources, left, true)?;
                let low = self.value(low, &col, &key)?;
                let high = self.value(high, &col, &key)?;
                if *not_between != negated {
                    steps.push(Step::Not);
                    steps.push(Step::AllOf(vec![
                        Cond::Op("gte", key.clone(), low),
                        Cond::Op("lte", key, high),
                    ]));
                } else {
                    steps.push(Step::Op("gte", key.clone(), low));
                    steps.push(Step::Op("lte", key, high));
                }
                Ok(())
            }
            _ => {
                let (_, leaf) = self.leaf(expr, sources, true)?;
                match leaf {
                    Leaf::Op(op, key, value, is_not) => {
                        if is_not != negated {
                            steps.push(Step::Not);
                        }
                        steps.push(Step::Op(op, key, value));
                    }
                    Leaf::Is(key, value, is_not) => {
                        if is_not != negated {
                            steps.push(Step::Not);
                        }
                        steps.push(Step::Is(key, value));
                    }
                }
                Ok(())
            }
        }
    }

    /// A condition inside an OR (or a negated AND): `supabase_core::Condition`.
    fn cond(&mut self, expr: &Expr, sources: &[Source<'_>]) -> SqlResult<Cond> {
        match expr {
            Expr::Nested(inner) => self.cond(inner, sources),
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr: inner,
            } => Ok(Cond::Not(Box::new(self.cond(inner, sources)?))),
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Or,
                right,
            } => Ok(Cond::Any(vec![
                self.cond(left, sources)?,
                self.cond(right, sources)?,
            ])),
            Expr::BinaryOp {
                left,
                op: BinaryOperator::And,
                right,
            } => Ok(Cond::All(vec![
                self.cond(left, sources)?,
                self.cond(right, sources)?,
            ])),
            Expr::InList {
                expr: left,
                list,
                negated,
            } => {
                let (key, col) = self.filter_column(sources, left, false)?;
                let values = list
                    .iter()
                    .map(|v| self.value(v, &col, &key))
                    .collect::<SqlResult<Vec<_>>>()?;
                let cond = Cond::In(key, values);
                Ok(if *negated {
                    Cond::Not(Box::new(cond))
                } else {
                    cond
                })
            }
            Expr::Between {
                expr: left,
                negated,
                low,
                high,
            } => {
                let (key, col) = self.filter_column(sources, left, false)?;
                let low = self.value(low, &col, &key)?;
                let high = self.value(high, &col, &key)?;
                let cond = Cond::All(vec![
                    Cond::Op("gte", key.clone(), low),
                    Cond::Op("lte", key, high),
                ]);
                Ok(if *negated {
                    Cond::Not(Box::new(cond))
                } else {
                    cond
                })
            }
            Expr::BinaryOp {
                op: BinaryOperator::AtAt,
                ..
            } => Err(unsupported(
                "full-text search (`@@`) inside OR; AND it with the other conditions",
                expr.span(),
            )),
            _ => {
                let (_, leaf) = self.leaf(expr, sources, false)?;
                Ok(match leaf {
                    Leaf::Op(op, key, value, false) => Cond::Op(op, key, value),
                    Leaf::Op(op, key, value, true) => Cond::Not(Box::new(Cond::Op(op, key, value))),
                    Leaf::Is(key, value, false) => Cond::Is(key, value),
                    Leaf::Is(key, value, true) => Cond::Not(Box::new(Cond::Is(key, value))),
                })
            }
        }
    }
}

enum Leaf {
    /// Operator, column, value, negated.
    Op(&'static str, String, FVal, bool),
    /// Column, `null`/`true`/`false`, negated.
    Is(String, &'static str, bool),
}

fn flatten_any(cond: Cond) -> Vec<Cond> {
    match cond {
        Cond::Any(items) => items.into_iter().flat_map(flatten_any).collect(),
        other => vec![other],
    }
}

fn flatten_all(cond: Cond) -> Vec<Cond> {
    match cond {
        Cond::All(items) => items.into_iter().flat_map(flatten_all).collect(),
        other => vec![other],
    }
}

fn flip(op: &BinaryOperator) -> Option<&'static str> {
    Some(match op {
        BinaryOperator::Eq => "eq",
        BinaryOperator::NotEq => "neq",
        BinaryOperator::Gt => "lt",
        BinaryOperator::GtEq => "lte",
        BinaryOperator::Lt => "gt",
        BinaryOperator::LtEq => "gte",
        _ => return None,
    })
}

fn operator(op: &BinaryOperator) -> Option<&'static str> {
    Some(match op {
        BinaryOperator::Eq => "eq",
        BinaryOperator::NotEq => "neq",
        BinaryOperator::Gt => "gt",
        BinaryOperator::GtEq => "gte",
        BinaryOperator::Lt => "lt",
        BinaryOperator::LtEq => "lte",
        _ => return None,
    })
}

const WHERE_HINT: &str = "this condition; WHERE supports column = <> < <= > >= value, LIKE, ILIKE, IN, IS [NOT] NULL/TRUE/FALSE, BETWEEN, `@@` full-text search, AND, OR, NOT";

impl Lower<'_> {
    fn leaf(
        &mut self,
        expr: &Expr,
        sources: &[Source<'_>],
        top: bool,
    ) -> SqlResult<(String, Leaf)> {
        match expr {
            Expr::BinaryOp { left, op, right } if operator(op).is_some() => {
                let (column_side, value_side, name) = if column_ref(sources, left)?.is_some() {
                    (left, right, operator(op))
                } else {
                    (right, left, flip(op))
                };
                let name = name.ok_or_else(|| unsupported(WHERE_HINT, expr.span()))?;
                let (key, col) = self.filter_column(sources, column_side, top)?;
                if matches!(value_side.as_ref(), Expr::Value(v) if matches!(v.value, Value::Null)) {
                    return Err(SqlError::new(
                        "`= NULL` is never true; write `IS NULL`",
                        expr.span(),
                    ));
                }
                let value = self.value(value_side, &col, &key)?;
                Ok((key.clone(), Leaf::Op(name, key, value, false)))
            }
            Expr::Like {
                negated,
                expr: left,
                pattern,
                escape_char: None,
                any: false,
            }
            | Expr::ILike {
                negated,
                expr: left,
                pattern,
                escape_char: None,
                any: false,
            } => {
                let op = if matches!(expr, Expr::Like { .. }) {
                    "like"
                } else {
                    "ilike"
                };
                let (key, col) = self.filter_column(sources, left, top)?;
                let value = self.value(
                    pattern,
                    &Col {
                        ty: Ty::Text,
                        ..col
                    },
                    &key,
                )?;
                Ok((key.clone(), Leaf::Op(op, key, value, *negated)))
            }
            Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
                let (key, _) = self.filter_column(sources, inner, top)?;
                Ok((
                    key.clone(),
                    Leaf::Is(key, "null", matches!(expr, Expr::IsNotNull(_))),
                ))
            }
            Expr::IsTrue(inner)
            | Expr::IsFalse(inner)
            | Expr::IsNotTrue(inner)
            | Expr::IsNotFalse(inner) => {
                let (key, col) = self.filter_column(sources, inner, top)?;
                if col.ty.inner() != &Ty::Bool {
                    return Err(SqlError::new(
                        format!("`{key}` is not a boolean column"),
                        inner.span(),
                    ));
                }
                let (value, negated) = match expr {
                    Expr::IsTrue(_) => ("true", false),
                    Expr::IsFalse(_) => ("false", false),
                    Expr::IsNotTrue(_) => ("true", true),
                    _ => ("false", true),
                };
                Ok((key.clone(), Leaf::Is(key, value, negated)))
            }
            Expr::Subquery(_) | Expr::InSubquery { .. } | Expr::Exists { .. } => {
                Err(unsupported("subqueries", expr.span()))
            }
            _ => Err(unsupported(WHERE_HINT, expr.span())),
        }
    }

    /// The filter key of a column (`name`, `cities.name`, `meta->>capital`) and its column.
    fn filter_column(
        &self,
        sources: &[Source<'_>],
        expr: &Expr,
        top: bool,
    ) -> SqlResult<(String, Col)> {
        let Some(col) = column_ref(sources, expr)? else {
            return Err(unsupported(
                "a condition on this expression; compare a column (or a json path of one) with a value",
                expr.span(),
            ));
        };
        let mut key = col.text.clone();
        let mut at = col.source;
        while let Some(embed) = &sources[at].embed {
            if !top {
                return Err(unsupported(
                    "a condition on a joined table inside OR/NOT; AND it with the others",
                    expr.span(),
                ));
            }
            if !embed.inner {
                return Err(SqlError::new(
                    format!(
                        "a WHERE condition on `{}` needs an INNER JOIN: on a LEFT JOIN, PostgREST would filter only the embedded rows",
                        sources[at].alias
                    ),
                    expr.span(),
                ));
            }
            key = format!("{}.{key}", embed.key);
            at = embed.parent;
        }
        let ty = if col.plain {
            col.column.ty.clone()
        } else {
            col.ty.clone()
        };
        Ok((key, Col { ty, ..col.column }))
    }

    /// A value compared with `col`.
    pub(crate) fn value(&mut self, expr: &Expr, col: &Col, key: &str) -> SqlResult<FVal> {
        match expr {
            Expr::Nested(inner) => self.value(inner, col, key),
            Expr::Value(v) => match &v.value {
                Value::Placeholder(p) => Ok(FVal::Param(self.param(p, v.span)?, col.ty.clone())),
                Value::Number(n, _) => {
                    if !col.ty.is_numeric() {
                        return Err(SqlError::new(
                            format!("`{n}` is a number but `{key}` is not a numeric column"),
                            v.span,
                        ));
                    }
                    Ok(FVal::Lit(n.clone()))
                }
                Value::SingleQuotedString(s) => Ok(FVal::Lit(s.clone())),
                Value::Boolean(b) => {
                    if col.ty.inner() != &Ty::Bool {
                        return Err(SqlError::new(
                            format!("`{b}` is a boolean but `{key}` is not a boolean column"),
                            v.span,
                        ));
                    }
                    Ok(FVal::Lit(b.to_string()))
                }
                _ => Err(unsupported("this literal", v.span)),
            },
            Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr: inner,
            } => match self.value(inner, col, key)? {
                FVal::Lit(n) if n.parse::<f64>().is_ok() => Ok(FVal::Lit(format!("-{n}"))),
                _ => Err(unsupported("`-` before this value", expr.span())),
            },
            _ => Err(unsupported(
                "this value; compare with a literal or a parameter (`$1`, `{name}`)",
                expr.span(),
            )),
        }
    }

    /// `to_tsquery([config,] q)` and its plain/phrase/websearch forms.
    fn tsquery(&mut self, expr: &Expr) -> SqlResult<(FVal, Option<&'static str>, Option<String>)> {
        let hint = "the right side of `@@`; write to_tsquery / plainto_tsquery / phraseto_tsquery / websearch_to_tsquery(['config',] query)";
        let Expr::Function(function) = expr else {
            return Err(unsupported(hint, expr.span()));
        };
        let kind = match function.name.to_string().to_ascii_lowercase().as_str() {
            "to_tsquery" => None,
            "plainto_tsquery" => Some("Plain"),
            "phraseto_tsquery" => Some("Phrase"),
            "websearch_to_tsquery" => Some("Websearch"),
            _ => return Err(unsupported(hint, function.name.span())),
        };
        let FunctionArguments::List(list) = &function.args else {
            return Err(unsupported(hint, expr.span()));
        };
        let args: Vec<&Expr> = list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect();
        let text = Col {
            name: String::new(),
            ty: Ty::Text,
            pg: "text".to_owned(),
            insertable: false,
            updatable: false,
        };
        match args.as_slice() {
            [query] if list.args.len() == 1 => Ok((self.value(query, &text, "query")?, kind, None)),
            [config, query] if list.args.len() == 2 => {
                let Expr::Value(v) = config else {
                    return Err(unsupported(
                        "a text search config that is not a string literal",
                        config.span(),
                    ));
                };
                let Value::SingleQuotedString(config) = &v.value else {
                    return Err(unsupported(
                        "a text search config that is not a string literal",
                        config.span(),
                    ));
                };
                Ok((
                    self.value(query, &text, "query")?,
                    kind,
                    Some(config.clone()),
                ))
            }
            _ => Err(unsupported(hint, expr.span())),
        }
    }

    /// ORDER BY, LIMIT, OFFSET.
    pub(crate) fn order_and_limit(
        &mut self,
        query: &Query,
        sources: &[Source<'_>],
        steps: &mut Vec<Step>,
    ) -> SqlResult<()> {
        if let Some(order_by) = &query.order_by {
            let OrderByKind::Expressions(exprs) = &order_by.kind else {
                return Err(unsupported("ORDER BY ALL", order_by.span()));
            };
            for item in exprs {
                let Some(col) = column_ref(sources, &item.expr)? else {
                    return Err(unsupported(
                        "ORDER BY of this expression; order by a column or a json path of one",
                        item.expr.span(),
                    ));
                };
                if col.source != 0 {
                    return Err(unsupported(
                        "ORDER BY a joined table's column",
                        item.expr.span(),
                    ));
                }
                steps.push(Step::Order(
                    col.text,
                    item.options.asc == Some(false),
                    item.options.nulls_first,
                ));
            }
        }
        let (limit, offset) = match &query.limit_clause {
            None => (None, None),
            Some(LimitClause::LimitOffset {
                limit,
                offset,
                limit_by,
            }) => {
                if let Some(by) = limit_by.first() {
                    return Err(unsupported("LIMIT BY", by.span()));
                }
                (limit.as_ref(), offset.as_ref().map(|o| &o.value))
            }
            Some(clause @ LimitClause::OffsetCommaLimit { .. }) => {
                return Err(unsupported(
                    "LIMIT offset, count; write LIMIT n OFFSET m",
                    clause.span(),
                ))
            }
        };
        let number = |expr: &Expr, what: &str| -> SqlResult<u64> {
            match expr {
                Expr::Value(v) => match &v.value {
                    Value::Number(n, _) => n
                        .parse()
                        .map_err(|_| SqlError::new(format!("{what} takes a whole number"), v.span)),
                    _ => Err(SqlError::new(
                        format!("{what} takes a number literal"),
                        v.span,
                    )),
                },
                other => Err(SqlError::new(
                    format!("{what} takes a number literal"),
                    other.span(),
                )),
            }
        };
        match (limit, offset) {
            (Some(limit), None) => steps.push(Step::Limit(number(limit, "LIMIT")?)),
            (Some(limit), Some(offset)) => {
                let count = number(limit, "LIMIT")?;
                let from = number(offset, "OFFSET")?;
                if count == 0 {
                    return Err(SqlError::new(
                        "LIMIT 0 with an OFFSET asks for no rows",
                        limit.span(),
                    ));
                }
                steps.push(Step::Range(from, from + count - 1));
            }
            (None, Some(offset)) => {
                return Err(unsupported(
                    "OFFSET without LIMIT (PostgREST pages with a range); add a LIMIT",
                    offset.span(),
                ))
            }
            (None, None) => {}
        }
        Ok(())
    }
}
