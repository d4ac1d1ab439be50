//! `[NOT] EXISTS (SELECT … FROM t WHERE t.fk = outer.key [AND conditions on t])` in the WHERE
//! of a select: a semi-join or an anti-join along a foreign key. PostgREST 12 writes it as an
//! embed of `t` that selects nothing: `t!inner()` keeps the rows with a matching `t` row, `t()`
//! with `t=is.null` the rows without one, and the conditions on `t` are filters on the embed
//! (`t.col=op.value`). The embed adds no key to the rows, and unlike a join it never repeats a
//! row.
//!
//! `x IN (SELECT t.c FROM t WHERE ...)` is the same semi-join with `t.c = x` as the
//! correlation; `x NOT IN (...)` the anti-join when neither `x` nor `t.c` can be NULL.
//!
//! Only that shape is taken: one table in the subquery's FROM, correlated with the query's FROM
//! table by equalities that are exactly a foreign key's columns, every other condition on the
//! subquery's table alone, as a top-level AND term of the WHERE. Anything else keeps the
//! "cannot express EXISTS" (or "a subquery") rejection with its SQL function.

use sqlparser::ast::{
    BinaryOperator, Expr, Ident, Query, SelectItem, SetExpr, Spanned, TableFactor, UnaryOperator,
};

use super::column_ref::column_ref;
use super::terms::{conjuncts, regroup};
use super::{inexpressible, Lower};
use crate::query::error::SqlResult;
use crate::query::plan::Step;
use crate::query::resolve::Source;
use crate::query::types::Ty;

/// Why `x NOT IN (SELECT c ...)` is refused when `x` or `c` can be NULL.
const NULLABLE_NOT_IN: &str = "NOT IN (SELECT ...) over a column that can be NULL (SQL then returns no row at all when the subquery holds a NULL; write NOT EXISTS, which PostgREST can send)";

/// `a AND b AND ...`, `None` for no terms.
fn and_all(terms: Vec<Expr>) -> Option<Expr> {
    terms.into_iter().reduce(|left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::And,
        right: Box::new(right),
    })
}

/// A semi-join or anti-join term: its subquery, whether it is negated, and for `x IN (SELECT
/// c ...)` the outer expression `x` (compared with the subquery's only column `c`).
struct Term<'q> {
    subquery: &'q Query,
    negated: bool,
    member: Option<&'q Expr>,
}

/// `EXISTS (...)`, `NOT EXISTS (...)`, `NOT (EXISTS (...))`, `x [NOT] IN (SELECT c ...)`.
fn exists_term(expr: &Expr) -> Option<Term<'_>> {
    match expr {
        Expr::Exists { subquery, negated } => Some(Term {
            subquery,
            negated: *negated,
            member: None,
        }),
        Expr::InSubquery {
            expr,
            subquery,
            negated,
        } => Some(Term {
            subquery,
            negated: *negated,
            member: Some(expr),
        }),
        Expr::Nested(inner) => exists_term(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => exists_term(expr).map(|t| Term {
            negated: !t.negated,
            ..t
        }),
        _ => None,
    }
}

/// A column of `source` written as `alias.name`, quoted so that it resolves as it is spelled.
fn qualified(source: &Source<'_>, name: &str) -> Expr {
    Expr::CompoundIdentifier(vec![
        Ident::with_quote('"', source.alias.clone()),
        Ident::with_quote('"', name),
    ])
}

impl<'a> Lower<'a> {
    /// Takes the top-level `[NOT] EXISTS` terms out of `selection`: appends an empty embed to
    /// `sources` for each, pushes its filters (and `is.null` for NOT EXISTS) to `steps`, and
    /// returns the rest of the WHERE. Sources before `outer` are the query's own.
    pub(crate) fn exists_terms(
        &mut self,
        selection: &Expr,
        sources: &mut Vec<Source<'a>>,
        steps: &mut Vec<Step>,
    ) -> SqlResult<Option<Expr>> {
        let mut terms = Vec::new();
        conjuncts(&regroup(selection.clone()), &mut terms);
        let outer = sources.len();
        let mut rest = Vec::new();
        for term in terms {
            match exists_term(&term) {
                Some(t) => {
                    let feature = if t.member.is_some() {
                        "a subquery"
                    } else {
                        "EXISTS"
                    };
                    self.exists(&t, outer, sources, steps).map_err(|err| {
                        if err.message.contains(NULLABLE_NOT_IN) {
                            inexpressible(NULLABLE_NOT_IN, term.span())
                        } else {
                            inexpressible(feature, term.span())
                        }
                    })?;
                }
                None => rest.push(term),
            }
        }
        Ok(and_all(rest))
    }

    fn exists(
        &mut self,
        term: &Term<'_>,
        outer: usize,
        sources: &mut Vec<Source<'a>>,
        steps: &mut Vec<Step>,
    ) -> SqlResult<()> {
        let (subquery, negated) = (term.subquery, term.negated);
        let not_this = || inexpressible("EXISTS", subquery.span());
        if subquery.with.is_some()
            || subquery.order_by.is_some()
            || subquery.limit_clause.is_some()
            || subquery.fetch.is_some()
        {
            return Err(not_this());
        }
        let SetExpr::Select(select) = subquery.body.as_ref() else {
            return Err(not_this());
        };
        let [from] = select.from.as_slice() else {
            return Err(not_this());
        };
        if !from.joins.is_empty()
            || select.having.is_some()
            || select.distinct.is_some()
            || !matches!(&from.relation, TableFactor::Table { args: None, .. })
        {
            return Err(not_this());
        }
        if !matches!(&select.group_by, sqlparser::ast::GroupByExpr::Expressions(e, m) if e.is_empty() && m.is_empty())
        {
            return Err(not_this());
        }
        self.same_schema(&sources[0], &from.relation)?;
        let mut child = self.table_source(&from.relation)?;
        if sources.iter().any(|s| s.alias == child.alias) {
            return Err(not_this());
        }
        // The subquery's own table alone, under an empty stand-in for the FROM table, so that a
        // name resolves to the subquery's table first, as in SQL.
        let lone = |child: &Source<'a>| {
            let mut root = sources[0].clone();
            root.columns = Vec::new();
            vec![root, child.clone()]
        };
        let mut on = Vec::new();
        let mut filters = Vec::new();
        let mut terms = Vec::new();
        if let Some(member) = term.member {
            // `x IN (SELECT c FROM t WHERE ...)` is `EXISTS (SELECT 1 FROM t WHERE t.c = x AND
            // ...)`; `NOT IN` is `NOT EXISTS` only when neither side can be NULL (SQL's NOT IN
            // answers no row at all when the subquery returns a NULL).
            let [SelectItem::UnnamedExpr(item)] = select.projection.as_slice() else {
                return Err(not_this());
            };
            let c = column_ref(&lone(&child), item)
                .ok()
                .flatten()
                .filter(|c| c.plain)
                .ok_or_else(not_this)?;
            let o = column_ref(&sources[..outer], member)
                .ok()
                .flatten()
                .filter(|o| o.plain && o.source == 0)
                .ok_or_else(not_this)?;
            let nullable = |ty: &Ty| matches!(ty, Ty::Option(_));
            if negated && (nullable(&c.column.ty) || nullable(&o.column.ty)) {
                return Err(inexpressible(NULLABLE_NOT_IN, subquery.span()));
            }
            terms.push(Expr::BinaryOp {
                left: Box::new(qualified(&child, &c.column.name)),
                op: BinaryOperator::Eq,
                right: Box::new(qualified(&sources[0], &o.column.name)),
            });
        }
        if let Some(selection) = &select.selection {
            conjuncts(&regroup(selection.clone()), &mut terms);
        }
        for term in terms {
            if let Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } = &term
            {
                let inner = |e: &Expr| column_ref(&lone(&child), e).ok().flatten();
                let outer_col = |e: &Expr| column_ref(&sources[..outer], e).ok().flatten();
                let pair = match (inner(left), inner(right)) {
                    (Some(c), None) => outer_col(right).map(|o| (c, o)),
                    (None, Some(c)) => outer_col(left).map(|o| (c, o)),
                    _ => None,
                };
                if let Some((c, o)) = pair {
                    if !c.plain || !o.plain || o.source != 0 {
                        return Err(not_this());
                    }
                    on.push(Expr::BinaryOp {
                        left: Box::new(qualified(&child, &c.column.name)),
                        op: BinaryOperator::Eq,
                        right: Box::new(qualified(&sources[0], &o.column.name)),
                    });
                    continue;
                }
            }
            filters.push(term);
        }
        let Some(on) = and_all(on) else {
            return Err(not_this());
        };
        let embed = self.join_on(&sources[..outer], &child, &on, !negated)?;
        if embed.parent != 0 || embed.target.is_some() {
            return Err(not_this());
        }
        // The filters name the subquery's table only; lowered as on an inner join (a filter on
        // the embed), whatever the embed's own join is.
        let mut filtered = embed.clone();
        filtered.inner = true;
        child.embed = Some(filtered);
        if let Some(filters) = and_all(filters) {
            self.where_clause(&filters, &lone(&child), steps)?;
        }
        if negated {
            steps.push(Step::Is(super::column_ref::pgrst_name(&embed.key), "null"));
        }
        child.embed = Some(embed);
        sources.push(child);
        Ok(())
    }
}
