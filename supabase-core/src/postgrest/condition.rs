//! `Condition`: a filter inside a logic tree (`or=(…)`, `and=(…)`), with values quoted safely.
//!
//! [`FilterBuilder::or_`] takes PostgREST syntax as written, so a value with a comma or a
//! parenthesis changes the filter. Conditions quote every value by PostgREST's URL grammar,
//! so any string can be matched exactly.

use std::fmt::{self, Display};

use super::encode::{array_literal, list, quote_list_value};
use super::filter_builder::FilterBuilder;
use crate::IsValue;

/// One condition of a logic tree, for [`FilterBuilder::any_of`] and [`FilterBuilder::all_of`].
///
/// ```
/// use supabase_core::{Client, Condition};
/// let client = Client::new("http://h", "k").unwrap();
/// let req = client.from("countries").select("*")
///     .any_of([
///         Condition::eq("name", "Bonaire, Sint Eustatius and Saba"),
///         Condition::all([Condition::gt("population", 1000), Condition::is_("continent", None::<bool>)]),
///     ])
///     .build().unwrap();
/// assert_eq!(
///     req.query_pairs()[1].1,
///     r#"(name.eq."Bonaire, Sint Eustatius and Saba",and(population.gt.1000,continent.is.null))"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    node: Node,
    negated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    /// `column` and `op.value`.
    Leaf(String, String),
    /// `and(…)` or `or(…)`.
    Group(&'static str, String),
}

macro_rules! condition_op {
    ($(#[$doc:meta])* $name:ident => $op:literal) => {
        $(#[$doc])*
        pub fn $name(column: &str, value: impl Display) -> Self {
            Condition::leaf(column, format!("{}.{}", $op, quote_list_value(&value.to_string())))
        }
    };
}

impl Condition {
    fn leaf(column: &str, expr: String) -> Self {
        Condition {
            node: Node::Leaf(column.to_owned(), expr),
            negated: false,
        }
    }

    fn group(kind: &'static str, conditions: impl IntoIterator<Item = Condition>) -> Self {
        Condition {
            node: Node::Group(kind, join(conditions)),
            negated: false,
        }
    }

    condition_op!(
        /// `column = value`.
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::eq("a", "x.y").to_string(), r#"a.eq."x.y""#);
        /// ```
        eq => "eq"
    );
    condition_op!(
        /// `column <> value`.
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::neq("a", 1).to_string(), "a.neq.1");
        /// ```
        neq => "neq"
    );
    condition_op!(
        /// `column > value`.
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::gt("a", 1).to_string(), "a.gt.1");
        /// ```
        gt => "gt"
    );
    condition_op!(
        /// `column >= value`.
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::gte("a", 1).to_string(), "a.gte.1");
        /// ```
        gte => "gte"
    );
    condition_op!(
        /// `column < value`.
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::lt("a", 1).to_string(), "a.lt.1");
        /// ```
        lt => "lt"
    );
    condition_op!(
        /// `column <= value`.
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::lte("a", 1).to_string(), "a.lte.1");
        /// ```
        lte => "lte"
    );
    condition_op!(
        /// `column LIKE pattern`.
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::like("a", "%x%").to_string(), "a.like.%x%");
        /// ```
        like => "like"
    );
    condition_op!(
        /// `column ILIKE pattern`.
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::ilike("a", "%x(y)%").to_string(), r#"a.ilike."%x(y)%""#);
        /// ```
        ilike => "ilike"
    );
    condition_op!(
        /// `column IS DISTINCT FROM value`.
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::is_distinct("a", 1).to_string(), "a.isdistinct.1");
        /// ```
        is_distinct => "isdistinct"
    );
    condition_op!(
        /// `column ~ pattern` (a POSIX regular expression).
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::regex_match("a", "^x").to_string(), "a.match.^x");
        /// ```
        regex_match => "match"
    );
    condition_op!(
        /// `column ~* pattern` (case-insensitive).
        ///
        /// ```
        /// assert_eq!(supabase_core::Condition::regex_imatch("a", "^x").to_string(), "a.imatch.^x");
        /// ```
        regex_imatch => "imatch"
    );

    /// `column IS NULL | TRUE | FALSE | UNKNOWN`.
    ///
    /// ```
    /// assert_eq!(supabase_core::Condition::is_("a", true).to_string(), "a.is.true");
    /// ```
    pub fn is_(column: &str, value: impl Into<IsValue>) -> Self {
        Condition::leaf(column, format!("is.{}", value.into()))
    }

    /// `column IN (values)`, each value quoted when needed.
    ///
    /// ```
    /// assert_eq!(supabase_core::Condition::in_("a", ["x", "y,z"]).to_string(), r#"a.in.(x,"y,z")"#);
    /// ```
    pub fn in_<I>(column: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        Condition::leaf(column, format!("in.{}", list(values)))
    }

    /// Array column contains every element (`cs`).
    ///
    /// ```
    /// assert_eq!(supabase_core::Condition::contains("tags", ["a", "b"]).to_string(), r#"tags.cs."{a,b}""#);
    /// ```
    pub fn contains<I>(column: &str, elements: I) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        Condition::leaf(
            column,
            format!("cs.{}", quote_list_value(&array_literal(elements))),
        )
    }

    /// Array column is contained by the elements (`cd`).
    ///
    /// ```
    /// assert_eq!(supabase_core::Condition::contained_by("tags", ["a"]).to_string(), r#"tags.cd."{a}""#);
    /// ```
    pub fn contained_by<I>(column: &str, elements: I) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        Condition::leaf(
            column,
            format!("cd.{}", quote_list_value(&array_literal(elements))),
        )
    }

    /// A condition with any PostgREST operator (`ov`, `sr`, `gt(any)`, `fts(english)`, …), the
    /// value quoted by the logic-tree grammar (the counterpart of [`FilterBuilder::filter`]).
    ///
    /// ```
    /// use supabase_core::{array_literal, Condition};
    /// assert_eq!(Condition::filter("tags", "ov", array_literal(["a", "b"])).to_string(), r#"tags.ov."{a,b}""#);
    /// assert_eq!(Condition::filter("price", "gt(any)", array_literal([1, 2])).to_string(), r#"price.gt(any)."{1,2}""#);
    /// ```
    pub fn filter(column: &str, operator: &str, value: impl Display) -> Self {
        Condition::leaf(
            column,
            format!("{operator}.{}", quote_list_value(&value.to_string())),
        )
    }

    /// All of the conditions (`and(…)`).
    ///
    /// ```
    /// use supabase_core::Condition;
    /// assert_eq!(Condition::all([Condition::eq("a", 1), Condition::eq("b", 2)]).to_string(), "and(a.eq.1,b.eq.2)");
    /// ```
    pub fn all(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Condition::group("and", conditions)
    }

    /// Any of the conditions (`or(…)`).
    ///
    /// ```
    /// use supabase_core::Condition;
    /// assert_eq!(Condition::any([Condition::eq("a", 1), Condition::eq("b", 2)]).to_string(), "or(a.eq.1,b.eq.2)");
    /// ```
    pub fn any(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Condition::group("or", conditions)
    }

    /// The negation: `col.not.op.value`, or `not.and(…)` for a group.
    ///
    /// ```
    /// use supabase_core::Condition;
    /// assert_eq!(Condition::eq("author.name", 1).not().to_string(), "author.name.not.eq.1");
    /// assert_eq!(Condition::any([Condition::eq("a", 1)]).not().to_string(), "not.or(a.eq.1)");
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn not(mut self) -> Self {
        self.negated = !self.negated;
        self
    }
}

fn join(conditions: impl IntoIterator<Item = Condition>) -> String {
    conditions
        .into_iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

impl Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let not = if self.negated { "not." } else { "" };
        match &self.node {
            Node::Leaf(column, expr) => write!(f, "{column}.{not}{expr}"),
            Node::Group(kind, inner) => write!(f, "{not}{kind}({inner})"),
        }
    }
}

impl FilterBuilder {
    /// Rows matching at least one condition: `or=(…)`, with every value quoted safely.
    ///
    /// ```
    /// use supabase_core::{Client, Condition};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").select("*")
    ///     .any_of([Condition::eq("id", 2), Condition::eq("name", "Mars")]).build().unwrap();
    /// assert_eq!(req.query_pairs()[1], ("or".to_owned(), "(id.eq.2,name.eq.Mars)".to_owned()));
    /// ```
    pub fn any_of(self, conditions: impl IntoIterator<Item = Condition>) -> Self {
        let filters = join(conditions);
        self.or_(&filters)
    }

    /// Rows matching every condition: `and=(…)` (useful with [`FilterBuilder::not_`]:
    /// `.not_().all_of(…)` sends `not.and=(…)`).
    ///
    /// ```
    /// use supabase_core::{Client, Condition};
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.from("t").select("*").not_()
    ///     .all_of([Condition::eq("a", 1), Condition::eq("b", 2)]).build().unwrap();
    /// assert_eq!(req.query_pairs()[1], ("not.and".to_owned(), "(a.eq.1,b.eq.2)".to_owned()));
    /// ```
    pub fn all_of(mut self, conditions: impl IntoIterator<Item = Condition>) -> Self {
        let key = if std::mem::take(&mut self.negate_next) {
            "not.and"
        } else {
            "and"
        };
        let filters = join(conditions);
        self.query.append(key, |buf| {
            buf.push('(');
            buf.push_str(&filters);
            buf.push(')');
        });
        self
    }
}
