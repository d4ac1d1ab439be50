//! Foreign keys that reference a partitioned table. PostgreSQL 15 keeps, besides the key on the
//! parent, one constraint per partition of the referenced table (it enforces the key there),
//! on the referencing table, named like a new key of its own (`notes_activity_id_fkey1`,
//! `..2`): for the partitions that exist when the key is added, in partition order (a default
//! partition last), and for every partition created or attached later. Detaching a partition
//! or dropping the key drops them.

use super::apply::State;
use super::table::choose_name;
use crate::model::ForeignKey;

/// A constraint PostgreSQL derived from the key `parent` of the same referencing table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clone {
    pub(crate) schema: String,
    pub(crate) table: String,
    pub(crate) name: String,
    pub(crate) parent: String,
    /// The partition it references.
    pub(crate) partition: (String, String),
}

/// The partitions of `schema.table` (recursively: a partition's own partitions follow it),
/// default partitions last.
fn partitions_of(state: &State, schema: &str, table: &str) -> Vec<(String, String)> {
    let mut direct: Vec<&super::partition::Partition> = state
        .partitions
        .iter()
        .filter(|p| p.schema == schema && p.parent == table)
        .collect();
    direct.sort_by_key(|p| p.default);
    let mut out = Vec::new();
    for p in direct {
        out.push((p.child_schema.clone(), p.child.clone()));
        out.extend(partitions_of(state, &p.child_schema, &p.child));
    }
    out
}

/// Adds the clones of `fk` (a key of `schema.table`) for the partitions `targets`.
fn add(
    state: &mut State,
    schema: &str,
    table: &str,
    fk: &ForeignKey,
    targets: &[(String, String)],
) {
    for (ps, pt) in targets {
        let Some(relation) = state.relation_mut(schema, table) else {
            return;
        };
        let name = choose_name(relation, format!("{table}_{}_fkey", fk.columns.join("_")));
        let mut clone = fk.clone();
        clone.name = name.clone();
        clone.referenced_schema = ps.clone();
        clone.referenced_relation = pt.clone();
        relation.foreign_keys.push(clone);
        state.fk_clones.push(Clone {
            schema: schema.to_string(),
            table: table.to_string(),
            name,
            parent: fk.name.clone(),
            partition: (ps.clone(), pt.clone()),
        });
    }
}

/// The key `fk` was added to `schema.table`: clones for the partitions of the table it
/// references.
pub(crate) fn key_added(state: &mut State, schema: &str, table: &str, fk: &ForeignKey) {
    let targets = partitions_of(state, &fk.referenced_schema, &fk.referenced_relation);
    add(state, schema, table, fk, &targets);
}

/// `child` became a partition of `parent`: every key referencing `parent` (or a clone of one)
/// gets clones for `child` and its own partitions.
pub(crate) fn partition_added(state: &mut State, parent: (&str, &str), child: (&str, &str)) {
    let mut targets = vec![(child.0.to_string(), child.1.to_string())];
    targets.extend(partitions_of(state, child.0, child.1));
    let mut keys = Vec::new();
    for s in &state.model.schemas {
        for r in &s.relations {
            for fk in &r.foreign_keys {
                if fk.referenced_schema == parent.0 && fk.referenced_relation == parent.1 {
                    keys.push((s.name.clone(), r.name.clone(), fk.clone()));
                }
            }
        }
    }
    for (schema, table, fk) in keys {
        add(state, &schema, &table, &fk, &targets);
    }
}

/// `child` is no longer a partition: the clones referencing it (or its partitions) go.
pub(crate) fn partition_removed(state: &mut State, child: (&str, &str)) {
    let mut gone = vec![(child.0.to_string(), child.1.to_string())];
    gone.extend(partitions_of(state, child.0, child.1));
    let clones: Vec<Clone> = state
        .fk_clones
        .iter()
        .filter(|c| gone.contains(&c.partition))
        .cloned()
        .collect();
    remove(state, &clones);
}

/// The key `name` of `schema.table` was dropped: its clones go too.
pub(crate) fn key_dropped(state: &mut State, schema: &str, table: &str, name: &str) {
    let clones: Vec<Clone> = state
        .fk_clones
        .iter()
        .filter(|c| c.schema == schema && c.table == table && c.parent == name)
        .cloned()
        .collect();
    remove(state, &clones);
}

fn remove(state: &mut State, clones: &[Clone]) {
    for c in clones {
        if let Some(r) = state.relation_mut(&c.schema, &c.table) {
            r.foreign_keys.retain(|f| f.name != c.name);
        }
    }
    state.fk_clones.retain(|c| !clones.contains(c));
}
