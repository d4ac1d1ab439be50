//! The way out of a statement PostgREST cannot express: a SQL function made from the user's own
//! statement (parameters typed from the schema where the SQL compares or assigns them to a
//! column, or casts them), to apply as a migration, and the `query!` line that calls it.

use sqlparser::ast::{
    Expr, FromTable, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, LimitClause,
    ObjectName, Query, SelectItem, SetExpr, Statement, TableFactor, TableObject, TableWithJoins,
    Value,
};
use supabase_codegen::{Relation, SchemaModel};

use super::exposed::is_exposed;
use super::resolve::parts;

/// What the suggestion is made from.
pub(crate) struct Source<'a> {
    pub(crate) model: &'a SchemaModel,
    pub(crate) statement: &'a Statement,
    /// The SQL as parsed (`{expr}` placeholders already `$n`).
    pub(crate) sql: &'a str,
    /// The macro's client expression and arguments, as written.
    pub(crate) client: String,
    pub(crate) args: Vec<String>,
}

/// A parameter of the function: its name and SQL type (`None`: not inferred).
#[derive(Clone, Default)]
struct Param {
    name: Option<String>,
    sql_type: Option<String>,
}

struct Walk<'a> {
    model: &'a SchemaModel,
    /// The tables of the statement: (schema, relation).
    tables: Vec<(String, &'a Relation)>,
    params: Vec<Param>,
}

/// The text appended to a "PostgREST cannot express" error.
pub(crate) fn suggest(source: &Source<'_>) -> String {
    let mut walk = Walk {
        model: source.model,
        tables: Vec::new(),
        params: vec![Param::default(); source.args.len()],
    };
    walk.statement(source.statement);
    let (verb, read_only) = match source.statement {
        Statement::Insert(insert) if insert.on.is_some() => ("upsert", false),
        Statement::Insert(_) => ("insert", false),
        Statement::Update { .. } => ("update", false),
        Statement::Delete(_) => ("delete", false),
        // A row lock (`for update`) is refused in a stable function.
        Statement::Query(query) => ("select", query.locks.is_empty()),
        _ => ("select", true),
    };
    let main = walk.tables.first();
    let schema = main
        .map(|(s, _)| s.as_str())
        .filter(|s| is_exposed(s))
        .unwrap_or("public");
    let called = first_function(source.statement);
    let noun = main.map_or(called.as_deref().unwrap_or("result"), |(_, r)| {
        r.name.as_str()
    });
    let name = format!("{verb}_{noun}");

    let mut used_names: Vec<String> = Vec::new();
    let params: Vec<(String, String)> = walk
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let base = p
                .name
                .as_ref()
                .map_or_else(|| format!("p{}", i + 1), |n| format!("p_{n}"));
            let mut unique = base.clone();
            let mut k = 2;
            while used_names.contains(&unique) {
                unique = format!("{base}_{k}");
                k += 1;
            }
            used_names.push(unique.clone());
            let ty = p
                .sql_type
                .clone()
                .unwrap_or_else(|| "text /* guessed: check this type */".to_owned());
            (unique, ty)
        })
        .collect();
    let returns = walk.returns(source.statement);
    let declared = params
        .iter()
        .map(|(n, t)| format!("{n} {t}"))
        .collect::<Vec<_>>()
        .join(", ");
    let body = source.sql.trim().trim_end_matches(';').trim_end();
    let volatility = if read_only { "stable" } else { "volatile" };
    let call_args = params
        .iter()
        .enumerate()
        .map(|(i, (n, _))| format!("{n} => ${}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let call = if returns == "void" {
        format!("select {name}({call_args})")
    } else {
        format!("select * from {name}({call_args})")
    };
    let mut macro_args = vec![source.client.clone(), format!("{call:?}")];
    macro_args.extend(source.args.iter().cloned());
    format!(
        "PostgREST's request API has no way to send this statement. Move it into a SQL function \
         (apply it as a migration, then refresh the schema snapshot):\n\n\
         create or replace function {schema}.{name}({declared})\n\
         returns {returns}\n\
         language sql {volatility}\n\
         as $$\n  {body}\n$$;\n\n\
         and call it:\n\n  query!({})",
        macro_args.join(", ")
    )
}

impl<'a> Walk<'a> {
    fn relation(&self, name: &ObjectName) -> Option<(String, &'a Relation)> {
        let idents = parts(name);
        let (schema, table) = match idents.as_slice() {
            [t] => ("public", t.value.as_str()),
            [s, t] => (s.value.as_str(), t.value.as_str()),
            _ => return None,
        };
        let relation = self.model.schema(schema)?.relation(table)?;
        Some((schema.to_owned(), relation))
    }

    fn add_table(&mut self, name: &ObjectName) {
        if let Some(found) = self.relation(name) {
            self.tables.push(found);
        }
    }

    fn from(&mut self, from: &TableWithJoins) {
        for factor in std::iter::once(&from.relation).chain(from.joins.iter().map(|j| &j.relation))
        {
            if let TableFactor::Table {
                name, args: None, ..
            } = factor
            {
                self.add_table(name);
            }
        }
    }

    /// The SQL type of a column named by `idents` (`col` or `t.col`) in the statement's tables.
    fn column_type(&self, idents: &[Ident]) -> Option<(String, String)> {
        let column = idents.last()?;
        self.tables.iter().find_map(|(_, r)| {
            r.column(&column.value)
                .map(|c| (c.name.clone(), c.sql_type.clone()))
        })
    }

    fn set_param(&mut self, expr: &Expr, name: &str, sql_type: &str) {
        if let Some(index) = param_index(expr) {
            if let Some(p) = self.params.get_mut(index) {
                if p.sql_type.is_none() {
                    p.name = Some(name.to_owned());
                    p.sql_type = Some(sql_type.to_owned());
                }
            }
        }
    }

    fn statement(&mut self, statement: &Statement) {
        match statement {
            Statement::Insert(insert) => {
                if let TableObject::TableName(name) = &insert.table {
                    self.add_table(name);
                }
                if let Some(source) = &insert.source {
                    if let SetExpr::Values(values) = source.body.as_ref() {
                        for row in &values.rows {
                            for (ident, expr) in insert.columns.iter().zip(row) {
                                if let Some((name, ty)) =
                                    self.column_type(std::slice::from_ref(ident))
                                {
                                    self.set_param(expr, &name, &ty);
                                }
                                self.expr(expr);
                            }
                        }
                    } else {
                        self.query(source);
                    }
                }
            }
            Statement::Update {
                table,
                assignments,
                selection,
                ..
            } => {
                self.from(table);
                for assignment in assignments {
                    if let sqlparser::ast::AssignmentTarget::ColumnName(name) = &assignment.target {
                        let idents: Vec<Ident> = parts(name).into_iter().cloned().collect();
                        if let Some((name, ty)) = self.column_type(&idents) {
                            self.set_param(&assignment.value, &name, &ty);
                        }
                    }
                    self.expr(&assignment.value);
                }
                if let Some(selection) = selection {
                    self.expr(selection);
                }
            }
            Statement::Delete(delete) => {
                let (FromTable::WithFromKeyword(tables) | FromTable::WithoutKeyword(tables)) =
                    &delete.from;
                for table in tables {
                    self.from(table);
                }
                if let Some(selection) = &delete.selection {
                    self.expr(selection);
                }
            }
            Statement::Query(query) => self.query(query),
            _ => {}
        }
    }

    fn query(&mut self, query: &Query) {
        if let SetExpr::Select(select) = query.body.as_ref() {
            for from in &select.from {
                self.from(from);
            }
            for item in &select.projection {
                if let SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } = item
                {
                    self.expr(e);
                }
            }
            if let Some(selection) = &select.selection {
                self.expr(selection);
            }
        }
        if let Some(LimitClause::LimitOffset { limit, offset, .. }) = &query.limit_clause {
            if let Some(limit) = limit {
                self.set_param(limit, "limit", "bigint");
            }
            if let Some(offset) = offset {
                self.set_param(&offset.value, "offset", "bigint");
            }
        }
    }

    /// Types the parameters an expression compares with a column, casts, or passes to a function.
    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::BinaryOp { left, right, .. } => {
                for (a, b) in [(left, right), (right, left)] {
                    if let Some(idents) = idents_of(a) {
                        if let Some((name, ty)) = self.column_type(&idents) {
                            self.set_param(b, &name, &ty);
                        }
                    }
                }
                self.expr(left);
                self.expr(right);
            }
            Expr::AnyOp { left, right, .. } | Expr::AllOp { left, right, .. } => {
                if let Some((name, ty)) = idents_of(left).and_then(|i| self.column_type(&i)) {
                    self.set_param(right, &name, &format!("{ty}[]"));
                }
                self.expr(left);
                self.expr(right);
            }
            Expr::InList { expr: e, list, .. } => {
                if let Some((name, ty)) = idents_of(e).and_then(|i| self.column_type(&i)) {
                    for item in list {
                        self.set_param(item, &name, &ty);
                    }
                }
                list.iter().for_each(|i| self.expr(i));
            }
            Expr::Between {
                expr: e, low, high, ..
            } => {
                if let Some((name, ty)) = idents_of(e).and_then(|i| self.column_type(&i)) {
                    self.set_param(low, &name, &ty);
                    self.set_param(high, &name, &ty);
                }
            }
            Expr::Like {
                expr: e, pattern, ..
            }
            | Expr::ILike {
                expr: e, pattern, ..
            } => {
                let name = idents_of(e)
                    .and_then(|i| i.last().map(|l| l.value.clone()))
                    .unwrap_or_else(|| "pattern".to_owned());
                self.set_param(pattern, &format!("{name}_pattern"), "text");
            }
            Expr::Cast {
                expr: e, data_type, ..
            } => {
                self.set_param(e, "value", &data_type.to_string());
                self.expr(e);
            }
            Expr::Nested(e) | Expr::UnaryOp { expr: e, .. } => self.expr(e),
            Expr::Function(function) => self.function(function),
            Expr::Subquery(q) | Expr::Exists { subquery: q, .. } => self.query(q),
            Expr::InSubquery {
                expr: e, subquery, ..
            } => {
                self.expr(e);
                self.query(subquery);
            }
            Expr::Tuple(items) => items.iter().for_each(|i| self.expr(i)),
            _ => {}
        }
    }

    fn function(&mut self, function: &sqlparser::ast::Function) {
        let FunctionArguments::List(list) = &function.args else {
            return;
        };
        let idents = parts(&function.name);
        let (schema, name) = match idents.as_slice() {
            [f] => ("public", f.value.as_str()),
            [s, f] => (s.value.as_str(), f.value.as_str()),
            _ => ("", ""),
        };
        let mut overloads = self
            .model
            .schema(schema)
            .into_iter()
            .flat_map(|s| s.functions_named(name));
        let declared = match (overloads.next(), overloads.next()) {
            (Some(f), None) => Some(f),
            _ => None,
        };
        for (position, arg) in list.args.iter().enumerate() {
            let (arg_name, value) = match arg {
                FunctionArg::Named {
                    name,
                    arg: FunctionArgExpr::Expr(v),
                    ..
                } => (Some(name.value.as_str()), v),
                FunctionArg::ExprNamed {
                    name: Expr::Identifier(name),
                    arg: FunctionArgExpr::Expr(v),
                    ..
                } => (Some(name.value.as_str()), v),
                FunctionArg::Unnamed(FunctionArgExpr::Expr(v)) => (None, v),
                _ => continue,
            };
            if let Some(f) = declared {
                let found = match arg_name {
                    Some(n) => f.args.iter().find(|a| a.name.as_deref() == Some(n)),
                    None => f.args.get(position),
                };
                if let Some(a) = found {
                    let name = a.name.clone().unwrap_or_else(|| "arg".to_owned());
                    self.set_param(value, &name, &a.sql_type);
                }
            }
            self.expr(value);
        }
    }

    /// `returns ...` for the statement's result.
    fn returns(&self, statement: &Statement) -> String {
        let items = match statement {
            Statement::Insert(insert) => insert.returning.as_deref(),
            Statement::Update { returning, .. } => returning.as_deref(),
            Statement::Delete(delete) => delete.returning.as_deref(),
            Statement::Query(query) => match query.body.as_ref() {
                SetExpr::Select(select) => Some(select.projection.as_slice()),
                _ => None,
            },
            _ => None,
        };
        let Some(items) = items else {
            return if matches!(statement, Statement::Query(_)) {
                "setof record /* name the columns: returns table (...) */".to_owned()
            } else {
                "void".to_owned()
            };
        };
        if let ([SelectItem::Wildcard(_)], [(schema, relation)]) = (items, self.tables.as_slice()) {
            return format!("setof {schema}.{}", relation.name);
        }
        let mut columns = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let (expr, alias) = match item {
                SelectItem::UnnamedExpr(e) => (e, None),
                SelectItem::ExprWithAlias { expr, alias } => (expr, Some(alias.value.clone())),
                _ => return "setof record /* name the columns: returns table (...) */".to_owned(),
            };
            let (name, ty) = self.item_type(expr);
            let name = alias.or(name).unwrap_or_else(|| format!("column{}", i + 1));
            columns.push(format!(
                "{name} {}",
                ty.unwrap_or_else(|| "text /* guessed: check this type */".to_owned())
            ));
        }
        format!("table ({})", columns.join(", "))
    }

    fn item_type(&self, expr: &Expr) -> (Option<String>, Option<String>) {
        match expr {
            Expr::Nested(e) => self.item_type(e),
            Expr::Cast {
                expr: e, data_type, ..
            } => (self.item_type(e).0, Some(data_type.to_string())),
            Expr::Function(f) => {
                let name = parts(&f.name)
                    .last()
                    .map(|i| i.value.to_ascii_lowercase())
                    .unwrap_or_default();
                let idents = parts(&f.name);
                let schema = match idents.as_slice() {
                    [s, _] => s.value.as_str(),
                    _ => "public",
                };
                // A function of the snapshot (one overload, one value): its declared type.
                let mut declared = self
                    .model
                    .schema(schema)
                    .into_iter()
                    .flat_map(|s| s.functions_named(&name));
                let declared = match (declared.next(), declared.next()) {
                    (Some(d), None) if !d.returns.set && !d.returns.is_table() => {
                        Some(d.returns.sql_type.clone())
                    }
                    _ => None,
                };
                let ty = declared.or_else(|| match name.as_str() {
                    "count" => Some("bigint".to_owned()),
                    "now" | "current_timestamp" => Some("timestamptz".to_owned()),
                    _ => None,
                });
                (Some(name), ty)
            }
            other => match idents_of(other).and_then(|i| self.column_type(&i)) {
                Some((name, ty)) => (Some(name), Some(ty)),
                None => (None, None),
            },
        }
    }
}

/// The name of the first function a SELECT without FROM calls (`select auth.uid()` → `uid`).
fn first_function(statement: &Statement) -> Option<String> {
    let Statement::Query(query) = statement else {
        return None;
    };
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    select.projection.iter().find_map(|item| match item {
        SelectItem::UnnamedExpr(Expr::Function(f))
        | SelectItem::ExprWithAlias {
            expr: Expr::Function(f),
            ..
        } => parts(&f.name).last().map(|i| i.value.clone()),
        _ => None,
    })
}

fn param_index(expr: &Expr) -> Option<usize> {
    match expr {
        Expr::Nested(e) => param_index(e),
        Expr::Cast { .. } => None,
        Expr::Value(v) => match &v.value {
            Value::Placeholder(p) => p
                .strip_prefix('$')
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| n.checked_sub(1)),
            _ => None,
        },
        _ => None,
    }
}

fn idents_of(expr: &Expr) -> Option<Vec<Ident>> {
    match expr {
        Expr::Identifier(i) => Some(vec![i.clone()]),
        Expr::CompoundIdentifier(idents) => Some(idents.clone()),
        Expr::Nested(e) => idents_of(e),
        _ => None,
    }
}
