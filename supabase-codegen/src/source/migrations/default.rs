//! Expressions (column defaults, generated columns, argument defaults) printed the way
//! Postgres's `pg_get_expr` prints them with `search_path = pg_catalog`, for the common cases:
//! `'new'::text`, `now()`, `0`, `'-1'::integer`, `false`, `CURRENT_TIMESTAMP`,
//! `(price * 2)`, `public.my_default()`. Anything else is an `Err` with the reason, and the
//! caller keeps the written text with a warning.

use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, UnaryOperator,
    Value,
};

use super::names::{ident, object_name};
use super::types::resolve;
use crate::model::{Column, SchemaModel};

/// What the printer knows: the model (for types and function schemas) and the columns an
/// expression may refer to.
pub(crate) struct ExprContext<'a> {
    pub(crate) model: &'a SchemaModel,
    pub(crate) columns: &'a [Column],
}

/// A printed (sub)expression, with what is known of its type.
enum Printed {
    /// A string literal whose type comes from its context.
    Unknown(String),
    /// An integer literal (`int4` when it fits, else `int8`/`numeric`).
    Integer(String),
    /// A decimal literal (`numeric`).
    Numeric(String),
    /// `true` / `false`.
    Bool(bool),
    /// `NULL`.
    Null,
    /// Anything else, printed, with the label of its type when known.
    Done(String, Option<String>),
}

/// Prints `expr` as the default of something of type `label` (`format_type(type, -1)`).
pub(crate) fn print_default(
    expr: &Expr,
    label: &str,
    ctx: &ExprContext<'_>,
) -> Result<String, String> {
    let printed = print(expr, ctx)?;
    Ok(render(printed, Some(label)))
}

/// Whether `expr` is a plain `NULL` (Postgres stores no default for `DEFAULT NULL`).
pub(crate) fn is_null(expr: &Expr) -> bool {
    match expr {
        Expr::Value(v) => matches!(v.value, Value::Null),
        Expr::Nested(inner) => is_null(inner),
        _ => false,
    }
}

/// Prints a generated column's expression (`GENERATED ALWAYS AS (..) STORED`).
pub(crate) fn print_expression(expr: &Expr, ctx: &ExprContext<'_>) -> Result<String, String> {
    let printed = print(expr, ctx)?;
    Ok(render(printed, None))
}

fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// A constant of type `label` with text `value`, as `get_const_expr` prints it.
fn constant(value: &str, label: &str) -> String {
    match label {
        "integer" => match value.trim().parse::<i32>() {
            Ok(n) if n >= 0 => n.to_string(),
            Ok(n) => format!("'{n}'::integer"),
            Err(_) => format!("{}::integer", quote(value)),
        },
        "boolean" => match value.trim().to_lowercase().as_str() {
            "t" | "true" | "y" | "yes" | "on" | "1" => "true".into(),
            "f" | "false" | "n" | "no" | "off" | "0" => "false".into(),
            _ => format!("{}::boolean", quote(value)),
        },
        "numeric"
            if value.starts_with(|c: char| c.is_ascii_digit())
                && value.contains(['.', 'e', 'E']) =>
        {
            value.to_string()
        }
        "regclass" => format!("{}::regclass", quote(&regclass_text(value))),
        _ => format!("{}::{label}", quote(value)),
    }
}

/// A relation name as the `regclass` output function prints it with an empty `search_path`
/// (as the live source reads defaults): schema-qualified, each part quoted when it needs to
/// be. An unqualified name is taken to be in `public`, the first schema of the default
/// `search_path` (`'todos_id_seq'::regclass` → `'public.todos_id_seq'::regclass`).
fn regclass_text(value: &str) -> String {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = value.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(std::mem::take(&mut current)),
            c if quoted => current.push(c),
            c => current.extend(c.to_lowercase()),
        }
    }
    parts.push(current);
    if parts.len() == 1 {
        parts.insert(0, "public".to_string());
    }
    parts
        .iter()
        .map(|p| super::names::quote_ident(p))
        .collect::<Vec<_>>()
        .join(".")
}

fn render(printed: Printed, label: Option<&str>) -> String {
    match printed {
        Printed::Unknown(v) => constant(&v, label.unwrap_or("text")),
        Printed::Integer(v) => {
            if v.parse::<i32>().is_ok() {
                constant(&v, "integer")
            } else if v.parse::<i64>().is_ok() {
                format!("{}::bigint", quote(&v))
            } else {
                format!("{}::numeric", quote(&v))
            }
        }
        Printed::Numeric(v) => constant(&v, "numeric"),
        Printed::Bool(b) => b.to_string(),
        Printed::Null => match label {
            Some(l) => format!("NULL::{l}"),
            None => "NULL".into(),
        },
        Printed::Done(text, _) => text,
    }
}

/// The label (`format_type(type, -1)`) of a column.
pub(crate) fn column_label(column: &Column) -> String {
    column_label_of(&column.sql_type)
}

/// The label (`format_type(type, -1)`) of a type printed as `sql` (`format_type(type, typmod)`).
pub(crate) fn column_label_of(sql: &str) -> String {
    let sql = &sql.to_string();
    let base = match (sql.find('('), sql.find(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &sql[..open], &sql[close + 1..])
        }
        _ => sql.clone(),
    };
    if base == "character" || base == "character[]" {
        base.replace("character", "bpchar")
    } else {
        base
    }
}

/// SQL-standard functions without parentheses (`SQLValueFunction`), printed upper-case.
const VALUE_FUNCTIONS: &[&str] = &[
    "current_timestamp",
    "current_date",
    "current_time",
    "localtime",
    "localtimestamp",
    "current_user",
    "current_role",
    "session_user",
    "user",
    "current_catalog",
    "current_schema",
];

fn print(expr: &Expr, ctx: &ExprContext<'_>) -> Result<Printed, String> {
    Ok(match expr {
        Expr::Nested(inner) => print(inner, ctx)?,
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => {
                if n.contains(['.', 'e', 'E']) {
                    Printed::Numeric(n.clone())
                } else {
                    Printed::Integer(n.clone())
                }
            }
            Value::SingleQuotedString(s)
            | Value::EscapedStringLiteral(s)
            | Value::NationalStringLiteral(s) => Printed::Unknown(s.clone()),
            Value::DollarQuotedString(s) => Printed::Unknown(s.value.clone()),
            // `B'0101'`: a bit string constant.
            Value::SingleQuotedByteStringLiteral(s) => {
                Printed::Done(format!("{}::\"bit\"", quote(s)), Some("\"bit\"".into()))
            }
            Value::Boolean(b) => Printed::Bool(*b),
            Value::Null => Printed::Null,
            other => return Err(format!("unsupported literal `{other}`")),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match print(expr, ctx)? {
            Printed::Integer(n) => Printed::Integer(format!("-{n}")),
            Printed::Numeric(n) => Printed::Numeric(format!("-{n}")),
            _ => return Err("unsupported unary minus".into()),
        },
        Expr::Identifier(i) => {
            let name = ident(i);
            let column = ctx
                .columns
                .iter()
                .find(|c| c.name == name)
                .ok_or_else(|| format!("unknown column `{name}`"))?;
            Printed::Done(quote_ident(&name), Some(column_label(column)))
        }
        Expr::Cast {
            kind: CastKind::DoubleColon | CastKind::Cast,
            expr,
            data_type,
            format: None,
        } => {
            let target = resolve(data_type, ctx.model)?;
            let label = if target.sql_type != target.bare && target.label == target.bare {
                target.sql_type.clone()
            } else {
                target.label.clone()
            };
            let text = match print(expr, ctx)? {
                Printed::Unknown(v) => constant(&v, &label),
                Printed::Null => format!("NULL::{label}"),
                Printed::Integer(n) if label == "integer" => constant(&n, "integer"),
                other => format!("({})::{label}", render(other, None)),
            };
            Printed::Done(text, Some(label))
        }
        Expr::Function(f) => {
            let (schema, name) = object_name(&f.name);
            if f.over.is_some() || f.filter.is_some() || !f.within_group.is_empty() {
                return Err(format!("unsupported call of `{name}`"));
            }
            let args = match &f.args {
                FunctionArguments::None
                    if schema.is_none() && VALUE_FUNCTIONS.contains(&name.as_str()) =>
                {
                    return Ok(Printed::Done(name.to_uppercase(), None));
                }
                FunctionArguments::None => return Err(format!("unsupported call of `{name}`")),
                FunctionArguments::Subquery(_) => return Err("subqueries are not supported".into()),
                FunctionArguments::List(list) => {
                    if list.duplicate_treatment.is_some() || !list.clauses.is_empty() {
                        return Err(format!("unsupported call of `{name}`"));
                    }
                    let mut printed = Vec::new();
                    for arg in &list.args {
                        let FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) = arg else {
                            return Err(format!("unsupported argument of `{name}`"));
                        };
                        printed.push(print(e, ctx)?);
                    }
                    let builtin = matches!(schema.as_deref(), None | Some("pg_catalog"));
                    let labels = argument_labels(&name, &printed, builtin);
                    let mut args = Vec::new();
                    for (i, p) in printed.into_iter().enumerate() {
                        match (p, labels.as_ref().and_then(|l| l.get(i))) {
                            (p @ (Printed::Unknown(_) | Printed::Null), Some(label)) => {
                                args.push(render(p, Some(label)));
                            }
                            (Printed::Unknown(_) | Printed::Null, None) => {
                                return Err(format!(
                                "the type of an untyped literal argument of `{name}` is not known"
                            ))
                            }
                            (other, _) => args.push(render(other, None)),
                        }
                    }
                    args
                }
            };
            let qualifier = match schema.as_deref() {
                Some("pg_catalog") => String::new(),
                Some(s) => format!("{s}."),
                None => {
                    // The first schema of the `search_path` with a user's or an extension's
                    // function of that name; built-ins (pg_catalog) print unqualified.
                    let found = super::extension::search_path().into_iter().find(|s| {
                        ctx.model
                            .schema(s)
                            .is_some_and(|sc| sc.functions_named(&name).next().is_some())
                            || super::extension::has_function(s, &name)
                    });
                    match found {
                        Some(s) => format!("{}.", super::names::quote_ident(&s)),
                        None => String::new(),
                    }
                }
            };
            // Expressions that look like calls print in upper case, unqualified.
            let (qualifier, name) = match name.as_str() {
                "least" | "greatest" | "coalesce" | "nullif" if schema.is_none() => {
                    (String::new(), name.to_uppercase())
                }
                _ => (qualifier, name),
            };
            Printed::Done(format!("{qualifier}{name}({})", args.join(", ")), None)
        }
        Expr::BinaryOp { left, op, right } => {
            let symbol = match op {
                BinaryOperator::Plus => "+",
                BinaryOperator::Minus => "-",
                BinaryOperator::Multiply => "*",
                BinaryOperator::Divide => "/",
                BinaryOperator::Modulo => "%",
                BinaryOperator::StringConcat => "||",
                BinaryOperator::Eq => "=",
                BinaryOperator::NotEq => "<>",
                BinaryOperator::Lt => "<",
                BinaryOperator::LtEq => "<=",
                BinaryOperator::Gt => ">",
                BinaryOperator::GtEq => ">=",
                BinaryOperator::And => "AND",
                BinaryOperator::Or => "OR",
                BinaryOperator::LongArrow => "->>",
                BinaryOperator::Arrow => "->",
                other => return Err(format!("unsupported operator `{other}`")),
            };
            let (l, r) = (print(left, ctx)?, print(right, ctx)?);
            let label_of = |p: &Printed| match p {
                Printed::Done(_, label) => label.clone(),
                Printed::Integer(_) => Some("integer".to_string()),
                Printed::Numeric(_) => Some("numeric".to_string()),
                Printed::Bool(_) => Some("boolean".to_string()),
                _ => None,
            };
            let (ll, rl) = (label_of(&l), label_of(&r));
            // `json ->> 'key'`: the key is text (an integer index stays an integer).
            let rl = match (symbol, &r) {
                ("->>" | "->", Printed::Integer(_)) => Some("integer".to_string()),
                ("->>" | "->", _) if rl.is_none() => Some("text".to_string()),
                _ => rl,
            };
            let result = match symbol {
                "||" | "->>" => Some("text".to_string()),
                "->" => ll.clone(),
                "=" | "<>" | "<" | "<=" | ">" | ">=" | "AND" | "OR" => Some("boolean".to_string()),
                _ => ll.clone().or_else(|| rl.clone()),
            };
            // Operator arguments show their implicit casts: `(quantity)::numeric`.
            let (lt, rt) = (
                implicit_cast(symbol, ll.as_deref(), rl.as_deref()),
                implicit_cast(symbol, rl.as_deref(), ll.as_deref()),
            );
            let result = match (&lt, &rt, symbol) {
                (_, Some(t), "+" | "-" | "*" | "/" | "%")
                | (Some(t), _, "+" | "-" | "*" | "/" | "%") => Some(t.clone()),
                _ => result,
            };
            let side = |p: Printed, other: Option<&str>, cast: Option<String>| {
                let text = render(p, other);
                match cast {
                    Some(t) => format!("({text})::{t}"),
                    None => text,
                }
            };
            let right_context = if matches!(symbol, "->>" | "->") {
                rl.clone()
            } else {
                ll.clone()
            };
            let text = format!(
                "({} {symbol} {})",
                side(l, rl.as_deref(), lt),
                side(r, right_context.as_deref(), rt)
            );
            Printed::Done(text, result)
        }
        other => return Err(format!("unsupported expression `{other}`")),
    })
}

/// Built-in functions whose arguments give an untyped literal its type, by name and argument
/// count: the literal is printed with the parameter's type (`encode(x, 'hex'::text)`).
const SIGNATURES: &[(&str, &[&str])] = &[
    ("nextval", &["regclass"]),
    ("currval", &["regclass"]),
    ("encode", &["bytea", "text"]),
    ("decode", &["text", "text"]),
    ("replace", &["text", "text", "text"]),
    ("regexp_replace", &["text", "text", "text"]),
    ("regexp_replace", &["text", "text", "text", "text"]),
    ("regexp_split_to_array", &["text", "text"]),
    ("split_part", &["text", "text", "integer"]),
    ("to_tsvector", &["regconfig", "text"]),
    ("to_tsvector", &["text"]),
    ("to_tsquery", &["regconfig", "text"]),
    ("plainto_tsquery", &["regconfig", "text"]),
    ("setweight", &["tsvector", "\"char\""]),
    ("timezone", &["text", "timestamp with time zone"]),
    ("date_trunc", &["text", "timestamp with time zone"]),
    ("to_char", &["timestamp with time zone", "text"]),
    ("lower", &["text"]),
    ("upper", &["text"]),
    ("btrim", &["text", "text"]),
    ("trim", &["text"]),
    ("md5", &["text"]),
    ("left", &["text", "integer"]),
    ("right", &["text", "integer"]),
    ("substr", &["text", "integer", "integer"]),
    ("lpad", &["text", "integer", "text"]),
    ("rpad", &["text", "integer", "text"]),
    ("translate", &["text", "text", "text"]),
    ("unaccent", &["text"]),
    ("jsonb_extract_path_text", &["jsonb", "text"]),
];

/// The types an untyped literal argument of `name` takes: for `COALESCE`, `GREATEST`, `LEAST`
/// and `NULLIF` the type of the first typed argument (`text` when none is typed), for the
/// built-ins of [`SIGNATURES`] their parameter types. `None` when not known.
fn argument_labels(name: &str, args: &[Printed], builtin: bool) -> Option<Vec<String>> {
    if !builtin {
        return None;
    }
    if matches!(name, "coalesce" | "greatest" | "least" | "nullif") {
        let typed = args.iter().find_map(|a| match a {
            Printed::Done(_, Some(label)) => Some(label.clone()),
            Printed::Integer(_) => Some("integer".to_string()),
            Printed::Numeric(_) => Some("numeric".to_string()),
            Printed::Bool(_) => Some("boolean".to_string()),
            _ => None,
        });
        let label = typed.unwrap_or_else(|| "text".to_string());
        return Some(vec![label; args.len()]);
    }
    SIGNATURES
        .iter()
        .find(|(n, params)| *n == name && params.len() == args.len())
        .map(|(_, params)| params.iter().map(|p| (*p).to_string()).collect())
}

/// The implicit cast Postgres adds to an operand of type `this` beside one of type `other`.
fn implicit_cast(symbol: &str, this: Option<&str>, other: Option<&str>) -> Option<String> {
    let this = this?;
    if symbol == "||" {
        return matches!(this, "character varying" | "bpchar").then(|| "text".to_string());
    }
    let rank = |t: &str| match t {
        "smallint" => Some(1),
        "integer" => Some(2),
        "bigint" => Some(3),
        "numeric" => Some(4),
        "real" => Some(5),
        "double precision" => Some(6),
        _ => None,
    };
    let (a, b) = (rank(this)?, rank(other?)?);
    // int2 and int4 mix without casts (Postgres has cross-type integer operators).
    if a < b && !(a <= 3 && b <= 3) {
        other.map(str::to_string)
    } else {
        None
    }
}

/// A column name as `quote_identifier` prints it.
pub(crate) fn quote_ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}
