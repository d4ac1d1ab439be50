//! The comparison behind [`super::diff`]: objects are matched by name (functions by name and
//! identity arguments, foreign keys by constraint name), then compared aspect by aspect.

use std::collections::BTreeMap;

use super::{Aspect, Change, DiffOptions};
use crate::model::{
    Column, CompositeType, DomainType, EnumType, ForeignKey, Function, FunctionArg, Relation,
    RelationKind, Schema, SchemaModel, TypeRef,
};

/// Matches the items of two lists by key, in key order.
fn pair<'a, T, K: Ord>(
    left: &'a [T],
    right: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Vec<(K, Option<&'a T>, Option<&'a T>)> {
    let mut map: BTreeMap<K, (Option<&T>, Option<&T>)> = BTreeMap::new();
    for item in left {
        map.entry(key(item)).or_default().0 = Some(item);
    }
    for item in right {
        map.entry(key(item)).or_default().1 = Some(item);
    }
    map.into_iter().map(|(k, (l, r))| (k, l, r)).collect()
}

struct Out<'a> {
    changes: &'a mut Vec<Change>,
    options: &'a DiffOptions,
}

impl Out<'_> {
    fn push(&mut self, object: &str, aspect: Aspect, left: Option<String>, right: Option<String>) {
        if left != right {
            self.changes.push(Change {
                object: object.to_owned(),
                aspect,
                left,
                right,
            });
        }
    }

    /// Records `aspect` when the two values differ.
    fn value<T: PartialEq>(
        &mut self,
        object: &str,
        aspect: Aspect,
        l: T,
        r: T,
        show: fn(T) -> String,
    ) {
        if l != r {
            self.push(object, aspect, Some(show(l)), Some(show(r)));
        }
    }

    fn comment(&mut self, object: &str, l: &Option<String>, r: &Option<String>) {
        if !self.options.lossy {
            self.push(object, Aspect::Comment, l.clone(), r.clone());
        }
    }
}

fn kind(k: RelationKind) -> String {
    match k {
        RelationKind::Table => "table",
        RelationKind::View => "view",
        RelationKind::MaterializedView => "materialized view",
        RelationKind::ForeignTable => "foreign table",
    }
    .to_owned()
}

/// A type as text: `pg_catalog.int4`, `public.mood[]`, `public.email (domain over text)`.
pub(crate) fn type_text(t: &TypeRef) -> String {
    match t {
        TypeRef::Array { element } => format!("{}[]", type_text(element)),
        TypeRef::Domain { schema, name, base } => {
            format!("{schema}.{name} (domain over {})", type_text(base))
        }
        TypeRef::Unknown { .. } => "unknown".to_owned(),
        other => format!(
            "{}.{}",
            other.schema().unwrap_or_default(),
            other.name().unwrap_or_default()
        ),
    }
}

pub(super) fn models(
    l: &SchemaModel,
    r: &SchemaModel,
    options: &DiffOptions,
    changes: &mut Vec<Change>,
) {
    let mut out = Out { changes, options };
    for (name, ls, rs) in pair(&l.schemas, &r.schemas, |s| s.name.clone()) {
        match (ls, rs) {
            (Some(ls), Some(rs)) => schema(&mut out, ls, rs),
            (ls, rs) => out.push(
                &name,
                Aspect::Schema,
                ls.map(|_| "schema".to_owned()),
                rs.map(|_| "schema".to_owned()),
            ),
        }
    }
}

fn schema(out: &mut Out<'_>, l: &Schema, r: &Schema) {
    let s = &l.name;
    out.comment(s, &l.comment, &r.comment);
    for (name, lr, rr) in pair(&l.relations, &r.relations, |x| x.name.clone()) {
        let object = format!("{s}.{name}");
        match (lr, rr) {
            (Some(lr), Some(rr)) => relation(out, &object, lr, rr),
            (lr, rr) => out.push(
                &object,
                Aspect::Relation,
                lr.map(|x| kind(x.kind)),
                rr.map(|x| kind(x.kind)),
            ),
        }
    }
    for (name, le, re) in pair(&l.enums, &r.enums, |x| x.name.clone()) {
        enum_type(out, &format!("{s}.{name}"), le, re);
    }
    if !out.options.lossy {
        for (name, lc, rc) in pair(&l.composites, &r.composites, |x| x.name.clone()) {
            composite(out, &format!("{s}.{name}"), lc, rc);
        }
        for (name, ld, rd) in pair(&l.domains, &r.domains, |x| x.name.clone()) {
            domain(out, &format!("{s}.{name}"), ld, rd);
        }
    }
    let lossy = out.options.lossy;
    let key = |f: &Function| {
        if lossy {
            f.name.clone()
        } else {
            format!("{}({})", f.name, f.identity_args)
        }
    };
    for (name, lf, rf) in pair(&l.functions, &r.functions, key) {
        let object = format!("{s}.{name}");
        match (lf, rf) {
            (Some(lf), Some(rf)) => function(out, &object, lf, rf),
            (lf, rf) => out.push(
                &object,
                Aspect::Function,
                lf.map(returns_text),
                rf.map(returns_text),
            ),
        }
    }
}

fn relation(out: &mut Out<'_>, object: &str, l: &Relation, r: &Relation) {
    let lossy = out.options.lossy;
    if !lossy {
        out.value(object, Aspect::RelationKind, l.kind, r.kind, kind);
        let writable = |x: &Relation| {
            let flags = [
                (x.insertable, "insert"),
                (x.updatable, "update"),
                (x.deletable, "delete"),
            ];
            let on: Vec<&str> = flags.iter().filter(|f| f.0).map(|f| f.1).collect();
            if on.is_empty() {
                "read only".to_owned()
            } else {
                on.join(", ")
            }
        };
        out.value(object, Aspect::Writable, writable(l), writable(r), |x| x);
        out.value(
            object,
            Aspect::RowLevelSecurity,
            l.rls_enabled,
            r.rls_enabled,
            |b| if b { "enabled" } else { "disabled" }.to_owned(),
        );
    }
    out.comment(object, &l.comment, &r.comment);
    for (name, lc, rc) in pair(&l.columns, &r.columns, |c| c.name.clone()) {
        let col = format!("{object}.{name}");
        match (lc, rc) {
            (Some(lc), Some(rc)) => column(out, &col, lc, rc, l.kind),
            (lc, rc) => out.push(
                &col,
                Aspect::Column,
                lc.map(|c| c.sql_type.clone()),
                rc.map(|c| c.sql_type.clone()),
            ),
        }
    }
    let pk = |x: &Relation| {
        x.primary_key.as_ref().map(|p| {
            if lossy {
                p.columns.join(", ")
            } else {
                format!("{} ({})", p.name, p.columns.join(", "))
            }
        })
    };
    // PostgREST's OpenAPI document also gives views the key of their base table.
    if !lossy || (l.kind == RelationKind::Table && r.kind == RelationKind::Table) {
        out.push(object, Aspect::PrimaryKey, pk(l), pk(r));
    }
    if lossy {
        return;
    }
    for (name, lu, ru) in pair(&l.unique_constraints, &r.unique_constraints, |u| {
        u.name.clone()
    }) {
        let show = |u: Option<&crate::model::UniqueConstraint>| u.map(|u| u.columns.join(", "));
        out.push(
            &format!("{object} constraint {name}"),
            Aspect::Unique,
            show(lu),
            show(ru),
        );
    }
    for (name, lf, rf) in pair(&l.foreign_keys, &r.foreign_keys, |f| f.name.clone()) {
        out.push(
            &format!("{object} constraint {name}"),
            Aspect::ForeignKey,
            lf.map(foreign_key),
            rf.map(foreign_key),
        );
    }
}

fn foreign_key(fk: &ForeignKey) -> String {
    format!(
        "({}) references {}.{} ({}) on update {:?} on delete {:?}, {:?}",
        fk.columns.join(", "),
        fk.referenced_schema,
        fk.referenced_relation,
        fk.referenced_columns.join(", "),
        fk.on_update,
        fk.on_delete,
        fk.cardinality
    )
}

fn column(out: &mut Out<'_>, object: &str, l: &Column, r: &Column, relation_kind: RelationKind) {
    if out.options.lossy {
        out.value(
            object,
            Aspect::Type,
            l.type_ref.without_domains(),
            r.type_ref.without_domains(),
            |t| type_text(&t),
        );
        out.value(
            object,
            Aspect::Nullability,
            l.nullable,
            r.nullable,
            null_text,
        );
        // PostgREST 12's OpenAPI document leaves out the default of an array column (`'{}'`
        // and the like), so for arrays its absence says nothing.
        let array = |c: &Column| matches!(c.type_ref.without_domains(), TypeRef::Array { .. });
        if !array(l) && !array(r) {
            out.value(
                object,
                Aspect::Default,
                l.default.is_some(),
                r.default.is_some(),
                |d| if d { "a default" } else { "no default" }.to_owned(),
            );
        }
        return;
    }
    if l.type_ref != r.type_ref {
        // The same spelling for different types (a type left unknown, written as the database
        // names it): show the types themselves.
        let (lt, rt) = if l.sql_type == r.sql_type {
            (type_text(&l.type_ref), type_text(&r.type_ref))
        } else {
            (l.sql_type.clone(), r.sql_type.clone())
        };
        out.push(object, Aspect::Type, Some(lt), Some(rt));
    } else {
        out.value(
            object,
            Aspect::TypeModifiers,
            &l.sql_type,
            &r.sql_type,
            |s| s.to_owned(),
        );
    }
    out.value(
        object,
        Aspect::Nullability,
        l.nullable,
        r.nullable,
        null_text,
    );
    out.push(
        object,
        Aspect::Default,
        l.default.clone(),
        r.default.clone(),
    );
    out.value(
        object,
        Aspect::Identity,
        l.identity,
        r.identity,
        |i| match i {
            Some(crate::model::Identity::Always) => "always".to_owned(),
            Some(crate::model::Identity::ByDefault) => "by default".to_owned(),
            None => "(none)".to_owned(),
        },
    );
    out.push(
        object,
        Aspect::Generated,
        l.generated.clone(),
        r.generated.clone(),
    );
    // A read-only relation's columns are never written; their flag says nothing.
    if relation_kind != RelationKind::MaterializedView {
        out.value(object, Aspect::Updatable, l.updatable, r.updatable, |b| {
            if b { "updatable" } else { "read only" }.to_owned()
        });
    }
    out.value(object, Aspect::Position, l.ordinal, r.ordinal, |o| {
        o.to_string()
    });
    out.comment(object, &l.comment, &r.comment);
}

fn null_text(nullable: bool) -> String {
    if nullable { "null" } else { "not null" }.to_owned()
}

fn enum_type(out: &mut Out<'_>, object: &str, l: Option<&EnumType>, r: Option<&EnumType>) {
    let lossy = out.options.lossy;
    let labels = |e: &EnumType| {
        let mut labels = e.labels.clone();
        if lossy {
            labels.sort();
        }
        labels.join(", ")
    };
    out.push(object, Aspect::Enum, l.map(labels), r.map(labels));
    if let (Some(l), Some(r)) = (l, r) {
        out.comment(object, &l.comment, &r.comment);
    }
}

fn composite(
    out: &mut Out<'_>,
    object: &str,
    l: Option<&CompositeType>,
    r: Option<&CompositeType>,
) {
    let show = |c: &CompositeType| {
        let attrs: Vec<String> = c
            .attributes
            .iter()
            .map(|a| format!("{} {}", a.name, a.sql_type))
            .collect();
        format!("({})", attrs.join(", "))
    };
    out.push(object, Aspect::Composite, l.map(show), r.map(show));
    if let (Some(l), Some(r)) = (l, r) {
        out.comment(object, &l.comment, &r.comment);
    }
}

fn domain(out: &mut Out<'_>, object: &str, l: Option<&DomainType>, r: Option<&DomainType>) {
    let show = |d: &DomainType| {
        let mut text = d.base_sql_type.clone();
        if d.not_null {
            text.push_str(" not null");
        }
        if let Some(default) = &d.default {
            text.push_str(&format!(" default {default}"));
        }
        text
    };
    out.push(object, Aspect::Domain, l.map(show), r.map(show));
    if let (Some(l), Some(r)) = (l, r) {
        out.comment(object, &l.comment, &r.comment);
    }
}

/// ` (unknown)` after the spelling of a type the source could not resolve.
fn unknown_mark(t: &TypeRef) -> &'static str {
    if matches!(t, TypeRef::Unknown { .. }) {
        " (unknown)"
    } else {
        ""
    }
}

fn returns_text(f: &Function) -> String {
    let r = &f.returns;
    let mut text = String::from("returns ");
    if r.set && r.columns.is_empty() {
        text.push_str("setof ");
    }
    if r.columns.is_empty() {
        text.push_str(&r.sql_type);
        text.push_str(unknown_mark(&r.type_ref));
    } else {
        let cols: Vec<String> = r
            .columns
            .iter()
            .map(|c| format!("{} {}{}", c.name, c.sql_type, unknown_mark(&c.type_ref)))
            .collect();
        text.push_str(&format!("table ({})", cols.join(", ")));
    }
    text
}

fn args_text(args: &[FunctionArg], lossy: bool) -> String {
    let list: Vec<String> = args
        .iter()
        .map(|a| {
            let name = a.name.clone().unwrap_or_default();
            if lossy {
                return name;
            }
            let mode = match a.mode {
                crate::model::ArgMode::In => "",
                crate::model::ArgMode::InOut => "inout ",
                crate::model::ArgMode::Variadic => "variadic ",
            };
            let mut text = format!("{mode}{name} {}{}", a.sql_type, unknown_mark(&a.type_ref))
                .trim()
                .to_owned();
            if let Some(d) = &a.default {
                text.push_str(&format!(" default {d}"));
            }
            text
        })
        .collect();
    list.join(", ")
}

fn function(out: &mut Out<'_>, object: &str, l: &Function, r: &Function) {
    let lossy = out.options.lossy;
    if lossy {
        let names = |f: &Function| {
            let mut names: Vec<String> = f.args.iter().filter_map(|a| a.name.clone()).collect();
            names.sort();
            names.join(", ")
        };
        out.value(object, Aspect::Arguments, names(l), names(r), |x| x);
        return;
    }
    out.value(
        object,
        Aspect::Arguments,
        args_text(&l.args, false),
        args_text(&r.args, false),
        |x| x,
    );
    out.value(
        object,
        Aspect::Returns,
        returns_text(l),
        returns_text(r),
        |x| x,
    );
    let attrs = |f: &Function| {
        format!(
            "{:?}{}, language {}",
            f.volatility,
            if f.security_definer {
                ", security definer"
            } else {
                ""
            },
            f.language
        )
        .to_lowercase()
    };
    out.value(
        object,
        Aspect::FunctionAttributes,
        attrs(l),
        attrs(r),
        |x| x,
    );
    out.comment(object, &l.comment, &r.comment);
}
